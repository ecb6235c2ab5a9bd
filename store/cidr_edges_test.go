package store

import (
	"strings"
	"testing"
)

// The edges of the CIDR list rules (SPEC §4 CIDR Block, §5 Remote Subnet:
// 1-50 valid, normalised, unique IPv4 CIDRs, each bad one named in the
// error).

// TestCIDRListErrorNamesExactlyFive: with five bad items every one is named
// and nothing says more problems were left out; a sixth is what starts the
// "(and N more problems)" tail.
func TestCIDRListErrorNamesExactlyFive(t *testing.T) {
	_, err := ParseCIDRList("a,b,c,d,e")
	if err == nil {
		t.Fatal("five bad items accepted")
	}
	for _, item := range []string{`"a"`, `"b"`, `"c"`, `"d"`, `"e"`} {
		if !strings.Contains(englishErr(err), item) {
			t.Errorf("error %q does not name %s", err, item)
		}
	}
	if strings.Contains(englishErr(err), "more problems") {
		t.Errorf("error %q claims problems it does not name", err)
	}
}

// TestCIDRListLengthBound: white space around items is ignored, up to the
// bound on the text a list may be; a list of exactly that length is read,
// one character more is refused as too long.
func TestCIDRListLengthBound(t *testing.T) {
	item := "10.0.0.0/8"
	at := item + strings.Repeat(" ", maxCIDRListLen-len(item))
	got, err := ParseCIDRList(at)
	if err != nil || FormatCIDRList(got) != item {
		t.Fatalf("list of %d characters: %v, %v; want %s", len(at), got, err, item)
	}
	if _, err := ParseCIDRList(at + " "); err == nil || !strings.Contains(englishErr(err), "too long") {
		t.Fatalf("list of %d characters: %v, want too long", len(at)+1, err)
	}
}

// TestCIDRItemQuotedInFull: the error names the item as typed; only an item
// longer than 40 characters is cut (with "..."), so a message stays
// readable.
func TestCIDRItemQuotedInFull(t *testing.T) {
	forty := strings.Repeat("x", 40)
	_, err := ParseCIDRList(forty)
	if err == nil || !strings.Contains(englishErr(err), `"`+forty+`"`) {
		t.Fatalf("40-character item: %v, want it named in full", err)
	}
	_, err = ParseCIDRList(forty + "yz")
	if err == nil || !strings.Contains(englishErr(err), `"`+forty+`..."`) || strings.Contains(englishErr(err), "xy") {
		t.Fatalf("42-character item: %v, want the first 40 characters and ...", err)
	}
}

// TestCIDRLeadingZerosAtTheBounds: leading zeros are refused with the
// canonical form named, also at the largest octet (255) and prefix length
// (32); a prefix length above 32 stays an error of its own.
func TestCIDRLeadingZerosAtTheBounds(t *testing.T) {
	for in, want := range map[string]string{
		"010.0.0.255/32": "write 10.0.0.255/32",
		"10.0.0.0/032":   "write 10.0.0.0/32",
		"10.0.0.0/00008": "write 10.0.0.0/8",
		"10.0.0.0/033":   "prefix length above 32",
	} {
		_, err := ParseCIDRList(in)
		if err == nil || !strings.Contains(englishErr(err), want) {
			t.Errorf("ParseCIDRList(%q) = %v, want %q", in, err, want)
		}
	}
}

// TestCIDRSignIsNotALeadingZero: only leading zeros get the "write the
// canonical form" message; a sign in front of a number makes the item
// invalid, and the message says so instead of proposing a block.
func TestCIDRSignIsNotALeadingZero(t *testing.T) {
	for _, in := range []string{"10.0.0.0/+8", "10.0.0.0/-8", "+10.0.0.0/8", "10.+0.0.0/8"} {
		_, err := ParseCIDRList(in)
		if err == nil || !strings.Contains(englishErr(err), "is not a valid IPv4 CIDR block") || strings.Contains(englishErr(err), "write") {
			t.Errorf("ParseCIDRList(%q) = %v, want it called not valid", in, err)
		}
	}
}
