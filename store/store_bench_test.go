package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
)

// Benchmarks of the queries behind the list pages and of each resource's
// create path, on a real SQLite file (synchronous=FULL: every create pays
// its fsync). Run with `make bench` or
// `go test -run '^$' -bench . -benchmem ./store/`.

// benchStore opens a bootstrapped store with room for any number of
// resources in its eu-de project.
func benchStore(tb testing.TB) (*Store, Project) {
	tb.Helper()
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(tb.TempDir(), "bench.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if _, err := s.Bootstrap(ctx, "admin-password"); err != nil {
		tb.Fatal(err)
	}
	var p Project
	if err := s.r.QueryRowContext(ctx, `SELECT id, name, region FROM projects WHERE name = 'eu-de'`).Scan(&p.ID, &p.Name, &p.Region); err != nil {
		tb.Fatal(err)
	}
	if err := s.SetQuotas(ctx, p.ID, Quotas{Connections: 1 << 30, Gateways: 1 << 30, Interfaces: 1 << 30}); err != nil {
		tb.Fatal(err)
	}
	return s, p
}

// bulkConnections inserts n connections in one transaction (fast set-up;
// the create path itself is measured by BenchmarkCreateConnection).
func bulkConnections(tb testing.TB, s *Store, p Project, n int) []string {
	tb.Helper()
	ids := make([]string, n)
	tx, err := s.w.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO connections (id, project_id, name, location, bandwidth, port_type, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, 1000, '1G', 'ACTIVE', ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		ids[i] = uuid.NewString()
		loc := [...]string{"Biere", "Magdeburg"}[i%2]
		if _, err := st.Exec(ids[i], p.ID, fmt.Sprintf("dc-%06d", i), loc, int64(i), int64(i)); err != nil {
			tb.Fatal(err)
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// bulkGateways inserts n VPCs and a gateway on each; it returns the
// gateway IDs and the IDs of extra VPCs that have no gateway yet.
func bulkGateways(tb testing.TB, s *Store, p Project, n, spareVPCs int) (gateways, spare []string) {
	tb.Helper()
	tx, err := s.w.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n + spareVPCs {
		vpc := uuid.NewString()
		if _, err := tx.Exec(`INSERT INTO vpcs (id, project_id, name, cidr, created_at) VALUES (?, ?, ?, '10.0.0.0/16', ?)`,
			vpc, p.ID, fmt.Sprintf("VPC-b%06d", i), int64(i)); err != nil {
			tb.Fatal(err)
		}
		if i >= n {
			spare = append(spare, vpc)
			continue
		}
		gw := uuid.NewString()
		if _, err := tx.Exec(`INSERT INTO virtual_gateways (id, project_id, vpc_id, name, cidrs, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, '10.0.0.0/24', 'ACTIVE', ?, ?)`, gw, p.ID, vpc, fmt.Sprintf("vgw-%06d", i), int64(i), int64(i)); err != nil {
			tb.Fatal(err)
		}
		gateways = append(gateways, gw)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return gateways, spare
}

// bulkInterfaces binds one interface per gateway, spread over conns.
func bulkInterfaces(tb testing.TB, s *Store, p Project, conns, gateways []string) {
	tb.Helper()
	tx, err := s.w.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	for i, gw := range gateways {
		if _, err := tx.Exec(`INSERT INTO virtual_interfaces (id, project_id, connection_id, gateway_id, name, vlan, bandwidth,
			remote_subnets, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 2, '172.16.0.0/16', 'ACTIVE', ?, ?)`,
			uuid.NewString(), p.ID, conns[i%len(conns)], gw, fmt.Sprintf("vif-%06d", i), i/len(conns)+1, int64(i), int64(i)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkConnectionsPage runs the two queries of the Connections list
// page (a page of 50 and the quota) in projects of 1,000 and 100,000
// connections: with pagination in SQL the cost must not grow with the size.
func BenchmarkConnectionsPage(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("project=%d", n), func(b *testing.B) {
			s, p := benchStore(b)
			bulkConnections(b, s, p, n)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				items, total, err := s.Connections(ctx, p.ID, ListFilter{Limit: 50})
				if err != nil || len(items) != 50 || total != n {
					b.Fatalf("%d items of %d, %v", len(items), total, err)
				}
				if used, _, err := s.ConnectionQuota(ctx, p.ID); err != nil || used != n {
					b.Fatalf("quota %d, %v", used, err)
				}
			}
		})
	}
}

// BenchmarkConnection is the query of a connection's details page.
func BenchmarkConnection(b *testing.B) {
	s, p := benchStore(b)
	ids := bulkConnections(b, s, p, 1_000)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.Connection(ctx, p.ID, ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkGatewaysPage runs the queries of the Virtual Gateways list page:
// a page of 50 gateways, each with an interface, and the quota.
func BenchmarkGatewaysPage(b *testing.B) {
	s, p := benchStore(b)
	conns := bulkConnections(b, s, p, 2)
	gws, _ := bulkGateways(b, s, p, 200, 0)
	bulkInterfaces(b, s, p, conns, gws)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		items, _, err := s.Gateways(ctx, p.ID, ListFilter{Limit: 50})
		if err != nil || len(items) != 50 {
			b.Fatalf("%d items, %v", len(items), err)
		}
		if _, _, err := s.GatewayQuota(ctx, p.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInterfacesPage runs the queries of the Virtual Interfaces list
// page: a page of 50 interfaces and the quota.
func BenchmarkInterfacesPage(b *testing.B) {
	s, p := benchStore(b)
	conns := bulkConnections(b, s, p, 2)
	gws, _ := bulkGateways(b, s, p, 200, 0)
	bulkInterfaces(b, s, p, conns, gws)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		items, _, err := s.Interfaces(ctx, p.ID, ListFilter{Limit: 50})
		if err != nil || len(items) != 50 {
			b.Fatalf("%d items, %v", len(items), err)
		}
		if _, _, err := s.InterfaceQuota(ctx, p.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateConnection is the store's create path (rules, quota,
// insert, operations log, one fsync'd commit, read back) in a project that
// already has 1,000 connections.
func BenchmarkCreateConnection(b *testing.B) {
	s, p := benchStore(b)
	bulkConnections(b, s, p, 1_000)
	ctx := context.Background()
	in := ConnectionInput{Name: "dc-bench", Location: "Biere", PeerLocation: "Frankfurt-DC2", Bandwidth: 100}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.CreateConnection(ctx, p, in, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateVPC is the VPC create path.
func BenchmarkCreateVPC(b *testing.B) {
	s, p := benchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-bench", CIDR: "172.16.0.0/16"}, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateGateway is the virtual gateway create path (each on a VPC
// of its own, made beforehand).
func BenchmarkCreateGateway(b *testing.B) {
	s, p := benchStore(b)
	ctx := context.Background()
	_, vpcs := bulkGateways(b, s, p, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		in := GatewayInput{Name: "vgw-bench", VPCID: vpcs[i], CIDRs: "10.0.0.0/24, 10.0.1.0/24"}
		if _, _, err := s.CreateGateway(ctx, p, in, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateInterface is the virtual interface create path: VLAN
// allocation, bandwidth sum, two-connection rule, quota. Each gateway gets
// interfaces on two connections at different locations.
func BenchmarkCreateInterface(b *testing.B) {
	s, p := benchStore(b)
	ctx := context.Background()
	const perGateway = 100
	pairs := b.N/perGateway + 1
	conns := bulkConnections(b, s, p, 2*pairs) // alternating Biere, Magdeburg
	if _, err := s.sqlExec(context.Background(), `UPDATE connections SET bandwidth = 20000, port_type = '100G' WHERE project_id = ?`, p.ID); err != nil {
		b.Fatal(err)
	}
	gws, _ := bulkGateways(b, s, p, pairs, 0)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g := i / perGateway
		in := InterfaceInput{Name: "vif-bench", ConnectionID: conns[2*g+i%2], GatewayID: gws[g], Bandwidth: 2, RemoteSubnets: "172.16.0.0/16"}
		if _, _, err := s.CreateInterface(ctx, p, in, ""); err != nil {
			b.Fatal(err)
		}
	}
}
