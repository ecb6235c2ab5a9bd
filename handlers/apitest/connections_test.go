package apitest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	golangsdk "github.com/opentelekomcloud/gophertelekomcloud"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack"
	direct_connect "github.com/opentelekomcloud/gophertelekomcloud/openstack/dcaas/v2/direct-connect"

	"dcconsole/store"
)

// The full lifecycle through the SDK, as Terraform's acceptance test does it,
// with the console (same store) seeing every step.
func TestSDKConnectionLifecycle(t *testing.T) {
	s := newServer(t)
	client := s.dcaas("eu-de")
	p := s.project("eu-de")
	ctx := context.Background()

	created, err := direct_connect.Create(client, direct_connect.CreateOpts{
		Name: "dc-sdk", PortType: "1G", Location: "Biere", Bandwidth: 50, Provider: "OTC",
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if created.ID == "" || created.TenantID != p.ID || created.Name != "dc-sdk" || created.Bandwidth != 50 ||
		created.PortType != "1G" || created.Location != "Biere" || created.Provider != "OTC" ||
		created.Status != "ACTIVE" || created.Type != "standard" || !created.AdminStateUp || created.CreateTime == "" {
		t.Fatalf("created %+v", created)
	}

	got, err := direct_connect.Get(client, created.ID)
	if err != nil || *got != *created {
		t.Fatalf("get: %+v, %v; want %+v", got, err, created)
	}

	// In the console: the store and the Connections page show it.
	if c, err := s.Store.Connection(ctx, p.ID, created.ID); err != nil || c.Name != "dc-sdk" {
		t.Fatalf("store: %+v, %v", c, err)
	}
	if page := s.consolePage("/dcaas/connections"); !strings.Contains(page, "dc-sdk") {
		t.Fatalf("the Connections page does not show dc-sdk")
	}

	// A connection made in the console shows in the API.
	cc, _, err := s.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-console", Location: "Magdeburg", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	listed, err := direct_connect.List(client, "") // the SDK sends ?id=
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if ids := connectionIDs(listed); len(ids) != 2 || !slices.Contains(ids, cc.ID) || !slices.Contains(ids, created.ID) {
		t.Fatalf("list ids %v, want %s and %s", ids, created.ID, cc.ID)
	}
	listed, err = direct_connect.List(client, created.ID)
	if err != nil || len(listed) != 1 || listed[0] != *created {
		t.Fatalf("list ?id=: %+v, %v", listed, err)
	}

	if err := direct_connect.Update(client, created.ID, direct_connect.UpdateOpts{Name: "dc-sdk-renamed", Bandwidth: 100}); err != nil {
		t.Fatalf("update: %v", err)
	}
	got, err = direct_connect.Get(client, created.ID)
	if err != nil || got.Name != "dc-sdk-renamed" || got.Bandwidth != 100 {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	if err := direct_connect.Update(client, created.ID, direct_connect.UpdateOpts{Description: "Updated description", ProviderStatus: "DOWN"}); err != nil {
		t.Fatalf("update: %v", err)
	}
	if got, _ = direct_connect.Get(client, created.ID); got.Description != "Updated description" || got.ProviderStatus != "DOWN" {
		t.Fatalf("after update: %+v", got)
	}

	if err := direct_connect.Delete(client, created.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = direct_connect.Get(client, created.ID)
	var e404 golangsdk.ErrDefault404
	if !errors.As(err, &e404) {
		t.Fatalf("get after delete: %v, want ErrDefault404", err)
	}
	if err := direct_connect.Delete(client, created.ID); !errors.As(err, &e404) {
		t.Fatalf("second delete: %v, want ErrDefault404", err)
	}
	if page := s.consolePage("/dcaas/connections"); strings.Contains(page, "dc-sdk") {
		t.Fatalf("the Connections page still shows the deleted connection")
	}

	// The operations log names the API's user for each change.
	ops, _, err := s.Store.Operations(ctx, p.ID, store.OperationFilter{ResourceType: store.ResConnection})
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, o := range ops {
		if o.ResourceID == created.ID {
			acts = append(acts, o.User+" "+o.Action)
		}
	}
	if want := []string{"admin delete", "admin modify", "admin modify", "admin create"}; !slices.Equal(acts, want) {
		t.Fatalf("operations %v, want %v", acts, want)
	}
}

func connectionIDs(cs []direct_connect.DirectConnect) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// consolePage logs in to the console as admin (project eu-de) and returns a page.
func (s *server) consolePage(path string) string {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(p string) string {
		resp, err := c.Get(s.URL + p)
		if err != nil {
			s.t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(get("/login"))
	if m == nil {
		s.t.Fatal("no CSRF token on the login page")
	}
	resp, err := c.PostForm(s.URL+"/login", url.Values{"_csrf": {m[1]}, "username": {"admin"}, "password": {adminPassword}})
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	return get(path)
}

// Rule errors come back with the real service's codes, through the SDK.
func TestSDKConnectionErrorCodes(t *testing.T) {
	s := newServer(t)
	client := s.dcaas("eu-de")
	create := func(name, location string, bw int) (*direct_connect.DirectConnect, error) {
		return direct_connect.Create(client, direct_connect.CreateOpts{Name: name, PortType: "1G", Location: location, Bandwidth: bw, Provider: "OTC"})
	}
	wantCode := func(t *testing.T, err error, status int, code string) {
		t.Helper()
		if err == nil {
			t.Fatalf("no error, want %d %s", status, code)
		}
		gotStatus, e := sdkError(t, err)
		if gotStatus != status || e.Code != code || e.Message == "" || len(e.RequestID) != 32 {
			t.Fatalf("got %d %+v, want %d %s", gotStatus, e, status, code)
		}
	}

	t.Run("BadLocation", func(t *testing.T) {
		_, err := create("dc-nl", "Amsterdam-Almere", 50) // a location of eu-nl
		wantCode(t, err, 400, "DC.0001")
	})
	t.Run("BadBandwidth", func(t *testing.T) {
		_, err := create("dc-big", "Biere", 5000) // more than a 1G port carries
		wantCode(t, err, 400, "DC.0001")
		_, err = create("dc-small", "Biere", 1)
		wantCode(t, err, 400, "DC.0001")
	})
	t.Run("BadName", func(t *testing.T) {
		_, err := create("dc <script>", "Biere", 50)
		wantCode(t, err, 400, "DC.0001")
	})
	t.Run("Quota", func(t *testing.T) {
		for i := range 10 {
			if _, err := create(fmt.Sprintf("dc-%d", i), "Biere", 10); err != nil {
				t.Fatalf("connection %d: %v", i, err)
			}
		}
		_, err := create("dc-11", "Biere", 10)
		wantCode(t, err, 400, "DC.1019")
		if used, _, _ := s.Store.ConnectionQuota(context.Background(), s.project("eu-de").ID); used != 10 {
			t.Fatalf("%d connections after a refused create, want 10", used)
		}
	})
	t.Run("UpdateRules", func(t *testing.T) {
		list, err := direct_connect.List(client, "")
		if err != nil || len(list) == 0 {
			t.Fatalf("list: %v", err)
		}
		err = direct_connect.Update(client, list[0].ID, direct_connect.UpdateOpts{Bandwidth: 2000})
		wantCode(t, err, 400, "DC.0001")
		err = direct_connect.Update(client, list[0].ID, direct_connect.UpdateOpts{ProviderStatus: "UP"})
		wantCode(t, err, 400, "DC.0001")
		err = direct_connect.Update(client, "00000000-0000-0000-0000-000000000000", direct_connect.UpdateOpts{Name: "x"})
		wantCode(t, err, 404, "DC.0002")
	})
}

// A token of one project cannot see or change another project's connections.
func TestSDKProjectIsolation(t *testing.T) {
	s := newServer(t)
	de, nl := s.dcaas("eu-de"), s.dcaas("eu-nl")
	if !strings.HasSuffix(nl.Endpoint, "/v2.0/") {
		t.Fatalf("eu-nl endpoint %s", nl.Endpoint)
	}
	nlConn, err := direct_connect.Create(nl, direct_connect.CreateOpts{Name: "dc-nl", PortType: "1G", Location: "Amsterdam-Aalsmeer", Bandwidth: 50, Provider: "OTC"})
	if err != nil {
		t.Fatalf("create in eu-nl: %v", err)
	}
	var e404 golangsdk.ErrDefault404
	if _, err := direct_connect.Get(de, nlConn.ID); !errors.As(err, &e404) {
		t.Fatalf("eu-de get of eu-nl's connection: %v, want 404", err)
	}
	if err := direct_connect.Update(de, nlConn.ID, direct_connect.UpdateOpts{Name: "stolen"}); !errors.As(err, &e404) {
		t.Fatalf("eu-de update: %v, want 404", err)
	}
	if err := direct_connect.Delete(de, nlConn.ID); !errors.As(err, &e404) {
		t.Fatalf("eu-de delete: %v, want 404", err)
	}
	if list, err := direct_connect.List(de, nlConn.ID); err != nil || len(list) != 0 {
		t.Fatalf("eu-de list ?id=: %+v, %v; want none", list, err)
	}
	if got, err := direct_connect.Get(nl, nlConn.ID); err != nil || got.Name != "dc-nl" {
		t.Fatalf("eu-nl get: %+v, %v", got, err)
	}
}

// Authentication through the SDK: a wrong password, and tokens that are
// garbage or expired.
func TestSDKAuthentication(t *testing.T) {
	s := newServer(t)
	t.Run("WrongPassword", func(t *testing.T) {
		ao := s.authOptions("eu-de")
		ao.Password = "wrong-password"
		_, err := openstack.AuthenticatedClient(ao)
		var e401 golangsdk.ErrDefault401
		if !errors.As(err, &e401) {
			t.Fatalf("err %v, want ErrDefault401", err)
		}
		if want := `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`; strings.TrimSpace(string(e401.Body)) != want {
			t.Fatalf("body %s, want %s", e401.Body, want)
		}
	})
	t.Run("UnknownProject", func(t *testing.T) {
		_, err := openstack.AuthenticatedClient(s.authOptions("eu-de_nobody"))
		var e401 golangsdk.ErrDefault401
		if !errors.As(err, &e401) {
			t.Fatalf("err %v, want ErrDefault401", err)
		}
	})
	t.Run("GarbageToken", func(t *testing.T) {
		client := s.dcaas("eu-de")
		client.ProviderClient.TokenID = "garbage"
		_, err := direct_connect.List(client, "")
		if status, e := sdkError(t, err); status != 401 || e.Code != "APIGW.0301" {
			t.Fatalf("got %d %+v, want 401 APIGW.0301", status, e)
		}
	})
	t.Run("ExpiredToken", func(t *testing.T) {
		client := s.dcaas("eu-de")
		if _, err := direct_connect.List(client, ""); err != nil {
			t.Fatal(err)
		}
		s.Store.SetClock(func() time.Time { return time.Now().Add(24*time.Hour + time.Minute) })
		defer s.Store.SetClock(time.Now)
		_, err := direct_connect.List(client, "")
		if status, _ := sdkError(t, err); status != 401 {
			t.Fatalf("expired token: status %d, want 401", status)
		}
	})
}
