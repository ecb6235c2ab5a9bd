package store

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestParseEndpoints(t *testing.T) {
	for _, tc := range []struct {
		in     []string
		family string
		ok     bool
		dup    bool
	}{
		{[]string{"10.2.0.0/24", "10.3.0.0/24"}, FamilyIPv4, true, false},
		{[]string{"2a07:8700:2:4::/64", "2a07:8700:2:54::/64"}, FamilyIPv6, true, false},
		{[]string{"10.2.0.0/24", "10.2.0.0/24"}, "", false, true},
		{[]string{"2a07:8700:2:4::/64", "2a07:8700:2:4::/64"}, "", false, true},
		{[]string{"2a07:8700:2:4::/64", "10.2.0.0/24"}, "", false, false},
		{[]string{"10.2.0.0/24", "2a07:8700:2:4::/64"}, "", false, false},
		{[]string{"2a07:8700:2:4::1/64"}, "", false, false},   // host bits
		{[]string{"2A07:8700:2:4::/64"}, "", false, false},    // not canonical
		{[]string{"2a07:8700:0002:4::/64"}, "", false, false}, // not canonical
		{[]string{"::ffff:10.0.0.0/104"}, "", false, false},
		{[]string{}, "", false, false},
		{[]string{"10.2.0.1/24"}, "", false, false},
	} {
		family, ps, err := ParseEndpoints(tc.in)
		if (err == nil) != tc.ok || (tc.ok && (family != tc.family || len(ps) != len(tc.in))) {
			t.Errorf("%q: %s %v %v", tc.in, family, ps, err)
		}
		var le *CIDRListError
		if !tc.ok && (!errors.As(err, &le) || le.Duplicate != tc.dup) {
			t.Errorf("%q: %#v, want duplicate %v", tc.in, err, tc.dup)
		}
	}
}

func TestEndpointGroupLifecycle(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	vpc := vpc001(t, s, p.ID)

	g, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Name: "eg-1", Endpoints: []string{"10.2.0.0/24", "10.3.0.0/24"}})
	if err != nil || g.Family != FamilyIPv4 || g.Type != "cidr" || len(g.Endpoints) != 2 || g.OwnerID != "" {
		t.Fatalf("create: %+v %v", g, err)
	}
	if _, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Endpoints: []string{"10.2.0.0/24", "10.2.0.0/24"}}); err == nil {
		t.Fatal("duplicate endpoints accepted")
	} else if ve := (*ValidationError)(nil); !errors.As(err, &ve) || ve.Code != "DC.1401" {
		t.Fatalf("duplicate: %v", err)
	}
	v6, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Endpoints: []string{"2a07:8700:2:4::/64"}})
	if err != nil || v6.Family != FamilyIPv6 {
		t.Fatalf("ipv6: %+v %v", v6, err)
	}

	// A gateway takes its local subnets from the groups; the groups are then in use.
	gw, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-api", VPCID: vpc.ID, LocalGroupID: g.ID, LocalIPv6GroupID: v6.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	if gw.LocalGroupID != g.ID || gw.LocalIPv6GroupID != v6.ID || !slices.Equal(gw.CIDRs, g.Endpoints) || !slices.Equal(gw.IPv6CIDRs, v6.Endpoints) {
		t.Fatalf("gateway %+v", gw)
	}
	_, err = s.DeleteEndpointGroup(ctx, p.ID, g.ID)
	wantRuleError(t, err, "DC.1402")
	_, err = s.DeleteEndpointGroup(ctx, p.ID, v6.ID)
	wantRuleError(t, err, "DC.1402")

	// Wrong family and unknown groups are DC.1100.
	_, err = s.UpdateGateway(ctx, p.ID, gw.ID, GatewayUpdate{LocalGroupID: &v6.ID})
	wantRuleError(t, err, "DC.1100")
	unknown := "00000000-0000-4000-a000-000000000000"
	_, err = s.UpdateGateway(ctx, p.ID, gw.ID, GatewayUpdate{LocalIPv6GroupID: &unknown})
	wantRuleError(t, err, "DC.1100")

	// Terraform's subnet change: new group, PUT gateway, delete old group.
	g2, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Endpoints: []string{"10.2.0.0/24", "10.3.0.0/24", "10.4.0.0/24"}})
	if err != nil {
		t.Fatal(err)
	}
	gw, err = s.UpdateGateway(ctx, p.ID, gw.ID, GatewayUpdate{LocalGroupID: &g2.ID})
	if err != nil || gw.LocalGroupID != g2.ID || len(gw.CIDRs) != 3 {
		t.Fatalf("switch group: %+v %v", gw, err)
	}
	if _, err := s.DeleteEndpointGroup(ctx, p.ID, g.ID); err != nil {
		t.Fatalf("delete old group: %v", err)
	}
	if _, err := s.EndpointGroup(ctx, p.ID, g.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted group: %v", err)
	}

	// Name and description change; endpoints do not.
	name, desc := "renamed", "new"
	if g2, err = s.UpdateEndpointGroup(ctx, p.ID, g2.ID, EndpointGroupUpdate{Name: &name, Description: &desc}); err != nil || g2.Name != name || g2.Description != desc {
		t.Fatalf("update: %+v %v", g2, err)
	}

	// Another project sees nothing.
	other, err := s.CreateProject(ctx, "eu-de_other", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EndpointGroup(ctx, other.ID, g2.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project: %v", err)
	}
	if _, err := s.DeleteEndpointGroup(ctx, other.ID, g2.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project delete: %v", err)
	}
	if _, _, err := s.CreateGateway(ctx, other, GatewayInput{Name: "vgw-x", VPCID: vpc001(t, s, other.ID).ID, LocalGroupID: g2.ID}, ""); err == nil {
		t.Fatal("a group of another project was accepted")
	}

	// The API's gateway delete keeps the groups; then they can go.
	if _, err := s.DeleteGatewayKeepGroups(ctx, p.ID, gw.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{g2.ID, v6.ID} {
		if _, err := s.DeleteEndpointGroup(ctx, p.ID, id); err != nil {
			t.Fatalf("delete %s: %v", id, err)
		}
	}
}

// The console's gateways and interfaces get groups of their own, replaced
// on a change of subnets and removed with them.
func TestConsoleEndpointGroups(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	vpc := vpc001(t, s, p.ID)
	groups := func() int {
		gs, err := s.EndpointGroups(ctx, p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		return len(gs)
	}

	gw, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpc.ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	g, err := s.EndpointGroup(ctx, p.ID, gw.LocalGroupID)
	if err != nil || g.OwnerID != gw.ID || !slices.Equal(g.Endpoints, []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}) {
		t.Fatalf("console gateway group %+v %v", g, err)
	}

	// A modify that keeps the CIDR blocks keeps the group.
	name := "vgw-renamed"
	same := "192.168.0.0/16"
	gw2, err := s.UpdateGateway(ctx, p.ID, gw.ID, GatewayUpdate{Name: &name, CIDRs: &same})
	if err != nil || gw2.LocalGroupID != gw.LocalGroupID {
		t.Fatalf("same CIDRs: %+v %v", gw2, err)
	}
	changed := "192.168.0.0/16,10.0.0.0/8"
	gw2, err = s.UpdateGateway(ctx, p.ID, gw.ID, GatewayUpdate{CIDRs: &changed})
	if err != nil || gw2.LocalGroupID == gw.LocalGroupID || len(gw2.CIDRs) != 2 {
		t.Fatalf("new CIDRs: %+v %v", gw2, err)
	}
	if _, err := s.EndpointGroup(ctx, p.ID, gw.LocalGroupID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the replaced group stays: %v", err)
	}
	if n := groups(); n != 1 {
		t.Fatalf("%d groups, want 1", n)
	}

	conn := testConnection(t, s, p, "dc-123", "Biere", 100)
	v, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-123", ConnectionID: conn.ID, GatewayID: gw.ID, RemoteSubnets: "172.16.0.0/24"}, "")
	if err != nil || v.RemoteGroupID == "" {
		t.Fatalf("interface %+v %v", v, err)
	}
	remote := "172.16.0.0/24,172.17.0.0/24"
	v2, err := s.UpdateInterface(ctx, p.ID, v.ID, InterfaceUpdate{RemoteSubnets: &remote})
	if err != nil || v2.RemoteGroupID == v.RemoteGroupID || len(v2.RemoteSubnets) != 2 {
		t.Fatalf("interface update %+v %v", v2, err)
	}
	if n := groups(); n != 2 {
		t.Fatalf("%d groups, want 2", n)
	}
	// The API replaces the remote group; a group equal to a gateway CIDR is DC.1105.
	clash, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Endpoints: []string{"10.0.0.0/8"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.UpdateInterface(ctx, p.ID, v.ID, InterfaceUpdate{RemoteGroupID: &clash.ID})
	if fieldOf(t, err, "remote_subnets") == "" {
		t.Fatal("no DC.1105")
	}
	if _, err := s.DeleteEndpointGroup(ctx, p.ID, clash.ID); err != nil {
		t.Fatalf("a group refused for an interface is not in use: %v", err)
	}

	if _, err := s.DeleteInterface(ctx, p.ID, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteGateway(ctx, p.ID, gw.ID); err != nil {
		t.Fatal(err)
	}
	if n := groups(); n != 0 {
		t.Fatalf("%d groups left after the console deleted their owners", n)
	}
}

// Databases from before migration 0004 get a group for every gateway and
// interface.
func TestEndpointGroupBackfill(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t) // a SQLite migration (PostgreSQL starts at its end)
	gw := testGateway(t, s, p, "vgw-old", "10.0.0.0/16", "10.0.0.0/16")
	body, err := migrationFS.ReadFile("migrations/0004_endpoint_groups.sql")
	if err != nil {
		t.Fatal(err)
	}
	// Replay only the backfill part against the row inserted without a group.
	_, backfill, _ := strings.Cut(string(body), "-- Gateways and interfaces made before")
	if _, err := s.sqlExec(ctx, "--"+backfill); err != nil {
		t.Fatal(err)
	}
	g, err := s.Gateway(ctx, p.ID, gw)
	if err != nil || g.LocalGroupID == "" {
		t.Fatalf("backfilled gateway %+v %v", g, err)
	}
	eg, err := s.EndpointGroup(ctx, p.ID, g.LocalGroupID)
	if err != nil || eg.OwnerID != gw || len(eg.Endpoints) != 1 || len(eg.ID) != 36 {
		t.Fatalf("backfilled group %+v %v", eg, err)
	}
}

// Resetting a project, or the whole console, removes its endpoint groups too.
func TestResetRemovesEndpointGroups(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	for range 2 {
		if _, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Endpoints: []string{"10.2.0.0/24"}}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-1", VPCID: vpc001(t, s, p.ID).ID, CIDRs: "10.0.0.0/8"}, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ResetProject(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if gs, err := s.EndpointGroups(ctx, p.ID, nil); err != nil || len(gs) != 0 {
			t.Fatalf("after a project reset: %+v %v", gs, err)
		}
		if _, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Endpoints: []string{"10.2.0.0/24"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		if gs, err := s.EndpointGroups(ctx, p.ID, nil); err != nil || len(gs) != 0 {
			t.Fatalf("after a reset: %+v %v", gs, err)
		}
	}
}
