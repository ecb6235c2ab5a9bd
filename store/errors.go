package store

import (
	"errors"
	"strings"
	"testing"
)

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrNotFound means the resource does not exist in the caller's project.
	ErrNotFound = errors.New("not found")
	// ErrBadCredentials means the user name or the password is wrong, or the
	// user is disabled; on purpose it never says which.
	ErrBadCredentials = errors.New("incorrect user name or password")
)

// ValidationError reports input that breaks rules: at most one problem per
// attribute, in the order the rules were checked. Code is the real
// service's error code of the first problem (e.g. "DC.0001"), for the API.
// It holds no text: each edge words the problems (store.Message).
type ValidationError struct {
	Code     string
	Problems []Problem
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

func (e *ValidationError) problems() []Problem { return e.Problems }

// On returns the problem about attr, if there is one.
func (e *ValidationError) On(attr Attr) (Problem, bool) {
	for _, p := range e.Problems {
		if p.Attr == attr {
			return p, true
		}
	}
	return Problem{}, false
}

// RuleError reports a request that is well formed but breaks a rule of the
// service as a whole (quota used up, resource in use, ...). Its Attr, when
// set, names the attribute the user should change.
type RuleError struct {
	Problem
}

func (e *RuleError) Error() string { return "rule broken: " + e.Problem.String() }

func (e *RuleError) problems() []Problem { return []Problem{e.Problem} }

// invalid is the ValidationError of a single problem.
func invalid(p Problem) *ValidationError {
	return &ValidationError{Code: p.Code, Problems: []Problem{p}}
}

// refuse is the RuleError of p.
func refuse(p Problem) *RuleError { return &RuleError{Problem: p} }

// fieldErrors collects problems while a rule set is checked.
type fieldErrors struct {
	problems []Problem
}

// add records p unless its attribute already has a problem (the first
// problem per attribute wins).
func (f *fieldErrors) add(p Problem) {
	for _, q := range f.problems {
		if q.Attr == p.Attr {
			return
		}
	}
	f.problems = append(f.problems, p)
}

// addErr records the problem err (a *messageError) describes at attr with
// code; any other error is recorded by its text, which tests catch.
func (f *fieldErrors) addErr(attr Attr, code string, err error) {
	f.add(Problem{Code: code, Attr: attr, Message: messageOf(err)})
}

// has reports whether attr has a problem.
func (f *fieldErrors) has(attr Attr) bool {
	for _, q := range f.problems {
		if q.Attr == attr {
			return true
		}
	}
	return false
}

// serviceCode replaces the generic DC.0001 (from the rules every resource
// shares) with the code the VPC service answers for invalid parameters.
func (f *fieldErrors) serviceCode(code string) {
	for i := range f.problems {
		if f.problems[i].Code == "DC.0001" {
			f.problems[i].Code = code
		}
	}
}

func (f *fieldErrors) err() error {
	if len(f.problems) == 0 {
		return nil
	}
	return &ValidationError{Code: f.problems[0].Code, Problems: f.problems}
}

// messageError is an error that is a message: what the parsers (CIDR
// blocks, addresses) return, for the caller to place at an attribute.
type messageError struct{ Message }

func (e *messageError) Error() string { return e.Message.String() }

// errMsg makes a messageError of a declared key.
func errMsg(key string, args ...any) error { return &messageError{msg(key, args...)} }

// MessageOf is the message an error of the store's parsers (ParseBandwidth,
// ParseCIDRList, ...) carries.
func MessageOf(err error) (Message, bool) {
	var me *messageError
	if errors.As(err, &me) {
		return me.Message, true
	}
	var ce *CIDRListError
	if errors.As(err, &ce) {
		return ce.Message(), true
	}
	return Message{}, false
}

// messageOf is MessageOf for errors that must carry a message.
func messageOf(err error) Message {
	if _, ok := MessageOf(err); !ok && testing.Testing() {
		panic("store: error without a message: " + err.Error())
	}
	return MessageOrInvalid(err)
}

// keyInvalid words a value the store could not place (a programming
// error under test).
var keyInvalid = newMessage("input.invalid", 0)

// MessageOrInvalid is the message err carries, or the generic "the value
// is not valid" for an error without one.
func MessageOrInvalid(err error) Message {
	if m, ok := MessageOf(err); ok {
		return m
	}
	return msg(keyInvalid)
}
