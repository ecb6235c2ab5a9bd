package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// vpc001 returns the VPC every project starts with.
func vpc001(t *testing.T, s *Store, projectID string) VPC {
	t.Helper()
	vs, err := s.VPCs(context.Background(), projectID)
	if err != nil || len(vs) != 1 || vs[0].Name != "VPC-001" || vs[0].CIDR.String() != "192.168.0.0/16" {
		t.Fatalf("VPCs of a new project: %+v, %v", vs, err)
	}
	return vs[0]
}

func wantRuleError(t *testing.T, err error, code string) *RuleError {
	t.Helper()
	var re *RuleError
	if !errors.As(err, &re) || re.Code != code {
		t.Fatalf("error %v, want a *RuleError %s", err, code)
	}
	return re
}

func wantFieldError(t *testing.T, err error, field, contains string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want a *ValidationError on %s", err, field)
	}
	if msg := ve.at(Attr(field)); !strings.Contains(msg, contains) {
		t.Fatalf("%s: message %q does not contain %q (all: %v)", field, msg, contains, ve.Problems)
	}
}

func countGateways(t *testing.T, s *Store, projectID string) int {
	t.Helper()
	_, n, err := s.Gateways(context.Background(), projectID, ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestVPCs(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	seed := vpc001(t, s, p.ID)

	t.Run("OK", func(t *testing.T) {
		v, created, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-a", CIDR: " 172.16.0.0/16 "}, "tok-vpc-a")
		if err != nil || !created || v.CIDR.String() != "172.16.0.0/16" || v.InUse() {
			t.Fatalf("CreateVPC: %+v %v %v", v, created, err)
		}
		again, created, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-a", CIDR: "172.16.0.0/16"}, "tok-vpc-a")
		if err != nil || created || again.ID != v.ID {
			t.Fatalf("same token made another VPC: %+v %v %v", again, created, err)
		}
		if got, err := s.VPC(ctx, p.ID, v.ID); err != nil || got.Name != "vpc-a" {
			t.Fatalf("VPC: %+v %v", got, err)
		}
		if _, err := s.DeleteVPC(ctx, p.ID, v.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.VPC(ctx, p.ID, v.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted VPC: %v", err)
		}
	})

	t.Run("CIDR rules", func(t *testing.T) {
		for _, tc := range []struct{ cidr, want string }{
			{"", "Enter an IPv4 CIDR block"},
			{"10.0.0.0/7", "must be /8 to /28"},
			{"10.0.0.0/29", "must be /8 to /28"},
			{"8.8.8.0/24", "not in a private range"},
			{"172.32.0.0/16", "not in a private range"},
			{"192.168.1.7/24", "the network is 192.168.1.0/24"},
			{"10.0.0.0/8,10.1.0.0/16", "one IPv4 CIDR block only"},
			{"fd00::/8", "only IPv4"},
		} {
			_, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-bad", CIDR: tc.cidr}, "")
			wantFieldError(t, err, "cidr", tc.want)
		}
		for _, ok := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.255.240/28"} {
			if _, err := ParseVPCCIDR(ok); err != nil {
				t.Errorf("ParseVPCCIDR(%s): %v", ok, err)
			}
		}
		_, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "bad name", CIDR: "10.0.0.0/8"}, "")
		wantFieldError(t, err, "name", "Only digits, letters")
	})

	t.Run("deleting a VPC in use refused", func(t *testing.T) {
		g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-use", VPCID: seed.ID, CIDRs: "192.168.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := s.VPC(ctx, p.ID, seed.ID)
		if !v.InUse() || v.GatewayName != "vgw-use" {
			t.Fatalf("VPC in use: %+v", v)
		}
		_, err = s.DeleteVPC(ctx, p.ID, seed.ID)
		if re := wantRuleError(t, err, "DC.1111"); !strings.Contains(english(re.Message), "vgw-use") {
			t.Fatalf("message %q", english(re.Message))
		}
		if _, err := s.DeleteGateway(ctx, p.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		// VPC-001 still has subnet-001: refused until it is deleted.
		_, err = s.DeleteVPC(ctx, p.ID, seed.ID)
		wantRuleError(t, err, CodeVPCHasSubnets)
		subs, err := s.Subnets(ctx, p.ID, seed.ID)
		if err != nil || len(subs) != 1 {
			t.Fatalf("subnets of VPC-001: %+v %v", subs, err)
		}
		if _, err := s.DeleteSubnet(ctx, p.ID, seed.ID, subs[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteVPC(ctx, p.ID, seed.ID); err != nil {
			t.Fatalf("delete unused VPC-001: %v", err)
		}
	})

	t.Run("ErrNotFound for another project's VPC", func(t *testing.T) {
		other, err := s.CreateProject(ctx, "eu-de_other", "eu-de")
		if err != nil {
			t.Fatal(err)
		}
		ov := vpc001(t, s, other.ID)
		if _, err := s.VPC(ctx, p.ID, ov.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("VPC: %v", err)
		}
		if _, err := s.DeleteVPC(ctx, p.ID, ov.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("DeleteVPC: %v", err)
		}
	})
}

func TestGatewayCreate(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	vpc := vpc001(t, s, p.ID)

	t.Run("seed example as typed", func(t *testing.T) {
		g, created, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpc.ID, CIDRs: "192.168.0.0/16", Description: "This is a virtual gateway."}, "tok-1")
		if err != nil || !created {
			t.Fatalf("CreateGateway: %v %v", created, err)
		}
		if g.Name != "vgw-123" || g.VPCName != "VPC-001" || JoinPrefixes(g.CIDRs) != "192.168.0.0/16" || g.Description != "This is a virtual gateway." ||
			g.Type != GatewayTypeDefault || g.Status != StatusActive || g.InterfaceCount != 0 || len(g.OutsideVPC()) != 0 {
			t.Fatalf("gateway %+v", g)
		}
		again, created, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpc.ID, CIDRs: "192.168.0.0/16"}, "tok-1")
		if err != nil || created || again.ID != g.ID {
			t.Fatalf("same token: %v %v %v", again.ID, created, err)
		}
		if n := countGateways(t, s, p.ID); n != 1 {
			t.Fatalf("%d gateways after a repeated request", n)
		}
	})

	t.Run("one gateway per VPC", func(t *testing.T) {
		_, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-2", VPCID: vpc.ID, CIDRs: "192.168.1.0/24"}, "")
		if re := wantRuleError(t, err, "DC.1110"); re.Attr != AttrVPC || !strings.Contains(english(re.Message), "vgw-123") {
			t.Fatalf("rule error %+v", re)
		}
	})

	t.Run("field rules", func(t *testing.T) {
		v2, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-2", CIDR: "10.0.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CreateGateway(ctx, p, GatewayInput{Name: "", VPCID: "", CIDRs: "192.168.1.7/24", Description: "<b>"}, "")
		wantFieldError(t, err, "name", "Enter a name")
		wantFieldError(t, err, "vpc", "Select a VPC")
		wantFieldError(t, err, "local_cidrs", "192.168.1.0/24")
		wantFieldError(t, err, "description", "angle brackets")

		_, _, err = s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-dup", VPCID: v2.ID, CIDRs: "10.0.1.0/24,\n10.0.01.0/24"}, "")
		wantFieldError(t, err, "local_cidrs", "10.0.1.0/24 is entered more than once")

		var fifty, fiftyOne []string
		for i := range 51 {
			fiftyOne = append(fiftyOne, fmt.Sprintf("10.0.%d.0/24", i))
		}
		fifty = fiftyOne[:50]
		_, _, err = s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-51", VPCID: v2.ID, CIDRs: strings.Join(fiftyOne, ",")}, "")
		wantFieldError(t, err, "local_cidrs", "maximum of 50")
		var ve *ValidationError
		if errors.As(err, &ve); ve.Code != "DC.1101" {
			t.Fatalf("code %s, want DC.1101", ve.Code)
		}
		g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-50", VPCID: v2.ID, CIDRs: strings.Join(fifty, " ,\n")}, "")
		if err != nil || len(g.CIDRs) != 50 {
			t.Fatalf("50 blocks: %d %v", len(g.CIDRs), err)
		}
		if _, err := s.DeleteGateway(ctx, p.ID, g.ID); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("CIDR outside the VPC accepted with a warning", func(t *testing.T) {
		v3, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-3", CIDR: "172.16.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-out", VPCID: v3.ID, CIDRs: "172.16.1.0/24, 10.9.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		out := g.OutsideVPC()
		if JoinPrefixes(out) != "10.9.0.0/16" {
			t.Fatalf("outside %v", out)
		}
		if w, ok := OutsideVPCWarning(g.VPCName, g.VPCCIDR, out); !ok || !strings.Contains(english(w), "10.9.0.0/16 is outside the CIDR block of VPC vpc-3 (172.16.0.0/16)") {
			t.Fatalf("warning %q", w)
		}
		if _, err := s.DeleteGateway(ctx, p.ID, g.ID); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("another project's VPC refused, nothing stored", func(t *testing.T) {
		other, err := s.CreateProject(ctx, "eu-de_training1", "eu-de")
		if err != nil {
			t.Fatal(err)
		}
		ov := vpc001(t, s, other.ID)
		before := countGateways(t, s, p.ID)
		_, _, err = s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-steal", VPCID: ov.ID, CIDRs: "192.168.0.0/16"}, "")
		wantFieldError(t, err, "vpc", "does not exist in this project")
		if n := countGateways(t, s, p.ID); n != before {
			t.Fatalf("%d gateways, want %d", n, before)
		}
		if n := countGateways(t, s, other.ID); n != 0 {
			t.Fatalf("%d gateways in the other project", n)
		}
		// The other project's token cannot be replayed either.
		og, _, err := s.CreateGateway(ctx, other, GatewayInput{Name: "vgw-o", VPCID: ov.ID, CIDRs: "192.168.0.0/16"}, "tok-other")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-o", VPCID: vpc.ID, CIDRs: "192.168.0.0/16"}, "tok-other"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("other project's token: %v", err)
		}
		if _, err := s.Gateway(ctx, p.ID, og.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Gateway of another project: %v", err)
		}
		name := "x"
		if _, err := s.UpdateGateway(ctx, p.ID, og.ID, GatewayUpdate{Name: &name}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("UpdateGateway of another project: %v", err)
		}
		if _, err := s.DeleteGateway(ctx, p.ID, og.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("DeleteGateway of another project: %v", err)
		}
	})
}

func TestGatewayQuota(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	for i := range 6 {
		v, _, err := s.CreateVPC(ctx, p, VPCInput{Name: fmt.Sprintf("vpc-%d", i), CIDR: fmt.Sprintf("10.%d.0.0/16", i)}, "")
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CreateGateway(ctx, p, GatewayInput{Name: fmt.Sprintf("vgw-%d", i), VPCID: v.ID, CIDRs: v.CIDR.String()}, "")
		if i < 5 && err != nil {
			t.Fatalf("gateway %d: %v", i+1, err)
		}
		if i == 5 {
			re := wantRuleError(t, err, "DC.1019")
			if !strings.Contains(english(re.Message), "(5 of 5)") {
				t.Fatalf("message %q", english(re.Message))
			}
		}
	}
	if used, quota, err := s.GatewayQuota(ctx, p.ID); used != 5 || quota != 5 || err != nil {
		t.Fatalf("quota %d/%d %v", used, quota, err)
	}
}

func TestGatewayListUpdateDelete(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	clock := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return clock })
	var ids []string
	for i, n := range []string{"vgw-alpha", "vgw-beta", "other"} {
		clock = clock.Add(time.Second)
		v, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-" + n, CIDR: fmt.Sprintf("10.%d.0.0/16", i)}, "")
		if err != nil {
			t.Fatal(err)
		}
		g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: n, VPCID: v.ID, CIDRs: v.CIDR.String()}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, g.ID)
	}
	items, total, err := s.Gateways(ctx, p.ID, ListFilter{Name: "vgw", Limit: 10})
	if err != nil || total != 2 || len(items) != 2 || items[0].Name != "vgw-beta" {
		t.Fatalf("search: %d %+v %v", total, items, err)
	}
	page2, total, _ := s.Gateways(ctx, p.ID, ListFilter{Limit: 2, Offset: 2})
	if total != 3 || len(page2) != 1 || page2[0].Name != "vgw-alpha" {
		t.Fatalf("page 2: %d %+v", total, page2)
	}

	name, cidrs, desc := "vgw-alpha-2", "10.0.1.0/24\n10.0.2.0/24", "changed"
	g, err := s.UpdateGateway(ctx, p.ID, ids[0], GatewayUpdate{Name: &name, CIDRs: &cidrs, Description: &desc})
	if err != nil || g.Name != name || JoinPrefixes(g.CIDRs) != "10.0.1.0/24, 10.0.2.0/24" || g.Description != desc || g.VPCName != "vpc-vgw-alpha" {
		t.Fatalf("UpdateGateway: %+v %v", g, err)
	}
	bad := "10.0.1.7/24"
	_, err = s.UpdateGateway(ctx, p.ID, ids[0], GatewayUpdate{CIDRs: &bad})
	wantFieldError(t, err, "local_cidrs", "the network is 10.0.1.0/24")
	if g, _ := s.Gateway(ctx, p.ID, ids[0]); JoinPrefixes(g.CIDRs) != "10.0.1.0/24, 10.0.2.0/24" {
		t.Fatalf("refused update changed the gateway: %v", g.CIDRs)
	}

	if _, err := s.DeleteGateway(ctx, p.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Gateway(ctx, p.ID, ids[0]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted gateway: %v", err)
	}
}

// bindInterface stores a virtual interface row directly: the interface
// rules are not this file's business, only that a bound interface blocks a
// gateway's delete and is listed with it.
func bindInterface(t *testing.T, s *Store, p Project, gatewayID, name, remote string) {
	t.Helper()
	ctx := context.Background()
	c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-" + name, Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.sqlExec(ctx, `INSERT INTO virtual_interfaces (id, project_id, connection_id, gateway_id, name, vlan, bandwidth, remote_subnets, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 100, 50, ?, 'ACTIVE', 0, 0)`, "vif-id-"+name, p.ID, c.ID, gatewayID, name, remote)
	if err != nil {
		t.Fatal(err)
	}
}

func TestGatewayWithInterfaces(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	vpc := vpc001(t, s, p.ID)
	g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpc.ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	bindInterface(t, s, p, g.ID, "vif-123", "10.1.0.0/24,10.2.0.0/24")

	g, err = s.Gateway(ctx, p.ID, g.ID)
	if err != nil || g.InterfaceCount != 1 || len(g.Interfaces) != 1 || g.Interfaces[0].Name != "vif-123" {
		t.Fatalf("gateway with an interface: %+v %v", g, err)
	}
	list, _, err := s.Gateways(ctx, p.ID, ListFilter{})
	if err != nil || len(list) != 1 || len(list[0].Interfaces) != 1 {
		t.Fatalf("list: %+v %v", list, err)
	}

	_, err = s.DeleteGateway(ctx, p.ID, g.ID)
	if re := wantRuleError(t, err, "DC.1106"); !strings.Contains(english(re.Message), "1 virtual interface is bound") {
		t.Fatalf("message %q", english(re.Message))
	}
	clash := "192.168.0.0/16,10.2.0.0/24"
	_, err = s.UpdateGateway(ctx, p.ID, g.ID, GatewayUpdate{CIDRs: &clash})
	if re := wantRuleError(t, err, "DC.1105"); re.Attr != AttrLocalCIDRs || !strings.Contains(english(re.Message), "10.2.0.0/24 is a remote subnet of virtual interface vif-123") {
		t.Fatalf("rule error %+v", re)
	}
	if n := countGateways(t, s, p.ID); n != 1 {
		t.Fatalf("%d gateways", n)
	}
}

func TestGatewayProvisioning(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	s.SetProvisionDelay(5 * time.Second)
	g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-slow", VPCID: vpc001(t, s, p.ID).ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil || g.Status != StatusPendingCreate {
		t.Fatalf("new gateway: %s %v", g.Status, err)
	}
	if n, err := s.PromoteProvisioned(ctx); n != 0 || err != nil {
		t.Fatalf("promoted %d before the delay: %v", n, err)
	}
	now = now.Add(5 * time.Second)
	if n, err := s.PromoteProvisioned(ctx); n != 1 || err != nil {
		t.Fatalf("promoted %d after the delay: %v", n, err)
	}
	if g, _ = s.Gateway(ctx, p.ID, g.ID); g.Status != StatusActive {
		t.Fatalf("status %s", g.Status)
	}
}
