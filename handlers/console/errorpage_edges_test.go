package console_test

import (
	"net/http"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
)

// TestErrorPageKeepsTheChrome: every page has the console's chrome (SPEC
// §2), error pages too: a logged-in user's 404 still shows who is logged in
// and the Log Out button; a visitor who is not logged in gets neither.
func TestErrorPageKeepsTheChrome(t *testing.T) {
	ts := handlertest.New(t)
	b := ts.NewBrowser().LoginAdmin()
	resp, doc := b.Get("/dcaas/connections/00000000-0000-4000-8000-000000000000")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown connection: %d, want 404", resp.StatusCode)
	}
	if doc.Find(`form[action="/logout"]`).Length() == 0 || !strings.Contains(doc.Find("#user-menu").Text(), "admin") {
		t.Fatalf("404 of a logged-in user without the chrome (Log Out, user name)")
	}
	resp, doc = ts.NewBrowser().Get("/static/css/no-such-file.css")
	if resp.StatusCode != http.StatusNotFound || doc.Find(`form[action="/logout"]`).Length() != 0 {
		t.Fatalf("404 of a visitor: %d, Log Out forms %d; want 404 without", resp.StatusCode, doc.Find(`form[action="/logout"]`).Length())
	}
}
