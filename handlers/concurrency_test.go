package handlers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"golang.org/x/crypto/bcrypt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dcconsole/handlers"
	"dcconsole/store"
)

// TestConcurrentWriters runs 64 writers for a bounded time: 32 through the
// store (connections, VPCs, gateways, interfaces: create, modify, delete)
// and 32 through the real router's API (connections). Then: no request
// failed for any reason but a rule (no SQLITE_BUSY, no 500), every
// acknowledged create is there unless its delete was acknowledged, nothing
// else is, and every invariant holds (quotas, VLAN per connection,
// bandwidth sums, at most two connections per gateway at two locations).
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "concurrent.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetPasswordCost(bcrypt.MinCost) // bcrypt is slow under -race; the cost is not under test here
	t.Cleanup(func() { st.Close() })
	if _, err := st.Bootstrap(ctx, adminPassword); err != nil {
		t.Fatal(err)
	}
	u, err := st.Authenticate(ctx, "admin", adminPassword)
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
	key := []byte(strings.Repeat("k", 64))
	srv := httptest.NewServer(handlers.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), handlers.Config{SessionHashKey: key[:32], SessionBlockKey: key[32:]}))
	t.Cleanup(srv.Close)

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
		req, _ := http.NewRequest(method, srv.URL+"/v2.0/dcaas/direct-connects"+path, strings.NewReader(body))
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

	stop := time.Now().Add(2 * time.Second)
	var wg sync.WaitGroup
	ops := make([]int, 64)
	for w := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 8))
			for time.Now().Before(stop) {
				if w < 32 {
					storeWriter(r)
				} else {
					apiWriter(r)
				}
				ops[w]++
			}
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range ops {
		total += n
	}
	t.Logf("%d operations by 64 writers", total)
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
		if err != nil || used != q.n || used > quota {
			t.Errorf("%s: used %d (listed %d) of quota %d, %v", q.name, used, q.n, quota, err)
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
