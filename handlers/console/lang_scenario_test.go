package console_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// englishCatalogueParts are the sentence parts of the console's English
// message catalogue (views/messages_*.go): each English wording cut at its
// values, keeping parts of at least two words. A German page that holds
// one of them shows English.
func englishCatalogueParts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../views/messages_*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no catalogue files (%v)", err)
	}
	verb := regexp.MustCompile(`%(\[\d+\])?[vsd]`)
	seen := map[string]bool{}
	var parts []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			val, ok := n.(*ast.CompositeLit)
			if !ok || len(val.Elts) != 2 {
				return true
			}
			en, ok1 := val.Elts[0].(*ast.BasicLit)
			de, ok2 := val.Elts[1].(*ast.BasicLit)
			if !ok1 || !ok2 || en.Kind != token.STRING || de.Kind != token.STRING {
				return true
			}
			e, _ := strconv.Unquote(en.Value)
			g, _ := strconv.Unquote(de.Value)
			if e == g {
				return false // worded alike in both languages ("VPC %v, %v")
			}
			for _, p := range verb.Split(e, -1) {
				p = strings.Trim(p, " .,;:()")
				if strings.Count(p, " ") >= 1 && len(p) >= 8 && !seen[p] {
					seen[p] = true
					parts = append(parts, p)
				}
			}
			return false
		})
	}
	if len(parts) < 100 {
		t.Fatalf("only %d sentence parts; is the catalogue still read right?", len(parts))
	}
	return parts
}

// TestGermanSeedScenarioHasNoEnglish plays the full Redundant Connection
// Access scenario of the seed (the demo: two connections, a gateway, two
// interfaces), the failover drill with a refused step, refused forms and
// refused deletes, in German, and checks that the guide, the operations
// log, both topologies, the refused form, the flashes and an error page hold
// none of the English catalogue's sentence parts, while the same pages in
// English do hold some (so the check can see English at all).
func TestGermanSeedScenarioHasNoEnglish(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	p := ts.Project("eu-de")
	ctx := context.Background()
	if _, err := ts.Store.SeedDemo(ctx, p.Name); err != nil {
		t.Fatal(err)
	}
	ts.UseProject(p.Name)
	conns, _, err := ts.Store.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil || len(conns) != 2 {
		t.Fatalf("seeded connections: %v %v", conns, err)
	}
	gws, _, err := ts.Store.Gateways(ctx, p.ID, store.ListFilter{})
	if err != nil || len(gws) != 1 {
		t.Fatalf("seeded gateways: %v %v", gws, err)
	}
	biere, gw := conns[0], gws[0]
	if biere.Location != "Biere" {
		biere = conns[1]
	}
	parts := englishCatalogueParts(t)

	text := func(doc *goquery.Document) string {
		return strings.Join(strings.Fields(doc.Find("main").Text()+" "+doc.Find("title").Text()), " ")
	}
	// visit plays the scenario in the session's language and returns the
	// text of every page it saw.
	visit := func() map[string]string {
		seen := map[string]string{}
		get := func(name, path string, status int) {
			resp, doc := ts.Get(path)
			handlertest.WantStatus(t, resp, status)
			seen[name] = text(doc)
		}
		get("guide", "/dcaas/guide", http.StatusOK)
		// The drill: fail Biere, fail it again (refused: it is Down), look
		// at both topologies while it is down, restore it.
		ts.Post("/dcaas/connections/"+biere.ID+"/fail", url.Values{"next": {"/dcaas/topology"}})
		ts.Post("/dcaas/connections/"+biere.ID+"/fail", url.Values{"next": {"/dcaas/topology"}})
		get("topology while down, with the refusal's flash", "/dcaas/topology", http.StatusOK)
		get("gateway topology while down", "/dcaas/virtual-gateways/"+gw.ID+"/topology", http.StatusOK)
		ts.Post("/dcaas/connections/"+biere.ID+"/restore", url.Values{"next": {"/dcaas/topology"}})
		get("topology restored", "/dcaas/topology", http.StatusOK)
		// Refused: a third interface on the gateway at Biere again, with a
		// CIDR problem; deleting a connection and a VPC in use.
		resp, doc := ts.Post("/dcaas/virtual-interfaces", vifForm("vif-789", biere.ID, gw.ID, "1", "192.168.0.0/16, 10.0.0.1/8"))
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		seen["refused interface form"] = text(doc)
		ts.Post("/dcaas/connections/"+biere.ID+"/delete", nil)
		get("connections with the in-use flash", "/dcaas/connections", http.StatusOK)
		get("connection details", "/dcaas/connections/"+biere.ID, http.StatusOK)
		get("gateway details", "/dcaas/virtual-gateways/"+gw.ID, http.StatusOK)
		get("VPCs", "/vpc/vpcs", http.StatusOK)
		get("operations log", "/operations", http.StatusOK)
		get("error page", "/dcaas/connections/no-such-connection", http.StatusNotFound)
		return seen
	}

	english := visit()
	found := 0
	for _, page := range english {
		for _, part := range parts {
			if strings.Contains(page, part) {
				found++
			}
		}
	}
	if found < 10 {
		t.Fatalf("the English pages hold only %d catalogue parts; the check cannot see English", found)
	}

	if resp, _ := ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/console"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch to German: status %d", resp.StatusCode)
	}
	for name, page := range visit() {
		for _, part := range parts {
			if strings.Contains(page, part) {
				t.Errorf("German %s holds English %q:\n%s", name, part, page)
			}
		}
	}
}
