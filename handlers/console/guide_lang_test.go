package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
)

// TestGermanGuideHasNoEnglish: with the demo seeded (every step done), the
// German guide words each step's detail in German, and shows neither the
// English prefix "Done:" nor an English "at"/"has interfaces at" part; the
// English guide still says what it said.
func TestGermanGuideHasNoEnglish(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	p := ts.Project("eu-de")
	if _, err := ts.Store.SeedDemo(context.Background(), p.Name); err != nil {
		t.Fatal(err)
	}
	ts.UseProject(p.Name)

	_, doc := ts.Get("/dcaas/guide")
	en := strings.Join(strings.Fields(doc.Find("ol.guide").Text()), " ")
	for _, want := range []string{"Done: dc-123 at Biere.", "Done: vgw-123 has interfaces at Biere and Magdeburg."} {
		if !strings.Contains(en, want) {
			t.Errorf("English guide lacks %q:\n%s", want, en)
		}
	}

	if resp, _ := ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/dcaas/guide"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch to German: status %d", resp.StatusCode)
	}
	_, doc = ts.Get("/dcaas/guide")
	de := strings.Join(strings.Fields(doc.Find("ol.guide").Text()), " ")
	for _, want := range []string{"Erledigt: dc-123 in Biere.", "Erledigt: vgw-123 hat Schnittstellen in Biere und Magdeburg."} {
		if !strings.Contains(de, want) {
			t.Errorf("German guide lacks %q:\n%s", want, de)
		}
	}
	for _, english := range []string{"Done:", " at ", " has ", " on ", " and "} {
		if strings.Contains(de, english) {
			t.Errorf("German guide holds English %q:\n%s", english, de)
		}
	}
}
