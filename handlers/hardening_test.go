package handlers_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dcconsole/handlers"
	"dcconsole/handlers/handlertest"
	"dcconsole/store"
	"dcconsole/views"
)

// exchange is one answer, read in full, for requests sent from goroutines
// (where t.Fatal may not be called).
type exchange struct {
	status int
	header http.Header
	body   string
	err    error
}

func send(c *http.Client, method, u, ctype, body string, header map[string]string) exchange {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		return exchange{err: err}
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return exchange{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return exchange{status: resp.StatusCode, header: resp.Header, body: string(b), err: err}
}

// TestLoginBurstIsThrottled (finding 1): 60 concurrent attempts for one
// user, 59 with a wrong password and one with the right one, at one
// instant of the clock. Each attempt is counted before its password is
// checked, so at most the slow-down's threshold of passwords are checked
// (never more than the lock limit); every other attempt answers 429 with
// Retry-After without a check. The same for the API and the login form.
func TestLoginBurstIsThrottled(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	now := time.Now()
	w.Store.SetClock(func() time.Time { return now })
	w.Store.SetPasswordChecks(64, 64) // the gate is TestPasswordChecksBounded's subject, not this one's
	var checks atomic.Int64
	w.Store.SetPasswordGateHook(func(e string) {
		if e == store.GateRun {
			checks.Add(1)
		}
	})
	burst := func(t *testing.T, try func(i int) exchange, ok, wrong int) {
		// Each burst starts from no failures (of the names and the address).
		if err := w.Store.UnlockUser(t.Context(), "admin"); err != nil {
			t.Fatal(err)
		}
		if err := w.Store.ClearLoginFailures(t.Context(), store.ThrottleKeys(w.Trainee.Name, "")[0]); err != nil {
			t.Fatal(err)
		}
		checks.Store(0)
		answers := make([]exchange, 60)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Go(func() { answers[i] = try(i) })
		}
		wg.Wait()
		count := map[int]int{}
		for i, a := range answers {
			if a.err != nil {
				t.Fatalf("attempt %d: %v", i, a.err)
			}
			count[a.status]++
			if a.status == http.StatusTooManyRequests && a.header.Get("Retry-After") == "" {
				t.Errorf("attempt %d: 429 without Retry-After", i)
			}
		}
		n := int(checks.Load())
		t.Logf("answers %v, password checks %d", count, n)
		if n > store.UserThrottle.SlowAfter || n > store.UserThrottle.LockAfter {
			t.Errorf("%d passwords checked in the burst, want at most %d (and never more than the lock limit %d)",
				n, store.UserThrottle.SlowAfter, store.UserThrottle.LockAfter)
		}
		if count[ok]+count[wrong] != n || count[http.StatusTooManyRequests] != 60-n {
			t.Errorf("answers %v: want %d checked (%d or %d) and %d throttled (429)", count, n, ok, wrong, 60-n)
		}
		if count[wrong] > store.UserThrottle.LockAfter {
			t.Errorf("%d failures counted, want at most %d", count[wrong], store.UserThrottle.LockAfter)
		}
	}
	t.Run("API", func(t *testing.T) {
		c := handlertest.NewClient()
		burst(t, func(i int) exchange {
			pw := "wrong-password"
			if i == 30 {
				pw = w.TPass
			}
			return send(c, http.MethodPost, w.URL+"/v3/auth/tokens", "application/json", handlertest.TokenBody(w.Trainee.Name, pw), nil)
		}, http.StatusCreated, http.StatusUnauthorized)
	})
	t.Run("LoginForm", func(t *testing.T) {
		b := w.NewBrowser()
		b.Get("/login")
		burst(t, func(i int) exchange {
			pw := "wrong-password"
			if i == 30 {
				pw = handlertest.AdminPassword
			}
			form := url.Values{"username": {"admin"}, "password": {pw}, "_csrf": {b.CSRF}}
			return send(b.Client, http.MethodPost, w.URL+"/login", "application/x-www-form-urlencoded", form.Encode(), nil)
		}, http.StatusSeeOther, http.StatusUnauthorized)
	})
}

// TestPasswordChecksBounded (finding 2): with one password check running
// and the queue full, a further login (API or form) is refused at once with
// 503 and Retry-After, not queued; pages, the health check and API calls
// with a token are answered meanwhile; the refused attempts are not counted
// as failures. Deterministic: the checks are held inside the gate by a hook.
func TestPasswordChecksBounded(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	w.LoginAdmin()
	tok := w.APIToken(mustUser(t, w.Store, 1), w.A)
	w.Store.SetPasswordChecks(1, 2)
	events := make(chan string, 64)
	release := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	var running, most atomic.Int64
	w.Store.SetPasswordGateHook(func(e string) {
		if e == store.GateRun {
			most.Store(max(most.Load(), running.Add(1)))
			events <- e
			<-release
			running.Add(-1)
			return
		}
		events <- e
	})
	c := handlertest.NewClient()
	held := make(chan exchange, 3)
	for i := range 3 {
		go func() {
			held <- send(c, http.MethodPost, w.URL+"/v3/auth/tokens", "application/json", handlertest.TokenBody(fmt.Sprintf("held-%d", i), "wrong-password"), nil)
		}()
	}
	got := map[string]int{}
	for range 3 {
		got[<-events]++
	}
	if got[store.GateRun] != 1 || got[store.GateWait] != 2 {
		t.Fatalf("gate events %v, want 1 check running and 2 waiting", got)
	}
	// The gate is full: a further login is refused at once.
	a := send(c, http.MethodPost, w.URL+"/v3/auth/tokens", "application/json", handlertest.TokenBody("busy-user", "wrong-password"), nil)
	if a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") != "1" || !strings.Contains(a.body, "Try again in a moment") {
		t.Fatalf("API login with the gate full: %d %q Retry-After %q", a.status, a.body, a.header.Get("Retry-After"))
	}
	b := w.NewBrowser()
	b.Get("/login")
	resp, doc := b.Post("/login", url.Values{"username": {"busy-user"}, "password": {"wrong-password"}})
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" ||
		!strings.Contains(doc.Find("#login-error").Text(), "Try again in a moment") {
		t.Fatalf("form login with the gate full: %d %q", resp.StatusCode, doc.Find("#login-error").Text())
	}
	// Everything else goes on.
	if resp, _ := w.Get("/dcaas/connections"); resp.StatusCode != http.StatusOK {
		t.Fatalf("page while logins wait: %d", resp.StatusCode)
	}
	if a := send(c, http.MethodGet, w.URL+"/healthz", "", "", nil); a.status != http.StatusOK {
		t.Fatalf("healthz while logins wait: %d", a.status)
	}
	if a := send(c, http.MethodGet, w.URL+"/v2.0/dcaas/direct-connects", "", "", map[string]string{"X-Auth-Token": tok}); a.status != http.StatusOK {
		t.Fatalf("API call while logins wait: %d", a.status)
	}
	// The refused attempts did not count against the name.
	if d, err := w.Store.LoginWait(t.Context(), store.ThrottleKeys("busy-user", "")); err != nil || d != 0 {
		t.Fatalf("busy-user after two refused attempts: wait %v, %v", d, err)
	}
	snap, _ := w.Store.Snapshot(t.Context(), store.SnapshotOptions{})
	for _, row := range snap["login_failures"] {
		if strings.Contains(row, `"user:busy-user", 1`) || strings.Contains(row, `"user:busy-user", 2`) {
			t.Fatalf("refused attempt counted: %s", row)
		}
	}
	go func() {
		for range 2 {
			<-events // the two waiting ones run after the first
		}
	}()
	free()
	for range 3 {
		if a := <-held; a.status != http.StatusUnauthorized {
			t.Fatalf("a held login: %d %v", a.status, a.err)
		}
	}
	if most.Load() != 1 {
		t.Fatalf("%d password checks ran at once, want at most 1", most.Load())
	}
}

// TestPostLoginRedirectIsPlainPath (finding 3): next on the login form
// (after logging in, and when already logged in) and on the language switch
// leads only to a plain path of this console; anything else (control
// characters, "//", backslashes, schemes, hosts, and all of these
// percent-encoded) leads to the home page.
func TestPostLoginRedirectIsPlainPath(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	hostile := []string{
		"/\t/evil.example", "/%09/evil.example", "/%2509/evil.example", "\t/evil.example",
		"/\n/evil.example", "/%0a/evil.example", "/\r/evil.example", "/%0D/evil.example",
		"/\x00/evil.example", "/%00/evil.example", "/\x7f/evil.example", "/%7f/evil.example",
		"//evil.example", "///evil.example", "/%2F/evil.example", "/%2f%2fevil.example", "/%252F/evil.example",
		"/\\evil.example", "/\\/evil.example", "\\\\evil.example", "/%5C/evil.example", "/%5c%5cevil.example",
		"https://evil.example", "http:evil.example", "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
		"evil.example", "%2F%2Fevil.example", "", " /console", "/ /evil.example", "/\u00a0/evil.example", "/\u2028/evil.example",
		"/login?next=//evil.example", "/%", "/%zz",
	}
	plain := []string{"/dcaas/connections", "/dcaas/connections?region=eu-de&q=a%20b", "/vpc/vpcs"}
	type tc struct {
		next, want string
	}
	var cases []tc
	for _, n := range hostile {
		cases = append(cases, tc{n, "/console"})
	}
	for _, n := range plain {
		cases = append(cases, tc{n, n})
	}
	loggedIn := w.NewBrowser().Login("admin", handlertest.AdminPassword)
	// location sends the request with the browser's cookies straight to the
	// transport: the client would refuse to read a Location with a control
	// character, and the test must see what the console sent.
	location := func(t *testing.T, b *handlertest.Server, method, path string, form url.Values) string {
		t.Helper()
		var body io.Reader
		if form != nil {
			form.Set("_csrf", b.CSRF)
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequest(method, w.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for _, c := range b.Client.Jar.Cookies(req.URL) {
			req.AddCookie(c)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s %s: status %d, want 303", method, path, resp.StatusCode)
		}
		return resp.Header.Get("Location")
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%q", c.next), func(t *testing.T) {
			b := w.NewBrowser()
			b.Get("/login")
			if got := location(t, b, http.MethodPost, "/language", url.Values{"lang": {"de"}, "next": {c.next}}); got != c.want {
				t.Errorf("language switch: Location %q, want %q", got, c.want)
			}
			if got := location(t, b, http.MethodPost, "/login", url.Values{"username": {"admin"}, "password": {handlertest.AdminPassword}, "next": {c.next}}); got != c.want {
				t.Errorf("login: Location %q, want %q", got, c.want)
			}
			if got := location(t, loggedIn, http.MethodGet, "/login?next="+url.QueryEscape(c.next), nil); got != c.want {
				t.Errorf("login page when logged in: Location %q, want %q", got, c.want)
			}
		})
	}
}

// TestDisableRevokesTokensHTTP (finding 4): a trainee's API token answers
// 401 once the admin disables them, and still after they are enabled again;
// their browser session is gone too.
func TestDisableRevokesTokensHTTP(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	c := handlertest.NewClient()
	body := fmt.Sprintf(`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":%q,"password":%q}}},"scope":{"project":{"id":%q}}}}`,
		w.Trainee.Name, w.TPass, w.B.ID)
	a := send(c, http.MethodPost, w.URL+"/v3/auth/tokens", "application/json", body, nil)
	tok := a.header.Get("X-Subject-Token")
	if a.status != http.StatusCreated || tok == "" {
		t.Fatalf("token: %d %s", a.status, a.body)
	}
	list := func() int {
		return send(c, http.MethodGet, w.URL+"/v2.0/dcaas/direct-connects", "", "", map[string]string{"X-Auth-Token": tok}).status
	}
	if s := list(); s != http.StatusOK {
		t.Fatalf("token before disabling: %d", s)
	}
	trainee := w.NewBrowser().Login(w.Trainee.Name, w.TPass)
	w.LoginAdmin()
	id := fmt.Sprint(w.Trainee.ID)
	if resp, _ := w.Post("/admin/users/"+id+"/disable", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if s := list(); s != http.StatusUnauthorized {
		t.Fatalf("token of a disabled user: %d", s)
	}
	if resp, _ := w.Post("/admin/users/"+id+"/enable", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", resp.StatusCode)
	}
	if s := list(); s != http.StatusUnauthorized {
		t.Fatalf("token after disable and enable: %d, want 401 (revoked)", s)
	}
	if resp, _ := trainee.Get("/console"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("session after disable and enable: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestCSRFTokenNotFromQuery (finding 5): the CSRF token counts only in the
// form body or the X-CSRF-Token header; in the query string it is refused.
func TestCSRFTokenNotFromQuery(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	b := w.NewBrowser()
	b.Get("/login")
	tok := b.CSRF
	form := "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		name, query, body string
		header            map[string]string
		want              int
	}{
		{"query only", "?_csrf=" + url.QueryEscape(tok), "lang=de&next=%2Fconsole", nil, http.StatusForbidden},
		{"query only, empty body", "?_csrf=" + url.QueryEscape(tok) + "&lang=de", "", nil, http.StatusForbidden},
		{"body", "", "lang=de&next=%2Fconsole&_csrf=" + url.QueryEscape(tok), nil, http.StatusSeeOther},
		{"header", "", "lang=de&next=%2Fconsole", map[string]string{"X-CSRF-Token": tok}, http.StatusSeeOther},
	} {
		ctype := form
		if tc.body == "" {
			ctype = ""
		}
		if a := send(b.Client, http.MethodPost, w.URL+"/language"+tc.query, ctype, tc.body, tc.header); a.status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, a.status, tc.want)
		}
	}
}

// TestStaticNoListings (finding 5): the static folders answer 404, not a
// listing; the files in them are served.
func TestStaticNoListings(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	c := handlertest.NewClient()
	for _, p := range []string{"/static/", "/static/css/", "/static/js/", "/static/img/", "/static/css", "/static/js", "/static/./css/", "/static/css/../js/", "/static/css/console.css/"} {
		a := send(c, http.MethodGet, w.URL+p, "", "", nil)
		if a.status != http.StatusNotFound || strings.Contains(a.body, "console.") {
			t.Errorf("GET %s: %d %.80q, want 404 without a listing", p, a.status, a.body)
		}
	}
	for _, p := range []string{"/static/css/console.css", "/static/js/console.js", "/static/img/favicon.svg"} {
		if a := send(c, http.MethodGet, w.URL+p, "", "", nil); a.status != http.StatusOK {
			t.Errorf("GET %s: %d", p, a.status)
		}
	}
}

// TestAdminUserNameRules (finding 5): the trainee form refuses a name with
// spaces around it and a case twin of an existing user, with the field's
// message (422), and stores nothing.
func TestAdminUserNameRules(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	w.LoginAdmin()
	w.Get("/admin/users")
	before := w.snapshot()
	for _, tc := range []struct{ name, want string }{
		{" bob", "The user name cannot begin or end with a space."},
		{"bob ", "The user name cannot begin or end with a space."},
		{"Admin", "A user named Admin already exists."},
		{"TRAINEE1", "A user named TRAINEE1 already exists."},
	} {
		resp, doc := w.Post("/admin/users", url.Values{"name": {tc.name}, "password": {"password1"}, "region": {"eu-de"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || handlertest.FieldError(doc, "user-name") != tc.want {
			t.Errorf("name %q: %d %q, want 422 %q", tc.name, resp.StatusCode, handlertest.FieldError(doc, "user-name"), tc.want)
		}
	}
	for _, pw := range []string{"        ", "abcd\x00efgh", "ääää"} {
		resp, doc := w.Post("/admin/users", url.Values{"name": {"newbie"}, "password": {pw}, "region": {"eu-de"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || handlertest.FieldError(doc, "user-password") != views.M(context.Background(), store.Message{Key: store.PasswordRule.Key, Args: []any{store.PasswordMinChars, store.PasswordMaxChars}}) {
			t.Errorf("password %q: %d %q", pw, resp.StatusCode, handlertest.FieldError(doc, "user-password"))
		}
	}
	w.assertUnchanged(t, before, "refused users")
}

// TestTokenAnswerNotStored (finding 5): the answer that carries a new token
// must not be kept by a cache.
func TestTokenAnswerNotStored(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	a := send(handlertest.NewClient(), http.MethodPost, w.URL+"/v3/auth/tokens", "application/json", handlertest.TokenBody("admin", handlertest.AdminPassword), nil)
	if a.status != http.StatusCreated || a.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("token answer: %d Cache-Control %q", a.status, a.header.Get("Cache-Control"))
	}
}
