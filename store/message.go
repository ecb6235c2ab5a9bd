package store

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The store holds no text for people. What it tells (a broken rule, a
// verdict, a guide step, an operations-log detail) is a Message: a stable
// key and the values the text needs. Each edge words it: the console from
// its catalogue in the session's language (views.M), the API from its own
// English catalogue with its own attribute names. Every key is declared
// once, with the number of values it takes, so a test can check that every
// catalogue words every key.

// Message is a catalogue key and its values.
//
// A value is a string, a number, a Word (translated by the renderer), a
// time.Time (a date in the reader's language), a Message or a []Message
// (worded too; a list is joined with spaces).
type Message struct {
	Key  string
	Args []any
}

// String is the message for logs and tests: its key and values, never
// shown to users.
func (m Message) String() string {
	if len(m.Args) == 0 {
		return m.Key
	}
	parts := make([]string, len(m.Args))
	for i, a := range m.Args {
		parts[i] = argString(a)
	}
	return m.Key + "(" + strings.Join(parts, ", ") + ")"
}

func argString(a any) string {
	switch v := a.(type) {
	case Message:
		return v.String()
	case []Message:
		parts := make([]string, len(v))
		for i, m := range v {
			parts[i] = m.String()
		}
		return "[" + strings.Join(parts, " ") + "]"
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	default:
		return fmt.Sprint(v)
	}
}

// Word is a value that is itself a word of the console's vocabulary (a
// status such as "Down", a routing mode): renderers translate it.
type Word string

// Attr names the domain attribute a problem concerns. It is neither a form
// field nor a JSON name: each edge maps it to its own.
type Attr string

// MessageKey is a declared key: its text takes Args values.
type MessageKey struct {
	Key  string
	Args int
}

var (
	keysMu sync.Mutex
	keys   = map[string]int{}
	rules  = map[string]Rule{}
)

// declare registers a key; a key declared twice is a programming error.
func declare(key string, args int) {
	keysMu.Lock()
	defer keysMu.Unlock()
	if _, dup := keys[key]; dup {
		panic("store: message key declared twice: " + key)
	}
	keys[key] = args
}

// newMessage declares a message key that is not a rule (a verdict, a guide
// step, a log detail) taking args values.
func newMessage(key string, args int) string {
	declare(key, args)
	return key
}

// msg makes a message of a declared key. Under test a key that was never
// declared, or the wrong number of values, panics, so no message can reach
// a catalogue without its shape.
func msg(key string, args ...any) Message {
	if testing.Testing() {
		keysMu.Lock()
		n, ok := keys[key]
		keysMu.Unlock()
		if !ok {
			panic("store: message key not declared: " + key)
		}
		if n != len(args) {
			panic(fmt.Sprintf("store: message %s takes %d values, got %d", key, n, len(args)))
		}
	}
	return Message{Key: key, Args: args}
}

// MessageKeys lists every declared key (rules and other messages), sorted.
func MessageKeys() []MessageKey {
	keysMu.Lock()
	defer keysMu.Unlock()
	out := make([]MessageKey, 0, len(keys))
	for k, n := range keys {
		out = append(out, MessageKey{Key: k, Args: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Rule is one rule of the service: its message key and the real service's
// error code for a request that breaks it (e.g. DC.1105).
type Rule struct {
	Key  string
	Code string
}

// newRule declares a rule whose message takes args values.
func newRule(key, code string, args int) Rule {
	declare(key, args)
	r := Rule{Key: key, Code: code}
	keysMu.Lock()
	rules[key] = r
	keysMu.Unlock()
	return r
}

// Rules lists every rule, sorted by key.
func Rules() []Rule {
	keysMu.Lock()
	defer keysMu.Unlock()
	out := make([]Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Problem is one broken rule: which rule, the attribute it concerns ("" for
// the request as a whole) and the message with its values.
type Problem struct {
	Code string
	Attr Attr
	Message
}

// on makes the problem of breaking r at attr.
func (r Rule) on(attr Attr, args ...any) Problem {
	return Problem{Code: r.Code, Attr: attr, Message: msg(r.Key, args...)}
}

func (p Problem) String() string {
	if p.Attr == "" {
		return p.Code + " " + p.Message.String()
	}
	return p.Code + " " + string(p.Attr) + ": " + p.Message.String()
}

// problemer is implemented by the store's rule errors.
type problemer interface{ problems() []Problem }

// ProblemsOf lists the broken rules err reports (nil when err is not a
// rule error of the store): the operations log keeps them, each edge words
// them.
func ProblemsOf(err error) []Problem {
	var p problemer
	if errors.As(err, &p) {
		return p.problems()
	}
	return nil
}

// problemAt is the problem of a message whose code depends on where it is
// found (the parsers' messages, the VPC service's rules).
func problemAt(code string, attr Attr, key string, args ...any) Problem {
	return Problem{Code: code, Attr: attr, Message: msg(key, args...)}
}
