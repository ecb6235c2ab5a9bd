package store

import (
	"fmt"
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
// can be shown under the field.
func ParseBandwidth(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("Enter a bandwidth.")
	}
	if len(s) > 12 {
		return 0, fmt.Errorf("Enter the bandwidth as a whole number of Mbit/s, for example 100.")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("Enter the bandwidth as a whole number of Mbit/s, for example 100.")
	}
	if n < 1 {
		return 0, fmt.Errorf("The bandwidth must be a positive number of Mbit/s.")
	}
	return SnapBandwidth(n), nil
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

const (
	nameHelp  = "The name can contain 1 to 64 characters. Only digits, letters, underscores (_), and hyphens (-) are allowed."
	peerHelp  = "The peering position can contain 0 to 64 characters. Only digits, letters, underscores (_), and hyphens (-) are allowed."
	descLimit = 128
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
func checkName(fe *fieldErrors, field, name string) {
	switch {
	case name == "":
		fe.add(field, "DC.0001", "Enter a name. "+nameHelp)
	case len(name) > 64 || !identOK(name):
		fe.add(field, "DC.0001", nameHelp)
	}
}

// checkDescription applies the description rule shared by every resource.
func checkDescription(fe *fieldErrors, field, desc string) {
	checkDescriptionLimit(fe, field, desc, descLimit)
}

// checkDescriptionLimit is checkDescription with a length limit of its own
// (the VPC service allows 255 characters).
func checkDescriptionLimit(fe *fieldErrors, field, desc string, limit int) {
	switch {
	case !utf8.ValidString(desc):
		fe.add(field, "DC.0001", "The description contains invalid characters.")
	case utf8.RuneCountInString(desc) > limit:
		fe.add(field, "DC.0001", fmt.Sprintf("The description can contain 0 to %d characters.", limit))
	case strings.ContainsAny(desc, "<>"):
		fe.add(field, "DC.0001", "The description cannot contain angle brackets (< or >).")
	case strings.ContainsFunc(desc, descControl):
		fe.add(field, "DC.0001", "The description cannot contain control characters.")
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
