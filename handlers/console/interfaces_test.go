package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// seedScenario creates, through the store, the seed's two connections and
// its gateway on VPC-001 in project name.
func seedScenario(t *testing.T, ts *handlertest.Server, name string) (biere, magdeburg store.Connection, gw store.Gateway) {
	t.Helper()
	ctx := context.Background()
	p := ts.Project(name)
	var err error
	if biere, _, err = ts.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-123", Location: "Biere", Bandwidth: 100}, ""); err != nil {
		t.Fatal(err)
	}
	if magdeburg, _, err = ts.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-456", Location: "Magdeburg", Bandwidth: 100}, ""); err != nil {
		t.Fatal(err)
	}
	vpcs, err := ts.Store.VPCs(ctx, p.ID)
	if err != nil || len(vpcs) == 0 {
		t.Fatalf("no VPC-001: %v", err)
	}
	if gw, _, err = ts.Store.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-123", VPCID: vpcs[0].ID, CIDRs: "192.168.0.0/16"}, ""); err != nil {
		t.Fatal(err)
	}
	return biere, magdeburg, gw
}

func vifForm(name, conn, gw, bw, subnets string) url.Values {
	return url.Values{"name": {name}, "connection": {conn}, "gateway": {gw}, "bandwidth": {bw},
		"remote_subnets": {subnets}, "description": {"This is a virtual interface."}}
}

func TestInterfaceSeedThroughConsole(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	biere, magdeburg, gw := seedScenario(t, ts, "eu-de")

	resp, doc := ts.Get("/dcaas/virtual-interfaces/create")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if got := doc.Find("#connection option[value='" + biere.ID + "']").Text(); got != "dc-123 (Biere, 100 Mbit/s)" {
		t.Fatalf("connection option %q", got)
	}
	if got := doc.Find("#gateway option[value='" + gw.ID + "']").Text(); got != "vgw-123 (VPC-001, 192.168.0.0/16)" {
		t.Fatalf("gateway option %q", got)
	}
	if v, _ := doc.Find("#vlan").Attr("readonly"); v == "" && doc.Find("#vlan[readonly]").Length() == 0 {
		t.Fatal("VLAN is not read-only")
	}
	if !strings.Contains(doc.Find("#vlan-help").Text(), "The system automatically allocates a VLAN ID.") {
		t.Fatal("VLAN help missing")
	}

	// The seed's values are accepted as typed; the overlap with the VPC is a warning.
	resp, _ = ts.Post("/dcaas/virtual-interfaces", vifForm("vif-123", biere.ID, gw.ID, "100", "192.168.51.0/24"))
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/dcaas/virtual-interfaces")
	if !strings.Contains(doc.Find(".alert-success").Text(), "vif-123 has been created with VLAN 1") {
		t.Fatalf("no success message: %q", doc.Find("main").Text())
	}
	if !strings.Contains(doc.Find(".alert-warning").Text(), "overlaps the VPC CIDR 192.168.0.0/16") {
		t.Fatal("no overlap warning")
	}
	row := doc.Find(`tr[aria-label="vif-123"]`)
	for _, want := range []string{"dc-123", "vgw-123", "1", "Private", "Normal"} {
		if !strings.Contains(row.Text(), want) {
			t.Errorf("row lacks %q: %q", want, row.Text())
		}
	}

	// A second interface at the same location is refused, values kept.
	third, _, _ := ts.Store.CreateConnection(context.Background(), ts.Project("eu-de"), store.ConnectionInput{Name: "dc-789", Location: "Biere", Bandwidth: 50}, "")
	resp, doc = ts.Post("/dcaas/virtual-interfaces", vifForm("vif-bad", third.ID, gw.ID, "50", "10.9.0.0/16"))
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if msg := handlertest.FieldError(doc, "connection"); !strings.Contains(msg, "different access location") {
		t.Fatalf("error under Connection %q", msg)
	}
	if v, _ := doc.Find("#name").Attr("value"); v != "vif-bad" {
		t.Fatal("name not kept")
	}
	if doc.Find("#connection option[selected]").AttrOr("value", "") != third.ID {
		t.Fatal("chosen connection not kept")
	}

	// Bandwidth above the connection's.
	resp, doc = ts.Post("/dcaas/virtual-interfaces", vifForm("vif-456", magdeburg.ID, gw.ID, "150", "192.168.51.0/24"))
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if msg := handlertest.FieldError(doc, "bandwidth"); !strings.Contains(msg, "cannot exceed the 100 Mbit/s") {
		t.Fatalf("bandwidth error %q", msg)
	}
	// Empty bandwidth: the connection's bandwidth.
	resp, _ = ts.Post("/dcaas/virtual-interfaces", vifForm("vif-456", magdeburg.ID, gw.ID, "", "192.168.51.0/24"))
	handlertest.WantStatus(t, resp, http.StatusSeeOther)

	// The connections list shows the counts and disables Delete with the reason.
	_, doc = ts.Get("/dcaas/connections")
	crow := doc.Find(`tr[aria-label="dc-123"]`)
	if !strings.Contains(crow.Find("td").Eq(3).Text(), "1") {
		t.Fatalf("interface count: %q", crow.Text())
	}
	if del := crow.Find(`[aria-disabled="true"]`); del.Text() != "Delete" || !strings.Contains(del.AttrOr("title", ""), "1 virtual interface uses it") {
		t.Fatal("Delete of a connection in use is not disabled with its reason")
	}
	resp, _ = ts.Post("/dcaas/connections/"+biere.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if _, err := ts.Store.Connection(context.Background(), biere.ProjectID, biere.ID); err != nil {
		t.Fatal("connection in use was deleted")
	}
}

func TestInterfaceValidationKeepsValuesAndStoresNothing(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	biere, _, gw := seedScenario(t, ts, "eu-de")
	for _, tc := range []struct {
		name, field, want string
		form              url.Values
	}{
		{"same as gateway CIDR", "remote_subnets", "cannot be the same", vifForm("vif-1", biere.ID, gw.ID, "10", "192.168.0.0/16")},
		{"host bits", "remote_subnets", "192.168.1.0/24", vifForm("vif-1", biere.ID, gw.ID, "10", "192.168.1.7/24")},
		{"empty subnets", "remote_subnets", "", vifForm("vif-1", biere.ID, gw.ID, "10", "")},
		{"letters as bandwidth", "bandwidth", "whole number", vifForm("vif-1", biere.ID, gw.ID, "ten", "10.0.0.0/8")},
		{"bandwidth 1", "bandwidth", "2 to 10000", vifForm("vif-1", biere.ID, gw.ID, "1", "10.0.0.0/8")},
		{"no connection", "connection", "Select a connection", vifForm("vif-1", "", gw.ID, "10", "10.0.0.0/8")},
		{"foreign connection id", "connection", "Select a connection", vifForm("vif-1", "not-a-connection", gw.ID, "10", "10.0.0.0/8")},
		{"bad name", "name", "Only digits", vifForm("vif 1", biere.ID, gw.ID, "10", "10.0.0.0/8")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, doc := ts.Post("/dcaas/virtual-interfaces", tc.form)
			handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
			if msg := handlertest.FieldError(doc, tc.field); msg == "" || !strings.Contains(msg, tc.want) {
				t.Fatalf("error under %s: %q, want %q", tc.field, msg, tc.want)
			}
			if got := doc.Find("#remote_subnets").Text(); got != tc.form.Get("remote_subnets") {
				t.Fatalf("remote subnets not kept: %q", got)
			}
		})
	}
	if _, n, _ := ts.Store.Interfaces(context.Background(), ts.Project("eu-de").ID, store.ListFilter{}); n != 0 {
		t.Fatalf("%d interfaces stored from bad input", n)
	}
}

func TestInterfaceModifyDeleteAnd404(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	biere, _, gw := seedScenario(t, ts, "eu-de")
	v, _, err := ts.Store.CreateInterface(context.Background(), ts.Project("eu-de"), store.InterfaceInput{Name: "vif-1",
		ConnectionID: biere.ID, GatewayID: gw.ID, Bandwidth: 50, RemoteSubnets: "10.1.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	resp, doc := ts.Post("/dcaas/virtual-interfaces/"+v.ID+"/modify", url.Values{"name": {"vif-2"}, "bandwidth": {"101"}, "remote_subnets": {"10.1.0.0/16"}})
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if handlertest.FieldError(doc, "bandwidth") == "" {
		t.Fatal("no bandwidth error on modify")
	}
	resp, _ = ts.Post("/dcaas/virtual-interfaces/"+v.ID+"/modify", url.Values{"name": {"vif-2"}, "bandwidth": {"80"}, "remote_subnets": {"10.1.0.0/16, 10.2.0.0/16"}, "description": {"d"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	got, _ := ts.Store.Interface(context.Background(), v.ProjectID, v.ID)
	if got.Name != "vif-2" || got.Bandwidth != 80 || len(got.RemoteSubnets) != 2 || got.VLAN != v.VLAN {
		t.Fatalf("after modify %+v", got)
	}

	// Another project's session cannot see it.
	other := ts.NewBrowser().LoginAdmin()
	other.UseProject("eu-nl")
	for _, path := range []string{"", "/modify", "/delete"} {
		resp, _ := other.Get("/dcaas/virtual-interfaces/" + v.ID + path)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	resp, _ = other.Post("/dcaas/virtual-interfaces/"+v.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusNotFound)

	resp, doc = ts.Get("/dcaas/virtual-interfaces/" + v.ID + "/delete")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Find("h2").Text(), "Are you sure") {
		t.Fatal("no confirmation")
	}
	resp, _ = ts.Post("/dcaas/virtual-interfaces/"+v.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = ts.Get("/dcaas/virtual-interfaces/" + v.ID)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
}
