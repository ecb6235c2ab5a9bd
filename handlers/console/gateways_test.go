package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// seedVPC returns the VPC-001 every project starts with.
func seedVPC(t *testing.T, ts *handlertest.Server, projectName string) store.VPC {
	t.Helper()
	vs, err := ts.Store.VPCs(context.Background(), ts.Project(projectName).ID)
	if err != nil || len(vs) == 0 || vs[0].Name != "VPC-001" {
		t.Fatalf("VPCs of %s: %+v %v", projectName, vs, err)
	}
	return vs[0]
}

// props reads a details list: each dt's text to its dd's text.
func props(dl *goquery.Selection) map[string]string {
	out := map[string]string{}
	dl.Find("dt").Each(func(_ int, dt *goquery.Selection) {
		out[strings.TrimSpace(dt.Text())] = strings.Join(strings.Fields(dt.Next().Text()), " ")
	})
	return out
}

func gatewayValues(name, vpcID, cidrs, desc string) url.Values {
	return url.Values{"name": {name}, "vpc_id": {vpcID}, "cidrs": {cidrs}, "description": {desc}}
}

func gatewaysOf(t *testing.T, ts *handlertest.Server, projectName string) []store.Gateway {
	t.Helper()
	gs, _, err := ts.Store.Gateways(context.Background(), ts.Project(projectName).ID, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

func flashes(doc *goquery.Document) string {
	return strings.Join(doc.Find("main .alert").Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) }), " | ")
}

func TestGatewayCreateWithoutJavaScript(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	vpc := seedVPC(t, ts, "eu-de")

	// The list's button is a link to the form page; JavaScript turns it into the dialog.
	resp, doc := ts.Get("/dcaas/virtual-gateways")
	handlertest.WantStatus(t, resp, http.StatusOK)
	btn := doc.Find(`a.btn:contains("Create Virtual Gateway")`)
	if href, _ := btn.Attr("href"); href != "/dcaas/virtual-gateways/create" {
		t.Fatalf("Create Virtual Gateway href %q", href)
	}
	if d, _ := btn.Attr("data-dialog"); d != "create-gateway" || doc.Find("dialog#create-gateway form[action='/dcaas/virtual-gateways']").Length() != 1 {
		t.Fatal("no create dialog tied to the button")
	}
	if got := strings.Join(strings.Fields(doc.Find("#quota-hint").Text()), " "); got != "You can create 5 more virtual gateways." {
		t.Fatalf("quota hint %q", got)
	}

	resp, doc = ts.Get("/dcaas/virtual-gateways/create")
	handlertest.WantStatus(t, resp, http.StatusOK)
	form := doc.Find("form[action='/dcaas/virtual-gateways']")
	for _, want := range []struct{ id, label string }{{"name", "Name"}, {"vpc_id", "VPC"}, {"cidrs", "CIDR Block"}, {"description", "Description"}} {
		if got := strings.TrimSpace(form.Find(`label[for="` + want.id + `"]`).Text()); got != want.label {
			t.Errorf("label of #%s = %q, want %q", want.id, got, want.label)
		}
	}
	if name, _ := form.Find("#name").Attr("value"); !strings.HasPrefix(name, "vgw-") || len(name) != 8 {
		t.Errorf("suggested name %q", name)
	}
	if got := strings.TrimSpace(form.Find("#vpc_id option[selected]").Text()); got != "VPC-001 (192.168.0.0/16)" {
		t.Errorf("selected VPC %q", got)
	}
	if ph, _ := form.Find("#cidrs").Attr("placeholder"); ph != "Example: 192.168.52.0/24, 192.168.54.0/24" {
		t.Errorf("placeholder %q", ph)
	}
	if got := form.Find("#description-counter").Text(); got != "0/128" {
		t.Errorf("counter %q", got)
	}
	if form.Find(`button[type=submit]:contains("OK")`).Length() != 1 || form.Find(`a:contains("Cancel")`).Length() != 1 {
		t.Error("no OK / Cancel")
	}
	token, _ := form.Find("input[name=token]").Attr("value")

	// OK with the seed's example, as typed.
	v := gatewayValues("vgw-123", vpc.ID, "192.168.0.0/16", "This is a virtual gateway.")
	v.Set("token", token)
	resp, _ = ts.Post("/dcaas/virtual-gateways", v)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/dcaas/virtual-gateways" {
		t.Fatalf("Location %q", loc)
	}
	// A double click or a resubmit creates nothing more.
	resp, _ = ts.Post("/dcaas/virtual-gateways", v)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if gs := gatewaysOf(t, ts, "eu-de"); len(gs) != 1 {
		t.Fatalf("%d gateways after a resubmit", len(gs))
	}

	_, doc = ts.Get("/dcaas/virtual-gateways")
	if got := flashes(doc); !strings.Contains(got, "Virtual gateway vgw-123 has been created.") || strings.Contains(got, "outside") {
		t.Fatalf("flashes %q", got)
	}
	row := doc.Find(`tr[aria-label="vgw-123"]`)
	cells := row.Children().Map(func(_ int, s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") })
	if len(cells) != 7 || !strings.HasPrefix(cells[0], "vgw-123") || cells[1] != "Normal" || cells[2] != "Default" || cells[3] != "VPC-001" ||
		cells[4] != "0" || cells[5] != "No path" || cells[6] != "ModifyDelete" {
		t.Fatalf("row %q", cells)
	}
	if href, _ := row.Find(`a:contains("VPC-001")`).Attr("href"); href != "/vpc/vpcs#vpc-"+vpc.ID {
		t.Fatalf("VPC link %q", href)
	}
	details := props(doc.Find("tr.row-details dl").First())
	for k, want := range map[string]string{"CIDR Block": "192.168.0.0/16", "Description": "This is a virtual gateway.", "Virtual Interface": "--",
		"ID": gatewaysOf(t, ts, "eu-de")[0].ID, "VPC": "VPC-001 (192.168.0.0/16)"} {
		if details[k] != want {
			t.Errorf("expanded details: %s = %q, want %q", k, details[k], want)
		}
	}
	if got := strings.Join(strings.Fields(doc.Find("#quota-hint").Text()), " "); got != "You can create 4 more virtual gateways." {
		t.Fatalf("quota hint %q", got)
	}
	// The VPC in use is no longer offered.
	if _, ok := doc.Find(`dialog #vpc_id option[value="` + vpc.ID + `"]`).Attr("disabled"); !ok {
		t.Fatal("VPC-001 with a gateway still offered")
	}
}

func TestGatewayCreateRules(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	ctx := context.Background()
	p := ts.Project("eu-de")
	vpc := seedVPC(t, ts, "eu-de")
	vpc2, _, err := ts.Store.CreateVPC(ctx, p, store.VPCInput{Name: "vpc-10", CIDR: "10.0.0.0/8"}, "")
	if err != nil {
		t.Fatal(err)
	}

	var fifty []string
	for i := range 51 {
		fifty = append(fifty, fmt.Sprintf("10.0.%d.0/24", i))
	}
	for _, tc := range []struct {
		name, cidrs, want string
	}{
		{"51 blocks", strings.Join(fifty, ","), "You can add a maximum of 50 CIDR blocks; 51 were entered."},
		{"duplicate after normalisation", "10.0.1.0/24,\n10.0.01.0/24", "10.0.1.0/24 is entered more than once"},
		{"host bits", "10.1.2.3/16", "the network is 10.1.0.0/16"},
		{"empty", " , ", "Enter at least one CIDR block"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, doc := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-bad", vpc2.ID, tc.cidrs, ""))
			handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
			if got := handlertest.FieldError(doc, "cidrs"); !strings.Contains(got, tc.want) {
				t.Fatalf("cidrs error %q, want %q", got, tc.want)
			}
			if got := doc.Find("#cidrs").Text(); got != tc.cidrs {
				t.Fatalf("typed value not kept: %q", got)
			}
			if n := len(gatewaysOf(t, ts, "eu-de")); n != 0 {
				t.Fatalf("%d gateways stored", n)
			}
		})
	}

	t.Run("50 blocks with whitespace and empty items", func(t *testing.T) {
		resp, _ := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-50", vpc2.ID, " ,"+strings.Join(fifty[:50], " ,, \n")+",\n", ""))
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
		gs := gatewaysOf(t, ts, "eu-de")
		if len(gs) != 1 || len(gs[0].CIDRs) != 50 || gs[0].CIDRs[49].String() != "10.0.49.0/24" {
			t.Fatalf("gateways %+v", gs)
		}
		resp, _ = ts.Post("/dcaas/virtual-gateways/"+gs[0].ID+"/delete", nil)
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
	})

	t.Run("CIDR outside the VPC accepted with the warning shown", func(t *testing.T) {
		resp, _ := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-out", vpc.ID, "192.168.1.0/24, 172.16.0.0/16", ""))
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
		const warning = "172.16.0.0/16 is outside the CIDR block of VPC VPC-001 (192.168.0.0/16)"
		_, doc := ts.Get("/dcaas/virtual-gateways")
		if got := flashes(doc); !strings.Contains(got, "vgw-out has been created") || !strings.Contains(got, warning) {
			t.Fatalf("flashes %q", got)
		}
		if got := doc.Find("tr.row-details .field-warning").Text(); !strings.Contains(got, warning) {
			t.Fatalf("expanded details warning %q", got)
		}
		g := gatewaysOf(t, ts, "eu-de")[0]
		_, doc = ts.Get("/dcaas/virtual-gateways/" + g.ID)
		if got := doc.Find("main .field-warning").Text(); !strings.Contains(got, warning) {
			t.Fatalf("details warning %q", got)
		}
		_, doc = ts.Get("/dcaas/virtual-gateways/" + g.ID + "/modify")
		if got := doc.Find("#cidrs-warning").Text(); !strings.Contains(got, warning) {
			t.Fatalf("modify form warning %q", got)
		}
		// The form warns too when it comes back for another reason.
		resp, doc = ts.Post("/dcaas/virtual-gateways/"+g.ID+"/modify", url.Values{"name": {"bad name"}, "cidrs": {"172.16.0.0/16"}, "description": {""}})
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if handlertest.FieldError(doc, "name") == "" || !strings.Contains(doc.Find("#cidrs-warning").Text(), "172.16.0.0/16 is outside") {
			t.Fatalf("name error %q, warning %q", handlertest.FieldError(doc, "name"), doc.Find("#cidrs-warning").Text())
		}
	})

	t.Run("one gateway per VPC", func(t *testing.T) {
		resp, doc := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-again", vpc.ID, "192.168.2.0/24", ""))
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if got := handlertest.FieldError(doc, "vpc_id"); !strings.Contains(got, "already has virtual gateway vgw-out") {
			t.Fatalf("vpc_id error %q", got)
		}
	})

	t.Run("another project's VPC refused, nothing stored", func(t *testing.T) {
		other := seedVPC(t, ts, "eu-nl")
		before := len(gatewaysOf(t, ts, "eu-de"))
		resp, doc := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-steal", other.ID, "192.168.0.0/16", ""))
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if got := handlertest.FieldError(doc, "vpc_id"); !strings.Contains(got, "does not exist in this project") {
			t.Fatalf("vpc_id error %q", got)
		}
		if n := len(gatewaysOf(t, ts, "eu-de")); n != before {
			t.Fatalf("%d gateways in eu-de, want %d", n, before)
		}
		if n := len(gatewaysOf(t, ts, "eu-nl")); n != 0 {
			t.Fatalf("%d gateways in eu-nl", n)
		}
	})

	t.Run("invalid fields all reported, values kept", func(t *testing.T) {
		resp, doc := ts.Post("/dcaas/virtual-gateways", gatewayValues("bad name!", "", "192.168.1.7/24", "<script>"))
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		for _, id := range []string{"name", "vpc_id", "cidrs", "description"} {
			if handlertest.FieldError(doc, id) == "" {
				t.Errorf("no error under %s", id)
			}
		}
		if v, _ := doc.Find("#name").Attr("value"); v != "bad name!" {
			t.Errorf("name not kept: %q", v)
		}
	})
}

func TestGatewayQuotaPage(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	ctx := context.Background()
	p := ts.Project("eu-de")
	var sixth store.VPC
	for i := range 6 {
		v, _, err := ts.Store.CreateVPC(ctx, p, store.VPCInput{Name: fmt.Sprintf("vpc-%d", i), CIDR: fmt.Sprintf("10.%d.0.0/16", i)}, "")
		if err != nil {
			t.Fatal(err)
		}
		if i == 5 {
			sixth = v
			break
		}
		resp, _ := ts.Post("/dcaas/virtual-gateways", gatewayValues(fmt.Sprintf("vgw-%d", i), v.ID, v.CIDR.String(), ""))
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
	}
	resp, doc := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-6", sixth.ID, sixth.CIDR.String(), ""))
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if got := doc.Find("[role=alert]").Text(); !strings.Contains(got, "virtual gateway quota of project eu-de is used up (5 of 5)") {
		t.Fatalf("alert %q", got)
	}
	if n := len(gatewaysOf(t, ts, "eu-de")); n != 5 {
		t.Fatalf("%d gateways", n)
	}
	_, doc = ts.Get("/dcaas/virtual-gateways")
	if got := strings.Join(strings.Fields(doc.Find("#quota-hint").Text()), " "); got != "You can create 0 more virtual gateways." {
		t.Fatalf("quota hint %q", got)
	}
	if d, _ := doc.Find(`a:contains("Create Virtual Gateway")`).Attr("aria-disabled"); d != "true" || doc.Find("dialog").Length() != 0 {
		t.Fatal("Create Virtual Gateway not disabled at the quota")
	}
}

func TestGatewayModifyDelete(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	vpc := seedVPC(t, ts, "eu-de")
	resp, _ := ts.Post("/dcaas/virtual-gateways", gatewayValues("vgw-123", vpc.ID, "192.168.0.0/16", "This is a virtual gateway."))
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	g := gatewaysOf(t, ts, "eu-de")[0]

	resp, doc := ts.Get("/dcaas/virtual-gateways/" + g.ID + "/modify")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if v, _ := doc.Find("#vpc").Attr("value"); v != "VPC-001 (192.168.0.0/16)" {
		t.Fatalf("read-only VPC %q", v)
	}
	if doc.Find("#cidrs").Text() != "192.168.0.0/16" || doc.Find("#cidrs-warning").Length() != 0 {
		t.Fatalf("cidrs %q", doc.Find("#cidrs").Text())
	}

	resp, doc = ts.Post("/dcaas/virtual-gateways/"+g.ID+"/modify", url.Values{"name": {"vgw-123"}, "cidrs": {"192.168.52.7/24"}, "description": {""}})
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if got := handlertest.FieldError(doc, "cidrs"); !strings.Contains(got, "192.168.52.0/24") {
		t.Fatalf("cidrs error %q", got)
	}

	resp, _ = ts.Post("/dcaas/virtual-gateways/"+g.ID+"/modify", url.Values{"name": {"vgw-456"}, "cidrs": {"192.168.52.0/24\n192.168.54.0/24"}, "description": {"changed"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/dcaas/virtual-gateways/" + g.ID)
	text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	if got := doc.Find("main dl.props ul.mono li").Map(func(_ int, s *goquery.Selection) string { return s.Text() }); strings.Join(got, " ") != "192.168.52.0/24 192.168.54.0/24" {
		t.Errorf("CIDR blocks %q", got)
	}
	for _, want := range []string{"vgw-456", g.ID, "changed", "VPC-001 (192.168.0.0/16)"} {
		if !strings.Contains(text, want) {
			t.Errorf("details lack %q: %s", want, text)
		}
	}

	// The VPC in use cannot be deleted, and says why.
	_, doc = ts.Get("/vpc/vpcs")
	del := doc.Find(`tr[aria-label="VPC-001"] .ops [aria-disabled="true"]`)
	if title, _ := del.Attr("title"); !strings.Contains(title, "virtual gateway vgw-456 uses it") {
		t.Fatalf("VPC delete not disabled with the reason: %q", title)
	}
	resp, _ = ts.Post("/vpc/vpcs/"+vpc.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/vpc/vpcs")
	if got := flashes(doc); !strings.Contains(got, "cannot be deleted because virtual gateway vgw-456 uses it") {
		t.Fatalf("flash %q", got)
	}

	resp, doc = ts.Get("/dcaas/virtual-gateways/" + g.ID + "/delete")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if got := doc.Find("h2#delete-q").Text(); got != "Are you sure you want to delete virtual gateway vgw-456?" {
		t.Fatalf("question %q", got)
	}
	resp, _ = ts.Post("/dcaas/virtual-gateways/"+g.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if n := len(gatewaysOf(t, ts, "eu-de")); n != 0 {
		t.Fatalf("%d gateways after delete", n)
	}
	resp, _ = ts.Get("/dcaas/virtual-gateways/" + g.ID)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
}

func TestGatewayOtherProject404(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	other := ts.Project("eu-nl")
	og, _, err := ts.Store.CreateGateway(context.Background(), other, store.GatewayInput{Name: "vgw-nl", VPCID: seedVPC(t, ts, "eu-nl").ID, CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	ts.UseProject("eu-de")
	for _, path := range []string{"/dcaas/virtual-gateways/" + og.ID, "/dcaas/virtual-gateways/" + og.ID + "/modify", "/dcaas/virtual-gateways/" + og.ID + "/delete", "/dcaas/virtual-gateways/no-such-id"} {
		resp, _ := ts.Get(path)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	for _, path := range []string{"/dcaas/virtual-gateways/" + og.ID + "/modify", "/dcaas/virtual-gateways/" + og.ID + "/delete"} {
		resp, _ := ts.Post(path, url.Values{"name": {"stolen"}, "cidrs": {"10.0.0.0/8"}, "description": {""}})
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	if g, err := ts.Store.Gateway(context.Background(), other.ID, og.ID); err != nil || g.Name != "vgw-nl" {
		t.Fatalf("other project's gateway changed: %+v %v", g, err)
	}
	ov := seedVPC(t, ts, "eu-nl")
	for _, path := range []string{"/vpc/vpcs/" + ov.ID + "/delete"} {
		resp, _ := ts.Get(path)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
		resp, _ = ts.Post(path, nil)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
}

func TestGatewayRefreshKeepsValues(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	vpc := seedVPC(t, ts, "eu-de")
	ts.Get("/dcaas/virtual-gateways/create")
	// Meanwhile another VPC appears.
	if _, _, err := ts.Store.CreateVPC(context.Background(), ts.Project("eu-de"), store.VPCInput{Name: "vpc-new", CIDR: "10.0.0.0/16"}, ""); err != nil {
		t.Fatal(err)
	}
	resp, doc := ts.Post("/dcaas/virtual-gateways/create", gatewayValues("vgw-keep", vpc.ID, "10.1.0.0/16", "kept"))
	handlertest.WantStatus(t, resp, http.StatusOK)
	if v, _ := doc.Find("#name").Attr("value"); v != "vgw-keep" || doc.Find("#cidrs").Text() != "10.1.0.0/16" || doc.Find("#description").Text() != "kept" {
		t.Fatal("values not kept")
	}
	if doc.Find(`#vpc_id option:contains("vpc-new (10.0.0.0/16)")`).Length() != 1 {
		t.Fatal("new VPC not listed")
	}
	if got := doc.Find("#cidrs-warning").Text(); !strings.Contains(got, "10.1.0.0/16 is outside") {
		t.Fatalf("warning %q", got)
	}
	if handlertest.FieldError(doc, "cidrs") != "" {
		t.Fatal("refresh shows errors")
	}
}

func TestVPCPages(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()

	resp, doc := ts.Get("/vpc/vpcs")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if doc.Find(`nav a[aria-current="page"]`).Text() != "Virtual Private Cloud" {
		t.Fatal("navigation does not mark Virtual Private Cloud")
	}
	row := doc.Find(`tr[aria-label="VPC-001"]`)
	if got := strings.TrimSpace(row.Find("td").First().Text()); got != "192.168.0.0/16" {
		t.Fatalf("VPC-001 CIDR %q", got)
	}

	resp, doc = ts.Get("/vpc/vpcs/create")
	handlertest.WantStatus(t, resp, http.StatusOK)
	token, _ := doc.Find("input[name=token]").Attr("value")

	for _, tc := range []struct{ name, cidr, field, want string }{
		{"vpc-a", "8.8.8.0/24", "cidr", "not in a private range"},
		{"vpc-a", "10.0.0.0/30", "cidr", "must be /8 to /28"},
		{"vpc-a", "172.16.0.1/16", "cidr", "the network is 172.16.0.0/16"},
		{"vpc a", "172.16.0.0/16", "name", "Only digits, letters"},
	} {
		resp, doc := ts.Post("/vpc/vpcs", url.Values{"name": {tc.name}, "cidr": {tc.cidr}, "token": {token}})
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if got := handlertest.FieldError(doc, tc.field); !strings.Contains(got, tc.want) {
			t.Errorf("%s %s: %s error %q, want %q", tc.name, tc.cidr, tc.field, got, tc.want)
		}
	}
	for range 2 { // the second submit of the same form creates nothing more
		resp, _ = ts.Post("/vpc/vpcs", url.Values{"name": {"vpc-a"}, "cidr": {"172.16.0.0/16"}, "token": {token}})
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
	}
	_, doc = ts.Get("/vpc/vpcs")
	if got := flashes(doc); !strings.Contains(got, "VPC vpc-a has been created.") {
		t.Fatalf("flash %q", got)
	}
	if doc.Find(`tr[aria-label="vpc-a"]`).Length() != 1 || doc.Find(`table[aria-label="VPCs"] tbody tr`).Length() != 2 {
		t.Fatal("vpc-a not listed once")
	}
	del, _ := doc.Find(`tr[aria-label="vpc-a"] a:contains("Delete")`).Attr("href")
	resp, doc = ts.Get(del)
	handlertest.WantStatus(t, resp, http.StatusOK)
	if got := doc.Find("h2#delete-q").Text(); got != "Are you sure you want to delete VPC vpc-a?" {
		t.Fatalf("question %q", got)
	}
	resp, _ = ts.Post(del, nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/vpc/vpcs")
	if doc.Find(`tr[aria-label="vpc-a"]`).Length() != 0 {
		t.Fatal("vpc-a still listed")
	}
}
