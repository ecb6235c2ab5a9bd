package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// queryPlan returns the EXPLAIN QUERY PLAN lines of q.
func queryPlan(t *testing.T, s *Store, q string, args ...any) []string {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}

// TestListQueryPlans proves that the queries run on every page view and
// every create use indexes: no full scan of a resource table, no sort of
// the whole project for ORDER BY ... LIMIT, so their cost does not grow
// with a project's size.
func TestListQueryPlans(t *testing.T) {
	s, p := sqliteBootstrapped(t)
	bulkConnections(t, s, p, 50) // plans do not depend on the data, but use realistic tables
	const id = "00000000-0000-0000-0000-000000000000"

	connCount, connCountArgs, connList, connListArgs := connectionListSQL(p.ID, ListFilter{Limit: 50, Offset: 50})
	_, _, connByIDs, connByIDsArgs := connectionListSQL(p.ID, ListFilter{IDs: []string{id, id}})
	cases := []struct {
		name string
		q    string
		args []any
		want []string // each must appear in some line of the plan
	}{
		{"connections page", connList, connListArgs, []string{
			"SEARCH c USING INDEX connections_by_project (project_id=?)"}},
		{"connections count", connCount, connCountArgs, []string{"SEARCH projects USING INDEX sqlite_autoindex_projects_1 (id=?)"}},
		{"connections by id (API ?id=)", connByIDs, connByIDsArgs, []string{"SEARCH c USING INDEX sqlite_autoindex_connections_1 (id=?)"}},
		{"connection quota", connectionQuotaSQL, []any{p.ID}, []string{"SEARCH projects USING INDEX sqlite_autoindex_projects_1 (id=?)"}},
		{"connection details", `SELECT ` + connectionColumns + ` FROM connections c WHERE c.project_id = ? AND c.id = ?`, []any{p.ID, id},
			[]string{"SEARCH c USING INDEX sqlite_autoindex_connections_1 (id=?)"}},
		{"gateways page", `SELECT ` + gatewayColumns + gatewayFrom + ` WHERE g.project_id = ? ORDER BY g.created_at DESC, g.id LIMIT ? OFFSET ?`,
			[]any{p.ID, 50, 0}, []string{"SEARCH g USING INDEX virtual_gateways_by_project (project_id=?)", "SEARCH v USING INDEX sqlite_autoindex_vpcs_1 (id=?)"}},
		{"gateway interfaces", `SELECT gateway_id, id, name FROM virtual_interfaces WHERE gateway_id IN (?, ?) ORDER BY created_at, name, id`,
			[]any{id, id}, []string{"virtual_interfaces_by_gateway (gateway_id=?)"}},
		{"interfaces page", `SELECT ` + interfaceColumns + interfaceFrom + ` WHERE v.project_id = ? ORDER BY v.created_at DESC, v.id LIMIT ? OFFSET ?`,
			[]any{p.ID, 50, 0}, []string{"SEARCH v USING INDEX virtual_interfaces_by_project (project_id=?)"}},
		{"operations page", `SELECT id FROM operations WHERE project_id = ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
			[]any{p.ID, 50, 0}, []string{"operations_by_project (project_id=?)"}},
		{"provisioning due", `SELECT EXISTS (SELECT 1 FROM connections WHERE ` + dueClause(StatusBuild) + `)`, []any{int64(0)},
			[]string{"connections_building"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Rows picked by ID (the API's ?id=, the interfaces of one page
			// of gateways) are few by construction: sorting them is fine.
			sortOK := tc.name == "gateway interfaces" || tc.name == "connections by id (API ?id=)"
			plan := queryPlan(t, s, tc.q, tc.args...)
			all := strings.Join(plan, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("plan lacks %q:\n%s", w, all)
				}
			}
			for _, line := range plan {
				if (strings.HasPrefix(line, "SCAN ") && line != "SCAN CONSTANT ROW") || (strings.Contains(line, "TEMP B-TREE") && !sortOK) {
					t.Errorf("plan scans or sorts: %q\n%s", line, all)
				}
			}
		})
	}
}

// TestConnectionCountFollowsRows checks the count the triggers keep against
// COUNT(*) through creates, deletes, a reset and a project's deletion.
func TestConnectionCountFollowsRows(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	check := func(when string) {
		t.Helper()
		rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.connection_count, (SELECT COUNT(*) FROM connections c WHERE c.project_id = p.id) FROM projects p`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var kept, counted int
			if err := rows.Scan(&id, &kept, &counted); err != nil {
				t.Fatal(err)
			}
			if kept != counted {
				t.Fatalf("%s: project %s keeps %d connections, has %d", when, id, kept, counted)
			}
		}
		checkInterfaceTotals(t, s, when)
	}
	var ids []string
	for i := range 5 {
		c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-count", Location: "Biere", Bandwidth: 10 * (i + 1)}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	check("after creates")
	if used, _, err := s.ConnectionQuota(ctx, p.ID); err != nil || used != 5 {
		t.Fatalf("quota used %d, %v", used, err)
	}
	if _, err := s.DeleteConnection(ctx, p.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	check("after a delete")
	if _, total, err := s.Connections(ctx, p.ID, ListFilter{Limit: 2}); err != nil || total != 4 {
		t.Fatalf("total %d, %v", total, err)
	}
	other, err := s.CreateProject(ctx, "eu-de_count", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateConnection(ctx, other, ConnectionInput{Name: "dc-other", Location: "Biere", Bandwidth: 10}, ""); err != nil {
		t.Fatal(err)
	}
	check("in two projects")
	if _, err := s.sqlExec(ctx, `DELETE FROM projects WHERE id = ?`, other.ID); err != nil {
		t.Fatal(err)
	}
	check("after a project's cascade")
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a reset")
}

// checkInterfaceTotals compares each connection's kept interface count and
// used bandwidth (migration 0007) with its interfaces.
func checkInterfaceTotals(t *testing.T, s *Store, when string) {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), `SELECT c.id, c.interface_count, c.used_bandwidth,
		(SELECT COUNT(*) FROM virtual_interfaces v WHERE v.connection_id = c.id),
		(SELECT COALESCE(SUM(v.bandwidth), 0) FROM virtual_interfaces v WHERE v.connection_id = c.id) FROM connections c`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n, bw, counted, summed int
		if err := rows.Scan(&id, &n, &bw, &counted, &summed); err != nil {
			t.Fatal(err)
		}
		if n != counted || bw != summed {
			t.Fatalf("%s: connection %s keeps %d interfaces / %d Mbit/s, has %d / %d", when, id, n, bw, counted, summed)
		}
	}
}

// TestInterfaceTotalsFollowInterfaces: creates, a bandwidth change, deletes
// and a project reset keep each connection's totals right.
func TestInterfaceTotalsFollowInterfaces(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	biere, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-123", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	vpcs, err := s.VPCs(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	gw, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpcs[0].ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	var vifs []VirtualInterface
	for i, bw := range []int{10, 20, 30} {
		v, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-%d", i), ConnectionID: biere.ID, GatewayID: gw.ID, Bandwidth: bw, RemoteSubnets: "10.1.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		vifs = append(vifs, v)
	}
	checkInterfaceTotals(t, s, "after creates")
	if c, err := s.Connection(ctx, p.ID, biere.ID); err != nil || c.InterfaceCount != 3 || c.UsedBandwidth != 60 {
		t.Fatalf("connection after 3 interfaces: %d / %d, %v", c.InterfaceCount, c.UsedBandwidth, err)
	}
	bw := 35
	if _, err := s.UpdateInterface(ctx, p.ID, vifs[1].ID, InterfaceUpdate{Bandwidth: &bw}); err != nil {
		t.Fatal(err)
	}
	checkInterfaceTotals(t, s, "after a bandwidth change")
	if _, err := s.DeleteInterface(ctx, p.ID, vifs[0].ID); err != nil {
		t.Fatal(err)
	}
	checkInterfaceTotals(t, s, "after a delete")
	if c, _ := s.Connection(ctx, p.ID, biere.ID); c.InterfaceCount != 2 || c.UsedBandwidth != 65 {
		t.Fatalf("connection after the changes: %d / %d, want 2 / 65", c.InterfaceCount, c.UsedBandwidth)
	}
	if _, err := s.ResetProject(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	checkInterfaceTotals(t, s, "after a reset")
}
