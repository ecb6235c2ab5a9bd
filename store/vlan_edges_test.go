package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestVLANAllocationLowestFreeAndBounds: the system allocates a free VLAN
// ID of 1-3999, unique per connection (SPEC §5 VLAN): the lowest one not in
// use, filling gaps; 3999 is still given, and when all are taken the create
// is refused (DC.1209) instead of going past 3999.
func TestVLANAllocationLowestFreeAndBounds(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	if err := s.SetQuotas(ctx, p.ID, Quotas{Connections: 10, Gateways: 5, Interfaces: 5000}); err != nil {
		t.Fatal(err)
	}
	conn := testConnection(t, s, p, "dc-1", "Biere", 1000)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	n := 0
	create := func(vlan int) (VirtualInterface, error) {
		n++
		v, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-%d", n), ConnectionID: conn.ID, GatewayID: gw,
			Bandwidth: 2, RemoteSubnets: "172.16.0.0/24", VLAN: vlan}, "")
		return v, err
	}
	for _, vlan := range []int{2, 4} { // given through the API
		if _, err := create(vlan); err != nil {
			t.Fatalf("VLAN %d: %v", vlan, err)
		}
	}
	for _, want := range []int{1, 3, 5, 6} {
		v, err := create(0)
		if err != nil || v.VLAN != want {
			t.Fatalf("allocated VLAN %d, %v; want %d", v.VLAN, err, want)
		}
	}
	// VLANs 7 to 3998 taken (straight into the table: 3992 creates would
	// take minutes), so the next one is the last.
	if _, err := s.sqlExec(ctx, `WITH RECURSIVE n(v) AS (SELECT 7 UNION ALL SELECT v + 1 FROM n WHERE v < 3998)
		INSERT INTO virtual_interfaces (id, project_id, connection_id, gateway_id, name, vlan, bandwidth, remote_subnets, status, created_at, updated_at)
		SELECT 'bulk-' || v, ?, ?, ?, 'bulk-' || v, v, 0, '172.16.0.0/24', 'ACTIVE', 0, 0 FROM n`, p.ID, conn.ID, gw); err != nil {
		t.Fatal(err)
	}
	if v, err := create(0); err != nil || v.VLAN != MaxVLAN {
		t.Fatalf("allocated VLAN %d, %v; want %d", v.VLAN, err, MaxVLAN)
	}
	_, err := create(0)
	var re *RuleError
	if !errors.As(err, &re) || re.Code != "DC.1209" {
		t.Fatalf("all VLANs taken: %v, want DC.1209", err)
	}
}

// TestGivenVLANRange: a VLAN given through the API is 1 to 4063 (the API's
// documented range) and must be free on the connection.
func TestGivenVLANRange(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	in := InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 2, RemoteSubnets: "172.16.0.0/24"}
	for _, vlan := range []int{-1, 4064} {
		in.VLAN = vlan
		if _, _, err := s.CreateInterface(ctx, p, in, ""); fieldOf(t, err, "vlan") == "" {
			t.Fatalf("VLAN %d accepted", vlan)
		}
	}
	in.VLAN = 4063
	if v, _, err := s.CreateInterface(ctx, p, in, ""); err != nil || v.VLAN != 4063 {
		t.Fatalf("VLAN 4063: %+v, %v", v, err)
	}
}
