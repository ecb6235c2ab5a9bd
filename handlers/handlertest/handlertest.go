package handlertest

import (
	"context"
	"golang.org/x/crypto/bcrypt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers"
	"dcconsole/store"
)

const adminPassword = "admin-password"

// testServer is the real console (real router, real SQLite file in a temp
// folder) behind httptest, with a browser-like client that keeps cookies and
// does not follow redirects, so tests see every 303.
type testServer struct {
	t      *testing.T
	Store  *store.Store
	DBPath string // the SQLite file, for a second store on it (another process)
	URL    string
	client *http.Client
	csrf   string
}

func newTestServer(t *testing.T) *testServer {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.SetPasswordCost(bcrypt.MinCost) // bcrypt is slow under -race; the cost is not under test here
	t.Cleanup(func() { st.Close() })
	if _, err := st.Bootstrap(ctx, adminPassword); err != nil {
		t.Fatal(err)
	}
	key := []byte(strings.Repeat("k", 64))
	e := handlers.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), handlers.Config{
		SessionHashKey: key[:32], SessionBlockKey: key[32:],
	})
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &testServer{t: t, Store: st, DBPath: path, URL: srv.URL, client: newClient()}
}

func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// newBrowser returns a second, logged-out client on the same server.
func (ts *testServer) newBrowser() *testServer {
	c := *ts
	c.client = newClient()
	c.csrf = ""
	return &c
}

// do sends a request and returns the response with its body read.
func (ts *testServer) do(req *http.Request) (*http.Response, string) {
	ts.t.Helper()
	resp, err := ts.client.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.t.Fatal(err)
	}
	return resp, string(b)
}

// get fetches a page and parses it.
func (ts *testServer) get(path string) (*http.Response, *goquery.Document) {
	ts.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	resp, body := ts.do(req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		ts.csrf = tok
	}
	return resp, doc
}

// post submits a form like a browser, with the session's CSRF token unless
// the form already has a _csrf value.
func (ts *testServer) post(path string, form url.Values) (*http.Response, *goquery.Document) {
	ts.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		if ts.csrf == "" {
			ts.get("/login")
		}
		form.Set("_csrf", ts.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := ts.do(req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		ts.csrf = tok
	}
	return resp, doc
}

// login logs the client in and loads a page so it holds a fresh CSRF token.
func (ts *testServer) login(user, password string) *testServer {
	ts.t.Helper()
	ts.get("/login")
	resp, _ := ts.post("/login", url.Values{"username": {user}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		ts.t.Fatalf("login %s: status %d, want 303", user, resp.StatusCode)
	}
	ts.get("/console")
	return ts
}

// loginAdmin logs in as the bootstrap admin.
func (ts *testServer) loginAdmin() *testServer { return ts.login("admin", adminPassword) }

// project returns the project with the given name.
func (ts *testServer) project(name string) store.Project {
	ts.t.Helper()
	u, err := ts.Store.Authenticate(context.Background(), "admin", adminPassword)
	if err != nil {
		ts.t.Fatal(err)
	}
	ps, err := ts.Store.ProjectsForUser(context.Background(), u.ID)
	if err != nil {
		ts.t.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	ts.t.Fatalf("no project %s", name)
	return store.Project{}
}

// useProject switches the session to the named project.
func (ts *testServer) useProject(name string) {
	ts.t.Helper()
	resp, _ := ts.post("/console/project", url.Values{"project": {ts.project(name).ID}, "next": {"/console"}})
	if resp.StatusCode != http.StatusSeeOther {
		ts.t.Fatalf("switch to %s: status %d", name, resp.StatusCode)
	}
}

// fieldError returns the error shown under the form field with the id.
func fieldError(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find("#" + id + "-error").Text())
}

func wantStatus(t *testing.T, resp *http.Response, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want)
	}
}
