package store

import (
	"errors"
	"sort"
	"strings"
)

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrNotFound means the resource does not exist in the caller's project.
	ErrNotFound = errors.New("not found")
	// ErrBadCredentials means the user name or the password is wrong, or the
	// user is disabled; on purpose it never says which.
	ErrBadCredentials = errors.New("incorrect user name or password")
)

// ValidationError reports input that breaks a rule. Fields maps a field name
// (the API's JSON name, e.g. "name", "bandwidth") to a message a user can act
// on; Code is the real service's error code for the first broken rule (e.g.
// "DC.0001"), for the API.
type ValidationError struct {
	Code   string
	Fields map[string]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// RuleError reports a request that is well formed but breaks a rule of the
// service as a whole (quota used up, resource in use, ...). Field, when set,
// names the form field the user should change.
type RuleError struct {
	Code    string // the real service's error code, e.g. DC.1019
	Field   string
	Message string
}

func (e *RuleError) Error() string { return e.Message }

// fieldErrors collects field messages while a rule set is checked.
type fieldErrors struct {
	code   string
	fields map[string]string
}

func (f *fieldErrors) add(field, code, msg string) {
	if f.fields == nil {
		f.fields = map[string]string{}
	}
	if _, ok := f.fields[field]; ok {
		return // first message per field wins
	}
	if f.code == "" {
		f.code = code
	}
	f.fields[field] = msg
}

// serviceCode replaces the generic DC.0001 (from the rules every resource
// shares) with the code the VPC service answers for invalid parameters.
func (f *fieldErrors) serviceCode(code string) {
	if f.code == "DC.0001" {
		f.code = code
	}
}

func (f *fieldErrors) err() error {
	if len(f.fields) == 0 {
		return nil
	}
	return &ValidationError{Code: f.code, Fields: f.fields}
}
