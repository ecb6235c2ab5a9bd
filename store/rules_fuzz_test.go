package store

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzNameRules checks the name and peering-position rules every resource
// shares: whatever they accept is 1 to 64 (0 to 64 for a peering position)
// ASCII letters, digits, '_' or '-', so it can never carry markup, quotes,
// control characters or invalid UTF-8 into a page, a log line or SQL.
func FuzzNameRules(f *testing.F) {
	for _, s := range []string{
		"dc-123", "vgw_A", "", " ", strings.Repeat("a", 64), strings.Repeat("a", 65),
		"<script>alert(1)</script>", "a'b", `a"b`, "a&b", "dc\x00", "\xff\xfe", "dc-ü", "ｄｃ", "1; DROP TABLE users;--",
		"dc\n1", "\u202edc", "dc\u200b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fe fieldErrors
		checkName(&fe, "name", s)
		checkPeerLocation(&fe, s)
		nameOK, peerOK := fe.fields["name"] == "", fe.fields["peer_location"] == ""
		plain := identOK(s) && len(s) <= 64
		if nameOK != (plain && s != "") {
			t.Fatalf("checkName(%q) accepted=%v", s, nameOK)
		}
		if peerOK != plain {
			t.Fatalf("checkPeerLocation(%q) accepted=%v", s, peerOK)
		}
		if nameOK {
			for _, r := range s {
				if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
					t.Fatalf("checkName(%q) accepted %q", s, r)
				}
			}
		}
		for field, msg := range fe.fields {
			if msg == "" || fe.code != "DC.0001" {
				t.Fatalf("%s: empty message or code %q", field, fe.code)
			}
		}
	})
}

// FuzzDescriptionRule checks the description rule: what it accepts is valid
// UTF-8 of at most 128 characters without angle brackets or control
// characters other than tab and line breaks; what it refuses gets a message.
func FuzzDescriptionRule(f *testing.F) {
	for _, s := range []string{
		"", "This is a connection.", strings.Repeat("ä", 128), strings.Repeat("ä", 129), "<b>", "a > b", "a\x00b",
		"\xff", "tab\there\r\nline", "\x7f", `"quoted" & 'single'`, "＜script＞alert(1)＜/script＞", "‹script›",
		"'; DROP TABLE connections; --", "\u202e\u200b", "a\u2028b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var fe fieldErrors
		checkDescription(&fe, "description", s)
		msg, refused := fe.fields["description"]
		if refused {
			if msg == "" {
				t.Fatalf("checkDescription(%q): refused without a message", s)
			}
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > descLimit || strings.ContainsAny(s, "<>") {
			t.Fatalf("checkDescription(%q) accepted it", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
				t.Fatalf("checkDescription(%q) accepted control character %q", s, r)
			}
		}
	})
}
