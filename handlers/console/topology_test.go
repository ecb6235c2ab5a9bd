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

// fullScenario builds the seed's redundant scenario through the store.
func fullScenario(t *testing.T, ts *handlertest.Server) (biere, magdeburg store.Connection, gw store.Gateway) {
	t.Helper()
	biere, magdeburg, gw = seedScenario(t, ts, "eu-de")
	for _, c := range []store.Connection{biere, magdeburg} {
		if _, _, err := ts.Store.CreateInterface(context.Background(), ts.Project("eu-de"), store.InterfaceInput{
			Name: "vif-" + c.Name[3:], ConnectionID: c.ID, GatewayID: gw.ID, RemoteSubnets: "192.168.51.0/24"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	return
}

func nodeState(doc *goquery.Document, label string) string {
	return doc.Find(`g.topo-node[aria-label^="`+label+`"]`).AttrOr("data-state", "")
}

func TestTopologyAndFailoverDrill(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	biere, _, gw := fullScenario(t, ts)

	resp, doc := ts.Get("/dcaas/virtual-gateways/" + gw.ID + "/topology")
	handlertest.WantStatus(t, resp, http.StatusOK)
	svg := doc.Find("svg.topology")
	if svg.AttrOr("role", "") != "img" || !strings.Contains(svg.Find("title").Text(), "Redundant: Biere + Magdeburg") {
		t.Fatalf("picture title %q", svg.Find("title").Text())
	}
	for _, want := range []string{"Data center", "dc-123", "dc-456", "vif-123", "vif-456", "vgw-123", "VPC-001", "192.168.0.0/16", "VLAN 1 · 100 Mbit/s", "Biere", "Magdeburg"} {
		if !strings.Contains(svg.Text(), want) {
			t.Errorf("picture lacks %q", want)
		}
	}
	if nodeState(doc, "Connection dc-123") != "ok" || doc.Find("line.topo-carrying").Length() == 0 {
		t.Fatal("healthy connection not shown as carrying traffic")
	}
	if got := doc.Find(`table tr[aria-label="vif-123"]`).Text(); !strings.Contains(got, "Carrying traffic") {
		t.Fatalf("path table row %q", got)
	}

	// Simulate a cut of the Biere line.
	resp, _ = ts.Post("/dcaas/connections/"+biere.ID+"/fail", url.Values{"next": {"/dcaas/topology"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/dcaas/topology" {
		t.Fatalf("back to %s", loc)
	}
	_, doc = ts.Get("/dcaas/topology")
	if !strings.Contains(doc.Find(".alert-success").Text(), "Simulated a failure of connection dc-123 at Biere") {
		t.Fatal("no drill message")
	}
	if got := doc.Find("svg.topology title").Text(); !strings.Contains(got, "Single point of failure: connection dc-456 at Magdeburg") {
		t.Fatalf("verdict after the cut: %q", got)
	}
	if nodeState(doc, "Connection dc-123") != "down" || nodeState(doc, "Virtual interface vif-123") != "down" || nodeState(doc, "Connection dc-456") != "ok" {
		t.Fatal("states after the cut")
	}
	if got := doc.Find(`table tr[aria-label="vif-123"]`).Text(); !strings.Contains(got, "Down: connection dc-123 is down") {
		t.Fatalf("failed path %q", got)
	}
	if got := doc.Find(`table tr[aria-label="vif-456"]`).Text(); !strings.Contains(got, "Carrying traffic") {
		t.Fatalf("surviving path %q", got)
	}
	_, doc = ts.Get("/dcaas/connections")
	row := doc.Find(`tr[aria-label="dc-123"]`)
	if !strings.Contains(row.Text(), "Down") || !strings.Contains(row.Find("button").Text(), "Restore") {
		t.Fatalf("connections row after the cut %q", row.Text())
	}
	_, doc = ts.Get("/operations?action=fail")
	if !strings.Contains(doc.Find("tbody").Text(), "dc-123") {
		t.Fatal("failure not logged")
	}

	// Restore.
	resp, _ = ts.Post("/dcaas/connections/"+biere.ID+"/restore", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/dcaas/topology")
	if got := doc.Find("svg.topology title").Text(); !strings.Contains(got, "Redundant: Biere + Magdeburg") {
		t.Fatalf("verdict after restore %q", got)
	}

	// Another project's session cannot drill this connection or see the picture.
	other := ts.NewBrowser().LoginAdmin()
	other.UseProject("eu-nl")
	resp, _ = other.Post("/dcaas/connections/"+biere.ID+"/fail", nil)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	c, _ := ts.Store.Connection(context.Background(), biere.ProjectID, biere.ID)
	if c.Status != store.StatusActive {
		t.Fatal("another project's session failed the connection")
	}
	resp, _ = other.Get("/dcaas/virtual-gateways/" + gw.ID + "/topology")
	handlertest.WantStatus(t, resp, http.StatusNotFound)
}

func TestGuideTicksSteps(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	_, doc := ts.Get("/dcaas/guide")
	if n := doc.Find("li.guide-step.done").Length(); n != 0 {
		t.Fatalf("%d steps done on a fresh project", n)
	}
	if doc.Find(`li[aria-current="step"] a`).Text() != "Create Connection" {
		t.Fatal("first step is not next")
	}
	fullScenario(t, ts)
	_, doc = ts.Get("/dcaas/guide")
	if n := doc.Find("li.guide-step.done").Length(); n != 5 {
		t.Fatalf("%d of 5 steps done after the scenario", n)
	}
	if !strings.Contains(doc.Find("main").Text(), "vgw-123: Redundant: Biere + Magdeburg") {
		t.Fatal("no result verdict")
	}
}

func TestGatewayListAndDetailsShowVerdict(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	biere, _, gw := fullScenario(t, ts)
	_, doc := ts.Get("/dcaas/virtual-gateways")
	if got := doc.Find(`tr[aria-label="vgw-123"] .verdict`).Text(); got != "Redundant: Biere + Magdeburg" {
		t.Fatalf("list verdict %q", got)
	}
	ts.Post("/dcaas/connections/"+biere.ID+"/fail", nil)
	_, doc = ts.Get("/dcaas/virtual-gateways/" + gw.ID)
	if got := doc.Find("main .verdict").Text(); got != "Single point of failure: connection dc-456 at Magdeburg" {
		t.Fatalf("details verdict %q", got)
	}
	if doc.Find(`nav[aria-label="Virtual gateway sections"] a[aria-current="page"]`).Text() != "Basic Information" {
		t.Fatal("no tabs on the details page")
	}
}
