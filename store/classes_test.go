package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// runScenario does the guide's whole scenario in p as user: two
// connections at Biere and Magdeburg, a gateway on VPC-001, two interfaces,
// then the failover drill (fail, one refused restore of a Normal
// connection, restore).
func runScenario(t testing.TB, s *Store, p Project, user string) {
	t.Helper()
	ctx := WithActor(context.Background(), user)
	c1, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-123", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	c2, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-456", Location: "Magdeburg", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	vpcs, err := s.VPCs(ctx, p.ID)
	if err != nil || len(vpcs) == 0 {
		t.Fatal(vpcs, err)
	}
	gw, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpcs[0].ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []Connection{c1, c2} {
		if _, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-" + c.Name[3:], ConnectionID: c.ID, GatewayID: gw.ID, Bandwidth: 100, RemoteSubnets: "192.168.51.0/24"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SimulateFailure(ctx, p.ID, c1.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SimulateFailure(ctx, p.ID, c2.ID, false); err == nil {
		t.Fatal("restoring a Normal connection was accepted")
	}
	if _, err := s.SimulateFailure(ctx, p.ID, c1.ID, false); err != nil {
		t.Fatal(err)
	}
}

func countRows(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCreateClassMakesTrainees: a class of 3 gives 3 users who log in with
// their own passwords, each with a project of their own holding VPC-001 and
// subnet-001, granted to them and to the admin only.
func TestCreateClassMakesTrainees(t *testing.T) {
	s, _ := bootstrapped(t)
	ctx := context.Background()
	cl, creds, err := s.CreateClass(ctx, ClassInput{Name: "c1", Region: "eu-nl", Count: 3})
	if err != nil {
		t.Fatal(err)
	}
	if cl.Prefix != "c1" || len(creds) != 3 {
		t.Fatalf("class %+v, %d credentials", cl, len(creds))
	}
	seen := map[string]bool{}
	for i, cr := range creds {
		want := []string{"c1-01", "c1-02", "c1-03"}[i]
		if cr.User != want || cr.Project != "eu-nl_"+want || cr.Region != "eu-nl" || len(cr.Password) < 12 || seen[cr.Password] {
			t.Fatalf("credential %d: %+v", i, cr)
		}
		seen[cr.Password] = true
		u, err := s.Authenticate(ctx, cr.User, cr.Password)
		if err != nil {
			t.Fatalf("%s cannot log in: %v", cr.User, err)
		}
		ps, err := s.ProjectsForUser(ctx, u.ID)
		if err != nil || len(ps) != 1 || ps[0].Name != cr.Project || ps[0].Region != "eu-nl" {
			t.Fatalf("%s sees %v (%v)", cr.User, ps, err)
		}
		vpcs, err := s.VPCs(ctx, ps[0].ID)
		if err != nil || len(vpcs) != 1 || vpcs[0].Name != "VPC-001" {
			t.Fatalf("%s's project holds %v", cr.User, vpcs)
		}
		subs, err := s.Subnets(ctx, ps[0].ID, vpcs[0].ID)
		if err != nil || len(subs) != 1 || subs[0].Name != DefaultSubnetName {
			t.Fatalf("%s's VPC-001 holds subnets %v (%v)", cr.User, subs, err)
		}
	}
	admin, _ := s.Authenticate(ctx, "admin", "admin-password")
	ps, _ := s.ProjectsForUser(ctx, admin.ID)
	if len(ps) != 2+3 {
		t.Fatalf("admin sees %d projects", len(ps))
	}
	cls, err := s.Classes(ctx)
	if err != nil || len(cls) != 1 || cls[0].Trainees != 3 || cls[0].Region != "eu-nl" {
		t.Fatalf("classes %+v (%v)", cls, err)
	}
	// A prefix of its own; three digits from 100 trainees on.
	_, creds, err = s.CreateClass(ctx, ClassInput{Name: "big", Region: "eu-de", Count: 100, Prefix: "room_7"})
	if err != nil {
		t.Fatal(err)
	}
	if creds[0].User != "room_7-001" || creds[99].User != "room_7-100" {
		t.Fatalf("names %s ... %s", creds[0].User, creds[99].User)
	}
}

// TestCreateClassBadInputCreatesNothing: every refusal names the field and
// leaves no user, project or class behind.
func TestCreateClassBadInputCreatesNothing(t *testing.T) {
	s, _ := bootstrapped(t)
	ctx := context.Background()
	if _, err := s.CreateUser(ctx, "taken-03", "a-password", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateProject(ctx, "eu-de_proj-02", "eu-de"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateClass(ctx, ClassInput{Name: "Existing", Region: "eu-de", Count: 1}); err != nil {
		t.Fatal(err)
	}
	users, projects, classes := countRows(t, s, "users"), countRows(t, s, "projects"), countRows(t, s, "classes")
	for _, c := range []struct {
		in         ClassInput
		field, msg string
	}{
		{ClassInput{Name: "c", Region: "eu-de", Count: 0}, "count", "1 to 200"},
		{ClassInput{Name: "c", Region: "eu-de", Count: 201}, "count", "1 to 200"},
		{ClassInput{Name: "c", Region: "mars", Count: 3}, "region", "Region mars does not exist"},
		{ClassInput{Name: "c", Region: "eu-de", Count: 3, Prefix: "bad prefix"}, "prefix", "letters, digits"},
		{ClassInput{Name: "c", Region: "eu-de", Count: 3, Prefix: strings.Repeat("p", 62)}, "prefix", "1 to 61 characters"},
		{ClassInput{Name: strings.Repeat("n", 62), Region: "eu-de", Count: 3}, "prefix", "1 to 61 characters"},
		{ClassInput{Name: "bad name", Region: "eu-de", Count: 3}, "name", ""},
		{ClassInput{Name: "c", Region: "eu-de", Count: 3, Prefix: "TAKEN"}, "prefix", "taken-03, which already exists"},
		{ClassInput{Name: "c", Region: "eu-de", Count: 3, Prefix: "proj"}, "prefix", "eu-de_proj-02"},
		{ClassInput{Name: "existing", Region: "eu-de", Count: 3, Prefix: "other"}, "name", "already exists"},
	} {
		_, creds, err := s.CreateClass(ctx, c.in)
		var ve *ValidationError
		if !errors.As(err, &ve) || !strings.Contains(ve.at(Attr(c.field)), c.msg) {
			t.Errorf("%+v: got %v, want a message on %s containing %q", c.in, err, c.field, c.msg)
		}
		if creds != nil {
			t.Errorf("%+v: credentials returned", c.in)
		}
	}
	if u, p, cl := countRows(t, s, "users"), countRows(t, s, "projects"), countRows(t, s, "classes"); u != users || p != projects || cl != classes {
		t.Fatalf("refused classes left rows: users %d->%d, projects %d->%d, classes %d->%d", users, u, projects, p, classes, cl)
	}
}

// TestClassBoardFollowsTheScenario: the board ticks the guide's steps, the
// verdict, the drill, the refusals and the last action per trainee, and a
// class reset starts everyone again.
func TestClassBoardFollowsTheScenario(t *testing.T) {
	s, _ := bootstrapped(t)
	ctx := context.Background()
	cl, creds, err := s.CreateClass(ctx, ClassInput{Name: "c1", Region: "eu-de", Count: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Board(ctx, cl.ID)
	if len(b.Trainees) != 3 || b.Percent() != 0 {
		t.Fatalf("fresh board: %d trainees, %d%%", len(b.Trainees), b.Percent())
	}
	p2 := b.Trainees[1].Project
	runScenario(t, s, p2, creds[1].User)
	// c1-01 acts after c1-02 has finished: on a clock a second ahead, so
	// the two last actions never fall in one millisecond (the sort by
	// activity below tells them apart).
	s.SetClock(func() time.Time { return time.Now().Add(time.Second) })
	if _, _, err := s.CreateConnection(WithActor(ctx, creds[0].User), b.Trainees[0].Project, ConnectionInput{Name: "dc-1", Location: "Biere", Bandwidth: 50}, ""); err != nil {
		t.Fatal(err)
	}
	b, err = s.Board(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	t1, t2, t3 := b.Trainees[0], b.Trainees[1], b.Trainees[2]
	if t2.Name != "c1-02" || t2.Guide.Done() != [GuideSteps]bool{true, true, true, true, true} || english(t2.Guide.Verdict.Message) != "Redundant: Biere + Magdeburg" {
		t.Fatalf("trainee 2: %s %v %q", t2.Name, t2.Guide.Done(), english(t2.Guide.Verdict.Message))
	}
	if !t2.DrillRun || !t2.DrillRestored || t2.Refusals != 1 || t2.LastAction.IsZero() || t2.Units() != ProgressUnits {
		t.Fatalf("trainee 2: drill %v/%v refusals %d last %v units %d", t2.DrillRun, t2.DrillRestored, t2.Refusals, t2.LastAction, t2.Units())
	}
	if t1.Guide.Done() != [GuideSteps]bool{true} || t1.DrillRun || t1.Refusals != 0 || t1.LastAction.IsZero() || t1.Units() != 1 {
		t.Fatalf("trainee 1: %v drill %v refusals %d last %v", t1.Guide.Done(), t1.DrillRun, t1.Refusals, t1.LastAction)
	}
	if t3.Units() != 0 || !t3.LastAction.IsZero() {
		t.Fatalf("trainee 3: %d units, last %v", t3.Units(), t3.LastAction)
	}
	if got := b.Percent(); got != (7+1)*100/21 {
		t.Fatalf("class progress %d%%", got)
	}
	// The board's judgement is the guide's: the same steps for the same project.
	conns, _, _ := s.Connections(ctx, p2.ID, ListFilter{})
	gws, _, _ := s.Gateways(ctx, p2.ID, ListFilter{})
	vifs := map[string][]VirtualInterface{}
	for _, g := range gws {
		vifs[g.ID], _ = s.InterfacesOf(ctx, p2.ID, g.ID, "")
	}
	if g := NewGuideProgress(conns, gws, vifs); g.Done() != t2.Guide.Done() || english(g.Verdict.Message) != english(t2.Guide.Verdict.Message) {
		t.Fatalf("guide %v %q, board %v %q", g.Done(), english(g.Verdict.Message), t2.Guide.Done(), english(t2.Guide.Verdict.Message))
	}
	// Drill run, not restored.
	if _, err := s.SimulateFailure(ctx, p2.ID, conns[0].ID, true); err != nil {
		t.Fatal(err)
	}
	b, _ = s.Board(ctx, cl.ID)
	if !b.Trainees[1].DrillRun || b.Trainees[1].DrillRestored {
		t.Fatalf("after a second failure: run %v restored %v", b.Trainees[1].DrillRun, b.Trainees[1].DrillRestored)
	}
	// Sorting.
	b.Sort(BoardByProgress, true)
	if b.Trainees[0].Name != "c1-02" || b.Trainees[2].Name != "c1-03" {
		t.Fatalf("by progress, descending: %s %s %s", b.Trainees[0].Name, b.Trainees[1].Name, b.Trainees[2].Name)
	}
	b.Sort(BoardByActivity, false) // the longest idle first: never, then c1-02 (before c1-01's connection)
	if b.Trainees[0].Name != "c1-03" || b.Trainees[1].Name != "c1-02" || b.Trainees[2].Name != "c1-01" {
		t.Fatalf("by activity: %s %s %s", b.Trainees[0].Name, b.Trainees[1].Name, b.Trainees[2].Name)
	}

	// Reset the class: every project fresh, the board back to zero, each reset logged.
	n, err := s.ResetClass(WithActor(ctx, "admin"), cl.ID)
	if err != nil || n != 3 {
		t.Fatalf("reset %d (%v)", n, err)
	}
	b, _ = s.Board(ctx, cl.ID)
	for _, tp := range b.Trainees {
		if tp.Units() != 0 || tp.Refusals != 0 || !tp.LastAction.IsZero() {
			t.Fatalf("%s after reset: %d units, %d refusals, last %v", tp.Name, tp.Units(), tp.Refusals, tp.LastAction)
		}
		ops, _, _ := s.Operations(ctx, tp.Project.ID, OperationFilter{Action: "reset"})
		if len(ops) != 1 || ops[0].User != "admin" {
			t.Fatalf("%s: reset log %+v", tp.Name, ops)
		}
		vpcs, _ := s.VPCs(ctx, tp.Project.ID)
		if len(vpcs) != 1 || vpcs[0].Name != "VPC-001" {
			t.Fatalf("%s after reset holds %v", tp.Name, vpcs)
		}
	}
	if _, err := s.Board(ctx, cl.ID+100); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown class: %v", err)
	}
}

// TestBoardStatementsDoNotGrow: the board of 30 trainees who did the whole
// scenario costs as many SQL statements as that of 3.
func TestBoardStatementsDoNotGrow(t *testing.T) {
	s, _ := bootstrapped(t)
	ctx := context.Background()
	count := func(n int, name string) int64 {
		cl, creds, err := s.CreateClass(ctx, ClassInput{Name: name, Region: "eu-de", Count: n})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := s.Board(ctx, cl.ID)
		for i, tp := range b.Trainees {
			runScenario(t, s, tp.Project, creds[i].User)
		}
		before := s.ReadStatements()
		b, err = s.Board(ctx, cl.ID)
		if err != nil || b.Percent() != 100 {
			t.Fatalf("board of %d: %d%% (%v)", n, b.Percent(), err)
		}
		return s.ReadStatements() - before
	}
	small, large := count(3, "small"), count(30, "large")
	if small != large || small > 8 {
		t.Fatalf("board statements: %d for 3 trainees, %d for 30", small, large)
	}
	t.Logf("board: %d statements for 3 and for 30 trainees", small)
}

// TestClassDisableEnableDelete: disabling a class locks every trainee out
// (sessions end), enabling lets them in again, deleting removes the users,
// projects and resources, and nothing else.
func TestClassDisableEnableDelete(t *testing.T) {
	s, euDE := bootstrapped(t)
	ctx := context.Background()
	keep, _, err := s.CreateConnection(ctx, euDE, ConnectionInput{Name: "dc-keep", Location: "Biere", Bandwidth: 50}, "")
	if err != nil {
		t.Fatal(err)
	}
	cl, creds, err := s.CreateClass(ctx, ClassInput{Name: "c1", Region: "eu-de", Count: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Board(ctx, cl.ID)
	runScenario(t, s, b.Trainees[0].Project, creds[0].User)
	u0, _ := s.Authenticate(ctx, creds[0].User, creds[0].Password)
	sid, err := s.CreateSession(ctx, u0.ID)
	if err != nil {
		t.Fatal(err)
	}

	if err := s.SetClassDisabled(ctx, cl.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, cr := range creds {
		if _, err := s.Authenticate(ctx, cr.User, cr.Password); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("%s logs in while disabled: %v", cr.User, err)
		}
	}
	if _, err := s.SessionUser(ctx, sid, 1<<40, 1<<40); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a disabled trainee's session lives on: %v", err)
	}
	if c, _ := s.ClassByID(ctx, cl.ID); c.Disabled != 2 {
		t.Fatalf("disabled count %d", c.Disabled)
	}
	if err := s.SetClassDisabled(ctx, cl.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, creds[1].User, creds[1].Password); err != nil {
		t.Fatalf("enabled trainee cannot log in: %v", err)
	}

	_, n, err := s.ClassContents(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := ClassContents{Trainees: 2, Projects: 2, Connections: 2, Gateways: 1, Interfaces: 2, VPCs: 2, Subnets: 2}
	if n != want {
		t.Fatalf("contents %+v, want %+v", n, want)
	}
	users, projects := countRows(t, s, "users"), countRows(t, s, "projects")
	if _, got, err := s.DeleteClass(ctx, cl.ID); err != nil || got != want {
		t.Fatalf("delete: %+v (%v)", got, err)
	}
	if u, p := countRows(t, s, "users"), countRows(t, s, "projects"); u != users-2 || p != projects-2 {
		t.Fatalf("after delete: users %d->%d, projects %d->%d", users, u, projects, p)
	}
	for _, table := range []string{"classes", "class_members", "virtual_interfaces", "virtual_gateways"} {
		if n := countRows(t, s, table); n != 0 {
			t.Fatalf("%s keeps %d rows", table, n)
		}
	}
	if _, err := s.Connection(ctx, euDE.ID, keep.ID); err != nil {
		t.Fatalf("another project's connection went too: %v", err)
	}
	if _, err := s.Authenticate(ctx, creds[0].User, creds[0].Password); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("a deleted trainee logs in: %v", err)
	}
	for _, err := range []error{s.SetClassDisabled(ctx, cl.ID, true), func() error { _, err := s.ResetClass(ctx, cl.ID); return err }(),
		func() error { _, _, err := s.DeleteClass(ctx, cl.ID); return err }()} {
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("action on a deleted class: %v", err)
		}
	}
}
