package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// TestConcurrentWriters runs 64 writers at once, 32 through the store and
// 32 through the real router's API, in rounds that each start together:
//
//   - churn: every writer does a few random creates, modifies and deletes of
//     connections, VPCs, gateways and interfaces;
//   - a race for the connection quota: 64 creates for 40 free places, so
//     exactly 40 succeed, the other 24 are refused by the quota, and each
//     path has at least 8 successes (the other has at most 32);
//   - each of those 40 connections is modified, and every second one deleted,
//     by the path that created it: exact counts;
//   - a second race fills the 20 places again (exactly 20 successes);
//   - a race for the gateway quota (24 creates on 12 VPCs for 8 places) and
//     one for the interface quota (64 creates for 30 places).
//
// Then: no request failed for any reason but a rule (no SQLITE_BUSY, no
// 500), every quota holds exactly its number of resources, every
// acknowledged create is there unless its delete was acknowledged, nothing
// else is, and every invariant holds (VLAN per connection, bandwidth sums,
// at most two connections per gateway at two locations).
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	ts := handlertest.New(t)
	st := ts.Store
	u, err := st.Authenticate(ctx, "admin", handlertest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.ProjectForUserByName(ctx, u.ID, "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	// Quotas low enough that the run hits them.
	if err := st.SetQuotas(ctx, p.ID, store.Quotas{Connections: 40, Gateways: 8, Interfaces: 60}); err != nil {
		t.Fatal(err)
	}
	token, _, err := st.CreateAPIToken(ctx, u, store.ScopeProject, p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	live := map[string]map[string]bool{"connection": {}, "gateway": {}, "interface": {}, "vpc": {}}
	created := func(kind, id string) { mu.Lock(); live[kind][id] = true; mu.Unlock() }
	deleted := func(kind, id string) { mu.Lock(); delete(live[kind], id); mu.Unlock() }
	pick := func(r *rand.Rand, kind string) string {
		mu.Lock()
		defer mu.Unlock()
		n := len(live[kind])
		if n == 0 {
			return "00000000-0000-0000-0000-000000000000"
		}
		i := r.IntN(n)
		for id := range live[kind] {
			if i == 0 {
				return id
			}
			i--
		}
		return ""
	}
	// refused reports whether err is a refusal by the rules, which is fine.
	refused := func(err error) bool {
		var re *store.RuleError
		var ve *store.ValidationError
		return errors.As(err, &re) || errors.As(err, &ve) || errors.Is(err, store.ErrNotFound)
	}
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		failures = append(failures, fmt.Sprintf(format, args...))
		mu.Unlock()
	}

	storeWriter := func(r *rand.Rand) {
		ctx := store.WithActor(ctx, "writer")
		var err error
		switch r.IntN(9) {
		case 0, 1:
			var c store.Connection
			c, _, err = st.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-race", Location: []string{"Biere", "Magdeburg"}[r.IntN(2)], Bandwidth: 100 * (1 + r.IntN(10))}, "")
			if err == nil {
				created("connection", c.ID)
			}
		case 2:
			bw := 10 * (1 + r.IntN(100))
			_, err = st.UpdateConnection(ctx, p.ID, pick(r, "connection"), store.ConnectionUpdate{Bandwidth: &bw})
		case 3:
			id := pick(r, "connection")
			if _, err = st.DeleteConnection(ctx, p.ID, id); err == nil {
				deleted("connection", id)
			}
		case 4:
			var v store.VPC
			if v, _, err = st.CreateVPC(ctx, p, store.VPCInput{Name: "vpc-race", CIDR: "10.1.0.0/16"}, ""); err == nil {
				created("vpc", v.ID)
				var g store.Gateway
				if g, _, err = st.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-race", VPCID: v.ID, CIDRs: "10.1.0.0/24"}, ""); err == nil {
					created("gateway", g.ID)
				}
			}
		case 5:
			id := pick(r, "gateway")
			if _, err = st.DeleteGateway(ctx, p.ID, id); err == nil {
				deleted("gateway", id)
			}
		case 6, 7:
			var v store.VirtualInterface
			v, _, err = st.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-race", ConnectionID: pick(r, "connection"),
				GatewayID: pick(r, "gateway"), Bandwidth: 10 * (1 + r.IntN(20)), RemoteSubnets: "172.16.0.0/16"}, "")
			if err == nil {
				created("interface", v.ID)
			}
		case 8:
			id := pick(r, "interface")
			if r.IntN(2) == 0 {
				bw := 10 * (1 + r.IntN(20))
				_, err = st.UpdateInterface(ctx, p.ID, id, store.InterfaceUpdate{Bandwidth: &bw})
			} else if _, err = st.DeleteInterface(ctx, p.ID, id); err == nil {
				deleted("interface", id)
			}
		}
		if err != nil && !refused(err) {
			fail("store: %v", err)
		}
	}

	client := &http.Client{Timeout: 30 * time.Second}
	api := func(method, path, body string) (int, string) {
		req, _ := http.NewRequest(method, ts.URL+"/v2.0/dcaas/direct-connects"+path, strings.NewReader(body))
		req.Header.Set("X-Auth-Token", token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			fail("api: %v", err)
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	apiWriter := func(r *rand.Rand) {
		var code int
		var body string
		switch r.IntN(4) {
		case 0, 1:
			code, body = api("POST", "", fmt.Sprintf(`{"direct_connect": {"name": "dc-api-race", "port_type": "1G", "bandwidth": %d, "location": "Biere", "provider": "OTC"}}`, 10*(1+r.IntN(50))))
			if code == http.StatusCreated {
				var out struct {
					DirectConnect struct{ ID string } `json:"direct_connect"`
				}
				if err := json.Unmarshal([]byte(body), &out); err != nil || out.DirectConnect.ID == "" {
					fail("api create: %q", body)
				}
				created("connection", out.DirectConnect.ID)
			}
		case 2:
			code, body = api("PUT", "/"+pick(r, "connection"), fmt.Sprintf(`{"direct_connect": {"bandwidth": %d}}`, 10*(1+r.IntN(100))))
		case 3:
			id := pick(r, "connection")
			if code, body = api("DELETE", "/"+id, ""); code == http.StatusNoContent {
				deleted("connection", id)
			}
		}
		if code >= 500 || code == 0 || strings.Contains(strings.ToLower(body), "busy") || strings.Contains(strings.ToLower(body), "locked") {
			fail("api: status %d %s", code, body)
		}
	}

	// together runs f(0) ... f(n-1) in n goroutines that all start at once
	// (each waits until all are ready) and returns when all are done.
	together := func(n int, f func(w int)) {
		var ready, done sync.WaitGroup
		start := make(chan struct{})
		for w := range n {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				ready.Done()
				<-start
				f(w)
			}()
		}
		ready.Wait()
		close(start)
		done.Wait()
	}
	var nOps [2]int // per path: 0 store, 1 API
	tally := func(n *int) { mu.Lock(); *n++; mu.Unlock() }
	isQuota := func(err error) bool {
		var re *store.RuleError
		return errors.As(err, &re) && re.Code == "DC.1019"
	}
	connCount := func() int {
		t.Helper()
		used, _, err := st.ConnectionQuota(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return used
	}

	// Round 1, churn: a few random operations per writer, all at once.
	together(64, func(w int) {
		r := rand.New(rand.NewPCG(uint64(w), 8))
		for range 3 {
			if w < 32 {
				storeWriter(r)
			} else {
				apiWriter(r)
			}
			tally(&nOps[w/32])
		}
	})
	t.Logf("churn: %d store and %d API operations", nOps[0], nOps[1])

	// Round 2, the race for the connection quota: 40 free places, 64
	// creates (one per writer).
	base := connCount()
	if err := st.SetQuotas(ctx, p.ID, store.Quotas{Connections: base + 40, Gateways: 8, Interfaces: 60}); err != nil {
		t.Fatal(err)
	}
	type owned struct {
		id  string
		api bool
	}
	var mine []owned
	var createdBy, quotaRefused [2]int
	createOne := func(w int) {
		if w < 32 {
			c, _, err := st.CreateConnection(store.WithActor(ctx, "writer"), p, store.ConnectionInput{Name: "dc-quota", Location: "Magdeburg", Bandwidth: 1000}, "")
			switch {
			case err == nil:
				created("connection", c.ID)
				mu.Lock()
				mine = append(mine, owned{c.ID, false})
				createdBy[0]++
				mu.Unlock()
			case isQuota(err):
				tally(&quotaRefused[0])
			default:
				fail("store create in the quota race: %v", err)
			}
			return
		}
		code, body := api("POST", "", `{"direct_connect": {"name": "dc-api-quota", "port_type": "1G", "bandwidth": 1000, "location": "Biere", "provider": "OTC"}}`)
		switch {
		case code == http.StatusCreated:
			var out struct {
				DirectConnect struct{ ID string } `json:"direct_connect"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil || out.DirectConnect.ID == "" {
				fail("api create in the quota race: %q", body)
				return
			}
			created("connection", out.DirectConnect.ID)
			mu.Lock()
			mine = append(mine, owned{out.DirectConnect.ID, true})
			createdBy[1]++
			mu.Unlock()
		case code == http.StatusBadRequest && strings.Contains(body, `"DC.1019"`):
			tally(&quotaRefused[1])
		default:
			fail("api create in the quota race: status %d %s", code, body)
		}
	}
	together(64, createOne)
	t.Logf("connection quota race: %d store and %d API creates succeeded, %d and %d refused by the quota",
		createdBy[0], createdBy[1], quotaRefused[0], quotaRefused[1])
	if createdBy[0]+createdBy[1] != 40 || quotaRefused[0]+quotaRefused[1] != 24 {
		t.Errorf("connection quota race: %d creates succeeded and %d were refused by the quota, want 40 and 24",
			createdBy[0]+createdBy[1], quotaRefused[0]+quotaRefused[1])
	}
	if createdBy[0] < 8 || createdBy[1] < 8 {
		t.Errorf("connection quota race: %d store and %d API creates succeeded, want at least 8 each", createdBy[0], createdBy[1])
	}
	if n := connCount(); n != base+40 {
		t.Errorf("after the quota race %d connections are stored, quota %d", n, base+40)
	}

	// Round 3: each new connection is modified by the path that created
	// it, and every second one deleted: all of them must succeed.
	slices.SortFunc(mine, func(a, b owned) int { return strings.Compare(a.id, b.id) })
	var modified, removed [2]int
	wantRemoved := [2]int{}
	for i, o := range mine {
		if i%2 == 0 {
			if o.api {
				wantRemoved[1]++
			} else {
				wantRemoved[0]++
			}
		}
	}
	together(len(mine), func(i int) {
		o := mine[i]
		if !o.api {
			bw := 500
			if _, err := st.UpdateConnection(store.WithActor(ctx, "writer"), p.ID, o.id, store.ConnectionUpdate{Bandwidth: &bw}); err != nil {
				fail("store modify %s: %v", o.id, err)
			} else {
				tally(&modified[0])
			}
			if i%2 == 0 {
				if _, err := st.DeleteConnection(store.WithActor(ctx, "writer"), p.ID, o.id); err != nil {
					fail("store delete %s: %v", o.id, err)
				} else {
					deleted("connection", o.id)
					tally(&removed[0])
				}
			}
			return
		}
		if code, body := api("PUT", "/"+o.id, `{"direct_connect": {"bandwidth": 500}}`); code != http.StatusOK {
			fail("api modify %s: status %d %s", o.id, code, body)
		} else {
			tally(&modified[1])
		}
		if i%2 == 0 {
			if code, body := api("DELETE", "/"+o.id, ""); code != http.StatusNoContent {
				fail("api delete %s: status %d %s", o.id, code, body)
			} else {
				deleted("connection", o.id)
				tally(&removed[1])
			}
		}
	})
	if modified != createdBy || removed != wantRemoved {
		t.Errorf("modified %v (store, API), want %v; deleted %v, want %v", modified, createdBy, removed, wantRemoved)
	}
	for _, o := range mine {
		c, err := st.Connection(ctx, p.ID, o.id)
		switch {
		case live["connection"][o.id] && (err != nil || c.Bandwidth != 500):
			t.Errorf("modified connection %s: bandwidth %d, %v; want 500", o.id, c.Bandwidth, err)
		case !live["connection"][o.id] && !errors.Is(err, store.ErrNotFound):
			t.Errorf("deleted connection %s: %v", o.id, err)
		}
	}

	// Round 4: the freed places are raced for again.
	freed := wantRemoved[0] + wantRemoved[1]
	createdBy, quotaRefused = [2]int{}, [2]int{}
	together(64, createOne)
	if createdBy[0]+createdBy[1] != freed || quotaRefused[0]+quotaRefused[1] != 64-freed {
		t.Errorf("second quota race: %d creates succeeded and %d were refused by the quota, want %d and %d",
			createdBy[0]+createdBy[1], quotaRefused[0]+quotaRefused[1], freed, 64-freed)
	}

	// Round 5, the race for the gateway quota: 12 new VPCs, 8 free places,
	// two creates per VPC (a VPC has at most one gateway).
	gwBase, _, err := st.GatewayQuota(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	vifBase, _, err := st.InterfaceQuota(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetQuotas(ctx, p.ID, store.Quotas{Connections: base + 40, Gateways: gwBase + 8, Interfaces: vifBase + 30}); err != nil {
		t.Fatal(err)
	}
	var vpcs []string
	for i := range 12 {
		v, _, err := st.CreateVPC(ctx, p, store.VPCInput{Name: fmt.Sprintf("vpc-quota-%d", i), CIDR: "10.2.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		created("vpc", v.ID)
		vpcs = append(vpcs, v.ID)
	}
	var newGateways []string
	gwRefused := 0
	together(24, func(w int) {
		g, _, err := st.CreateGateway(store.WithActor(ctx, "writer"), p, store.GatewayInput{Name: "vgw-quota", VPCID: vpcs[w%12], CIDRs: "10.2.0.0/24"}, "")
		var re *store.RuleError
		switch {
		case err == nil:
			created("gateway", g.ID)
			mu.Lock()
			newGateways = append(newGateways, g.ID)
			mu.Unlock()
		case errors.As(err, &re) && (re.Code == "DC.1019" || re.Code == "DC.1110"):
			tally(&gwRefused)
		default:
			fail("gateway create in the quota race: %v", err)
		}
	})
	if len(newGateways) != 8 || gwRefused != 16 {
		t.Errorf("gateway quota race: %d creates succeeded and %d were refused, want 8 and 16", len(newGateways), gwRefused)
	}

	// Round 6, the race for the interface quota: 30 free places, 64
	// creates of 10 Mbit/s on one new 1000 Mbit/s connection and one new
	// gateway.
	var fresh string
	for _, o := range mine {
		if live["connection"][o.id] {
			fresh = o.id
			break
		}
	}
	if fresh == "" || len(newGateways) == 0 {
		t.Fatal("no connection or gateway left for the interface quota race")
	}
	full := 1000
	if _, err := st.UpdateConnection(ctx, p.ID, fresh, store.ConnectionUpdate{Bandwidth: &full}); err != nil {
		t.Fatal(err)
	}
	vifCreated, vifRefused := 0, 0
	together(64, func(w int) {
		v, _, err := st.CreateInterface(store.WithActor(ctx, "writer"), p, store.InterfaceInput{Name: "vif-quota", ConnectionID: fresh,
			GatewayID: newGateways[0], Bandwidth: 10, RemoteSubnets: "172.17.0.0/16"}, "")
		switch {
		case err == nil:
			created("interface", v.ID)
			tally(&vifCreated)
		case isQuota(err):
			tally(&vifRefused)
		default:
			fail("interface create in the quota race: %v", err)
		}
	})
	if vifCreated != 30 || vifRefused != 34 {
		t.Errorf("interface quota race: %d creates succeeded and %d were refused by the quota, want 30 and 34", vifCreated, vifRefused)
	}

	for i, f := range failures {
		if i == 10 {
			t.Errorf("... and %d more", len(failures)-10)
			break
		}
		t.Error(f)
	}

	// Exactly the acknowledged resources are there, each once.
	conns, _, err := st.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	gws, _, err := st.Gateways(ctx, p.ID, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	vifs, _, err := st.Interfaces(ctx, p.ID, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	same := func(kind string, ids []string) {
		t.Helper()
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s %s is stored twice", kind, id)
			}
			seen[id] = true
			if !live[kind][id] {
				t.Errorf("%s %s is stored but was never acknowledged (or its delete was)", kind, id)
			}
		}
		for id := range live[kind] {
			if !seen[id] {
				t.Errorf("acknowledged %s %s is lost", kind, id)
			}
		}
	}
	var ids []string
	for _, c := range conns {
		ids = append(ids, c.ID)
	}
	same("connection", ids)
	ids = nil
	for _, g := range gws {
		ids = append(ids, g.ID)
	}
	same("gateway", ids)
	ids = nil
	for _, v := range vifs {
		ids = append(ids, v.ID)
	}
	same("interface", ids)

	// Invariants.
	for _, q := range []struct {
		name string
		f    func(context.Context, string) (int, int, error)
		n    int
	}{{"connections", st.ConnectionQuota, len(conns)}, {"gateways", st.GatewayQuota, len(gws)}, {"interfaces", st.InterfaceQuota, len(vifs)}} {
		used, quota, err := q.f(ctx, p.ID)
		// The last races filled every quota: exactly its number is there.
		if err != nil || used != q.n || used != quota {
			t.Errorf("%s: used %d (listed %d) of quota %d, want the quota used up exactly, %v", q.name, used, q.n, quota, err)
		}
	}
	bw := map[string]int{}
	loc := map[string]string{}
	for _, c := range conns {
		bw[c.ID], loc[c.ID] = c.Bandwidth, c.Location
	}
	used := map[string]int{}
	vlans := map[string]bool{}
	gwConns := map[string]map[string]bool{}
	for _, v := range vifs {
		used[v.ConnectionID] += v.Bandwidth
		k := fmt.Sprintf("%s/%d", v.ConnectionID, v.VLAN)
		if vlans[k] {
			t.Errorf("VLAN %d is used twice on connection %s", v.VLAN, v.ConnectionID)
		}
		vlans[k] = true
		if gwConns[v.GatewayID] == nil {
			gwConns[v.GatewayID] = map[string]bool{}
		}
		gwConns[v.GatewayID][v.ConnectionID] = true
	}
	for id, u := range used {
		if u > bw[id] {
			t.Errorf("connection %s: its interfaces use %d of %d Mbit/s", id, u, bw[id])
		}
	}
	// The totals each connection keeps (triggers) match its interfaces.
	count := map[string]int{}
	for _, v := range vifs {
		count[v.ConnectionID]++
	}
	for _, c := range conns {
		if c.InterfaceCount != count[c.ID] || c.UsedBandwidth != used[c.ID] {
			t.Errorf("connection %s keeps %d interfaces / %d Mbit/s, has %d / %d", c.ID, c.InterfaceCount, c.UsedBandwidth, count[c.ID], used[c.ID])
		}
	}
	for gw, cs := range gwConns {
		var locs []string
		for c := range cs {
			locs = append(locs, loc[c])
		}
		if len(cs) > 2 || (len(cs) == 2 && locs[0] == locs[1]) {
			t.Errorf("gateway %s uses connections at %v", gw, locs)
		}
	}
	t.Logf("%d connections, %d gateways, %d interfaces at the end", len(conns), len(gws), len(vifs))
}
