package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestDuplicateFieldNamedInFull: a form that names a field twice is refused
// with a message naming the field (SPEC §7: bad input gets a clear message,
// never a 500); a name of up to 40 characters is shown whole, a longer one
// cut with "...".
func TestDuplicateFieldNamedInFull(t *testing.T) {
	ts := newTestServer(t)
	b := ts.newBrowser()
	b.get("/login")
	for name, want := range map[string]string{
		strings.Repeat("f", 40):       `"` + strings.Repeat("f", 40) + `"`,
		strings.Repeat("g", 40) + "h": `"` + strings.Repeat("g", 40) + `..."`,
	} {
		form := url.Values{"_csrf": {b.csrf}, name: {"1", "2"}}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/language", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, body := b.do(req)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Text(), "The form sent the field "+want+" more than once.") {
			t.Errorf("field of %d characters twice: %d, want 400 naming %s", len(name), resp.StatusCode, want)
		}
	}
}
