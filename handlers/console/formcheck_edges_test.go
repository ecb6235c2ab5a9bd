package console_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
)

// TestDuplicateFieldNamedInFull: a form that names a field twice is refused
// with a message naming the field (SPEC §7: bad input gets a clear message,
// never a 500); a name of up to 40 characters is shown whole, a longer one
// cut with "...".
func TestDuplicateFieldNamedInFull(t *testing.T) {
	ts := handlertest.New(t)
	b := ts.NewBrowser()
	b.Get("/login")
	for name, want := range map[string]string{
		strings.Repeat("f", 40):       `"` + strings.Repeat("f", 40) + `"`,
		strings.Repeat("g", 40) + "h": `"` + strings.Repeat("g", 40) + `..."`,
	} {
		form := url.Values{"_csrf": {b.CSRF}, name: {"1", "2"}}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/language", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, body := b.Do(req)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(doc.Text(), "The form sent the field "+want+" more than once.") {
			t.Errorf("field of %d characters twice: %d, want 400 naming %s", len(name), resp.StatusCode, want)
		}
	}
}

// TestOversizedFormWithoutLengthIs413: a form over the 1 MB body limit is
// refused as too large (413, SPEC §7: a clear 4xx, nothing stored) also
// when the client sends it without a Content-Length (chunked), so the size
// only shows while the form is read.
func TestOversizedFormWithoutLengthIs413(t *testing.T) {
	ts := handlertest.New(t)
	b := ts.NewBrowser()
	b.Get("/login")
	body := "_csrf=" + url.QueryEscape(b.CSRF) + "&lang=de&next=" + strings.Repeat("a", 2<<20)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/language", io.MultiReader(strings.NewReader(body)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if req.ContentLength != 0 {
		t.Fatalf("request has Content-Length %d; the test needs a chunked body", req.ContentLength)
	}
	if resp, _ := b.Do(req); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked form of %d bytes: %d, want 413", len(body), resp.StatusCode)
	}
}
