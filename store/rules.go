package store

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Region is a cloud region and the Direct Connect access locations in it.
type Region struct {
	ID        string
	Name      string
	Locations []string
}

// Regions are the regions the console offers, in display order.
var Regions = []Region{
	{ID: "eu-de", Name: "Germany", Locations: []string{"Biere", "Magdeburg"}},
	{ID: "eu-nl", Name: "Netherlands", Locations: []string{"Amsterdam-Aalsmeer", "Amsterdam-Almere"}},
}

// RegionByID returns the region with the given ID.
func RegionByID(id string) (Region, bool) {
	for _, r := range Regions {
		if r.ID == id {
			return r, true
		}
	}
	return Region{}, false
}

// HasLocation reports whether loc is an access location of the region.
func (r Region) HasLocation(loc string) bool {
	for _, l := range r.Locations {
		if l == loc {
			return true
		}
	}
	return false
}

// BandwidthSteps are the connection bandwidths (Mbit/s) the console offers on
// its slider; a typed value snaps up to the next of them.
var BandwidthSteps = []int{10, 50, 100, 150, 200, 300, 400, 500, 600, 1000}

// SnapBandwidth returns the smallest allowed step not below mbps, and the
// largest step for anything above it (120 -> 150, 5 -> 10, 5000 -> 1000).
// It expects mbps >= 1; ParseBandwidth rejects the rest.
func SnapBandwidth(mbps int) int {
	for _, s := range BandwidthSteps {
		if mbps <= s {
			return s
		}
	}
	return BandwidthSteps[len(BandwidthSteps)-1]
}

// ParseBandwidth reads a bandwidth typed into the console and snaps it to an
// allowed step. Anything but a positive whole number is an error whose text
// can be shown under the field (MessageOf).
func ParseBandwidth(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errMsg(keyBandwidthMissing)
	}
	if len(s) > 12 {
		return 0, errMsg(keyBandwidthNotNumber)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errMsg(keyBandwidthNotNumber)
	}
	if n < 1 {
		return 0, errMsg(keyBandwidthNotPositive)
	}
	return SnapBandwidth(n), nil
}

// ParseInterfaceBandwidth reads a bandwidth typed for a virtual interface:
// a whole number of Mbit/s, not snapped (the interface rules judge it).
// Empty is 0 ("the connection's free bandwidth") unless required.
func ParseInterfaceBandwidth(s string, required bool) (int, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return 0, errMsg(keyBandwidthMissing)
	case s == "":
		return 0, nil
	case len(s) > 9:
		return 0, errMsg(keyBandwidthNotNumber)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errMsg(keyBandwidthNotNumber)
	}
	if n < 1 {
		return 0, errMsg(keyBandwidthNotPositive)
	}
	return n, nil
}

// PortTypeFor gives the port a connection of the bandwidth needs.
func PortTypeFor(mbps int) string {
	switch {
	case mbps <= 1000:
		return "1G"
	case mbps <= 10000:
		return "10G"
	case mbps <= 40000:
		return "40G"
	default:
		return "100G"
	}
}

const descLimit = 128

// NameMaxLen is the longest name of a resource, user or group.
const NameMaxLen = 64

// The rules every resource shares.
var (
	keyBandwidthMissing     = newMessage("bandwidth.missing", 0)
	keyBandwidthNotNumber   = newMessage("bandwidth.not_number", 0)
	keyBandwidthNotPositive = newMessage("bandwidth.not_positive", 0)

	ruleNameMissing  = newRule("name.missing", "DC.0001", 2)
	ruleNameInvalid  = newRule("name.invalid", "DC.0001", 2)
	ruleDescEncoding = newRule("description.encoding", "DC.0001", 0)
	ruleDescTooLong  = newRule("description.too_long", "DC.0001", 1)
	ruleDescBrackets = newRule("description.angle_brackets", "DC.0001", 0)
	ruleDescControl  = newRule("description.control", "DC.0001", 0)
)

// identOK reports whether s uses only ASCII letters, digits, '_' and '-'.
func identOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// checkName applies the name rule shared by every resource.
func checkName(fe *fieldErrors, attr Attr, name string) {
	switch {
	case name == "":
		fe.add(ruleNameMissing.on(attr, 1, NameMaxLen))
	case len(name) > NameMaxLen || !identOK(name):
		fe.add(ruleNameInvalid.on(attr, 1, NameMaxLen))
	}
}

// checkDescription applies the description rule shared by every resource.
func checkDescription(fe *fieldErrors, attr Attr, desc string) {
	checkDescriptionLimit(fe, attr, desc, descLimit)
}

// checkDescriptionLimit is checkDescription with a length limit of its own
// (the VPC service allows 255 characters).
func checkDescriptionLimit(fe *fieldErrors, attr Attr, desc string, limit int) {
	switch {
	case !utf8.ValidString(desc):
		fe.add(ruleDescEncoding.on(attr))
	case utf8.RuneCountInString(desc) > limit:
		fe.add(ruleDescTooLong.on(attr, limit))
	case strings.ContainsAny(desc, "<>"):
		fe.add(ruleDescBrackets.on(attr))
	case strings.ContainsFunc(desc, descControl):
		fe.add(ruleDescControl.on(attr))
	}
}

// descControl reports the characters a description may not hold: control
// characters (C0, DEL and C1) other than tab and line breaks, and the
// bidirectional overrides and isolates, which would make a page show text
// in another order than it is stored ("Trojan Source").
func descControl(r rune) bool {
	switch {
	case r == '\n' || r == '\r' || r == '\t':
		return false
	case unicode.IsControl(r):
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
