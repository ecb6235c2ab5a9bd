package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dcconsole/handlers"
	"dcconsole/handlers/handlertest"
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
	w.LoginAdmin()
	anon := w.NewBrowser()
	anon.Get("/login") // a session with a CSRF token of its own, but no login
	n := 0
	for _, r := range w.Echo.Routes() {
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
			client *handlertest.Server
			token  string
		}{{"admin without token", w.Server, ""}, {"admin with a wrong token", w.Server, "wrong"}, {"logged out", anon, ""}} {
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
			resp, text := who.client.Raw(r.Method, path, ctype, body, header)
			want := http.StatusForbidden
			if api {
				want = http.StatusUnauthorized
			}
			if resp.StatusCode != want && !(api && resp.StatusCode == http.StatusMethodNotAllowed) {
				t.Errorf("%s %s (%s): status %d, want %d: %.200s", r.Method, r.Path, who.name, resp.StatusCode, want, handlertest.PageText(text))
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
// another project do not exist for the trainee) or 403 (admin pages), no
// answer names a resource of the admin's project, and nothing changes.
// Every route parameter is filled with a real ID of the admin's project
// (fillPath stops the test where it cannot), and each read route is first
// asked by the admin, who must get 200: the trainee's 404 is then the
// project check, not an ID that does not exist.
func TestTraineeCannotReachOtherProjects(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	tr := w.NewBrowser().Login("trainee1", w.TPass)
	tok := w.APIToken(w.Trainee, w.B)
	owner := w.NewBrowser().LoginAdmin()
	ownerTok := w.APIToken(mustUser(t, w.Store, 1), w.A)
	n, controls := 0, 0
	for _, r := range w.Echo.Routes() {
		if r.Method == "echo_route_not_found" || !strings.Contains(r.Path, ":") || strings.HasPrefix(r.Path, "/static") {
			continue
		}
		if r.Method == http.MethodHead || r.Method == http.MethodOptions || r.Method == http.MethodConnect || r.Method == http.MethodTrace {
			continue
		}
		path := w.fillPath(w.A, r.Path)
		api := isAPI(path)
		n++
		if r.Method == http.MethodGet && !strings.HasSuffix(r.Path, "/*") {
			// The owner reads the same path: the IDs in it are real.
			var resp *http.Response
			var text string
			if api {
				resp, text = w.Raw(r.Method, path, "", "", map[string]string{"X-Auth-Token": ownerTok})
			} else {
				reader := owner
				if strings.Contains(r.Path, "/trainees/") {
					// Opening a trainee's project read-only makes it the
					// session's project: a browser of its own keeps the
					// owner's session on project A for the other routes.
					reader = w.NewBrowser().LoginAdmin()
				}
				resp, text = reader.Raw(r.Method, path, "", "", nil)
			}
			switch {
			case resp.StatusCode == http.StatusOK,
				// a delete page the resource's state refuses: found, and sent back to the list
				resp.StatusCode == http.StatusSeeOther && !api && !strings.HasPrefix(resp.Header.Get("Location"), "/login"):
				controls++
			case resp.StatusCode == http.StatusMethodNotAllowed: // a path that takes other methods only: nothing to read
			default:
				t.Fatalf("GET %s (route %s) as the owner: status %d, want 200 (or 303 to the list): the IDs filled in are not real: %.200s", path, r.Path, resp.StatusCode, handlertest.PageText(text))
			}
		}
		before := w.snapshot()
		var resp *http.Response
		var text string
		if api {
			body := ""
			if stateChanging(r.Method) {
				body = apiBody(r.Path)
			}
			resp, text = w.Raw(r.Method, path, "application/json", body, map[string]string{"X-Auth-Token": tok})
		} else {
			form := url.Values{"_csrf": {tr.CSRF}, "name": {"x-1"}, "bandwidth": {"100"}, "project": {w.A.ID}, "cidrs": {"10.9.0.0/16"}}
			resp, text = tr.Raw(r.Method, path, "application/x-www-form-urlencoded", form.Encode(), nil)
		}
		want := http.StatusNotFound
		if strings.HasPrefix(r.Path, "/admin") {
			want = http.StatusForbidden
		}
		// The API may also answer 403 (a project in the URL that is not the
		// token's) or 405 (a method the path does not take).
		apiOK := api && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusMethodNotAllowed)
		if resp.StatusCode != want && !apiOK {
			t.Errorf("%s %s as trainee: status %d, want %d: %.200s", r.Method, path, resp.StatusCode, want, handlertest.PageText(text))
		}
		if m := namesOfA.FindStringSubmatch(text); m != nil {
			t.Errorf("%s %s (%d) names %s, a resource of another project: %.200s", r.Method, path, resp.StatusCode, m[1], handlertest.PageText(text))
		}
		w.assertUnchanged(t, before, r.Method+" "+r.Path)
	}
	// Routes without an ID that take one in the form or query.
	resp, _ := tr.Post("/console/project", url.Values{"project": {w.A.ID}})
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	for _, p := range []string{"/admin/users", "/admin/projects"} {
		resp, _ := tr.Get(p)
		handlertest.WantStatus(t, resp, http.StatusForbidden)
	}
	resp, doc := tr.Get("/dcaas/virtual-interfaces/create?connection=" + w.ids[w.A.ID]["connection"] + "&gateway=" + w.ids[w.A.ID]["gateway"])
	handlertest.WantStatus(t, resp, http.StatusOK)
	if doc.Find(`option[value="`+w.ids[w.A.ID]["connection"]+`"]`).Length() > 0 {
		t.Error("the interface form offers another project's connection")
	}
	t.Logf("%d routes walked, %d of them read by the owner first", n, controls)
	if n < 30 || controls < 12 {
		t.Fatalf("only %d routes walked, %d read by the owner first", n, controls)
	}
}

// TestSessionCookies: HttpOnly, SameSite and Secure (with SecureCookies),
// a new session at login (no fixation), a copied cookie refused after
// logout, and sessions that survive a restart.
func TestSessionCookies(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		w := newSecWorld(t, handlers.Config{SecureCookies: secure})
		resp, _ := w.Raw(http.MethodGet, "/login", "", "", nil)
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
	w.Get("/login")
	u, _ := url.Parse(w.URL)
	planted := w.Client.Jar.Cookies(u)
	w.Login("admin", handlertest.AdminPassword)
	after := w.Client.Jar.Cookies(u)
	if planted[0].Value == after[0].Value {
		t.Fatal("the session cookie did not change at login")
	}
	// The cookie from before login (an attacker's planted one) is not logged in.
	victim := w.NewBrowser()
	victim.Client.Jar.SetCookies(u, planted)
	resp, _ := victim.Get("/console")
	handlertest.WantStatus(t, resp, http.StatusSeeOther)

	// A copy of the logged-in cookie works until logout, then never again.
	thief := w.NewBrowser()
	thief.Client.Jar.SetCookies(u, after)
	resp, _ = thief.Get("/console")
	handlertest.WantStatus(t, resp, http.StatusOK)

	// A restart: another server with the same keys and database.
	srv2 := handlertest.Start(t, handlertest.Options{Store: w.Store})
	req, _ := http.NewRequest(http.MethodGet, srv2.URL+"/console", nil)
	for _, ck := range after {
		req.AddCookie(ck)
	}
	resp, _ = w.NewBrowser().Do(req)
	handlertest.WantStatus(t, resp, http.StatusOK)

	resp, _ = w.Post("/logout", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = thief.Get("/console")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("cookie copied before logout: status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Disabling a user ends their sessions at once.
	tr := w.NewBrowser().Login("trainee1", w.TPass)
	admin := w.NewBrowser().LoginAdmin()
	resp, _ = admin.Post("/admin/users/"+strconv.FormatInt(w.Trainee.ID, 10)+"/disable", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = tr.Get("/console")
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
}

// TestSessionTimeouts with short timeouts and the store's clock.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{IdleTimeout: 2 * time.Minute, MaxSessionAge: 5 * time.Minute})
	now := time.Now()
	w.Store.SetClock(func() time.Time { return now })
	w.LoginAdmin()
	for range 3 { // used every 90 s: the idle timeout never strikes
		now = now.Add(90 * time.Second)
		resp, _ := w.Get("/console")
		handlertest.WantStatus(t, resp, http.StatusOK)
	}
	now = now.Add(90 * time.Second) // 6 minutes after login: older than the max age
	resp, _ := w.Get("/console")
	handlertest.WantStatus(t, resp, http.StatusSeeOther)

	w.LoginAdmin()
	now = now.Add(2*time.Minute + time.Second) // idle too long
	resp, _ = w.Get("/console")
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, doc := w.Get("/login")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Text(), "Your session has expired") {
		t.Errorf("no expiry message: %s", handlertest.PageText(doc.Text()))
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
	b := w.NewBrowser()
	b.Get("/login")
	try := func(user, pass string) (int, string) {
		resp, doc := b.Post("/login", url.Values{"username": {user}, "password": {pass}})
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
		code, msg := try(user, handlertest.AdminPassword)
		if code != http.StatusTooManyRequests || msg != "Too many failed attempts. Try again in 15 minutes." {
			t.Fatalf("%s locked: %d %q", user, code, msg)
		}
	}
	// The API's token request is locked for the same user.
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"` + handlertest.AdminPassword + `"}}}}}`
	resp, text := w.Raw(http.MethodPost, "/v3/auth/tokens", "application/json", body, nil)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(text, "Too many failed attempts") || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("API while locked: %d %s", resp.StatusCode, text)
	}
	// After the lock, the right password works and clears the count.
	now = now.Add(store.LockDuration + time.Second)
	if code, msg := try("admin", handlertest.AdminPassword); code != http.StatusSeeOther {
		t.Fatalf("after the lock: %d %q", code, msg)
	}
	resp, _ = w.Raw(http.MethodPost, "/v3/auth/tokens", "application/json", body, nil)
	handlertest.WantStatus(t, resp, http.StatusCreated)
}

// logLines collects the lines of a JSON slog handler as the server writes
// them, and lets a test wait for them (the request log line is written
// after the answer may have reached the client).
type logLines struct {
	mu      sync.Mutex
	lines   []map[string]any
	partial []byte
	changed chan struct{}
}

func newLogLines() *logLines { return &logLines{changed: make(chan struct{})} }

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		var m map[string]any
		if err := json.Unmarshal(l.partial[:i], &m); err != nil {
			m = map[string]any{"unparsed": string(l.partial[:i])}
		}
		m["raw"] = string(l.partial[:i])
		l.lines = append(l.lines, m)
		l.partial = l.partial[i+1:]
	}
	close(l.changed)
	l.changed = make(chan struct{})
	return len(p), nil
}

// waitFor returns the lines once at least n have the message msg; it
// fails the test when they do not come within the timeout.
func (l *logLines) waitFor(t *testing.T, msg string, n int) []map[string]any {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		l.mu.Lock()
		var got []map[string]any
		for _, m := range l.lines {
			if m["msg"] == msg {
				got = append(got, m)
			}
		}
		all, changed := slices.Clone(l.lines), l.changed
		l.mu.Unlock()
		if len(got) >= n {
			return all
		}
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("%d log lines %q, want %d", len(got), msg, n)
		}
	}
}

// TestSpoofedForwardedForIgnored: X-Forwarded-For and X-Real-IP are set by
// clients at will. Login failures sent with a different spoofed address each
// time still count as failures of one address, the connection's peer, so
// the address throttle strikes after AddrThrottle.SlowAfter of them (each
// for another user name, so only the address can be throttled); and every
// log line names the peer, never a spoofed address.
func TestSpoofedForwardedForIgnored(t *testing.T) {
	t.Parallel()
	logs := newLogLines()
	w := newSecWorldLog(t, handlers.Config{}, logs)
	now := time.Now()
	w.Store.SetClock(func() time.Time { return now }) // no slow-down wait runs out during the test
	u, err := url.Parse(w.URL)
	if err != nil {
		t.Fatal(err)
	}
	peer := u.Hostname() // the client connects from the loopback address the server listens on
	b := w.NewBrowser()
	b.Get("/login")
	requests := 1
	spoofed := func(i int) map[string]string {
		return map[string]string{
			"X-Forwarded-For": fmt.Sprintf("203.0.113.%d, 198.51.100.%d", i+1, i+1),
			"X-Real-IP":       fmt.Sprintf("192.0.2.%d", i+1),
		}
	}
	attempt := func(i int) (int, string) {
		t.Helper()
		requests++
		user := fmt.Sprintf("nobody-%02d", i) // a new name each time: the user name's throttle never strikes
		if i%2 == 1 {                         // every other attempt is the API's token request
			body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user + `","password":"wrong-password"}}}}}`
			resp, text := w.Raw(http.MethodPost, "/v3/auth/tokens", "application/json", body, spoofed(i))
			return resp.StatusCode, text
		}
		form := url.Values{"_csrf": {b.CSRF}, "username": {user}, "password": {"wrong-password"}}
		resp, text := b.Raw(http.MethodPost, "/login", "application/x-www-form-urlencoded", form.Encode(), spoofed(i))
		return resp.StatusCode, handlertest.PageText(text)
	}
	limit := store.AddrThrottle.SlowAfter
	for i := range limit {
		if code, text := attempt(i); code != http.StatusUnauthorized {
			t.Fatalf("failure %d of %d from one address: status %d, want 401: %.200s", i+1, limit, code, text)
		}
	}
	// The next attempt, with yet another spoofed address, is the address's
	// (limit+1)th: it must wait.
	if code, text := attempt(limit); code != http.StatusTooManyRequests || !strings.Contains(text, "Too many failed attempts") {
		t.Errorf("attempt %d from one address with a fresh X-Forwarded-For/X-Real-IP: status %d, want 429 (the throttle counted the spoofed addresses): %.200s", limit+1, code, text)
	}
	ctx := context.Background()
	if wait, err := w.Store.LoginWait(ctx, []string{"ip:" + peer}); err != nil || wait <= 0 {
		t.Errorf("the peer address %s must wait after %d failures: wait %v, err %v", peer, limit, wait, err)
	}
	for i := range limit + 1 {
		for _, addr := range []string{fmt.Sprintf("203.0.113.%d", i+1), fmt.Sprintf("198.51.100.%d", i+1), fmt.Sprintf("192.0.2.%d", i+1)} {
			if n, err := w.Store.LoginWait(ctx, store.ThrottleKeys("", addr)[1:]); err != nil || n != 0 {
				t.Fatalf("spoofed address %s is throttled (%v, %v): its header was trusted", addr, n, err)
			}
		}
	}
	snap, err := w.Store.Snapshot(ctx, store.SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, row := range snap["login_failures"] {
		if strings.Contains(row, "ip:") && !strings.Contains(row, "ip:"+peer) {
			problems = append(problems, fmt.Sprintf("a failure counted against another address than the peer %s: %s", peer, row))
		}
	}
	// A page read with spoofed headers is logged with the peer too.
	requests++
	resp, _ := b.Raw(http.MethodGet, "/login", "", "", spoofed(99))
	handlertest.WantStatus(t, resp, http.StatusOK)

	lines := logs.waitFor(t, "request", requests)
	var reqs, failed int
	for _, m := range lines {
		switch m["msg"] {
		case "request":
			reqs++
			if m["ip"] != peer {
				problems = append(problems, fmt.Sprintf("request log line names ip %v, want the peer %s: %s", m["ip"], peer, m["raw"]))
			}
		case "login failed":
			failed++
			if m["ip"] != peer {
				problems = append(problems, fmt.Sprintf("login failure logged with ip %v, want the peer %s: %s", m["ip"], peer, m["raw"]))
			}
		}
		raw := m["raw"].(string)
		if strings.Contains(raw, "203.0.113.") || strings.Contains(raw, "198.51.100.") || strings.Contains(raw, "192.0.2.") {
			problems = append(problems, "a log line holds a spoofed address: "+raw)
		}
	}
	for i, p := range problems {
		if i == 6 {
			t.Errorf("... and %d more", len(problems)-i)
			break
		}
		t.Error(p)
	}
	if reqs != requests || failed != limit {
		t.Errorf("%d request lines for %d requests, %d login failures logged for %d", reqs, requests, failed, limit)
	}
}

// TestSecurityHeaders: every kind of answer (page, login, error, API,
// API error, static file, health, body too large) carries the headers.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	w.LoginAdmin()
	tok := w.APIToken(mustUser(t, w.Store, 1), w.A)
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
		resp, _ := w.Raw(tc.method, tc.path, tc.ctype, tc.body, map[string]string{"X-Auth-Token": tc.token})
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
