package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

func htmlLang(doc *goquery.Document) string {
	l, _ := doc.Find("html").Attr("lang")
	return l
}

// TestLanguageSwitch: English by default; POST /language switches the
// session to German (pages, field errors, flashes, <html lang>), the choice
// survives login and logout, and unknown languages are refused.
func TestLanguageSwitch(t *testing.T) {
	ts := handlertest.New(t)
	_, doc := ts.Get("/login")
	if htmlLang(doc) != "en" || !strings.Contains(doc.Find("h1").Text(), "Log in to the management console") {
		t.Fatalf("default login page: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}

	resp, _ := ts.Post("/language", url.Values{"lang": {"fr"}, "next": {"/login"}})
	handlertest.WantStatus(t, resp, http.StatusBadRequest)
	resp, _ = ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/login"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/login" {
		t.Errorf("Location %q, want /login", loc)
	}
	_, doc = ts.Get("/login")
	if htmlLang(doc) != "de" || doc.Find("h1").Text() != "Bei der Managementkonsole anmelden" {
		t.Fatalf("German login page: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}

	ts.LoginAdmin()
	_, doc = ts.Get("/dcaas/connections")
	if htmlLang(doc) != "de" || doc.Find("h1").Text() != "Verbindungen" {
		t.Fatalf("after login: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}
	if got := doc.Find(`a[href="/dcaas/connections/create"]`).First().Text(); got != "Verbindung erstellen" {
		t.Errorf("create button %q", got)
	}
	resp, doc = ts.Post("/dcaas/connections/confirm", connectionValues("bad name!", "Biere", "100"))
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if got := handlertest.FieldError(doc, "name"); !strings.HasPrefix(got, "Der Name kann 1 bis 64 Zeichen enthalten.") {
		t.Errorf("German field error: %q", got)
	}

	// Back to English from the user menu; the next page is the one it came from.
	resp, _ = ts.Post("/language", url.Values{"lang": {"en"}, "next": {"/dcaas/connections"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/dcaas/connections" {
		t.Errorf("Location %q", loc)
	}
	_, doc = ts.Get("/dcaas/connections")
	if htmlLang(doc) != "en" || doc.Find("h1").Text() != "Connections" {
		t.Errorf("English again: lang %q, h1 %q", htmlLang(doc), doc.Find("h1").Text())
	}

	// German survives logout.
	ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/console"}})
	ts.Post("/logout", nil)
	_, doc = ts.Get("/login")
	if htmlLang(doc) != "de" {
		t.Errorf("after logout: lang %q", htmlLang(doc))
	}
}

// TestGermanRuleMessages: a rule the store enforces, broken on a German
// page, is explained in German with the names in it.
func TestGermanRuleMessages(t *testing.T) {
	ts := handlertest.New(t).LoginAdmin()
	ts.UseProject("eu-de")
	biere, _, gw := seedScenario(t, ts, "eu-de")
	ctx := context.Background()
	p := ts.Project("eu-de")
	if _, _, err := ts.Store.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-123", ConnectionID: biere.ID, GatewayID: gw.ID, RemoteSubnets: "192.168.51.0/24"}, ""); err != nil {
		t.Fatal(err)
	}
	second, _, err := ts.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-789", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/console"}})
	resp, doc := ts.Post("/dcaas/virtual-interfaces", vifForm("vif-789", second.ID, gw.ID, "100", "192.168.52.0/24, 10.0.0.1/8"))
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if got := handlertest.FieldError(doc, "connection"); got != "Das virtuelle Gateway vgw-123 hat bereits eine Schnittstelle auf der Verbindung dc-123 in Biere. Für Redundanz muss seine zweite Verbindung an einem anderen Zugangsstandort als Biere liegen." {
		t.Errorf("German two-location rule: %q", got)
	}
	if got := handlertest.FieldError(doc, "remote_subnets"); !strings.Contains(got, `"10.0.0.1/8" hat gesetzte Host-Bits jenseits der Präfixlänge; das Netz ist 10.0.0.0/8.`) {
		t.Errorf("German CIDR problem: %q", got)
	}

	// The operations log: details and the refusal in German too.
	_, doc = ts.Get("/operations")
	text := strings.Join(strings.Fields(doc.Find("main table").Text()), " ")
	for _, want := range []string{
		"Verbindung dc-123 (Biere), Gateway vgw-123, VLAN 1, 100 Mbit/s",
		"VPC VPC-001, CIDR-Blöcke 192.168.0.0/16",
		"abgelehnt: Verbindung: Das virtuelle Gateway vgw-123 hat bereits eine Schnittstelle",
		"Entferntes Subnetz: \"10.0.0.1/8\" hat gesetzte Host-Bits",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("German operations log lacks %q:\n%s", want, text)
		}
	}
}
