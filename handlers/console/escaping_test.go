package console_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
	"dcconsole/views"
)

// Text the store accepts (descriptions refuse only angle brackets and
// control characters) that would break a page written raw: quotes that end
// an attribute, ampersands, and entity-like text such as "&lt;b&gt;" that a
// browser would turn into markup characters if it reached the page
// unescaped.
var (
	connDesc = `Tom's "lab" & co: &lt;b&gt;not bold&lt;/b&gt; &amp; &copy;`
	gwDesc   = `say "hi" onmouseover="alert(1)" & 'bye' &lt;script&gt;x&lt;/script&gt;`
	vifDesc  = `a"b'c&d &quot;e&quot; &#x3C;i&#x3E; &#60;`
	vpcDesc  = `x" autofocus onfocus="alert(1)" &amp;lt; 'y'`
	// A remote subnet the store refuses: its refusal quotes it, so it
	// reaches the form's error and the operations log as typed, with the
	// angle brackets no description may hold.
	badSubnet = `"<b>x</b>&amp;it's"`
)

// TestUserTextIsEscaped puts that text on a connection, a gateway, an
// interface and a VPC, and reads every page that shows it, in English and
// in German: lists (the expandable details rows), details pages, modify
// forms, the connection's confirm page and the form it goes back to, and a
// refused remote subnet in the form's error and in the operations log.
// Each spot's parsed text (or attribute value) must equal the exact text,
// and the raw HTML must hold the escaped form and never the text as
// typed. Names cannot carry such text: the store refuses every name with
// a quote, an ampersand or an angle bracket (checked here), so the
// topology and the guide, which show only names, locations and verdicts,
// are read for the names and must not show any of the text above.
func TestUserTextIsEscaped(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	ctx := context.Background()
	biere, _, gw := fullScenario(t, ts)
	p := ts.Project("eu-de")
	vifs, _, err := ts.Store.Interfaces(ctx, p.ID, store.ListFilter{Name: "vif-123"})
	if err != nil || len(vifs) != 1 {
		t.Fatalf("interface vif-123: %v %v", vifs, err)
	}
	vif := vifs[0]
	vpcs, err := ts.Store.VPCs(ctx, p.ID)
	if err != nil || len(vpcs) == 0 {
		t.Fatalf("vpcs %v %v", vpcs, err)
	}
	if _, err := ts.Store.UpdateConnection(ctx, p.ID, biere.ID, store.ConnectionUpdate{Description: &connDesc}); err != nil {
		t.Fatalf("connection description %q refused: %v", connDesc, err)
	}
	if _, err := ts.Store.UpdateGateway(ctx, p.ID, gw.ID, store.GatewayUpdate{Description: &gwDesc}); err != nil {
		t.Fatalf("gateway description %q refused: %v", gwDesc, err)
	}
	if _, err := ts.Store.UpdateInterface(ctx, p.ID, vif.ID, store.InterfaceUpdate{Description: &vifDesc}); err != nil {
		t.Fatalf("interface description %q refused: %v", vifDesc, err)
	}
	if _, err := ts.Store.UpdateVPC(ctx, p.ID, vpcs[0].ID, store.VPCUpdate{Description: &vpcDesc}); err != nil {
		t.Fatalf("VPC description %q refused: %v", vpcDesc, err)
	}
	// The names on the topology and the guide cannot hold markup.
	for _, bad := range []string{`dc"1`, "dc'1", "dc&1", "dc<1", "dc>1"} {
		b := bad
		if _, err := ts.Store.UpdateConnection(ctx, p.ID, biere.ID, store.ConnectionUpdate{Name: &b}); err == nil {
			t.Fatalf("connection name %q accepted", bad)
		}
		if _, err := ts.Store.UpdateGateway(ctx, p.ID, gw.ID, store.GatewayUpdate{Name: &b}); err == nil {
			t.Fatalf("gateway name %q accepted", bad)
		}
		if _, err := ts.Store.UpdateInterface(ctx, p.ID, vif.ID, store.InterfaceUpdate{Name: &b}); err == nil {
			t.Fatalf("interface name %q accepted", bad)
		}
		if _, err := ts.Store.UpdateVPC(ctx, p.ID, vpcs[0].ID, store.VPCUpdate{Name: &b}); err == nil {
			t.Fatalf("VPC name %q accepted", bad)
		}
	}
	// A refused interface in the operations log, its reason quoting the
	// subnet as typed.
	if _, _, err := ts.Store.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-bad", ConnectionID: biere.ID, GatewayID: gw.ID,
		Bandwidth: 10, RemoteSubnets: badSubnet}, ""); err == nil {
		t.Fatalf("remote subnet %q accepted", badSubnet)
	}
	ops, _, err := ts.Store.Operations(ctx, p.ID, store.OperationFilter{ResourceType: store.ResVirtualInterface, Limit: 1})
	if err != nil || len(ops) != 1 || !strings.Contains(views.ResultText(ctx, ops[0]), strconv.QuoteToGraphic(badSubnet)) {
		t.Fatalf("the refusal is not logged with the subnet: %v %v", ops, err)
	}
	refusal := ops[0]

	type spot struct {
		sel, attr string // attr "": the element's text
		want      string
	}
	type page struct {
		method, path string
		form         url.Values
		status       int
		spots        []spot
		absent       bool // a page that must show none of the text
	}
	dd := func(v string) spot { return spot{"dl.props dd", "", v} }
	textarea := func(v string) spot { return spot{"textarea#description", "", v} }
	confirm := url.Values{"name": {"dc-new"}, "location": {"Magdeburg"}, "peer_location": {""}, "bandwidth": {"100"}, "description": {connDesc}}
	badVif := url.Values{"name": {"vif-new"}, "connection": {biere.ID}, "gateway": {gw.ID}, "bandwidth": {"10"},
		"remote_subnets": {badSubnet}, "description": {vifDesc}}
	pages := []page{
		{"GET", "/dcaas/connections", nil, 200, []spot{dd(connDesc)}, false},
		{"GET", "/dcaas/connections/" + biere.ID, nil, 200, []spot{dd(connDesc)}, false},
		{"GET", "/dcaas/connections/" + biere.ID + "/modify", nil, 200, []spot{textarea(connDesc)}, false},
		{"POST", "/dcaas/connections/confirm", confirm, 200, []spot{{"table td", "", connDesc}, {`input[name="description"]`, "value", connDesc}}, false},
		{"POST", "/dcaas/connections/create", confirm, 200, []spot{textarea(connDesc)}, false}, // "Previous" on the confirm page
		{"GET", "/dcaas/virtual-gateways", nil, 200, []spot{dd(gwDesc)}, false},
		{"GET", "/dcaas/virtual-gateways/" + gw.ID, nil, 200, []spot{dd(gwDesc)}, false},
		{"GET", "/dcaas/virtual-gateways/" + gw.ID + "/modify", nil, 200, []spot{textarea(gwDesc)}, false},
		{"GET", "/dcaas/virtual-interfaces", nil, 200, []spot{dd(vifDesc)}, false},
		{"GET", "/dcaas/virtual-interfaces/" + vif.ID, nil, 200, []spot{dd(vifDesc)}, false},
		{"GET", "/dcaas/virtual-interfaces/" + vif.ID + "/modify", nil, 200, []spot{textarea(vifDesc)}, false},
		{"POST", "/dcaas/virtual-interfaces", badVif, 422, []spot{textarea(vifDesc)}, false},
		{"GET", "/vpc/vpcs", nil, 200, []spot{{"table td", "", vpcDesc}}, false},
		{"GET", "/dcaas/topology", nil, 200, nil, true},
		{"GET", "/dcaas/virtual-gateways/" + gw.ID + "/topology", nil, 200, nil, true},
		{"GET", "/dcaas/guide", nil, 200, nil, true},
	}
	for _, lang := range []string{"en", "de"} {
		resp, _ := ts.Post("/language", url.Values{"lang": {lang}, "next": {"/console"}})
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
		lctx := views.WithLang(ctx, lang)
		opsPage := page{"GET", "/operations?resource=" + store.ResVirtualInterface, nil, 200,
			[]spot{{"td .op-reason", "", views.ResultText(lctx, refusal)}}, false}
		for _, pg := range append(pages, opsPage) {
			name := lang + " " + pg.method + " " + pg.path
			doc, body := fetch(ts, pg.method, pg.path, pg.form)
			if got := doc.Find("html").AttrOr("lang", ""); got != lang {
				t.Fatalf("%s: <html lang=%q>", name, got)
			}
			if doc.status != pg.status {
				t.Errorf("%s: status %d, want %d: %.200s", name, doc.status, pg.status, handlertest.PageText(body))
				continue
			}
			for _, s := range pg.spots {
				n := doc.Find(s.sel).FilterFunction(func(_ int, e *goquery.Selection) bool {
					if s.attr != "" {
						return e.AttrOr(s.attr, "") == s.want
					}
					return e.Text() == s.want
				}).Length()
				if n == 0 {
					var seen []string
					doc.Find(s.sel).Each(func(_ int, e *goquery.Selection) {
						if s.attr != "" {
							seen = append(seen, e.AttrOr(s.attr, ""))
						} else {
							seen = append(seen, e.Text())
						}
					})
					t.Errorf("%s: no %s %s is exactly %q; seen %q", name, s.sel, s.attr, s.want, seen)
				}
				if !strings.Contains(body, html.EscapeString(s.want)) {
					t.Errorf("%s: the raw page lacks the escaped form %q", name, html.EscapeString(s.want))
				}
			}
			for _, v := range []string{connDesc, gwDesc, vifDesc, vpcDesc, badSubnet} {
				if strings.Contains(body, v) {
					t.Errorf("%s: the raw page holds %q unescaped", name, v)
				}
				if pg.absent && strings.Contains(doc.Text(), v) {
					t.Errorf("%s shows %q", name, v)
				}
			}
		}
		// The refused subnet is quoted in the form's error, as typed.
		doc, _ := fetch(ts, "POST", "/dcaas/virtual-interfaces", badVif)
		if got := handlertest.FieldError(doc.Document, "remote_subnets"); !strings.Contains(got, strconv.QuoteToGraphic(badSubnet)) {
			t.Errorf("%s: remote subnet error %q does not quote %s", lang, got, strconv.QuoteToGraphic(badSubnet))
		}
	}
	// The pictures show the names, exactly.
	doc, _ := fetch(ts, "GET", "/dcaas/virtual-gateways/"+gw.ID+"/topology", nil)
	for _, want := range []string{"dc-123", "vif-123", "vgw-123", "VPC-001"} {
		if doc.Find("svg.topology text").FilterFunction(func(_ int, e *goquery.Selection) bool { return e.Text() == want }).Length() == 0 {
			t.Errorf("topology: no text element is exactly %q", want)
		}
		if doc.Find(`table tr[aria-label="vif-123"] td`).FilterFunction(func(_ int, e *goquery.Selection) bool {
			return strings.TrimSpace(e.Text()) == want || strings.HasPrefix(e.Text(), want+" ")
		}).Length() == 0 {
			t.Errorf("path table: no cell shows %q", want)
		}
	}
}

// fetchedDoc is a parsed page with its status.
type fetchedDoc struct {
	*goquery.Document
	status int
}

// fetch sends a GET or a form POST (with the session's CSRF token) and
// returns the parsed page and the raw body.
func fetch(ts *handlertest.Server, method, path string, form url.Values) (fetchedDoc, string) {
	ts.T.Helper()
	var body string
	var resp *http.Response
	if method == http.MethodGet {
		req, _ := http.NewRequest(method, ts.URL+path, nil)
		resp, body = ts.Do(req)
	} else {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		f.Set("_csrf", ts.CSRF)
		req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, body = ts.Do(req)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		ts.T.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		ts.CSRF = tok
	}
	return fetchedDoc{doc, resp.StatusCode}, body
}
