package store

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"testing"
)

// TestInterfaceCreateRequestToken: a create sent again with the same request
// token (a form submitted twice) answers the interface it made, not a second
// one; the same token in another project is not found there.
func TestInterfaceCreateRequestToken(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	in := InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}
	first, created, err := s.CreateInterface(ctx, p, in, "token-1")
	if err != nil || !created {
		t.Fatalf("first create: %v, created %v", err, created)
	}
	in.Name = "vif-2"
	again, created, err := s.CreateInterface(ctx, p, in, "token-1")
	if err != nil || created || again.ID != first.ID || again.Name != "vif-1" {
		t.Fatalf("sent again: %s %q, created %v, %v; want %s unchanged", again.ID, again.Name, created, err, first.ID)
	}
	if used, _, err := s.InterfaceQuota(ctx, p.ID); err != nil || used != 1 {
		t.Fatalf("%d interfaces (%v), want 1", used, err)
	}
	_, other, _, err := s.CreateTrainee(ctx, "trainee-1", "", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateInterface(ctx, other, in, "token-1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another project's token: %v, want ErrNotFound", err)
	}
}

// TestInterfaceCreateFromEndpointGroup: an interface made with an endpoint
// group (the API's remote_ep_group_id) takes the group's endpoints as its
// remote subnets and keeps the group; an unknown group is DC.1403 (README,
// API: "remote_ep_group_id (unknown: DC.1403)").
func TestInterfaceCreateFromEndpointGroup(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	g, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Name: "remote-dc", Endpoints: []string{"172.16.5.0/24", "172.16.6.0/24"}})
	if err != nil {
		t.Fatal(err)
	}
	in := InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 10, RemoteGroupID: g.ID}
	v, _, err := s.CreateInterface(ctx, p, in, "")
	want := []netip.Prefix{netip.MustParsePrefix("172.16.5.0/24"), netip.MustParsePrefix("172.16.6.0/24")}
	if err != nil || v.RemoteGroupID != g.ID || !slices.Equal(v.RemoteSubnets, want) {
		t.Fatalf("with group %s: %v, group %s, subnets %v; want %v", g.ID, err, v.RemoteGroupID, v.RemoteSubnets, want)
	}
	in.Name, in.RemoteGroupID = "vif-2", "no-such-group"
	_, _, err = s.CreateInterface(ctx, p, in, "")
	var re *RuleError
	var ve *ValidationError
	if !(errors.As(err, &re) && re.Code == "DC.1403") && !(errors.As(err, &ve) && ve.Code == "DC.1403") {
		t.Fatalf("unknown group: %v, want DC.1403", err)
	}
}

// TestInterfaceModifyRemoteSubnets: modifying an interface's remote subnets
// replaces its own endpoint group (endpoints never change) and logs the
// modify; the same subnets again keep the group (README: "the console
// replaces that group when its subnets are modified").
func TestInterfaceModifyRemoteSubnets(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	v, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}, "")
	if err != nil || v.RemoteGroupID == "" {
		t.Fatalf("create: %v, group %q", err, v.RemoteGroupID)
	}
	same := "172.16.0.0/24"
	u, err := s.UpdateInterface(ctx, p.ID, v.ID, InterfaceUpdate{RemoteSubnets: &same})
	if err != nil || u.RemoteGroupID != v.RemoteGroupID {
		t.Fatalf("same subnets: %v, group %s, want %s kept", err, u.RemoteGroupID, v.RemoteGroupID)
	}
	changed := "172.16.0.0/24,172.17.0.0/24"
	u, err = s.UpdateInterface(ctx, p.ID, v.ID, InterfaceUpdate{RemoteSubnets: &changed})
	if err != nil || u.RemoteGroupID == v.RemoteGroupID || u.RemoteGroupID == "" || len(u.RemoteSubnets) != 2 {
		t.Fatalf("new subnets: %v, group %s (was %s), subnets %v", err, u.RemoteGroupID, v.RemoteGroupID, u.RemoteSubnets)
	}
	if _, err := s.EndpointGroup(ctx, p.ID, v.RemoteGroupID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the replaced group %s: %v, want ErrNotFound", v.RemoteGroupID, err)
	}
	ops, _, err := s.Operations(ctx, p.ID, OperationFilter{ResourceType: ResVirtualInterface, Action: ActModify, Limit: 10})
	if err != nil || len(ops) != 2 || ops[0].ResourceID != v.ID || english(ops[0].Detail) != "10 Mbit/s, remote subnets 172.16.0.0/24, 172.17.0.0/24" {
		t.Fatalf("modify log: %+v, %v; want the two modifies, newest with the new subnets", ops, err)
	}
}

// TestInterfaceFormChoices: the interface form offers every connection of
// the project with what its interfaces use, and every gateway with its VPC,
// by name.
func TestInterfaceFormChoices(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	b := testConnection(t, s, p, "dc-b", "Magdeburg", 50)
	a := testConnection(t, s, p, "dc-a", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/24,10.0.1.0/24")
	if _, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-1", ConnectionID: a.ID, GatewayID: gw, Bandwidth: 30, RemoteSubnets: "172.16.0.0/24"}, ""); err != nil {
		t.Fatal(err)
	}
	cs, err := s.ConnectionChoices(ctx, p.ID)
	wantC := []ConnectionChoice{
		{ID: a.ID, Name: "dc-a", Location: "Biere", Status: a.Status, Bandwidth: 100, Used: 30},
		{ID: b.ID, Name: "dc-b", Location: "Magdeburg", Status: b.Status, Bandwidth: 50, Used: 0},
	}
	if err != nil || !slices.Equal(cs, wantC) {
		t.Fatalf("ConnectionChoices = %+v, %v; want %+v", cs, err, wantC)
	}
	gs, err := s.GatewayChoices(ctx, p.ID)
	if err != nil || len(gs) != 1 || gs[0].ID != gw || gs[0].Name != "vgw-1" || gs[0].VPCName != "VPC-vgw-1" || gs[0].VPCCIDR != "10.0.0.0/16" ||
		!slices.Equal(gs[0].CIDRs, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/24"), netip.MustParsePrefix("10.0.1.0/24")}) {
		t.Fatalf("GatewayChoices = %+v, %v", gs, err)
	}
}

// TestInterfaceDeleteLogged: deleting an interface in the console removes
// the endpoint group made for it and is logged with its connection, gateway
// and VLAN; the API's delete keeps the group and is logged the same way.
func TestInterfaceDeleteLogged(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	for i, del := range []func(context.Context, string, string) (VirtualInterface, error){s.DeleteInterface, s.DeleteInterfaceKeepGroups} {
		v, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := del(ctx, p.ID, v.ID); err != nil {
			t.Fatal(err)
		}
		_, err = s.EndpointGroup(ctx, p.ID, v.RemoteGroupID)
		if keep := i == 1; keep != (err == nil) || !keep && !errors.Is(err, ErrNotFound) {
			t.Errorf("delete %d: its group %s: %v (kept: %v)", i, v.RemoteGroupID, err, keep)
		}
		ops, _, err := s.Operations(ctx, p.ID, OperationFilter{ResourceType: ResVirtualInterface, Action: ActDelete, Limit: 10})
		if err != nil || len(ops) != i+1 || ops[0].ResourceID != v.ID || english(ops[0].Detail) != fmt.Sprintf("connection dc-1, gateway vgw-1, VLAN %d", v.VLAN) {
			t.Fatalf("delete %d logged as %+v, %v", i, ops, err)
		}
	}
}
