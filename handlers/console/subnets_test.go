package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"dcconsole/handlers/handlertest"
)

// The VPC page lists subnet-001 under VPC-001, creates a subnet through its
// form (errors under their fields, one subnet per submitted form), refuses
// to delete a VPC that has subnets, and deletes a subnet after asking; in
// German too.
func TestSubnetPages(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	ctx := context.Background()
	p := ts.Project("eu-de")
	count := func() int {
		t.Helper()
		subs, err := ts.Store.Subnets(ctx, p.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(subs)
	}

	resp, doc := ts.Get("/vpc/vpcs")
	handlertest.WantStatus(t, resp, http.StatusOK)
	row := doc.Find(`table[aria-labelledby="subnets-heading"] tr[aria-label="subnet-001"]`)
	cells := row.Find("td").Map(func(_ int, s *goquery.Selection) string { return strings.TrimSpace(s.Text()) })
	if len(cells) != 4 || cells[0] != "VPC-001" || cells[1] != "192.168.0.0/24" || cells[2] != "192.168.0.1" {
		t.Fatalf("subnet-001 row %q", cells)
	}
	vpcRow := doc.Find(`tr[aria-label="VPC-001"]`)
	del := vpcRow.Find(`.ops [aria-disabled="true"]`)
	if title, _ := del.Attr("title"); !strings.Contains(title, "it has 1 subnet(s)") {
		t.Fatalf("VPC-001 delete not disabled with the reason: %q", title)
	}
	vpc, _ := ts.Store.VPCs(ctx, p.ID)
	resp, _ = ts.Post("/vpc/vpcs/"+vpc[0].ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if _, doc = ts.Get("/vpc/vpcs"); !strings.Contains(flashes(doc), "it has 1 subnet(s)") {
		t.Fatalf("flash %q", flashes(doc))
	}

	// The form, preselecting the VPC from the row's link.
	href, _ := vpcRow.Find(`a:contains("Create Subnet")`).Attr("href")
	resp, doc = ts.Get(href)
	handlertest.WantStatus(t, resp, http.StatusOK)
	if v, _ := doc.Find("#vpc_id option[selected]").Attr("value"); v != vpc[0].ID {
		t.Fatalf("preselected VPC %q", v)
	}
	for _, label := range []string{"VPC", "Name", "IPv4 CIDR Block", "Gateway"} {
		if doc.Find(`label:contains("`+label+`")`).Length() == 0 {
			t.Errorf("no label %q", label)
		}
	}
	token, _ := doc.Find("input[name=token]").Attr("value")
	for _, tc := range []struct{ name, cidr, gw, field, want string }{
		{"sn-a", "10.0.0.0/24", "", "cidr", "not inside the CIDR block of VPC VPC-001"},
		{"sn-a", "192.168.0.0/25", "", "cidr", "overlaps subnet subnet-001"},
		{"sn-a", "192.168.5.0/24", "192.168.6.1", "gateway_ip", "is not in the subnet"},
		{"sn-a", "192.168.5.0/30", "", "cidr", "/29 or shorter"},
		{"sn a", "192.168.5.0/24", "", "name", "periods"},
	} {
		resp, doc := ts.Post("/vpc/subnets", url.Values{"name": {tc.name}, "vpc_id": {vpc[0].ID}, "cidr": {tc.cidr}, "gateway_ip": {tc.gw}, "token": {token}})
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if got := handlertest.FieldError(doc, tc.field); !strings.Contains(got, tc.want) {
			t.Errorf("%+v: %s error %q", tc, tc.field, got)
		}
		if v, _ := doc.Find("#cidr").Attr("value"); v != tc.cidr {
			t.Errorf("value not kept: %q", v)
		}
	}
	if n := count(); n != 1 {
		t.Fatalf("%d subnets after refused forms", n)
	}
	for range 2 { // the second submit of the same form creates nothing more
		resp, _ = ts.Post("/vpc/subnets", url.Values{"name": {"sn-a"}, "vpc_id": {vpc[0].ID}, "cidr": {"192.168.5.0/24"}, "token": {token}})
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d subnets after two submits of one form, want 2", n)
	}
	_, doc = ts.Get("/vpc/vpcs")
	if got := flashes(doc); !strings.Contains(got, "Subnet sn-a has been created.") {
		t.Fatalf("flash %q", got)
	}
	row = doc.Find(`tr[aria-label="sn-a"]`)
	if !strings.Contains(row.Text(), "192.168.5.1") {
		t.Fatalf("sn-a row %q: gateway not the first address", row.Text())
	}
	if title, _ := doc.Find(`tr[aria-label="VPC-001"] .ops [aria-disabled="true"]`).Attr("title"); !strings.Contains(title, "it has 2 subnet(s)") {
		t.Fatalf("VPC-001 reason %q", title)
	}

	// German.
	resp, _ = ts.Post("/language", url.Values{"lang": {"de"}, "next": {"/vpc/vpcs"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/vpc/vpcs")
	if doc.Find("h2#subnets-heading").Text() != "Subnetze" || doc.Find(`a:contains("Subnetz erstellen")`).Length() == 0 {
		t.Fatalf("German VPC page: %q (h1 %q, lang %q)", doc.Find("h2#subnets-heading").Text(), doc.Find("h1").Text(), htmlLang(doc))
	}
	if title, _ := doc.Find(`tr[aria-label="VPC-001"] .ops [aria-disabled="true"]`).Attr("title"); !strings.Contains(title, "weil sie 2 Subnetz(e) hat") {
		t.Fatalf("German reason %q", title)
	}
	resp, doc = ts.Post("/vpc/subnets", url.Values{"name": {"sn-b"}, "vpc_id": {vpc[0].ID}, "cidr": {"10.0.0.0/24"}, "token": {token + "x"}})
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if got := handlertest.FieldError(doc, "cidr"); !strings.Contains(got, "liegt nicht im CIDR-Block der VPC VPC-001") {
		t.Fatalf("German field error %q", got)
	}
	ts.Post("/language", url.Values{"lang": {"en"}, "next": {"/vpc/vpcs"}})

	// Delete after the question.
	href, _ = row.Find(`a:contains("Delete")`).Attr("href")
	resp, doc = ts.Get(href)
	handlertest.WantStatus(t, resp, http.StatusOK)
	if got := doc.Find("h2#delete-q").Text(); got != "Are you sure you want to delete subnet sn-a?" {
		t.Fatalf("question %q", got)
	}
	resp, _ = ts.Post(href, nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/vpc/vpcs")
	if got := flashes(doc); !strings.Contains(got, "Subnet sn-a has been deleted.") || doc.Find(`tr[aria-label="sn-a"]`).Length() != 0 {
		t.Fatalf("after delete: flash %q", got)
	}

	// Another project's subnet: 404 on its pages, nothing deleted.
	nl := ts.Project("eu-nl")
	theirs, _ := ts.Store.Subnets(ctx, nl.ID, "")
	for _, path := range []string{"/vpc/subnets/" + theirs[0].ID + "/delete"} {
		resp, _ = ts.Get(path)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
		resp, _ = ts.Post(path, nil)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	resp, _ = ts.Post("/vpc/subnets", url.Values{"name": {"sn-c"}, "vpc_id": {theirs[0].VPCID}, "cidr": {"192.168.9.0/24"}, "token": {token + "y"}})
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if after, _ := ts.Store.Subnets(ctx, nl.ID, ""); len(after) != 1 {
		t.Fatalf("other project's subnets %+v", after)
	}
}
