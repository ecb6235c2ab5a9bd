package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func htmlLang(doc *goquery.Document) string {
	l, _ := doc.Find("html").Attr("lang")
	return l
}

// TestLanguageSwitch: English by default; POST /language switches the
// session to German (pages, field errors, flashes, <html lang>), the choice
// survives login and logout, and unknown languages are refused.
func TestLanguageSwitch(t *testing.T) {
	ts := newTestServer(t)
	_, doc := ts.get("/login")
	if htmlLang(doc) != "en" || !strings.Contains(doc.Find("h1").Text(), "Log in to the management console") {
		t.Fatalf("default login page: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}

	resp, _ := ts.post("/language", url.Values{"lang": {"fr"}, "next": {"/login"}})
	wantStatus(t, resp, http.StatusBadRequest)
	resp, _ = ts.post("/language", url.Values{"lang": {"de"}, "next": {"/login"}})
	wantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/login" {
		t.Errorf("Location %q, want /login", loc)
	}
	_, doc = ts.get("/login")
	if htmlLang(doc) != "de" || doc.Find("h1").Text() != "Bei der Managementkonsole anmelden" {
		t.Fatalf("German login page: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}

	ts.loginAdmin()
	_, doc = ts.get("/dcaas/connections")
	if htmlLang(doc) != "de" || doc.Find("h1").Text() != "Verbindungen" {
		t.Fatalf("after login: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}
	if got := doc.Find(`a[href="/dcaas/connections/create"]`).First().Text(); got != "Verbindung erstellen" {
		t.Errorf("create button %q", got)
	}
	resp, doc = ts.post("/dcaas/connections/confirm", connectionValues("bad name!", "Biere", "100"))
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	if got := fieldError(doc, "name"); !strings.HasPrefix(got, "Der Name kann 1 bis 64 Zeichen enthalten.") {
		t.Errorf("German field error: %q", got)
	}

	// Back to English from the user menu; the next page is the one it came from.
	resp, _ = ts.post("/language", url.Values{"lang": {"en"}, "next": {"/dcaas/connections"}})
	wantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/dcaas/connections" {
		t.Errorf("Location %q", loc)
	}
	_, doc = ts.get("/dcaas/connections")
	if htmlLang(doc) != "en" || doc.Find("h1").Text() != "Connections" {
		t.Errorf("English again: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}

	// German survives logout.
	ts.post("/language", url.Values{"lang": {"de"}, "next": {"/console"}})
	ts.post("/logout", nil)
	_, doc = ts.get("/login")
	if htmlLang(doc) != "de" {
		t.Errorf("after logout: lang %q", htmlLang(doc))
	}
}
