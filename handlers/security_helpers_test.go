package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers"
	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// secWorld is a console with two projects full of resources: the admin's
// eu-de project (A) and a trainee's project (B), for tests that throw bad
// input, missing tokens and other projects' IDs at every route.
type secWorld struct {
	*handlertest.Server
	E        *echo.Echo
	A, B     store.Project
	Trainee  store.User
	TPass    string
	ids      map[string]map[string]string // project ID -> kind -> resource ID
	freeVPCA string                       // a VPC of A without a gateway
}

func newSecWorld(t *testing.T, cfg handlers.Config) *secWorld {
	t.Helper()
	return newSecWorldLog(t, cfg, io.Discard)
}

// newSecWorldLog is newSecWorld with the console's log written to out.
func newSecWorldLog(t *testing.T, cfg handlers.Config, out io.Writer) *secWorld {
	t.Helper()
	ctx := context.Background()
	ts := handlertest.Start(t, handlertest.Options{Config: cfg, Log: slog.New(slog.NewJSONHandler(out, nil))})
	st := ts.Store
	st.SetProvisionDelay(0)
	w := &secWorld{Server: ts, ids: map[string]map[string]string{}}
	w.A = w.Project("eu-de")
	u, p, pw, err := st.CreateTrainee(ctx, "trainee1", "", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	w.Trainee, w.B, w.TPass = u, p, pw
	w.ids[w.A.ID] = w.fill(w.A, "a")
	w.ids[w.A.ID]["user"] = "1" // the bootstrap admin
	w.ids[w.B.ID] = w.fill(w.B, "b")
	w.ids[w.B.ID]["user"] = fmt.Sprint(w.Trainee.ID)
	vpc, _, err := st.CreateVPC(ctx, w.A, store.VPCInput{Name: "vpc-free", CIDR: "10.20.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	w.freeVPCA = vpc.ID
	// A class of one (administrators' pages): its ID and its trainee's fill
	// the class routes for both projects; a trainee is refused them all.
	class, _, err := st.CreateClass(ctx, store.ClassInput{Name: "cls-a", Region: "eu-de", Count: 1})
	if err != nil {
		t.Fatal(err)
	}
	board, err := st.Board(ctx, class.ID)
	if err != nil || len(board.Trainees) != 1 {
		t.Fatalf("class board %v %v", board, err)
	}
	for _, p := range []string{w.A.ID, w.B.ID} {
		w.ids[p]["class"] = fmt.Sprint(class.ID)
		w.ids[p]["trainee"] = fmt.Sprint(board.Trainees[0].UserID)
	}
	return w
}

// fill gives a project a connection, a VPC with a gateway and an interface,
// each named with the project's suffix (dc-a, vgw-a, vpc-a, subnet-a, ...
// for A), so a page that shows another project's resource is seen by name.
func (w *secWorld) fill(p store.Project, suffix string) map[string]string {
	w.T.Helper()
	ctx := context.Background()
	conn, _, err := w.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-" + suffix, Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		w.T.Fatal(err)
	}
	vpcs, err := w.Store.VPCs(ctx, p.ID)
	if err != nil || len(vpcs) == 0 {
		w.T.Fatalf("vpcs %v %v", vpcs, err)
	}
	vpcName := "vpc-" + suffix
	if _, err := w.Store.UpdateVPC(ctx, p.ID, vpcs[0].ID, store.VPCUpdate{Name: &vpcName}); err != nil {
		w.T.Fatal(err)
	}
	g, _, err := w.Store.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-" + suffix, VPCID: vpcs[0].ID, CIDRs: "192.168.0.0/24"}, "")
	if err != nil {
		w.T.Fatal(err)
	}
	v, _, err := w.Store.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-" + suffix, ConnectionID: conn.ID, GatewayID: g.ID,
		Bandwidth: 50, RemoteSubnets: "172.16.0.0/24"}, "")
	if err != nil {
		w.T.Fatal(err)
	}
	subs, err := w.Store.Subnets(ctx, p.ID, vpcs[0].ID)
	if err != nil || len(subs) == 0 {
		w.T.Fatalf("subnets %v %v", subs, err)
	}
	subnetName := "subnet-" + suffix
	if _, err := w.Store.UpdateSubnet(ctx, p.ID, vpcs[0].ID, subs[0].ID, store.SubnetUpdate{Name: &subnetName}); err != nil {
		w.T.Fatal(err)
	}
	return map[string]string{"project": p.ID, "connection": conn.ID, "vpc": vpcs[0].ID, "gateway": g.ID, "interface": v.ID,
		"endpoint-group": g.LocalGroupID, "subnet": subs[0].ID}
}

// names are the names fill gave project A's resources (and A's VPC
// without a gateway): none may show in an answer to project B's user.
var namesOfA = regexp.MustCompile(`(?:^|[^\w-])(dc-a|vgw-a|vif-a|vpc-a|subnet-a|vpc-free|cls-a)(?:[^\w-]|$)`)

// paramKinds says which resource each route parameter names, by the path
// segment before it (":vpc_id" and ":id" after "vpcs" are both a VPC).
var paramKinds = map[string]string{
	"connections": "connection", "direct-connects": "connection",
	"virtual-gateways": "gateway", "virtual-interfaces": "interface",
	"dc-endpoint-groups": "endpoint-group",
	"vpcs":               "vpc", "subnets": "subnet",
	"projects": "project", "users": "user",
	"classes": "class", "trainees": "trainee",
}

// fillPath replaces every parameter of a route path with the ID of project
// p's resource of the kind the parameter names (a :project_id with the
// project's ID). A parameter whose kind it cannot tell, or a kind the
// fixture has no resource of, stops the test: a made-up ID would be
// answered 404 whether or not the route checks the project, and the walk
// would prove nothing about that route.
func (w *secWorld) fillPath(p store.Project, path string) string {
	w.T.Helper()
	segs := strings.Split(path, "/")
	parts := slices.Clone(segs)
	for i, s := range segs {
		switch {
		case s == "*":
			parts[i] = "x" // a catch-all's rest: not an ID
		case s == ":project_id":
			parts[i] = p.ID
		case strings.HasPrefix(s, ":"):
			kind, ok := "", false
			if i > 0 {
				kind, ok = paramKinds[segs[i-1]]
			}
			if !ok {
				w.T.Fatalf("route %s: no resource kind known for %s (after %q); add it to paramKinds and a resource of that kind to fill", path, s, segs[max(i-1, 0)])
			}
			id := w.ids[p.ID][kind]
			if id == "" {
				w.T.Fatalf("route %s: the fixture has no %s of project %s for %s; add one to fill", path, kind, p.Name, s)
			}
			parts[i] = id
		}
	}
	return strings.Join(parts, "/")
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

// snapshot is the database's content except what a refused request may
// legitimately write: server-side sessions and login failures (throttling),
// and the operations log's entries for refused requests (so not its first
// line either, the count).
func (w *secWorld) snapshot() store.Contents {
	w.T.Helper()
	snap, err := w.Store.Snapshot(context.Background(), store.SnapshotOptions{Skip: []string{"sessions", "login_failures"}})
	if err != nil {
		w.T.Fatal(err)
	}
	var ops []string
	for _, row := range snap["operations"][1:] {
		if !strings.Contains(row, `"refused"`) && !strings.Contains(row, `"refused: `) {
			ops = append(ops, row)
		}
	}
	snap["operations"] = ops
	return snap
}

func (w *secWorld) assertUnchanged(t *testing.T, before store.Contents, what string) {
	t.Helper()
	after := w.snapshot()
	if reflect.DeepEqual(before, after) {
		return
	}
	for table := range after {
		if !reflect.DeepEqual(before[table], after[table]) {
			t.Errorf("%s changed table %s:\nbefore %d lines\nafter  %d lines (last: %.300s)", what, table, len(before[table]), len(after[table]), last(after[table]))
		}
	}
}

func last(rows []string) string {
	if len(rows) == 0 {
		return ""
	}
	return rows[len(rows)-1]
}
