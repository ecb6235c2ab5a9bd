package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

func TestTrainingAdministration(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()

	// A trainee with a generated password, shown once.
	resp, doc := ts.Post("/admin/users", url.Values{"name": {"trainee1"}, "password": {""}, "region": {"eu-de"}})
	handlertest.WantStatus(t, resp, http.StatusOK)
	pw := strings.TrimSpace(doc.Find("#generated-password").Text())
	if len(pw) < 16 || !strings.Contains(doc.Find(".alert-success").Text(), "eu-de_trainee1") {
		t.Fatalf("created message %q", doc.Find(".alert-success").Text())
	}
	_, doc = ts.Get("/admin/users")
	if doc.Find("#generated-password").Length() != 0 {
		t.Fatal("the generated password is shown again")
	}
	// A second trainee with a chosen password.
	resp, _ = ts.Post("/admin/users", url.Values{"name": {"trainee2"}, "password": {"trainee2-password"}, "region": {"eu-de"}})
	handlertest.WantStatus(t, resp, http.StatusOK)
	for _, bad := range []url.Values{
		{"name": {"trainee1"}, "password": {""}, "region": {"eu-de"}},
		{"name": {"bad name"}, "password": {""}, "region": {"eu-de"}},
		{"name": {"t3"}, "password": {"short"}, "region": {"eu-de"}},
		{"name": {"t4"}, "password": {""}, "region": {"mars"}},
	} {
		resp, doc := ts.Post("/admin/users", bad)
		handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
		if doc.Find(".field-error").Length() == 0 {
			t.Fatalf("%v: no field error", bad)
		}
	}

	// Trainee 1 builds something; trainee 2 cannot reach it.
	t1 := ts.NewBrowser().Login("trainee1", pw)
	_, doc = t1.Get("/dcaas/connections")
	if !strings.Contains(doc.Find("#region-button").Text(), "eu-de_trainee1") {
		t.Fatalf("trainee works in %q", doc.Find("#region-button").Text())
	}
	if doc.Find(`#region-menu button`).Length() != 1 {
		t.Fatal("a trainee sees other projects in the selector")
	}
	p1 := ts.Project("eu-de_trainee1")
	c, _, err := ts.Store.CreateConnection(context.Background(), p1, store.ConnectionInput{Name: "dc-t1", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	t2 := ts.NewBrowser().Login("trainee2", "trainee2-password")
	for _, path := range []string{"/dcaas/connections/" + c.ID, "/dcaas/connections/" + c.ID + "/modify"} {
		resp, _ := t2.Get(path)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	resp, _ = t2.Post("/console/project", url.Values{"project": {p1.ID}})
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	// Trainees cannot open the administration.
	for _, path := range []string{"/admin/users", "/admin/projects", "/admin/projects/" + p1.ID + "/reset"} {
		resp, _ := t2.Get(path)
		handlertest.WantStatus(t, resp, http.StatusForbidden)
	}
	resp, _ = t2.Post("/admin/users", url.Values{"name": {"evil"}, "region": {"eu-de"}})
	handlertest.WantStatus(t, resp, http.StatusForbidden)

	// The admin sees every project and can reset one.
	_, doc = ts.Get("/admin/projects")
	if doc.Find(`tr[aria-label="eu-de_trainee1"]`).Length() != 1 {
		t.Fatal("admin does not see the trainee's project")
	}
	resp, doc = ts.Get("/admin/projects/" + p1.ID + "/reset")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Find("h2").Text(), "reset project eu-de_trainee1") {
		t.Fatal("no reset confirmation")
	}
	resp, _ = ts.Post("/admin/projects/"+p1.ID+"/reset", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
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
	resp, _ = ts.Post("/admin/users/"+id+"/disable", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = t2.Get("/dcaas/connections")
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	b := ts.NewBrowser()
	b.Get("/login")
	resp, _ = b.Post("/login", url.Values{"username": {"trainee2"}, "password": {"trainee2-password"}})
	handlertest.WantStatus(t, resp, http.StatusUnauthorized)
	// The last admin cannot be disabled.
	resp, _ = ts.Post("/admin/users/1/disable", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	_, doc = ts.Get("/admin/users")
	if !strings.Contains(doc.Find(".alert-error").Text(), "last enabled administrator") {
		t.Fatal("disabling the last admin not refused")
	}
	resp, _ = ts.Post("/admin/users/999/disable", nil)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
}
