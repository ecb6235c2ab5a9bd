package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

// testGateway adds a VPC and a gateway on it straight into the tables.
func testGateway(t *testing.T, s *Store, p Project, name, vpcCIDR, cidrs string) string {
	t.Helper()
	vpc, gw := uuid.NewString(), uuid.NewString()
	if _, err := s.sqlExec(context.Background(), `INSERT INTO vpcs (id, project_id, name, cidr, created_at) VALUES (?, ?, ?, ?, 0)`, vpc, p.ID, "VPC-"+name, vpcCIDR); err != nil {
		t.Fatal(err)
	}
	if _, err := s.sqlExec(context.Background(), `INSERT INTO virtual_gateways (id, project_id, vpc_id, name, cidrs, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ACTIVE', 0, 0)`,
		gw, p.ID, vpc, name, cidrs); err != nil {
		t.Fatal(err)
	}
	return gw
}

func testConnection(t *testing.T, s *Store, p Project, name, location string, bw int) Connection {
	t.Helper()
	c, _, err := s.CreateConnection(context.Background(), p, ConnectionInput{Name: name, Location: location, Bandwidth: bw}, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fieldOf(t *testing.T, err error, field string) string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError about %s, got %v", field, err)
	}
	if ve.at(Attr(field)) == "" {
		t.Fatalf("no message about %s: %v", field, ve)
	}
	return ve.at(Attr(field))
}

func TestInterfaceSeedScenario(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	biere := testConnection(t, s, p, "dc-123", "Biere", 100)
	magdeburg := testConnection(t, s, p, "dc-456", "Magdeburg", 100)
	other := testConnection(t, s, p, "dc-789", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-123", "192.168.0.0/16", "192.168.0.0/16")

	v1, created, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-123", ConnectionID: biere.ID, GatewayID: gw,
		Bandwidth: 100, RemoteSubnets: "192.168.51.0/24", Description: "This is a virtual interface."}, "")
	if err != nil || !created {
		t.Fatalf("seed interface refused: %v", err)
	}
	if v1.VLAN != 1 || v1.Bandwidth != 100 || v1.Location != "Biere" || v1.Type != "private" {
		t.Fatalf("got %+v", v1)
	}
	if len(v1.VPCOverlap) != 1 || v1.VPCOverlap[0].String() != "192.168.51.0/24" {
		t.Fatalf("overlap with the VPC not reported: %v", v1.VPCOverlap)
	}

	t.Run("second at the same location is refused", func(t *testing.T) {
		_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-x", ConnectionID: other.ID, GatewayID: gw, RemoteSubnets: "10.1.0.0/16"}, "")
		if msg := fieldOf(t, err, "connection"); !strings.Contains(msg, "different access location") {
			t.Fatalf("message %q", msg)
		}
	})

	v2, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-456", ConnectionID: magdeburg.ID, GatewayID: gw, RemoteSubnets: "192.168.51.0/24"}, "")
	if err != nil {
		t.Fatalf("second location refused: %v", err)
	}
	if v2.Bandwidth != 100 {
		t.Fatalf("default bandwidth %d, want the connection's 100", v2.Bandwidth)
	}

	t.Run("a third connection is refused", func(t *testing.T) {
		third := testConnection(t, s, p, "dc-third", "Magdeburg", 50)
		_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-3", ConnectionID: third.ID, GatewayID: gw, RemoteSubnets: "10.3.0.0/16"}, "")
		if msg := fieldOf(t, err, "connection"); !strings.Contains(msg, "at most two connections") {
			t.Fatalf("message %q", msg)
		}
	})

	t.Run("the connections cannot be deleted or shrunk below use", func(t *testing.T) {
		var re *RuleError
		if _, err := s.DeleteConnection(ctx, p.ID, biere.ID); !errors.As(err, &re) || re.Code != "DC.1007" {
			t.Fatalf("delete in use: %v", err)
		}
		bw := 50
		if _, err := s.UpdateConnection(ctx, p.ID, biere.ID, ConnectionUpdate{Bandwidth: &bw}); !errors.As(err, &re) || re.Code != "DC.1010" {
			t.Fatalf("shrink below use: %v", err)
		}
		c, _ := s.Connection(ctx, p.ID, biere.ID)
		if c.InterfaceCount != 1 || c.UsedBandwidth != 100 {
			t.Fatalf("counts %+v", c)
		}
	})

	// Delete in the order interface, (gateway), connection.
	if _, err := s.DeleteInterface(ctx, p.ID, v1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteConnection(ctx, p.ID, biere.ID); err != nil {
		t.Fatalf("delete after its interface is gone: %v", err)
	}
}

func TestInterfaceRules(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "192.168.0.0/16", "192.168.0.0/16,10.10.0.0/16")
	base := InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}
	for _, tc := range []struct {
		name  string
		edit  func(*InterfaceInput)
		field string
		want  string
	}{
		{"remote subnet equal to a gateway CIDR", func(in *InterfaceInput) { in.RemoteSubnets = "172.16.1.0/24, 10.10.0.0/16" }, "remote_subnets", "cannot be the same"},
		{"no remote subnet", func(in *InterfaceInput) { in.RemoteSubnets = " , " }, "remote_subnets", ""},
		{"bad remote subnet", func(in *InterfaceInput) { in.RemoteSubnets = "192.168.1.7/24" }, "remote_subnets", "192.168.1.0/24"},
		{"bandwidth above the connection", func(in *InterfaceInput) { in.Bandwidth = 101 }, "bandwidth", "cannot exceed the 100 Mbit/s"},
		{"bandwidth below 2", func(in *InterfaceInput) { in.Bandwidth = 1 }, "bandwidth", "2 to 10000"},
		{"unknown connection", func(in *InterfaceInput) { in.ConnectionID = uuid.NewString() }, "connection", "Select a connection"},
		{"unknown gateway", func(in *InterfaceInput) { in.GatewayID = uuid.NewString() }, "gateway", "Select a virtual gateway"},
		{"bad name", func(in *InterfaceInput) { in.Name = "vif 1" }, "name", "Only digits"},
		{"description with <", func(in *InterfaceInput) { in.Description = "<b>" }, "description", "angle brackets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			tc.edit(&in)
			_, _, err := s.CreateInterface(ctx, p, in, "")
			if msg := fieldOf(t, err, tc.field); !strings.Contains(msg, tc.want) {
				t.Fatalf("message %q, want %q", msg, tc.want)
			}
		})
	}

	t.Run("another project's connection and gateway are unknown", func(t *testing.T) {
		ps, _ := s.ProjectsForUser(ctx, 1)
		nl := ps[1]
		_, _, err := s.CreateInterface(ctx, nl, base, "")
		fieldOf(t, err, "connection")
		fieldOf(t, err, "gateway")
	})

	t.Run("bandwidth sum per connection", func(t *testing.T) {
		in := base
		in.Bandwidth = 60
		if _, _, err := s.CreateInterface(ctx, p, in, ""); err != nil {
			t.Fatal(err)
		}
		in.Name, in.Bandwidth = "vif-2", 50
		_, _, err := s.CreateInterface(ctx, p, in, "")
		if msg := fieldOf(t, err, "bandwidth"); !strings.Contains(msg, "at most 40 Mbit/s is left") {
			t.Fatalf("message %q", msg)
		}
		in.Bandwidth = 40
		v, _, err := s.CreateInterface(ctx, p, in, "")
		if err != nil || v.VLAN != 2 {
			t.Fatalf("second interface: %+v %v", v, err)
		}
		bw := 41
		if _, err := s.UpdateInterface(ctx, p.ID, v.ID, InterfaceUpdate{Bandwidth: &bw}); err == nil {
			t.Fatal("modify above the free bandwidth accepted")
		}
		bw = 20
		if v, err = s.UpdateInterface(ctx, p.ID, v.ID, InterfaceUpdate{Bandwidth: &bw}); err != nil || v.Bandwidth != 20 {
			t.Fatalf("modify: %+v %v", v, err)
		}
	})

	t.Run("nothing refused was stored", func(t *testing.T) {
		_, n, _ := s.Interfaces(ctx, p.ID, ListFilter{})
		if n != 2 {
			t.Fatalf("%d interfaces", n)
		}
	})
}

func TestInterfaceAPIVLAN(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	in := InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 5, RemoteSubnets: "172.16.0.0/24", VLAN: 100}
	v, _, err := s.CreateInterface(ctx, p, in, "")
	if err != nil || v.VLAN != 100 {
		t.Fatalf("given VLAN: %+v %v", v, err)
	}
	in.Name = "vif-2"
	_, _, err = s.CreateInterface(ctx, p, in, "")
	var re *RuleError
	if !errors.As(err, &re) || re.Code != "DC.1209" {
		t.Fatalf("VLAN conflict: %v", err)
	}
	in.VLAN = 0
	v, _, err = s.CreateInterface(ctx, p, in, "")
	if err != nil || v.VLAN != 1 {
		t.Fatalf("allocated VLAN: %+v %v", v, err)
	}
}

// TestInterfaceConcurrentCreates creates interfaces on one connection from
// many goroutines at once: VLANs stay unique, the bandwidth sum is never
// exceeded, and no request fails with a database-busy error.
func TestInterfaceConcurrentCreates(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, refused := 0, 0
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-%d", i), ConnectionID: conn.ID, GatewayID: gw,
				Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}, "")
			mu.Lock()
			defer mu.Unlock()
			var ve *ValidationError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &ve) && ve.at("bandwidth") != "":
				refused++
			default:
				t.Errorf("create %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if ok != 10 || refused != 14 {
		t.Fatalf("%d created, %d refused; want 10 and 14 (100 Mbit/s / 10)", ok, refused)
	}
	vs, _ := s.InterfacesOf(ctx, p.ID, "", conn.ID)
	seen, sum := map[int]bool{}, 0
	for _, v := range vs {
		if seen[v.VLAN] {
			t.Fatalf("VLAN %d twice", v.VLAN)
		}
		seen[v.VLAN] = true
		sum += v.Bandwidth
	}
	if sum > 100 {
		t.Fatalf("bandwidth sum %d", sum)
	}
}
