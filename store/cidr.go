package store

import (
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CIDR lists: a virtual gateway's CIDR blocks (local subnets) and a virtual
// interface's remote subnets are both typed as lists of IPv4 CIDR blocks.
// This file is the one parser for them; the console and the API both use it.
//
// Decisions:
//   - Items are separated by commas and/or new lines. Whitespace around an
//     item is ignored, and so are empty items (",," or a trailing comma).
//   - 1 to MaxCIDRs items, IPv4 only.
//   - An item must be written in canonical form. A CIDR block with host bits
//     set (192.168.1.7/24) or with leading zeros (192.168.001.0/24, which some
//     tools read as octal) is an error whose message names the canonical form
//     (192.168.1.0/24); it is never normalised silently, so nothing is stored
//     other than the user meant.
//   - Duplicates are compared in canonical form, so "192.168.1.0/24" and
//     "192.168.01.0/24" count as the same block (and both are reported).
//   - Overlapping but different blocks (10.0.0.0/8 and 10.1.0.0/16) are
//     allowed: the real service only demands that each block be unique.

// MaxCIDRs is the most CIDR blocks a list may hold (the real service's
// "local subnets per virtual gateway" quota, also used for remote subnets).
const MaxCIDRs = 50

// maxCIDRListLen bounds the text a list may be, so a huge paste costs
// nothing: 50 blocks of at most 18 characters with generous white space.
const maxCIDRListLen = 8192

// maxProblems is how many item problems a CIDRListError's text names.
const maxProblems = 5

// CIDRListError reports why a CIDR list was refused: one message per bad
// item (or one for the list as a whole), each naming the item.
type CIDRListError struct {
	Problems []Message
	// TooMany is set when the list holds more than MaxCIDRs blocks (the real
	// service's DC.1101).
	TooMany bool
	// Duplicate is set when a block is entered more than once (the real
	// service's DC.1401 for endpoint groups).
	Duplicate bool
}

func (e *CIDRListError) Error() string { return e.Message().String() }

// Message is the list's problems as one message: the first maxProblems,
// and how many more there are.
func (e *CIDRListError) Message() Message {
	ps := e.Problems
	if len(ps) > maxProblems {
		return msg(keyCIDRProblemsMore, ps[:maxProblems], len(ps)-maxProblems)
	}
	return msg(keyCIDRProblems, ps)
}

// The problems of a list of CIDR blocks.
var (
	keyCIDRProblems     = newMessage("cidr.problems", 1)
	keyCIDRProblemsMore = newMessage("cidr.problems.more", 2)
	keyCIDRListTooLong  = newMessage("cidr.list_too_long", 1)
	keyCIDRNone         = newMessage("cidr.none", 0)
	keyCIDRTooMany      = newMessage("cidr.too_many", 2)
	keyCIDRDuplicate    = newMessage("cidr.duplicate", 1)
	keyCIDRNotIPv4      = newMessage("cidr.not_ipv4", 1)
	keyCIDRHostBits     = newMessage("cidr.host_bits", 2)
	keyCIDRSpace        = newMessage("cidr.space", 1)
	keyCIDRNoPrefix     = newMessage("cidr.no_prefix", 2)
	keyCIDRPrefixAbove  = newMessage("cidr.prefix_above_32", 1)
	keyCIDRLeadingZeros = newMessage("cidr.leading_zeros", 2)
	keyCIDRInvalid      = newMessage("cidr.invalid", 1)
	keyIPv6Invalid      = newMessage("cidr.ipv6.invalid", 1)
	keyIPv6Mixed        = newMessage("cidr.ipv6.mixed", 1)
	keyIPv6NotCanonical = newMessage("cidr.ipv6.not_canonical", 2)
)

// ParseCIDRList reads a list of IPv4 CIDR blocks separated by commas and/or
// new lines (see the decisions above). It returns the blocks in the order
// given, or a *CIDRListError.
func ParseCIDRList(s string) ([]netip.Prefix, error) {
	if len(s) > maxCIDRListLen {
		return nil, &CIDRListError{TooMany: true, Problems: []Message{msg(keyCIDRListTooLong, MaxCIDRs)}}
	}
	return ParseCIDRItems(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }))
}

// ParseCIDRItems is ParseCIDRList for a list already split into items (an
// API's JSON array): items are trimmed, empty ones ignored.
func ParseCIDRItems(items []string) ([]netip.Prefix, error) {
	var texts []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			texts = append(texts, it)
		}
	}
	switch {
	case len(texts) == 0:
		return nil, &CIDRListError{Problems: []Message{msg(keyCIDRNone)}}
	case len(texts) > MaxCIDRs:
		return nil, &CIDRListError{TooMany: true, Problems: []Message{msg(keyCIDRTooMany, MaxCIDRs, len(texts))}}
	}
	var problems []Message
	duplicate := false
	out := make([]netip.Prefix, 0, len(texts))
	seen := make(map[netip.Prefix]int, len(texts)) // canonical block -> times entered
	for _, t := range texts {
		p, canon, err := parseCIDR(t)
		if err != nil {
			problems = append(problems, messageOf(err))
		}
		if !canon.IsValid() {
			continue
		}
		seen[canon]++
		if seen[canon] == 2 {
			duplicate = true
			problems = append(problems, msg(keyCIDRDuplicate, canon.String()))
		}
		if err == nil {
			out = append(out, p)
		}
	}
	if len(problems) > 0 {
		return nil, &CIDRListError{Problems: problems, Duplicate: duplicate}
	}
	return out, nil
}

// ParseCIDR reads one IPv4 CIDR block in canonical form, such as
// 192.168.0.0/16. The error text names the item and, where there is one, the
// canonical form the user probably meant.
func ParseCIDR(s string) (netip.Prefix, error) {
	p, _, err := parseCIDR(strings.TrimSpace(s))
	return p, err
}

// parseCIDR returns the block, and separately the canonical block the text
// denotes whenever it can be read at all (also when the text is not
// canonical), so that duplicates are found in canonical form.
func parseCIDR(s string) (p, canon netip.Prefix, err error) {
	q := quoteItem(s)
	if p, err := netip.ParsePrefix(s); err == nil {
		if !p.Addr().Is4() {
			return netip.Prefix{}, netip.Prefix{}, errMsg(keyCIDRNotIPv4, q)
		}
		canon = p.Masked()
		if p != canon {
			return netip.Prefix{}, canon, errMsg(keyCIDRHostBits, q, canon.String())
		}
		return p, canon, nil
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return netip.Prefix{}, netip.Prefix{}, errMsg(keyCIDRSpace, q)
	}
	addr, bits, found := strings.Cut(s, "/")
	if a, err := netip.ParseAddr(addr); err == nil && !a.Is4() {
		return netip.Prefix{}, netip.Prefix{}, errMsg(keyCIDRNotIPv4, q)
	}
	if !found {
		if a, err := netip.ParseAddr(addr); err == nil {
			return netip.Prefix{}, netip.Prefix{}, errMsg(keyCIDRNoPrefix, q, netip.PrefixFrom(a, 32).String())
		}
	}
	// Leading zeros: readable, but ambiguous (octal in some tools), so
	// refused with the canonical form named.
	if found {
		if a, ok := looseIPv4(addr); ok {
			if n, ok := looseNumber(bits); ok {
				if n > 32 {
					return netip.Prefix{}, netip.Prefix{}, errMsg(keyCIDRPrefixAbove, q)
				}
				canon = netip.PrefixFrom(a, n).Masked()
				return netip.Prefix{}, canon, errMsg(keyCIDRLeadingZeros, q, canon.String())
			}
		}
	}
	return netip.Prefix{}, netip.Prefix{}, errMsg(keyCIDRInvalid, q)
}

// looseIPv4 reads a dotted-quad address whose parts may have leading zeros.
func looseIPv4(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i, part := range parts {
		n, ok := looseNumber(part)
		if !ok || n > 255 {
			return netip.Addr{}, false
		}
		b[i] = byte(n)
	}
	return netip.AddrFrom4(b), true
}

// looseNumber reads 1 to 5 decimal digits.
func looseNumber(s string) (int, bool) {
	if s == "" || len(s) > 5 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// quoteItem quotes a typed item for a message, cut to a readable length.
func quoteItem(s string) string {
	const limit = 40
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "..."
	}
	return strconv.QuoteToGraphic(s)
}

// FormatCIDRList writes blocks the way the store keeps them: canonical,
// comma separated, no spaces. ParseCIDRList reads it back unchanged.
func FormatCIDRList(ps []netip.Prefix) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

// splitStoredCIDRs reads a list written by FormatCIDRList. Stored lists were
// validated on the way in; anything unreadable is skipped, not fatal.
func splitStoredCIDRs(s string) []netip.Prefix {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		if p, err := netip.ParsePrefix(strings.TrimSpace(part)); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// PrefixContains reports whether inner lies wholly inside outer.
func PrefixContains(outer, inner netip.Prefix) bool {
	return outer.IsValid() && inner.IsValid() && outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// PrefixesOutside returns the blocks of ps that do not lie wholly inside
// outer, in order.
func PrefixesOutside(outer netip.Prefix, ps []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range ps {
		if !PrefixContains(outer, p) {
			out = append(out, p)
		}
	}
	return out
}

// PrefixesOverlapping returns the blocks of a that share at least one
// address with some block of b, in order.
func PrefixesOverlapping(a, b []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range a {
		for _, q := range b {
			if p.Overlaps(q) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// JoinPrefixes shows blocks to a reader: "192.168.0.0/16, 10.0.0.0/8".
func JoinPrefixes(ps []netip.Prefix) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}
