// Package handlertest starts the real server for tests: the real store on a
// SQLite file in a temp folder, the real router from handlers.New, served by
// httptest, and a browser-like client that keeps cookies and does not follow
// redirects, so tests see every 303. The console's tests (handlers/console),
// the API's (handlers/api, handlers/apitest) and the server's (handlers) all
// start it here.
package handlertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"dcconsole/handlers"
	"dcconsole/store"
	"dcconsole/store/pgtest"
)

// AdminPassword is the bootstrap admin's password on every test server.
const AdminPassword = "admin-password"

// Options change how Start sets up the server.
type Options struct {
	// Config is the server's configuration; the session keys are filled in.
	Config handlers.Config
	// Log is the server's logger; nil discards the log.
	Log *slog.Logger
	// Store, when set, is served instead of a fresh store (a second server
	// on the same database, as after a restart); DBPath stays empty.
	Store *store.Store
	// Wrap, when set, wraps the router before httptest serves it (to watch
	// every answer).
	Wrap func(http.Handler) http.Handler
}

// Server is the real console behind httptest with one browser-like client.
// Each client made by NewBrowser is a Server value of its own (its own
// cookies and CSRF token) on the same server.
type Server struct {
	T      testing.TB
	Store  *store.Store
	DBPath string     // the SQLite file, for a second store on it (another process)
	URL    string     // the server's base URL
	Echo   *echo.Echo // the router, for requests served in-process
	Client *http.Client
	CSRF   string // the session's CSRF token, from the last page that had one

	srv *httptest.Server
}

// Close stops the server at once, as if its process were killed: open
// connections are closed, new ones refused. (The test's cleanup would
// close it too; closing twice is harmless.)
func (ts *Server) Close() { ts.srv.CloseClientConnections(); ts.srv.Close() }

// New starts a server with the default options.
func New(t testing.TB) *Server {
	t.Helper()
	return Start(t, Options{})
}

// Start opens a fresh store on a temp file with the bootstrap admin
// (password AdminPassword), builds the router with handlers.New and serves
// it with httptest until the test ends. Passwords are hashed at bcrypt's
// lowest cost: bcrypt is slow under -race, and its cost is not under test.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	st, path := opts.Store, ""
	if st == nil {
		st, path = openStore(t)
	}
	cfg := opts.Config
	if cfg.SessionHashKey == nil {
		key := []byte(strings.Repeat("k", 64))
		cfg.SessionHashKey, cfg.SessionBlockKey = key[:32], key[32:]
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	e := handlers.New(st, log, cfg)
	var h http.Handler = e
	if opts.Wrap != nil {
		h = opts.Wrap(e)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Server{T: t, Store: st, DBPath: path, URL: srv.URL, Echo: e, Client: NewClient(), srv: srv}
}

// openStore opens a fresh store in a temp folder with the bootstrap admin.
func openStore(t testing.TB) (*store.Store, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	if pgtest.Selected(t) {
		path = pgtest.Database(t)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.SetPasswordCost(bcrypt.MinCost)
	t.Cleanup(func() { st.Close() })
	if _, err := st.Bootstrap(ctx, AdminPassword); err != nil {
		t.Fatal(err)
	}
	return st, path
}

// NewClient returns a client that keeps cookies and does not follow
// redirects.
func NewClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// NewBrowser returns a second, logged-out client on the same server.
func (ts *Server) NewBrowser() *Server {
	c := *ts
	c.Client = NewClient()
	c.CSRF = ""
	return &c
}

// Do sends a request and returns the response with its body read.
func (ts *Server) Do(req *http.Request) (*http.Response, string) {
	ts.T.Helper()
	resp, err := ts.Client.Do(req)
	if err != nil {
		ts.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		ts.T.Fatal(err)
	}
	return resp, string(b)
}

// Get fetches a page and parses it.
func (ts *Server) Get(path string) (*http.Response, *goquery.Document) {
	ts.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	resp, body := ts.Do(req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		ts.T.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		ts.CSRF = tok
	}
	return resp, doc
}

// Post submits a form like a browser, with the session's CSRF token unless
// the form already has a _csrf value.
func (ts *Server) Post(path string, form url.Values) (*http.Response, *goquery.Document) {
	ts.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		if ts.CSRF == "" {
			ts.Get("/login")
		}
		form.Set("_csrf", ts.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body := ts.Do(req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		ts.T.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		ts.CSRF = tok
	}
	return resp, doc
}

// Raw sends a request with the client's cookies and returns the response
// with its body read; contentType and header are set when given.
func (ts *Server) Raw(method, path, contentType, body string, header map[string]string) (*http.Response, string) {
	ts.T.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if err != nil {
		ts.T.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return ts.Do(req)
}

// Login logs the client in and loads a page so it holds a fresh CSRF token.
func (ts *Server) Login(user, password string) *Server {
	ts.T.Helper()
	ts.Get("/login")
	resp, _ := ts.Post("/login", url.Values{"username": {user}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		ts.T.Fatalf("login %s: status %d, want 303", user, resp.StatusCode)
	}
	ts.Get("/console")
	return ts
}

// LoginAdmin logs in as the bootstrap admin.
func (ts *Server) LoginAdmin() *Server { return ts.Login("admin", AdminPassword) }

// Admin returns the bootstrap admin.
func (ts *Server) Admin() store.User {
	ts.T.Helper()
	u, err := ts.Store.Authenticate(context.Background(), "admin", AdminPassword)
	if err != nil {
		ts.T.Fatal(err)
	}
	return u
}

// Project returns the admin's project with the given name.
func (ts *Server) Project(name string) store.Project {
	ts.T.Helper()
	ps, err := ts.Store.ProjectsForUser(context.Background(), ts.Admin().ID)
	if err != nil {
		ts.T.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	ts.T.Fatalf("no project %s", name)
	return store.Project{}
}

// UseProject switches the session to the named project.
func (ts *Server) UseProject(name string) {
	ts.T.Helper()
	resp, _ := ts.Post("/console/project", url.Values{"project": {ts.Project(name).ID}, "next": {"/console"}})
	if resp.StatusCode != http.StatusSeeOther {
		ts.T.Fatalf("switch to %s: status %d", name, resp.StatusCode)
	}
}

// APIToken is a project-scoped API token of the user for the project,
// made in the store (no bcrypt).
func (ts *Server) APIToken(u store.User, p store.Project) string {
	ts.T.Helper()
	tok, _, err := ts.Store.CreateAPIToken(context.Background(), u, store.ScopeProject, p, time.Hour)
	if err != nil {
		ts.T.Fatal(err)
	}
	return tok
}

// TokenBody is the body of a password token request (POST
// /v3/auth/tokens) for the user, without a scope.
func TokenBody(name, password string) string {
	return fmt.Sprintf(`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":%q,"password":%q}}}}}`, name, password)
}

// PageText is the visible text of an HTML answer, or the body itself.
func PageText(body string) string {
	if !strings.Contains(body, "<") {
		return body
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		return body
	}
	doc.Find("script, style, nav, header").Remove()
	return strings.Join(strings.Fields(doc.Find("main, body").First().Text()), " ")
}

// FieldError returns the error shown under the form field with the id.
func FieldError(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find("#" + id + "-error").Text())
}

// WantStatus fails the test when resp's status is not want.
func WantStatus(t testing.TB, resp *http.Response, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want)
	}
}
