package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// The Connections list keeps its rendered table between views (see
// handlers/web/fragcache.go). These tests view the list, change what it shows
// by every path there is, and view it again: each change must be on the
// very next view, and nothing may cross users, projects or languages.

// listRow returns the list row of the named connection, or an empty
// selection.
func listRow(ts *handlertest.Server, path, name string) *goquery.Selection {
	ts.T.Helper()
	resp, doc := ts.Get(path)
	handlertest.WantStatus(ts.T, resp, http.StatusOK)
	return doc.Find(`[data-live-region] tr[aria-label="` + name + `"]`)
}

func cellTexts(row *goquery.Selection) []string {
	var out []string
	row.Children().Each(func(_ int, s *goquery.Selection) { out = append(out, strings.Join(strings.Fields(s.Text()), " ")) })
	return out
}

func TestConnectionListShowsEveryChange(t *testing.T) {
	ts := handlertest.New(t).LoginAdmin()
	ts.UseProject("eu-de")
	ctx := context.Background()
	p := ts.Project("eu-de")
	ts.Store.SetProvisionDelay(time.Hour)

	// Written by the store directly (the API's path), not by the console.
	c, _, err := ts.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-cache", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second view is served from the cache
		if got := cellTexts(listRow(ts, "/dcaas/connections", "dc-cache")); len(got) < 5 || !strings.Contains(got[1], "Creating") || got[3] != "100" || got[4] != "0" {
			t.Fatalf("new connection's row = %q, want Creating, 100 Mbit/s, 0 interfaces", got)
		}
	}

	// The provisioning worker's write.
	ts.Store.SetClock(func() time.Time { return time.Now().Add(2 * time.Hour) })
	if n, err := ts.Store.PromoteProvisioned(ctx); err != nil || n != 1 {
		t.Fatalf("promote: %d, %v", n, err)
	}
	ts.Store.SetClock(time.Now)
	ts.Store.SetProvisionDelay(0)
	if got := cellTexts(listRow(ts, "/dcaas/connections", "dc-cache")); !strings.Contains(got[1], "Normal") {
		t.Fatalf("after provisioning the row shows %q, want Normal", got[1])
	}

	// A modify through the console.
	resp, _ := ts.Post("/dcaas/connections/"+c.ID+"/modify", url.Values{"name": {"dc-renamed"}, "bandwidth": {"200"}, "description": {""}, "peer_location": {""}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if listRow(ts, "/dcaas/connections", "dc-cache").Length() != 0 {
		t.Fatal("the old name is still listed after Modify")
	}
	if got := cellTexts(listRow(ts, "/dcaas/connections", "dc-renamed")); len(got) < 4 || got[3] != "200" {
		t.Fatalf("modified row = %q, want 200 Mbit/s", got)
	}

	// Virtual interfaces: the count, and Delete refused while one exists.
	_, magdeburg, gw := seedScenario(t, ts, "eu-de")
	if _, _, err := ts.Store.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-cache", ConnectionID: magdeburg.ID, GatewayID: gw.ID, RemoteSubnets: "192.168.51.0/24"}, ""); err != nil {
		t.Fatal(err)
	}
	row := listRow(ts, "/dcaas/connections", "dc-456")
	if got := cellTexts(row); got[4] != "1" || row.Find(`a[aria-disabled="true"]`).Length() != 1 {
		t.Fatalf("row after an interface was added = %q, want 1 interface and Delete disabled", got)
	}

	// The failover drill.
	resp, _ = ts.Post("/dcaas/connections/"+c.ID+"/fail", url.Values{"next": {"/dcaas/connections"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	row = listRow(ts, "/dcaas/connections", "dc-renamed")
	if got := cellTexts(row); !strings.Contains(got[1], "Down") || row.Find("button").Text() != "Restore" {
		t.Fatalf("row after Simulate Failure = %q / button %q, want Down and Restore", got, row.Find("button").Text())
	}

	// Another process on the same file deletes the connection.
	other, err := store.Open(ctx, ts.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ResetProject(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	_, doc := ts.Get("/dcaas/connections")
	if n := doc.Find(`[data-live-region] tbody tr[aria-label]`).Length(); n != 0 {
		t.Fatalf("after another process reset the project the list shows %d rows, want 0", n)
	}
	if !strings.Contains(doc.Find("td.empty").Text(), "No connections yet") {
		t.Fatalf("empty list text = %q", doc.Find("td.empty").Text())
	}
}

// TestConnectionListCacheKeepsUsersProjectsAndLanguagesApart: the same
// list viewed by two users, in two projects, in two languages and with two
// searches shows each view its own page.
func TestConnectionListCacheKeepsUsersProjectsAndLanguagesApart(t *testing.T) {
	ts := handlertest.New(t).LoginAdmin()
	ctx := context.Background()
	de, nl := ts.Project("eu-de"), ts.Project("eu-nl")
	for _, in := range []struct {
		p    store.Project
		name string
		loc  string
	}{{de, "dc-de", "Biere"}, {nl, "dc-nl", nl.Region}} {
		region, _ := store.RegionByID(in.p.Region)
		if _, _, err := ts.Store.CreateConnection(ctx, in.p, store.ConnectionInput{Name: in.name, Location: region.Locations[0], Bandwidth: 100}, ""); err != nil {
			t.Fatal(err)
		}
	}

	ts.UseProject("eu-de")
	if listRow(ts, "/dcaas/connections", "dc-de").Length() != 1 || listRow(ts, "/dcaas/connections", "dc-nl").Length() != 0 {
		t.Fatal("eu-de's list must show dc-de only")
	}
	ts.UseProject("eu-nl")
	if listRow(ts, "/dcaas/connections", "dc-nl").Length() != 1 || listRow(ts, "/dcaas/connections", "dc-de").Length() != 0 {
		t.Fatal("eu-nl's list must show dc-nl only (the eu-de page was viewed just before)")
	}

	// Searches: each its own empty-result message.
	for _, q := range []string{"zzz", "yyy"} {
		_, doc := ts.Get("/dcaas/connections?name=" + q)
		if got := doc.Find("td.empty").Text(); !strings.Contains(got, `"`+q+`"`) {
			t.Fatalf("search %q shows %q", q, got)
		}
	}

	// Languages: German headings after English ones, and back.
	ts.UseProject("eu-de")
	_, doc := ts.Get("/dcaas/connections")
	if got := doc.Find(`[data-live-region] th[scope="col"]`).First().Text(); got != "Name" {
		t.Fatalf("English first heading = %q", got)
	}
	ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/dcaas/connections"}})
	_, doc = ts.Get("/dcaas/connections")
	if got := doc.Find(`[data-live-region] table`).AttrOr("aria-label", ""); got != "Verbindungen" {
		t.Fatalf("German table label = %q, want Verbindungen", got)
	}
	ts.Post("/language", url.Values{"lang": {"en"}, "next": {"/dcaas/connections"}})
	_, doc = ts.Get("/dcaas/connections")
	if got := doc.Find(`[data-live-region] table`).AttrOr("aria-label", ""); got != "Connections" {
		t.Fatalf("English table label after German = %q", got)
	}

	// Two users on the same project see the same rows, each with their own
	// session token, and the table holds no token at all.
	if _, err := ts.Store.CreateUser(ctx, "trainee", "trainee-password", false); err != nil {
		t.Fatal(err)
	}
	u, err := ts.Store.Authenticate(ctx, "trainee", "trainee-password")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Store.GrantProjectByID(ctx, u.ID, de.ID); err != nil {
		t.Fatal(err)
	}
	trainee := ts.NewBrowser().Login("trainee", "trainee-password")
	adminTok := tokenOnList(t, ts)
	traineeTok := tokenOnList(t, trainee)
	if adminTok == "" || traineeTok == "" || adminTok == traineeTok {
		t.Fatalf("list page tokens: admin %q, trainee %q; want two different tokens", adminTok, traineeTok)
	}
	// The trainee's Simulate Failure (the page's failover form) works with
	// the trainee's token.
	row := listRow(trainee, "/dcaas/connections", "dc-de")
	action, _ := row.Find(`button[form="failover-form"]`).Attr("formaction")
	resp, _ := trainee.Post(action, url.Values{"_csrf": {traineeTok}, "next": {"/dcaas/connections"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if got := cellTexts(listRow(ts, "/dcaas/connections", "dc-de")); !strings.Contains(got[1], "Down") {
		t.Fatalf("admin's view after the trainee's Simulate Failure = %q, want Down", got)
	}
}

// tokenOnList returns the session token of a client's Connections page, and
// fails when the cached table carries one.
func tokenOnList(t *testing.T, ts *handlertest.Server) string {
	t.Helper()
	_, doc := ts.Get("/dcaas/connections")
	if n := doc.Find(`[data-live-region] input[name="_csrf"]`).Length(); n != 0 {
		t.Fatalf("the list's table carries %d session tokens", n)
	}
	return doc.Find(`#failover-form input[name="_csrf"]`).AttrOr("value", "")
}
