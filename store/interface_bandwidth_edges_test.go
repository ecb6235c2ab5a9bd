package store

import (
	"context"
	"strings"
	"testing"
)

// TestInterfaceBandwidthDefaultsToWhatIsLeft: an interface's bandwidth
// defaults to the connection's bandwidth, and since the sum over the
// connection's interfaces may not exceed it, to what the other interfaces
// leave (SPEC §5 Bandwidth); 2 Mbit/s is the least an interface may have,
// and once nothing is left the default is refused rather than stored.
func TestInterfaceBandwidthDefaultsToWhatIsLeft(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	in := InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, RemoteSubnets: "172.16.0.0/24"}
	v, _, err := s.CreateInterface(ctx, p, in, "")
	if err != nil || v.Bandwidth != 100 {
		t.Fatalf("first interface: bandwidth %d, %v; want the connection's 100", v.Bandwidth, err)
	}
	if _, err := s.DeleteInterface(ctx, p.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	in.Bandwidth = 2
	if v, _, err = s.CreateInterface(ctx, p, in, ""); err != nil || v.Bandwidth != 2 {
		t.Fatalf("2 Mbit/s: %d, %v", v.Bandwidth, err)
	}
	in.Name, in.Bandwidth = "vif-2", 0
	if v, _, err = s.CreateInterface(ctx, p, in, ""); err != nil || v.Bandwidth != 98 {
		t.Fatalf("second interface: bandwidth %d, %v; want the 98 left", v.Bandwidth, err)
	}
	in.Name = "vif-3"
	_, _, err = s.CreateInterface(ctx, p, in, "")
	if msg := fieldOf(t, err, "bandwidth"); !strings.Contains(msg, "at least 2") && !strings.Contains(msg, "at most 0 Mbit/s is left") {
		t.Fatalf("nothing left: %q", msg)
	}
}
