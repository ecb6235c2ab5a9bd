package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
)

// TestPostLoginRedirectLengthBound: after login, next leads to any plain
// path of this console (README "Redirect after login"), up to the 2048
// characters a browser reliably keeps in an address; a longer one leads to
// /console.
func TestPostLoginRedirectLengthBound(t *testing.T) {
	ts := handlertest.New(t)
	b := ts.NewBrowser().LoginAdmin()
	prefix := "/dcaas/connections?q="
	at := prefix + strings.Repeat("a", 2048-len(prefix))
	for next, want := range map[string]string{at: at, at + "a": "/console"} {
		resp, _ := b.Get("/login?next=" + url.QueryEscape(next))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("next of %d characters: %d, Location of %d characters; want 303 to one of %d",
				len(next), resp.StatusCode, len(resp.Header.Get("Location")), len(want))
		}
	}
}
