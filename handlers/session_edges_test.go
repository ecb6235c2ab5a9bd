package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestReloginEndsPreviousSession: a login replaces the whole session (SPEC
// §2 log in, §7 a valid session for every request; README "Sessions":
// login starts a new one, a cookie planted before login is worth nothing).
// Logging in again in a browser that is already logged in ends the session
// it had, so a copy of the earlier cookie no longer opens the console.
func TestReloginEndsPreviousSession(t *testing.T) {
	ts := newTestServer(t)
	b := ts.newBrowser().loginAdmin()
	u, _ := url.Parse(ts.URL)
	copied := ts.newBrowser()
	copied.client.Jar.SetCookies(u, b.client.Jar.Cookies(u))
	if resp, _ := copied.get("/console"); resp.StatusCode != http.StatusOK {
		t.Fatalf("copied cookie before the new login: %d, want 200", resp.StatusCode)
	}
	if resp, _ := b.post("/login", url.Values{"username": {"admin"}, "password": {adminPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second login: %d, want 303", resp.StatusCode)
	}
	if resp, _ := b.get("/console"); resp.StatusCode != http.StatusOK {
		t.Fatalf("new session: %d, want 200", resp.StatusCode)
	}
	resp, _ := copied.get("/console")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Fatalf("cookie of the session before the new login: %d %q, want 303 to /login", resp.StatusCode, resp.Header.Get("Location"))
	}
}
