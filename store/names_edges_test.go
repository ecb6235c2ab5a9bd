package store

import (
	"strings"
	"testing"
)

// The edges of the name and description rules every resource shares (SPEC
// §3-§5: a name is 1-64 ASCII letters, digits, "_" and "-"; a description
// 0-128 characters without "<" or ">").

func nameRefused(name string) bool {
	var fe fieldErrors
	checkName(&fe, AttrName, name)
	return fe.has(AttrName)
}

func descriptionRefused(desc string) bool {
	var fe fieldErrors
	checkDescription(&fe, AttrDescription, desc)
	return fe.has(AttrDescription)
}

// TestNameRuleEdges: 1 and 64 characters pass, 0 and 65 do not; every
// letter and digit passes, down to the ends of each range ("a", "z", "A",
// "Z", "0", "9"), and the characters just outside each range are refused.
func TestNameRuleEdges(t *testing.T) {
	for _, ok := range []string{"a", strings.Repeat("a", 64), "az", "AZ", "09", "a_b-c", "_", "-", "dc-1a2b"} {
		if nameRefused(ok) {
			t.Errorf("name %q refused", ok)
		}
	}
	for _, bad := range []string{"", strings.Repeat("a", 65), "a`", "a{", "a@", "a[", "a/", "a:", "a b", "a.b", "dc-ü"} {
		if !nameRefused(bad) {
			t.Errorf("name %q accepted", bad)
		}
	}
	// The peering position follows the same characters, 0 to 64 of them.
	for s, refused := range map[string]bool{"": false, strings.Repeat("B", 64): false, strings.Repeat("B", 65): true, "Berlin-DC01": false, "Berlin DC01": true} {
		var fe fieldErrors
		checkPeerLocation(&fe, s)
		if got := fe.has(AttrPeerLocation); got != refused {
			t.Errorf("peering position %q refused=%v, want %v", s, got, refused)
		}
	}
}

// TestDescriptionRuleEdges: up to 128 characters pass (characters, not
// bytes), 129 do not; angle brackets are refused anywhere. Tab and line
// breaks are text; other control characters and the bidirectional
// overrides and isolates (U+202A-U+202E, U+2066-U+2069, which would show
// text in another order than stored) are refused, and their neighbours in
// Unicode are not.
func TestDescriptionRuleEdges(t *testing.T) {
	for _, ok := range []string{"", strings.Repeat("a", 128), strings.Repeat("ä", 128), "tab\tand\r\nlines",
		"\u2029", "\u2029\u202f", "\u2065", "\u206a", "a \u00a0 b"} {
		if descriptionRefused(ok) {
			t.Errorf("description %q refused", ok)
		}
	}
	for _, bad := range []string{strings.Repeat("a", 129), strings.Repeat("ä", 129), "a<b", "a>b", "\x00", "\x1f", "\x7f", "\u0085",
		"\u202a", "\u202e", "\u2066", "\u2069", "\xff"} {
		if !descriptionRefused(bad) {
			t.Errorf("description %q accepted", bad)
		}
	}
}
