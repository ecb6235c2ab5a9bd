package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/sessions"

	"dcconsole/handlers/handlertest"
)

// TestReloginEndsPreviousSession: a login replaces the whole session (SPEC
// §2 log in, §7 a valid session for every request; README "Sessions":
// login starts a new one, a cookie planted before login is worth nothing).
// Logging in again in a browser that is already logged in ends the session
// it had, so a copy of the earlier cookie no longer opens the console.
func TestReloginEndsPreviousSession(t *testing.T) {
	ts := handlertest.New(t)
	b := ts.NewBrowser().LoginAdmin()
	u, _ := url.Parse(ts.URL)
	copied := ts.NewBrowser()
	copied.Client.Jar.SetCookies(u, b.Client.Jar.Cookies(u))
	if resp, _ := copied.Get("/console"); resp.StatusCode != http.StatusOK {
		t.Fatalf("copied cookie before the new login: %d, want 200", resp.StatusCode)
	}
	if resp, _ := b.Post("/login", url.Values{"username": {"admin"}, "password": {handlertest.AdminPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second login: %d, want 303", resp.StatusCode)
	}
	if resp, _ := b.Get("/console"); resp.StatusCode != http.StatusOK {
		t.Fatalf("new session: %d, want 200", resp.StatusCode)
	}
	resp, _ := copied.Get("/console")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("cookie of the session before the new login: %d %q, want 303 to /login", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestCookieOfOneUserWithAnotherUsersSession: the cookie names a
// server-side session, and it must be a session of the same user (README
// "Sessions"; SPEC §7: a user never acts as another). A cookie that says
// one user but names another user's live session, as only someone holding
// the cookie key could make, leads to the login page, not into the console
// as either of them.
func TestCookieOfOneUserWithAnotherUsersSession(t *testing.T) {
	ts := handlertest.New(t)
	trainee, _, tpass, err := ts.Store.CreateTrainee(context.Background(), "trainee1", "", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	admin := ts.NewBrowser().LoginAdmin()
	other := ts.NewBrowser().Login(trainee.Name, tpass)
	key := []byte(strings.Repeat("k", 64)) // the test server's session key
	cs := sessions.NewCookieStore(key[:32], key[32:])
	u, _ := url.Parse(ts.URL)
	values := func(b *handlertest.Server) map[any]any {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, ts.URL, nil)
		for _, c := range b.Client.Jar.Cookies(u) {
			req.AddCookie(c)
		}
		s, err := cs.New(req, "dcconsole_session")
		if err != nil || s.IsNew {
			t.Fatalf("session cookie: %v", err)
		}
		return s.Values
	}
	forged := values(other)
	forged["sid"] = values(admin)["sid"]
	s := sessions.NewSession(cs, "dcconsole_session")
	s.Values, s.Options = forged, &sessions.Options{Path: "/"}
	rec := httptest.NewRecorder()
	if err := cs.Save(httptest.NewRequest(http.MethodGet, ts.URL, nil), rec, s); err != nil {
		t.Fatal(err)
	}
	b := ts.NewBrowser()
	b.Client.Jar.SetCookies(u, rec.Result().Cookies())
	resp, _ := b.Get("/console")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("cookie of %s naming the admin's session: %d %q, want 303 to /login", trainee.Name, resp.StatusCode, resp.Header.Get("Location"))
	}
}
