package console_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newLoggedTestServer is handlertest.New with the console's log (request
// lines included, at debug level) kept in a buffer.
func newLoggedTestServer(t *testing.T) (*handlertest.Server, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	ts := handlertest.Start(t, handlertest.Options{Log: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	return ts, logs
}

// createClass creates a class through the form and returns the page's
// credentials, read from the cards.
func createClass(ts *handlertest.Server, form url.Values) (*http.Response, *goquery.Document, []store.Credential) {
	ts.T.Helper()
	resp, doc := ts.Post("/admin/classes", form)
	var creds []store.Credential
	doc.Find(".card").Each(func(_ int, s *goquery.Selection) {
		dd := s.Find("dd")
		creds = append(creds, store.Credential{User: strings.TrimSpace(dd.Eq(1).Text()), Password: strings.TrimSpace(dd.Eq(2).Text()),
			Project: strings.TrimSpace(dd.Eq(3).Text())})
	})
	return resp, doc, creds
}

// runScenario does the guide's scenario in project p as user, through the
// store (what the console's forms call), with a failover drill: fail, a
// refused restore, restore.
func runScenario(t testing.TB, st *store.Store, p store.Project, user string) {
	t.Helper()
	ctx := store.WithActor(context.Background(), user)
	c1, _, err := st.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-123", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	c2, _, err := st.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-456", Location: "Magdeburg", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	vpcs, err := st.VPCs(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	gw, _, err := st.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-123", VPCID: vpcs[0].ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []store.Connection{c1, c2} {
		if _, _, err := st.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-" + c.Name[3:], ConnectionID: c.ID, GatewayID: gw.ID, Bandwidth: 100, RemoteSubnets: "192.168.51.0/24"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	st.SimulateFailure(ctx, p.ID, c1.ID, true)
	st.SimulateFailure(ctx, p.ID, c2.ID, false) // refused: dc-456 is Normal
	st.SimulateFailure(ctx, p.ID, c1.ID, false)
}

func onlyClass(t *testing.T, st *store.Store) store.Class {
	t.Helper()
	cls, err := st.Classes(context.Background())
	if err != nil || len(cls) != 1 {
		t.Fatalf("classes %v (%v)", cls, err)
	}
	return cls[0]
}

// TestClassCreateShowsCredentialsOnce: Create Class makes the trainees and
// shows their passwords once, as cards and as a CSV download; the passwords
// log in, and appear nowhere else: not on the board, not in the log.
func TestClassCreateShowsCredentialsOnce(t *testing.T) {
	ts, logs := newLoggedTestServer(t)
	ts.LoginAdmin()
	resp, doc := ts.Get("/admin/classes/create")
	handlertest.WantStatus(t, resp, http.StatusOK)
	for _, id := range []string{"class-name", "class-region", "class-count", "class-prefix"} {
		if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			t.Fatalf("no label for #%s", id)
		}
	}
	resp, doc, creds := createClass(ts, url.Values{"name": {"c1"}, "region": {"eu-de"}, "count": {"3"}, "prefix": {""}})
	handlertest.WantStatus(t, resp, http.StatusOK)
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q", cc)
	}
	if len(creds) != 3 || creds[1].User != "c1-02" || creds[1].Project != "eu-de_c1-02" || len(creds[1].Password) < 12 {
		t.Fatalf("cards %+v", creds)
	}
	if addr := doc.Find(".card dd").First().Text(); addr != ts.URL+"/login" {
		t.Fatalf("console address %q", addr)
	}
	// The CSV download holds the same credentials.
	href, _ := doc.Find(`a[download]`).Attr("href")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(href, "data:text/csv;charset=utf-8;base64,"))
	if err != nil {
		t.Fatalf("CSV link %q: %v", href, err)
	}
	recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(recs) != 4 || strings.Join(recs[0], ",") != "user,password,project,region" {
		t.Fatalf("CSV %q (%v)", raw, err)
	}
	for i, cr := range creds {
		if got := strings.Join(recs[i+1], ","); got != cr.User+","+cr.Password+","+cr.Project+",eu-de" {
			t.Fatalf("CSV row %d %q, card %+v", i+1, got, cr)
		}
	}
	// The trainee logs in with the card's password.
	ts.NewBrowser().Login(creds[1].User, creds[1].Password)

	// Never again: not on the list, the board, a reload of the form.
	cl := onlyClass(t, ts.Store)
	for _, path := range []string{"/admin/classes", "/admin/classes/" + strconv.FormatInt(cl.ID, 10), "/admin/users", "/admin/classes/create"} {
		_, doc := ts.Get(path)
		html, _ := doc.Html()
		for _, cr := range creds {
			if strings.Contains(html, cr.Password) {
				t.Fatalf("%s shows the password of %s", path, cr.User)
			}
		}
	}
	log := logs.String()
	if !strings.Contains(log, `"msg":"class created"`) || !strings.Contains(log, `"uri":"/admin/classes"`) {
		t.Fatalf("the log lacks the class or the request:\n%s", log)
	}
	for _, cr := range creds {
		if strings.Contains(log, cr.Password) {
			t.Fatalf("the log holds the password of %s", cr.User)
		}
	}
}

// TestClassCreateBadInput: each bad input comes back as the form with the
// field's message (422), and nothing is created.
func TestClassCreateBadInput(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	if _, err := ts.Store.CreateUser(context.Background(), "room-02", "a-password", false); err != nil {
		t.Fatal(err)
	}
	users, _ := ts.Store.Users(context.Background())
	for _, c := range []struct {
		form     url.Values
		id, want string
	}{
		{url.Values{"name": {"c"}, "region": {"eu-de"}, "count": {"0"}}, "class-count", "The number of trainees must be 1 to 200."},
		{url.Values{"name": {"c"}, "region": {"eu-de"}, "count": {"201"}}, "class-count", "The number of trainees must be 1 to 200."},
		{url.Values{"name": {"c"}, "region": {"eu-de"}, "count": {"ten"}}, "class-count", "The number of trainees must be 1 to 200."},
		{url.Values{"name": {"c"}, "region": {"mars"}, "count": {"3"}}, "class-region", "Region mars does not exist. Select eu-de or eu-nl."},
		{url.Values{"name": {"c"}, "region": {"eu-de"}, "count": {"3"}, "prefix": {"a b"}}, "class-prefix", "letters, digits"},
		{url.Values{"name": {"c"}, "region": {"eu-de"}, "count": {"3"}, "prefix": {"room"}}, "class-prefix", "room-02, which already exists"},
		{url.Values{"name": {""}, "region": {"eu-de"}, "count": {"3"}}, "class-name", "Enter a name."},
	} {
		resp, doc := ts.Post("/admin/classes", c.form)
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if got := handlertest.FieldError(doc, c.id); !strings.Contains(got, c.want) {
			t.Errorf("%v: #%s says %q, want %q", c.form, c.id, got, c.want)
		}
		if doc.Find(`[role="alert"]`).Text() == "" || doc.Find(".card").Length() != 0 {
			t.Errorf("%v: no summary, or cards", c.form)
		}
	}
	// German: the same refusal in German, values kept.
	ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/admin/classes/create"}})
	_, doc := ts.Post("/admin/classes", url.Values{"name": {"c"}, "region": {"eu-de"}, "count": {"3"}, "prefix": {"room"}})
	if got := handlertest.FieldError(doc, "class-prefix"); got != "Mit diesem Präfix entstünde der Name room-02, den es bereits gibt. Wählen Sie ein anderes Präfix." {
		t.Errorf("German prefix refusal %q", got)
	}
	if cls, _ := ts.Store.Classes(context.Background()); len(cls) != 0 {
		t.Fatalf("refused forms made classes %v", cls)
	}
	if after, _ := ts.Store.Users(context.Background()); len(after) != len(users) {
		t.Fatalf("refused forms made users: %d -> %d", len(users), len(after))
	}
}

// boardRow finds a trainee's row on the board.
func boardRow(doc *goquery.Document, name string) *goquery.Selection {
	return doc.Find(`table.board tbody tr[aria-label="` + name + `"]`)
}

// TestClassBoardPage: the board ticks trainee 2's steps, verdict, drill,
// refusal and progress, moves the class bar, sorts, and costs the same
// number of statements with one trainee done or three.
func TestClassBoardPage(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	_, _, creds := createClass(ts, url.Values{"name": {"c1"}, "region": {"eu-de"}, "count": {"3"}})
	cl := onlyClass(t, ts.Store)
	board := "/admin/classes/" + strconv.FormatInt(cl.ID, 10)
	_, doc := ts.Get(board)
	if v, _ := doc.Find("#class-progress").Attr("value"); v != "0" {
		t.Fatalf("fresh class progress %q", v)
	}
	b, _ := ts.Store.Board(context.Background(), cl.ID)
	runScenario(t, ts.Store, b.Trainees[1].Project, creds[1].User)

	before := ts.Store.ReadStatements()
	resp, doc := ts.Get(board)
	oneDone := ts.Store.ReadStatements() - before
	handlertest.WantStatus(t, resp, http.StatusOK)
	row := boardRow(doc, "c1-02")
	for i := 1; i <= 5; i++ {
		if row.Find(fmt.Sprintf(`[aria-label="Step %d done"]`, i)).Length() != 1 {
			t.Fatalf("step %d not ticked for c1-02: %s", i, row.Text())
		}
	}
	for _, want := range []string{"vgw-123: Redundant: Biere + Magdeburg", "Run and restored", "eu-de_c1-02"} {
		if !strings.Contains(row.Text(), want) {
			t.Fatalf("c1-02's row lacks %q: %s", want, row.Text())
		}
	}
	if refusals := strings.TrimSpace(row.Find("td").Eq(7).Text()); refusals != "1" {
		t.Fatalf("refusals %q", refusals)
	}
	if v, _ := row.Find("progress").Attr("value"); v != "7" {
		t.Fatalf("c1-02's progress %q", v)
	}
	if boardRow(doc, "c1-01").Find(`[aria-label="Step 1 not done"]`).Length() != 1 || !strings.Contains(boardRow(doc, "c1-01").Text(), "Not run") {
		t.Fatalf("c1-01: %s", boardRow(doc, "c1-01").Text())
	}
	if v, _ := doc.Find("#class-progress").Attr("value"); v != "33" {
		t.Fatalf("class progress %q, want 33 (7 of 21)", v)
	}
	// Sorted by progress, most done first; the header says so.
	_, doc = ts.Get(board + "?sort=progress&dir=desc")
	if first, _ := doc.Find("table.board tbody tr").First().Attr("aria-label"); first != "c1-02" {
		t.Fatalf("by progress: first row %q", first)
	}
	if s, _ := doc.Find(`th[aria-sort="descending"]`).Attr("aria-sort"); s == "" || !strings.Contains(doc.Find(`th[aria-sort="descending"]`).Text(), "Progress") {
		t.Fatal("the Progress header does not say it sorts")
	}
	_, doc = ts.Get(board + "?sort=activity")
	if last, _ := doc.Find("table.board tbody tr").Last().Attr("aria-label"); last != "c1-02" {
		t.Fatalf("by activity: last row %q", last)
	}
	// The page refreshes itself, with a pause, and reloads without JavaScript.
	if doc.Find("[data-board-live][data-refresh-seconds]").Length() != 1 || doc.Find("button[data-refresh-pause]").Length() != 1 ||
		doc.Find(`a[href="`+board+`?sort=activity"]`).Length() == 0 {
		t.Fatal("no refresh, pause or reload link")
	}

	// Every trainee done: the same number of statements.
	for i, tp := range b.Trainees {
		if i != 1 {
			runScenario(t, ts.Store, tp.Project, creds[i].User)
		}
	}
	before = ts.Store.ReadStatements()
	_, doc = ts.Get(board)
	if all := ts.Store.ReadStatements() - before; all != oneDone {
		t.Fatalf("board statements: %d with one trainee done, %d with three", oneDone, all)
	}
	if v, _ := doc.Find("#class-progress").Attr("value"); v != "100" {
		t.Fatalf("class progress %q", v)
	}
	resp, _ = ts.Get("/admin/classes/999")
	handlertest.WantStatus(t, resp, http.StatusNotFound)
}

// TestClassTraineeViewIsReadOnly: the trainer opens a trainee's project
// from the board and sees it, but no write reaches it until the view is
// left; switching projects or leaving restores every right.
func TestClassTraineeViewIsReadOnly(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	_, _, creds := createClass(ts, url.Values{"name": {"c1"}, "region": {"eu-de"}, "count": {"2"}})
	cl := onlyClass(t, ts.Store)
	b, _ := ts.Store.Board(context.Background(), cl.ID)
	p := b.Trainees[0].Project
	runScenario(t, ts.Store, p, creds[0].User)
	conns, _, _ := ts.Store.Connections(context.Background(), p.ID, store.ListFilter{})

	_, doc := ts.Get("/admin/classes/" + strconv.FormatInt(cl.ID, 10))
	href, _ := boardRow(doc, "c1-01").Find("a").First().Attr("href")
	resp, _ := ts.Get(href)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/dcaas/guide" {
		t.Fatalf("view goes to %q", loc)
	}
	_, doc = ts.Get("/dcaas/guide")
	if !strings.Contains(doc.Find("#region-button").Text(), "eu-de_c1-01") || !strings.Contains(doc.Find(".readonly-banner").Text(), "c1-01") {
		t.Fatalf("not in the trainee's project read-only: %q / %q", doc.Find("#region-button").Text(), doc.Find(".readonly-banner").Text())
	}
	if doc.Find(".guide-step.done").Length() != 5 {
		t.Fatalf("the trainee's guide shows %d steps done", doc.Find(".guide-step.done").Length())
	}
	ts.Get("/dcaas/connections")
	ops := func() int {
		_, n, _ := ts.Store.Operations(context.Background(), p.ID, store.OperationFilter{})
		return n
	}
	opsBefore := ops()
	for _, w := range []struct {
		path string
		form url.Values
	}{
		{"/dcaas/connections/" + conns[0].ID + "/fail", nil},
		{"/dcaas/connections/" + conns[0].ID + "/delete", nil},
		{"/dcaas/connections/" + conns[0].ID + "/modify", url.Values{"name": {"renamed"}, "bandwidth": {"100"}}},
		{"/dcaas/connections", url.Values{"name": {"dc-new"}, "location": {"Biere"}, "bandwidth": {"50"}}},
		{"/vpc/vpcs", url.Values{"name": {"vpc-x"}, "cidr": {"10.0.0.0/16"}}},
		{"/dcaas/virtual-gateways", url.Values{"name": {"vgw-x"}}},
	} {
		resp, doc := ts.Post(w.path, w.form)
		handlertest.WantStatus(t, resp, http.StatusForbidden)
		if !strings.Contains(doc.Text(), "read-only view") {
			t.Fatalf("%s: the refusal does not say why: %s", w.path, doc.Find("main").Text())
		}
	}
	if got := ops(); got != opsBefore {
		t.Fatalf("the read-only view wrote %d log entries", got-opsBefore)
	}
	if c, err := ts.Store.Connection(context.Background(), p.ID, conns[0].ID); err != nil || c.Name != conns[0].Name || c.Status != store.StatusActive {
		t.Fatalf("the trainee's connection changed: %+v (%v)", c, err)
	}
	// Leaving the view: back to the board, in the trainer's project, writes work.
	resp, _ = ts.Post("/admin/classes/view/leave", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/dcaas/connections")
	if strings.Contains(doc.Find("#region-button").Text(), "c1-01") || doc.Find(".readonly-banner").Length() != 0 {
		t.Fatalf("still in the view: %q", doc.Find("#region-button").Text())
	}
	// Switching to the trainee's project by the selector is the admin's
	// ordinary (writable) access.
	ts.Get(href)
	ts.UseProject("eu-de")
	ts.UseProject(p.Name)
	resp, _ = ts.Post("/dcaas/connections/"+conns[0].ID+"/fail", url.Values{"next": {"/dcaas/connections"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
}

// TestClassPagesRefuseTrainees: a trainee reaches no class page or action
// (403), and sees only their own project, none of their classmates'.
func TestClassPagesRefuseTrainees(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	_, _, creds := createClass(ts, url.Values{"name": {"c1"}, "region": {"eu-de"}, "count": {"2"}})
	cl := onlyClass(t, ts.Store)
	b, _ := ts.Store.Board(context.Background(), cl.ID)
	base := "/admin/classes/" + strconv.FormatInt(cl.ID, 10)
	tr := ts.NewBrowser().Login(creds[0].User, creds[0].Password)
	for _, path := range []string{"/admin/classes", "/admin/classes/create", base, base + "/reset", base + "/delete",
		base + "/trainees/" + strconv.FormatInt(b.Trainees[1].UserID, 10)} {
		resp, _ := tr.Get(path)
		handlertest.WantStatus(t, resp, http.StatusForbidden)
	}
	for _, path := range []string{"/admin/classes", base + "/reset", base + "/disable", base + "/enable", base + "/delete", "/admin/classes/view/leave"} {
		resp, _ := tr.Post(path, url.Values{"name": {"x"}, "region": {"eu-de"}, "count": {"1"}})
		handlertest.WantStatus(t, resp, http.StatusForbidden)
	}
	_, doc := tr.Get("/console")
	if n := doc.Find("#region-menu button").Length(); n != 1 || strings.Contains(doc.Text(), "c1-02") || strings.Contains(doc.Text(), "Classes") {
		t.Fatalf("the trainee sees %d projects or the class", n)
	}
	resp, _ := tr.Post("/console/project", url.Values{"project": {b.Trainees[1].Project.ID}})
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	if c := onlyClass(t, ts.Store); c.Disabled != 0 || c.Trainees != 2 {
		t.Fatalf("a trainee changed the class: %+v", c)
	}
}

// TestClassActions: reset (after its confirmation; logged), disable and
// enable, delete (after a confirmation naming what goes); none without the
// CSRF token.
func TestClassActions(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	_, _, creds := createClass(ts, url.Values{"name": {"c1"}, "region": {"eu-de"}, "count": {"2"}})
	cl := onlyClass(t, ts.Store)
	base := "/admin/classes/" + strconv.FormatInt(cl.ID, 10)
	b, _ := ts.Store.Board(context.Background(), cl.ID)
	runScenario(t, ts.Store, b.Trainees[0].Project, creds[0].User)

	// Without the token nothing happens.
	for _, path := range []string{"/admin/classes", base + "/reset", base + "/disable", base + "/delete"} {
		resp, _ := ts.Post(path, url.Values{"_csrf": {"forged"}, "name": {"c2"}, "region": {"eu-de"}, "count": {"1"}})
		handlertest.WantStatus(t, resp, http.StatusForbidden)
	}
	if c := onlyClass(t, ts.Store); c.Disabled != 0 || c.Trainees != 2 {
		t.Fatalf("forged requests changed the class: %+v", c)
	}
	if bb, _ := ts.Store.Board(context.Background(), cl.ID); bb.Trainees[0].Units() != store.ProgressUnits {
		t.Fatal("a forged reset reset the projects")
	}

	// Reset, after a confirmation.
	resp, doc := ts.Get(base + "/reset")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Find("h2").Text(), "reset the 2 trainee projects of class c1") {
		t.Fatalf("reset question %q", doc.Find("h2").Text())
	}
	resp, _ = ts.Post(base+"/reset", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get(base)
	if !strings.Contains(doc.Find(".alert-success").Text(), "2 trainee projects are back") {
		t.Fatalf("reset message %q", doc.Find(".alert-success").Text())
	}
	if v, _ := boardRow(doc, "c1-01").Find("progress").Attr("value"); v != "0" {
		t.Fatalf("after reset c1-01 has progress %q", v)
	}
	ops, _, _ := ts.Store.Operations(context.Background(), b.Trainees[0].Project.ID, store.OperationFilter{Action: "reset"})
	if len(ops) != 1 || ops[0].User != "admin" {
		t.Fatalf("reset not logged: %+v", ops)
	}

	// Disable: the trainee's session ends; enable lets them in again.
	trainee := ts.NewBrowser().Login(creds[1].User, creds[1].Password)
	resp, _ = ts.Post(base+"/disable", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = trainee.Get("/dcaas/connections")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("a disabled trainee still works: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, doc = ts.Get(base)
	if doc.Find("button:contains('Enable Class')").Length() != 1 {
		t.Fatal("no Enable Class on a disabled class")
	}
	resp, _ = ts.Post(base+"/enable", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	ts.NewBrowser().Login(creds[1].User, creds[1].Password)

	// Delete, after a confirmation naming what goes.
	runScenario(t, ts.Store, b.Trainees[1].Project, creds[1].User)
	_, doc = ts.Get(base + "/delete")
	what := doc.Find("#delete-what").Text()
	for _, want := range []string{"2 trainee users", "2 projects", "2 connections, 1 virtual gateways and 2 virtual interfaces", "2 VPCs and 2 subnets"} {
		if !strings.Contains(what, want) {
			t.Fatalf("delete confirmation lacks %q: %s", want, what)
		}
	}
	resp, _ = ts.Post(base+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if cls, _ := ts.Store.Classes(context.Background()); len(cls) != 0 {
		t.Fatalf("class still there: %v", cls)
	}
	resp, _ = ts.Get(base)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	resp, _ = ts.NewBrowser().Post("/login", url.Values{"username": {creds[0].User}, "password": {creds[0].Password}})
	if resp.StatusCode == http.StatusSeeOther {
		t.Fatal("a deleted trainee logs in")
	}
}
