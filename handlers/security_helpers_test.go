package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"dcconsole/handlers"
	"dcconsole/store"
)

// secWorld is a console with two projects full of resources: the admin's
// eu-de project (A) and a trainee's project (B), for tests that throw bad
// input, missing tokens and other projects' IDs at every route.
type secWorld struct {
	*testServer
	E        *echo.Echo
	A, B     store.Project
	Trainee  store.User
	TPass    string
	ids      map[string]map[string]string // project ID -> kind -> resource ID
	freeVPCA string                       // a VPC of A without a gateway
}

func newSecWorld(t *testing.T, cfg handlers.Config) *secWorld {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "sec.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetProvisionDelay(0)
	st.SetPasswordCost(bcrypt.MinCost) // bcrypt is slow under -race; its cost is not under test here
	if _, err := st.Bootstrap(ctx, adminPassword); err != nil {
		t.Fatal(err)
	}
	key := []byte(strings.Repeat("k", 64))
	cfg.SessionHashKey, cfg.SessionBlockKey = key[:32], key[32:]
	e := handlers.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	w := &secWorld{testServer: &testServer{t: t, Store: st, URL: srv.URL, client: newClient()}, E: e, ids: map[string]map[string]string{}}
	w.A = w.project("eu-de")
	u, p, pw, err := st.CreateTrainee(ctx, "trainee1", "", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	w.Trainee, w.B, w.TPass = u, p, pw
	for _, pr := range []store.Project{w.A, w.B} {
		w.ids[pr.ID] = w.fill(pr)
	}
	vpc, _, err := st.CreateVPC(ctx, w.A, store.VPCInput{Name: "vpc-free", CIDR: "10.20.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	w.freeVPCA = vpc.ID
	return w
}

// fill gives a project a connection, a VPC with a gateway and an interface.
func (w *secWorld) fill(p store.Project) map[string]string {
	w.t.Helper()
	ctx := context.Background()
	conn, _, err := w.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-a", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		w.t.Fatal(err)
	}
	vpcs, err := w.Store.VPCs(ctx, p.ID)
	if err != nil || len(vpcs) == 0 {
		w.t.Fatalf("vpcs %v %v", vpcs, err)
	}
	g, _, err := w.Store.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-a", VPCID: vpcs[0].ID, CIDRs: "192.168.0.0/24"}, "")
	if err != nil {
		w.t.Fatal(err)
	}
	v, _, err := w.Store.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-a", ConnectionID: conn.ID, GatewayID: g.ID,
		Bandwidth: 50, RemoteSubnets: "172.16.0.0/24"}, "")
	if err != nil {
		w.t.Fatal(err)
	}
	subs, err := w.Store.Subnets(ctx, p.ID, vpcs[0].ID)
	if err != nil || len(subs) == 0 {
		w.t.Fatalf("subnets %v %v", subs, err)
	}
	return map[string]string{"connection": conn.ID, "vpc": vpcs[0].ID, "gateway": g.ID, "interface": v.ID,
		"endpoint-group": g.LocalGroupID, "subnet": subs[0].ID}
}

// idFor picks the ID of project p that fits a route's :id, by the kind of
// resource its path names; "" when the route is not about a resource.
func (w *secWorld) idFor(p store.Project, path string) string {
	ids := w.ids[p.ID]
	switch {
	case strings.Contains(path, "/admin/projects/"), strings.Contains(path, "/projects/"):
		return p.ID
	case strings.Contains(path, "/admin/users/"):
		if p.ID == w.A.ID {
			return "1"
		}
		return fmt.Sprint(w.Trainee.ID)
	case strings.Contains(path, "connect"):
		return ids["connection"]
	case strings.Contains(path, "gateway"):
		return ids["gateway"]
	case strings.Contains(path, "interface"):
		return ids["interface"]
	case strings.Contains(path, "endpoint"):
		return ids["endpoint-group"]
	case strings.Contains(path, "subnets/"):
		return ids["subnet"]
	case strings.Contains(path, "vpc"):
		return ids["vpc"]
	}
	return ids["connection"]
}

// isAPI reports whether a path belongs to the API (token auth, JSON).
func isAPI(path string) bool {
	for _, p := range []string{"/v1/", "/v2.0/", "/v3/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// apiBody is a small body for a state-changing API route, wrapped in the
// key of the route's resource, so the request gets as far as the lookup.
func apiBody(path string) string {
	key := "direct_connect"
	for frag, k := range map[string]string{"virtual-gateways": "virtual_gateway", "virtual-interfaces": "virtual_interface",
		"endpoint-groups": "dc_endpoint_group", "/vpcs": "vpc"} {
		if strings.Contains(path, frag) {
			key = k
		}
	}
	return `{"` + key + `":{"name":"x-1"}}`
}

// fillPath replaces every :param of a route path with id (a :project_id
// with the project's ID).
func (w *secWorld) fillPath(p store.Project, path string) string {
	parts := strings.Split(path, "/")
	for i, s := range parts {
		if s == ":project_id" {
			parts[i] = p.ID
		} else if strings.HasPrefix(s, ":") {
			parts[i] = w.idFor(p, path)
		}
		if s == "*" {
			parts[i] = "x"
		}
	}
	return strings.Join(parts, "/")
}

// snapshot is the database's content except what a refused request may
// legitimately write: server-side sessions and login failures (throttling),
// and the operations log's entries for refused requests.
func (w *secWorld) snapshot() map[string][]string {
	w.t.Helper()
	snap, err := w.Store.Snapshot(context.Background(), "sessions", "login_failures")
	if err != nil {
		w.t.Fatal(err)
	}
	var ops []string
	for _, row := range snap["operations"] {
		if !strings.Contains(row, `"refused: `) {
			ops = append(ops, row)
		}
	}
	snap["operations"] = ops
	return snap
}

func (w *secWorld) assertUnchanged(t *testing.T, before map[string][]string, what string) {
	t.Helper()
	after := w.snapshot()
	if reflect.DeepEqual(before, after) {
		return
	}
	for table := range after {
		if !reflect.DeepEqual(before[table], after[table]) {
			t.Errorf("%s changed table %s:\nbefore %d rows\nafter  %d rows (last: %.300s)", what, table, len(before[table]), len(after[table]), last(after[table]))
		}
	}
}

func last(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[len(rows)-1]
}

// apiToken is a project-scoped API token of the user for the project,
// made in the store (no bcrypt).
func (w *secWorld) apiToken(u store.User, p store.Project) string {
	w.t.Helper()
	tok, _, err := w.Store.CreateAPIToken(context.Background(), u, store.ScopeProject, p, time.Hour)
	if err != nil {
		w.t.Fatal(err)
	}
	return tok
}

// raw sends a request with the client's cookies and returns status and body.
func (w *secWorld) raw(method, path, contentType, body string, header map[string]string) (*http.Response, string) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.URL+path, strings.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return w.do(req)
}
