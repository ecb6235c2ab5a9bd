package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"dcconsole/handlers"
	"dcconsole/store"
)

func stateChanging(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return false
	}
	return true
}

// TestEveryStateChangingRouteNeedsAToken walks every route of the router
// and sends each state-changing one without a CSRF token (console) or
// X-Auth-Token (API), logged in and not: every one is refused and nothing
// is stored.
func TestEveryStateChangingRouteNeedsAToken(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	w.loginAdmin()
	anon := w.newBrowser()
	anon.get("/login") // a session with a CSRF token of its own, but no login
	n := 0
	for _, r := range w.E.Routes() {
		if !stateChanging(r.Method) || r.Method == "echo_route_not_found" {
			continue
		}
		path := w.fillPath(w.A, r.Path)
		api := isAPI(path)
		if r.Path == "/v3/auth/tokens" && r.Method == http.MethodPost {
			continue // the API's login: it takes a password, not a token (throttled, see TestLoginThrottle)
		}
		for _, who := range []struct {
			name   string
			client *testServer
			token  string
		}{{"admin without token", w.testServer, ""}, {"admin with a wrong token", w.testServer, "wrong"}, {"logged out", anon, ""}} {
			n++
			before := w.snapshot()
			header := map[string]string{}
			form := url.Values{"name": {"x-1"}, "bandwidth": {"100"}, "project": {w.A.ID}}
			if who.token != "" {
				header["X-CSRF-Token"] = who.token
				header["X-Auth-Token"] = who.token
				form.Set("_csrf", who.token)
			}
			ctype, body := "application/x-www-form-urlencoded", form.Encode()
			if api {
				ctype, body = "application/json", apiBody(r.Path)
			}
			resp, text := (&secWorld{testServer: who.client}).raw(r.Method, path, ctype, body, header)
			want := http.StatusForbidden
			if api {
				want = http.StatusUnauthorized
			}
			if resp.StatusCode != want && !(api && resp.StatusCode == http.StatusMethodNotAllowed) {
				t.Errorf("%s %s (%s): status %d, want %d: %.200s", r.Method, r.Path, who.name, resp.StatusCode, want, pageText(text))
			}
			w.assertUnchanged(t, before, r.Method+" "+r.Path)
		}
	}
	if n < 60 {
		t.Fatalf("only %d requests: are the routes registered?", n)
	}
}

// TestTraineeCannotReachOtherProjects walks every route with the admin's
// project's IDs, as a trainee (console session with a valid CSRF token, and
// API token of the trainee's project): every answer is 404 (resources of
// another project do not exist for the trainee) or 403 (admin pages), and
// nothing changes.
func TestTraineeCannotReachOtherProjects(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	tr := w.newBrowser().login("trainee1", w.TPass)
	tok := w.apiToken(w.Trainee, w.B)
	n := 0
	for _, r := range w.E.Routes() {
		if r.Method == "echo_route_not_found" || !strings.Contains(r.Path, ":") || strings.HasPrefix(r.Path, "/static") {
			continue
		}
		if r.Method == http.MethodHead || r.Method == http.MethodOptions || r.Method == http.MethodConnect || r.Method == http.MethodTrace {
			continue
		}
		path := w.fillPath(w.A, r.Path)
		api := isAPI(path)
		n++
		before := w.snapshot()
		var resp *http.Response
		var text string
		if api {
			body := ""
			if stateChanging(r.Method) {
				body = apiBody(r.Path)
			}
			resp, text = w.raw(r.Method, path, "application/json", body, map[string]string{"X-Auth-Token": tok})
		} else {
			form := url.Values{"_csrf": {tr.csrf}, "name": {"x-1"}, "bandwidth": {"100"}, "project": {w.A.ID}, "cidrs": {"10.9.0.0/16"}}
			resp, text = (&secWorld{testServer: tr}).raw(r.Method, path, "application/x-www-form-urlencoded", form.Encode(), nil)
		}
		want := http.StatusNotFound
		if strings.HasPrefix(r.Path, "/admin") {
			want = http.StatusForbidden
		}
		// The API may also answer 403 (a project in the URL that is not the
		// token's) or 405 (a method the path does not take).
		apiOK := api && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusMethodNotAllowed)
		if resp.StatusCode != want && !apiOK {
			t.Errorf("%s %s as trainee: status %d, want %d: %.200s", r.Method, path, resp.StatusCode, want, pageText(text))
		}
		if strings.Contains(text, "dc-a") && resp.StatusCode == http.StatusOK {
			t.Errorf("%s %s shows another project's resource", r.Method, path)
		}
		w.assertUnchanged(t, before, r.Method+" "+r.Path)
	}
	// Routes without an ID that take one in the form or query.
	resp, _ := tr.post("/console/project", url.Values{"project": {w.A.ID}})
	wantStatus(t, resp, http.StatusNotFound)
	for _, p := range []string{"/admin/users", "/admin/projects"} {
		resp, _ := tr.get(p)
		wantStatus(t, resp, http.StatusForbidden)
	}
	resp, doc := tr.get("/dcaas/virtual-interfaces/create?connection=" + w.ids[w.A.ID]["connection"] + "&gateway=" + w.ids[w.A.ID]["gateway"])
	wantStatus(t, resp, http.StatusOK)
	if doc.Find(`option[value="`+w.ids[w.A.ID]["connection"]+`"]`).Length() > 0 {
		t.Error("the interface form offers another project's connection")
	}
	if n < 30 {
		t.Fatalf("only %d routes walked", n)
	}
}

// TestSessionCookies: HttpOnly, SameSite and Secure (with SecureCookies),
// a new session at login (no fixation), a copied cookie refused after
// logout, and sessions that survive a restart.
func TestSessionCookies(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		w := newSecWorld(t, handlers.Config{SecureCookies: secure})
		resp, _ := w.raw(http.MethodGet, "/login", "", "", nil)
		var c *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "dcconsole_session" {
				c = ck
			}
		}
		if c == nil || !c.HttpOnly || (c.SameSite != http.SameSiteLaxMode && c.SameSite != http.SameSiteStrictMode) || c.Secure != secure {
			t.Fatalf("secure=%v: session cookie %+v", secure, c)
		}
	}

	w := newSecWorld(t, handlers.Config{})
	w.get("/login")
	u, _ := url.Parse(w.URL)
	planted := w.client.Jar.Cookies(u)
	w.login("admin", adminPassword)
	after := w.client.Jar.Cookies(u)
	if planted[0].Value == after[0].Value {
		t.Fatal("the session cookie did not change at login")
	}
	// The cookie from before login (an attacker's planted one) is not logged in.
	victim := w.newBrowser()
	victim.client.Jar.SetCookies(u, planted)
	resp, _ := victim.get("/console")
	wantStatus(t, resp, http.StatusSeeOther)

	// A copy of the logged-in cookie works until logout, then never again.
	thief := w.newBrowser()
	thief.client.Jar.SetCookies(u, after)
	resp, _ = thief.get("/console")
	wantStatus(t, resp, http.StatusOK)

	// A restart: another server with the same keys and database.
	key := []byte(strings.Repeat("k", 64))
	e2 := handlers.New(w.Store, slog.New(slog.NewTextHandler(io.Discard, nil)), handlers.Config{SessionHashKey: key[:32], SessionBlockKey: key[32:]})
	srv2 := httptest.NewServer(e2)
	defer srv2.Close()
	req, _ := http.NewRequest(http.MethodGet, srv2.URL+"/console", nil)
	for _, ck := range after {
		req.AddCookie(ck)
	}
	resp, _ = w.newBrowser().do(req)
	wantStatus(t, resp, http.StatusOK)

	resp, _ = w.post("/logout", nil)
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = thief.get("/console")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("cookie copied before logout: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Disabling a user ends their sessions at once.
	tr := w.newBrowser().login("trainee1", w.TPass)
	admin := w.newBrowser().loginAdmin()
	resp, _ = admin.post("/admin/users/"+strconv.FormatInt(w.Trainee.ID, 10)+"/disable", nil)
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = tr.get("/console")
	wantStatus(t, resp, http.StatusSeeOther)
}

// TestSessionTimeouts with short timeouts and the store's clock.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{IdleTimeout: 2 * time.Minute, MaxSessionAge: 5 * time.Minute})
	now := time.Now()
	w.Store.SetClock(func() time.Time { return now })
	w.loginAdmin()
	for range 3 { // used every 90 s: the idle timeout never strikes
		now = now.Add(90 * time.Second)
		resp, _ := w.get("/console")
		wantStatus(t, resp, http.StatusOK)
	}
	now = now.Add(90 * time.Second) // 6 minutes after login: older than the max age
	resp, _ := w.get("/console")
	wantStatus(t, resp, http.StatusSeeOther)

	w.loginAdmin()
	now = now.Add(2*time.Minute + time.Second) // idle too long
	resp, _ = w.get("/console")
	wantStatus(t, resp, http.StatusSeeOther)
	resp, doc := w.get("/login")
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Text(), "Your session has expired") {
		t.Errorf("no expiry message: %s", pageText(doc.Text()))
	}
}

// TestLoginThrottle: failures slow down and then lock, with a clear message
// that does not tell whether the user exists; the same for the API's token
// request; a successful login clears the count.
func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	now := time.Now()
	w.Store.SetClock(func() time.Time { return now })
	b := w.newBrowser()
	b.get("/login")
	try := func(user, pass string) (int, string) {
		resp, doc := b.post("/login", url.Values{"username": {user}, "password": {pass}})
		return resp.StatusCode, strings.TrimSpace(doc.Find("#login-error").Text())
	}
	for _, user := range []string{"admin", "nobody-here"} { // a user who exists and one who does not: the same answers
		for i := 1; i <= store.UserThrottle.LockAfter; i++ {
			code, msg := try(user, "wrong-password")
			if code != http.StatusUnauthorized || msg != "Incorrect user name or password." {
				t.Fatalf("%s failure %d: %d %q", user, i, code, msg)
			}
			code, msg = try(user, "wrong-password")
			if i >= store.UserThrottle.SlowAfter && i < store.UserThrottle.LockAfter {
				if code != http.StatusTooManyRequests || !strings.HasPrefix(msg, "Too many failed attempts. Try again in ") {
					t.Fatalf("%s after %d failures: %d %q, want 429", user, i, code, msg)
				}
				now = now.Add(time.Minute) // wait it out
			}
			if i < store.UserThrottle.SlowAfter && code != http.StatusUnauthorized {
				t.Fatalf("%s after %d failures: %d %q", user, i, code, msg)
			}
			if i < store.UserThrottle.SlowAfter {
				i++ // that try counted too
			}
		}
		code, msg := try(user, adminPassword)
		if code != http.StatusTooManyRequests || msg != "Too many failed attempts. Try again in 15 minutes." {
			t.Fatalf("%s locked: %d %q", user, code, msg)
		}
	}
	// The API's token request is locked for the same user.
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"` + adminPassword + `"}}}}}`
	resp, text := w.raw(http.MethodPost, "/v3/auth/tokens", "application/json", body, nil)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(text, "Too many failed attempts") || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("API while locked: %d %s", resp.StatusCode, text)
	}
	// After the lock, the right password works and clears the count.
	now = now.Add(store.LockDuration + time.Second)
	if code, msg := try("admin", adminPassword); code != http.StatusSeeOther {
		t.Fatalf("after the lock: %d %q", code, msg)
	}
	resp, _ = w.raw(http.MethodPost, "/v3/auth/tokens", "application/json", body, nil)
	wantStatus(t, resp, http.StatusCreated)
	// A spoofed X-Forwarded-For does not give a fresh address.
	if got := w.E.IPExtractor; got == nil {
		t.Fatal("no IPExtractor: X-Forwarded-For would be trusted")
	}
}

// TestSecurityHeaders: every kind of answer (page, login, error, API,
// API error, static file, health, body too large) carries the headers.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	w.loginAdmin()
	tok := w.apiToken(mustUser(t, w.Store, 1), w.A)
	for _, tc := range []struct{ method, path, ctype, body, token string }{
		{"GET", "/console", "", "", ""},
		{"GET", "/login", "", "", ""},
		{"GET", "/no-such-page", "", "", ""},
		{"GET", "/dcaas/connections/nope", "", "", ""},
		{"POST", "/dcaas/connections", "application/x-www-form-urlencoded", "a=b", ""},
		{"POST", "/dcaas/connections", "application/x-www-form-urlencoded", strings.Repeat("a", 1_000_001), ""},
		{"GET", "/healthz", "", "", ""},
		{"GET", "/static/css/console.css", "", "", ""},
		{"GET", "/v2.0/dcaas/direct-connects", "", "", tok},
		{"GET", "/v2.0/dcaas/direct-connects", "", "", ""},
		{"POST", "/v2.0/dcaas/direct-connects", "application/json", strings.Repeat("a", 1_000_001), tok},
		{"POST", "/v3/auth/tokens", "application/json", "{}", ""},
		{"GET", "/v9/nothing", "", "", ""},
	} {
		resp, _ := w.raw(tc.method, tc.path, tc.ctype, tc.body, map[string]string{"X-Auth-Token": tc.token})
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") && strings.Contains(csp, "script-src 'self' 'unsafe-inline'") ||
			!strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "object-src 'none'") {
			t.Errorf("%s %s (%d): CSP %q", tc.method, tc.path, resp.StatusCode, csp)
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s %s: CSP allows unsafe sources: %q", tc.method, tc.path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s %s (%d): headers %v", tc.method, tc.path, resp.StatusCode, h)
		}
		if resp.StatusCode >= 500 {
			t.Errorf("%s %s: %d", tc.method, tc.path, resp.StatusCode)
		}
		if len(tc.body) > 1_000_000 && resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s %s with %d bytes: %d, want 413", tc.method, tc.path, len(tc.body), resp.StatusCode)
		}
	}
}

func mustUser(t *testing.T, st *store.Store, id int64) store.User {
	t.Helper()
	u, err := st.User(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
