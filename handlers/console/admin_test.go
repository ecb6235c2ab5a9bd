package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dcconsole/store"
)

func TestTrainingAdministration(t *testing.T) {
	ts := newTestServer(t)
	ts.loginAdmin()

	// A trainee with a generated password, shown once.
	resp, doc := ts.post("/admin/users", url.Values{"name": {"trainee1"}, "password": {""}, "region": {"eu-de"}})
	wantStatus(t, resp, http.StatusOK)
	pw := strings.TrimSpace(doc.Find("#generated-password").Text())
	if len(pw) < 16 || !strings.Contains(doc.Find(".alert-success").Text(), "eu-de_trainee1") {
		t.Fatalf("created message %q", doc.Find(".alert-success").Text())
	}
	_, doc = ts.get("/admin/users")
	if doc.Find("#generated-password").Length() != 0 {
		t.Fatal("the generated password is shown again")
	}
	// A second trainee with a chosen password.
	resp, _ = ts.post("/admin/users", url.Values{"name": {"trainee2"}, "password": {"trainee2-password"}, "region": {"eu-de"}})
	wantStatus(t, resp, http.StatusOK)
	for _, bad := range []url.Values{
		{"name": {"trainee1"}, "password": {""}, "region": {"eu-de"}},
		{"name": {"bad name"}, "password": {""}, "region": {"eu-de"}},
		{"name": {"t3"}, "password": {"short"}, "region": {"eu-de"}},
		{"name": {"t4"}, "password": {""}, "region": {"mars"}},
	} {
		resp, doc := ts.post("/admin/users", bad)
		wantStatus(t, resp, http.StatusUnprocessableEntity)
		if doc.Find(".field-error").Length() == 0 {
			t.Fatalf("%v: no field error", bad)
		}
	}

	// Trainee 1 builds something; trainee 2 cannot reach it.
	t1 := ts.newBrowser().login("trainee1", pw)
	_, doc = t1.get("/dcaas/connections")
	if !strings.Contains(doc.Find("#region-button").Text(), "eu-de_trainee1") {
		t.Fatalf("trainee works in %q", doc.Find("#region-button").Text())
	}
	if doc.Find(`#region-menu button`).Length() != 1 {
		t.Fatal("a trainee sees other projects in the selector")
	}
	p1 := ts.project("eu-de_trainee1")
	c, _, err := ts.Store.CreateConnection(context.Background(), p1, store.ConnectionInput{Name: "dc-t1", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	t2 := ts.newBrowser().login("trainee2", "trainee2-password")
	for _, path := range []string{"/dcaas/connections/" + c.ID, "/dcaas/connections/" + c.ID + "/modify"} {
		resp, _ := t2.get(path)
		wantStatus(t, resp, http.StatusNotFound)
	}
	resp, _ = t2.post("/console/project", url.Values{"project": {p1.ID}})
	wantStatus(t, resp, http.StatusNotFound)
	// Trainees cannot open the administration.
	for _, path := range []string{"/admin/users", "/admin/projects", "/admin/projects/" + p1.ID + "/reset"} {
		resp, _ := t2.get(path)
		wantStatus(t, resp, http.StatusForbidden)
	}
	resp, _ = t2.post("/admin/users", url.Values{"name": {"evil"}, "region": {"eu-de"}})
	wantStatus(t, resp, http.StatusForbidden)

	// The admin sees every project and can reset one.
	_, doc = ts.get("/admin/projects")
	if doc.Find(`tr[aria-label="eu-de_trainee1"]`).Length() != 1 {
		t.Fatal("admin does not see the trainee's project")
	}
	resp, doc = ts.get("/admin/projects/" + p1.ID + "/reset")
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Find("h2").Text(), "reset project eu-de_trainee1") {
		t.Fatal("no reset confirmation")
	}
	resp, _ = ts.post("/admin/projects/"+p1.ID+"/reset", nil)
	wantStatus(t, resp, http.StatusSeeOther)
	if _, n, _ := ts.Store.Connections(context.Background(), p1.ID, store.ListFilter{}); n != 0 {
		t.Fatalf("%d connections after reset", n)
	}
	vpcs, _ := ts.Store.VPCs(context.Background(), p1.ID)
	if len(vpcs) != 1 || vpcs[0].Name != "VPC-001" {
		t.Fatalf("VPCs after reset: %+v", vpcs)
	}
	ops, _, _ := ts.Store.Operations(context.Background(), p1.ID, store.OperationFilter{Action: "reset"})
	if len(ops) != 1 || ops[0].User != "admin" {
		t.Fatalf("reset not logged: %+v", ops)
	}

	// Disable trainee 2: their session ends and login fails.
	var id string
	users, _ := ts.Store.Users(context.Background())
	for _, u := range users {
		if u.Name == "trainee2" {
			id = strconv.FormatInt(u.ID, 10)
		}
	}
	resp, _ = ts.post("/admin/users/"+id+"/disable", nil)
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = t2.get("/dcaas/connections")
	wantStatus(t, resp, http.StatusSeeOther)
	b := ts.newBrowser()
	b.get("/login")
	resp, _ = b.post("/login", url.Values{"username": {"trainee2"}, "password": {"trainee2-password"}})
	wantStatus(t, resp, http.StatusUnauthorized)
	// The last admin cannot be disabled.
	resp, _ = ts.post("/admin/users/1/disable", nil)
	wantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.get("/admin/users")
	if !strings.Contains(doc.Find(".alert-error").Text(), "last enabled administrator") {
		t.Fatal("disabling the last admin not refused")
	}
	resp, _ = ts.post("/admin/users/999/disable", nil)
	wantStatus(t, resp, http.StatusNotFound)
}
