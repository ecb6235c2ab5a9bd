package store

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestParseCIDRList(t *testing.T) {
	many := func(n int, sep string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)
		}
		return strings.Join(parts, sep)
	}
	for _, tc := range []struct {
		name string
		in   string
		want string   // FormatCIDRList of the result, when accepted
		errs []string // substrings of the error, when refused
	}{
		{name: "seed example", in: "192.168.0.0/16", want: "192.168.0.0/16"},
		{name: "placeholder example", in: "192.168.52.0/24, 192.168.54.0/24", want: "192.168.52.0/24,192.168.54.0/24"},
		{name: "new lines", in: "192.168.52.0/24\n192.168.54.0/24\r\n10.0.0.0/8", want: "192.168.52.0/24,192.168.54.0/24,10.0.0.0/8"},
		{name: "whitespace and empty items", in: " ,, 192.168.52.0/24 ,\t\n ,192.168.54.0/24,, \n", want: "192.168.52.0/24,192.168.54.0/24"},
		{name: "host route and default route", in: "192.168.1.1/32,0.0.0.0/0", want: "192.168.1.1/32,0.0.0.0/0"},
		{name: "overlapping blocks are allowed", in: "10.0.0.0/8,10.1.0.0/16", want: "10.0.0.0/8,10.1.0.0/16"},
		{name: "50 blocks", in: many(50, ","), want: many(50, ",")},
		{name: "51 blocks", in: many(51, ","), errs: []string{"maximum of 50 CIDR blocks; 51 were entered"}},
		{name: "empty", in: "", errs: []string{"Enter at least one CIDR block"}},
		{name: "only separators", in: " , \n ,", errs: []string{"Enter at least one CIDR block"}},
		{name: "host bits set", in: "192.168.1.7/24", errs: []string{`"192.168.1.7/24" has host bits set`, "the network is 192.168.1.0/24"}},
		{name: "leading zeros", in: "192.168.001.0/24", errs: []string{`"192.168.001.0/24" has leading zeros; write 192.168.1.0/24`}},
		{name: "leading zero in prefix length", in: "10.0.0.0/08", errs: []string{"write 10.0.0.0/8"}},
		{name: "duplicate", in: "192.168.1.0/24, 192.168.1.0/24", errs: []string{"192.168.1.0/24 is entered more than once"}},
		{name: "duplicate after normalisation (leading zeros)", in: "192.168.1.0/24,192.168.01.0/24",
			errs: []string{"192.168.1.0/24 is entered more than once", "has leading zeros"}},
		{name: "duplicate after normalisation (host bits)", in: "192.168.1.7/24\n192.168.1.0/24",
			errs: []string{"192.168.1.0/24 is entered more than once", "has host bits set"}},
		{name: "duplicate reported once", in: "10.0.0.0/8,10.0.0.0/8,10.0.0.0/8", errs: []string{"10.0.0.0/8 is entered more than once"}},
		{name: "IPv6", in: "2001:db8::/32", errs: []string{"only IPv4 is supported"}},
		{name: "IPv4-mapped IPv6", in: "::ffff:192.168.0.0/112", errs: []string{"only IPv4 is supported"}},
		{name: "no prefix length", in: "192.168.1.1", errs: []string{"has no prefix length; for this one address write 192.168.1.1/32"}},
		{name: "prefix length above 32", in: "10.0.0.0/33", errs: []string{"prefix length above 32"}},
		{name: "space separated", in: "10.0.0.0/8 192.168.0.0/16", errs: []string{"contains a space; separate CIDR blocks with commas or new lines"}},
		{name: "semicolon separated", in: "10.0.0.0/8;192.168.0.0/16", errs: []string{"is not a valid IPv4 CIDR block"}},
		{name: "octet above 255", in: "10.0.256.0/24", errs: []string{`"10.0.256.0/24" is not a valid IPv4 CIDR block`}},
		{name: "word", in: "vpc", errs: []string{`"vpc" is not a valid IPv4 CIDR block such as 192.168.0.0/16`}},
		{name: "every bad item is named", in: "a,b,10.0.0.0/8,c", errs: []string{`"a"`, `"b"`, `"c"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCIDRList(tc.in)
			if tc.errs == nil {
				if err != nil {
					t.Fatalf("ParseCIDRList(%q): %v", tc.in, err)
				}
				if s := FormatCIDRList(got); s != tc.want {
					t.Fatalf("ParseCIDRList(%q) = %s, want %s", tc.in, s, tc.want)
				}
				return
			}
			var le *CIDRListError
			if !errors.As(err, &le) {
				t.Fatalf("ParseCIDRList(%q) = %v, %v; want a *CIDRListError", tc.in, got, err)
			}
			for _, want := range tc.errs {
				if !strings.Contains(englishErr(err), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestCIDRListErrorNamesFiveProblems(t *testing.T) {
	_, err := ParseCIDRList("a,b,c,d,e,f,g")
	if err == nil || !strings.Contains(englishErr(err), `"e"`) || strings.Contains(englishErr(err), `"f"`) || !strings.HasSuffix(englishErr(err), "(and 2 more problems)") {
		t.Fatalf("error %v", err)
	}
}

func TestParseCIDRListTooLong(t *testing.T) {
	_, err := ParseCIDRList(strings.Repeat(" ", maxCIDRListLen) + "10.0.0.0/8")
	if err == nil || !strings.Contains(englishErr(err), "too long") {
		t.Fatalf("error %v", err)
	}
}

func TestParseCIDRItems(t *testing.T) {
	got, err := ParseCIDRItems([]string{" 10.0.0.0/8", "", "192.168.0.0/16 "})
	if err != nil || FormatCIDRList(got) != "10.0.0.0/8,192.168.0.0/16" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestPrefixHelpers(t *testing.T) {
	p := netip.MustParsePrefix
	vpc := p("192.168.0.0/16")
	if !PrefixContains(vpc, p("192.168.0.0/16")) || !PrefixContains(vpc, p("192.168.52.0/24")) {
		t.Error("PrefixContains misses a block inside")
	}
	if PrefixContains(vpc, p("192.168.0.0/15")) || PrefixContains(vpc, p("10.0.0.0/8")) || PrefixContains(vpc, netip.Prefix{}) {
		t.Error("PrefixContains accepts a block outside")
	}
	list := []netip.Prefix{p("192.168.1.0/24"), p("10.0.0.0/8"), p("192.0.0.0/8")}
	if got := JoinPrefixes(PrefixesOutside(vpc, list)); got != "10.0.0.0/8, 192.0.0.0/8" {
		t.Errorf("PrefixesOutside = %s", got)
	}
	if got := JoinPrefixes(PrefixesOverlapping(list, []netip.Prefix{vpc})); got != "192.168.1.0/24, 192.0.0.0/8" {
		t.Errorf("PrefixesOverlapping = %s", got)
	}
}

// FuzzParseCIDRList checks that the parser never panics and that whatever it
// accepts is a valid list: 1 to 50 canonical IPv4 blocks without duplicates,
// which reads back unchanged from its stored form.
func FuzzParseCIDRList(f *testing.F) {
	for _, s := range []string{
		"192.168.0.0/16",
		"192.168.52.0/24, 192.168.54.0/24",
		"192.168.52.0/24\n192.168.54.0/24",
		" ,, 10.0.0.0/8 ,\r\n,",
		"192.168.1.7/24",
		"192.168.001.0/24,192.168.1.0/24",
		"10.0.0.0/08",
		"0.0.0.0/0,255.255.255.255/32",
		"::ffff:1.2.3.4/120",
		"2001:db8::/32",
		"1.2.3.4",
		"1.2.3.4/33",
		"1.2.3.4/",
		"/24",
		"10.0.0.0/8 10.1.0.0/16",
		"1.2.3.4%eth0/8",
		"\xff\xfe/8",
		strings.Repeat("10.0.0.0/8,", 51),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseCIDRList(s)
		if err != nil {
			var le *CIDRListError
			if !errors.As(err, &le) || len(le.Problems) == 0 || englishErr(err) == "" {
				t.Fatalf("ParseCIDRList(%q): error %#v is not a *CIDRListError with problems", s, err)
			}
			if got != nil {
				t.Fatalf("ParseCIDRList(%q) returned blocks with an error", s)
			}
			return
		}
		if len(got) < 1 || len(got) > MaxCIDRs {
			t.Fatalf("ParseCIDRList(%q) accepted %d blocks", s, len(got))
		}
		seen := map[netip.Prefix]bool{}
		for _, p := range got {
			if !p.IsValid() || !p.Addr().Is4() || p != p.Masked() {
				t.Fatalf("ParseCIDRList(%q) accepted %v, which is not a canonical IPv4 block", s, p)
			}
			if seen[p] {
				t.Fatalf("ParseCIDRList(%q) accepted %v twice", s, p)
			}
			seen[p] = true
			if !strings.Contains(s, p.String()) {
				t.Fatalf("ParseCIDRList(%q) accepted %v, which the input does not contain as typed", s, p)
			}
		}
		for _, sep := range []string{",", "\n", ", "} {
			parts := make([]string, len(got))
			for i, p := range got {
				parts[i] = p.String()
			}
			again, err := ParseCIDRList(strings.Join(parts, sep))
			if err != nil || !slices.Equal(again, got) {
				t.Fatalf("re-parsing %v joined by %q gave %v, %v", got, sep, again, err)
			}
		}
	})
}
