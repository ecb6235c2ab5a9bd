package store

import (
	"slices"
	"strings"
	"testing"
)

// TestParseBandwidthSnapsUp: a typed bandwidth snaps up to the next allowed
// step, above 1000 clamps to 1000, and anything but a positive whole number
// is an error (SPEC §3 Bandwidth: 120 -> 150, 5 -> 10).
func TestParseBandwidthSnapsUp(t *testing.T) {
	for in, want := range map[string]int{
		"120": 150, "5": 10, "1": 10, "2": 10, " 7 ": 10, "10": 10, "150": 150, "1000": 1000, "1001": 1000,
		"100000000000": 1000, // twelve digits: still a number, clamped
	} {
		got, err := ParseBandwidth(in)
		if err != nil || got != want {
			t.Errorf("ParseBandwidth(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "  ", "0", "-1", "-120", "abc", "1.5", "1e3", "100 Mbit/s"} {
		if got, err := ParseBandwidth(in); err == nil {
			t.Errorf("ParseBandwidth(%q) = %d, want an error", in, got)
		}
	}
	if _, err := ParseBandwidth(""); err == nil || !strings.Contains(englishErr(err), "Enter a bandwidth") {
		t.Errorf("empty bandwidth: %v", err)
	}
}

// TestPortTypeIsTheSmallestThatFits: a connection gets the smallest port
// that carries its bandwidth (SPEC §3: port type 1G for bandwidth <= 1000;
// the real service's ports are 1G, 10G, 40G and 100G).
func TestPortTypeIsTheSmallestThatFits(t *testing.T) {
	order := []string{"1G", "10G", "40G", "100G"}
	for _, bw := range []int{2, 999, 1000, 1001, 9999, 10000, 10001, 39999, 40000, 40001, 100000} {
		got := PortTypeFor(bw)
		if !slices.Contains(order, got) {
			t.Fatalf("PortTypeFor(%d) = %q, not a port type", bw, got)
		}
		if portCapacity[got] < bw {
			t.Errorf("PortTypeFor(%d) = %s, which carries only %d Mbit/s", bw, got, portCapacity[got])
		}
		for _, smaller := range order {
			if smaller == got {
				break
			}
			if portCapacity[smaller] >= bw {
				t.Errorf("PortTypeFor(%d) = %s, but %s carries it", bw, got, smaller)
			}
		}
	}
}
