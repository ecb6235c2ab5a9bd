package console_test

import (
	"context"

	"github.com/PuerkitoBio/goquery"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

func connectionValues(name, location, bandwidth string) url.Values {
	return url.Values{"name": {name}, "location": {location}, "bandwidth": {bandwidth}, "peer_location": {""}, "description": {""}}
}

func countConnections(t *testing.T, ts *handlertest.Server, projectName string) int {
	t.Helper()
	_, n, err := ts.Store.Connections(context.Background(), ts.Project(projectName).ID, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLogin(t *testing.T) {
	ts := handlertest.New(t)

	t.Run("pages need a login", func(t *testing.T) {
		resp, _ := ts.NewBrowser().Get("/dcaas/connections")
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/login?next=%2Fdcaas%2Fconnections" {
			t.Fatalf("Location %q", loc)
		}
	})

	for _, tc := range []struct{ name, user, pass string }{
		{"wrong password", "admin", "wrong-password"},
		{"unknown user", "nobody", handlertest.AdminPassword},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := ts.NewBrowser()
			b.Get("/login")
			resp, doc := b.Post("/login", url.Values{"username": {tc.user}, "password": {tc.pass}})
			handlertest.WantStatus(t, resp, http.StatusUnauthorized)
			if got := strings.TrimSpace(doc.Find("[role=alert]").Text()); got != "Incorrect user name or password." {
				t.Fatalf("message %q", got)
			}
		})
	}

	t.Run("session cookie is HttpOnly and SameSite, token rotates at login", func(t *testing.T) {
		b := ts.NewBrowser()
		b.Get("/login")
		before := b.CSRF
		req, _ := http.NewRequest(http.MethodPost, b.URL+"/login", strings.NewReader(url.Values{
			"username": {"admin"}, "password": {handlertest.AdminPassword}, "_csrf": {before}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, _ := b.Do(req)
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
		var found bool
		for _, c := range resp.Cookies() {
			if c.Name == "dcconsole_session" {
				found = true
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
					t.Fatalf("cookie HttpOnly=%v SameSite=%v", c.HttpOnly, c.SameSite)
				}
			}
		}
		if !found {
			t.Fatal("no session cookie set at login")
		}
		b.Get("/console")
		if b.CSRF == before || b.CSRF == "" {
			t.Fatal("CSRF token not replaced at login")
		}
	})

	t.Run("logout ends the session", func(t *testing.T) {
		b := ts.NewBrowser().LoginAdmin()
		resp, _ := b.Post("/logout", nil)
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
		resp, _ = b.Get("/dcaas/connections")
		handlertest.WantStatus(t, resp, http.StatusSeeOther)
	})

	t.Run("next never leaves the site", func(t *testing.T) {
		b := ts.NewBrowser()
		b.Get("/login")
		resp, _ := b.Post("/login", url.Values{"username": {"admin"}, "password": {handlertest.AdminPassword}, "next": {"//evil.example/x"}})
		if loc := resp.Header.Get("Location"); loc != "/console" {
			t.Fatalf("Location %q", loc)
		}
	})
}

func TestCSRF(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	for _, tok := range []string{"", "forged-token"} {
		form := connectionValues("dc-csrf", "Biere", "100")
		form.Set("_csrf", tok)
		form.Set("token", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
		resp, doc := ts.Post("/dcaas/connections", form)
		handlertest.WantStatus(t, resp, http.StatusForbidden)
		if !strings.Contains(doc.Text(), "Reload the page and try again") {
			t.Fatalf("403 page does not explain: %q", doc.Find("main").Text())
		}
	}
	if n := countConnections(t, ts, "eu-de"); n != 0 {
		t.Fatalf("%d connections stored without a valid CSRF token", n)
	}
}

func TestConnectionCreateFlow(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()

	resp, doc := ts.Get("/dcaas/connections/create")
	handlertest.WantStatus(t, resp, http.StatusOK)
	for _, label := range []string{"Region", "Name", "Peering Position", "Bandwidth (Mbit/s)", "Description"} {
		l := doc.Find("label").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.TrimSpace(s.Text()) == label })
		if l.Length() != 1 {
			t.Fatalf("label %q found %d times", label, l.Length())
		}
		if id, _ := l.Attr("for"); doc.Find("#"+id).Length() != 1 {
			t.Fatalf("label %q points at no control", label)
		}
	}
	if strings.TrimSpace(doc.Find("fieldset legend").First().Text()) != "Location" {
		t.Fatal("no Location button group")
	}
	if v, _ := doc.Find("#region").Attr("value"); v != "eu-de" {
		t.Fatalf("region %q", v)
	}
	name, _ := doc.Find("#name").Attr("value")
	if !strings.HasPrefix(name, "dc-") || len(name) != 7 {
		t.Fatalf("suggested name %q", name)
	}
	if doc.Find(`input[name=location]`).Length() != 2 || doc.Find(`input[name=location][value=Biere]`).Length() != 1 {
		t.Fatal("location buttons are not Biere and Magdeburg")
	}
	token, _ := doc.Find(`input[name=token]`).Attr("value")

	form := url.Values{"name": {"dc-123"}, "location": {"Biere"}, "peer_location": {"Marderbug-DC01"},
		"bandwidth": {"120"}, "description": {"This is a connection."}, "token": {token}}
	resp, doc = ts.Post("/dcaas/connections/confirm", form)
	handlertest.WantStatus(t, resp, http.StatusOK)
	if got := strings.TrimSpace(doc.Find(`tr:contains("Bandwidth (Mbit/s)") td`).Text()); got != "150" {
		t.Fatalf("confirmation shows bandwidth %q, want the snapped 150", got)
	}
	if countConnections(t, ts, "eu-de") != 0 {
		t.Fatal("Create Now stored a connection before Submit")
	}

	// Previous: back on the form with the values.
	resp, doc = ts.Post("/dcaas/connections/create", form)
	handlertest.WantStatus(t, resp, http.StatusOK)
	if v, _ := doc.Find("#peer_location").Attr("value"); v != "Marderbug-DC01" {
		t.Fatalf("Previous lost the peering position: %q", v)
	}

	// Submit, then the same submit again (double click, reload, Back+resubmit).
	form.Set("bandwidth", "150")
	resp, _ = ts.Post("/dcaas/connections", form)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	first := resp.Header.Get("Location")
	resp, _ = ts.Post("/dcaas/connections", form)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if second := resp.Header.Get("Location"); second != first {
		t.Fatalf("resubmit went to %s, first to %s", second, first)
	}
	if n := countConnections(t, ts, "eu-de"); n != 1 {
		t.Fatalf("%d connections after a double submit, want 1", n)
	}

	resp, doc = ts.Get(first)
	handlertest.WantStatus(t, resp, http.StatusOK)
	if doc.Find(`a:contains("Back to Connection List")`).AttrOr("href", "") != "/dcaas/connections" {
		t.Fatal("no Back to Connection List link")
	}
	if doc.Find("[data-countdown]").Length() != 1 {
		t.Fatal("no countdown on the success page")
	}

	resp, doc = ts.Get("/dcaas/connections")
	handlertest.WantStatus(t, resp, http.StatusOK)
	row := doc.Find(`tr[aria-label="dc-123"]`)
	if row.Length() != 1 {
		t.Fatal("dc-123 not listed")
	}
	for _, want := range []string{"Normal", "Biere", "150"} {
		if !strings.Contains(row.Text(), want) {
			t.Errorf("row lacks %q: %q", want, row.Text())
		}
	}
	if got := doc.Find("#quota-hint").Text(); !strings.Contains(got, "9") {
		t.Errorf("quota hint %q", got)
	}
}

func TestConnectionBandwidthSnapping(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	for _, tc := range []struct {
		in, want, err string
	}{
		{"10", "10", ""}, {"5", "10", ""}, {"1", "10", ""}, {"11", "50", ""}, {"100", "100", ""},
		{"120", "150", ""}, {"151", "200", ""}, {"601", "1000", ""}, {"1000", "1000", ""},
		{"1001", "1000", ""}, {"99999", "1000", ""}, {" 300 ", "300", ""},
		{"0", "", "positive"}, {"-5", "", "positive"}, {"abc", "", "whole number"}, {"1.5", "", "whole number"},
		{"", "", "Enter a bandwidth"}, {"1e3", "", "whole number"}, {"99999999999999999999", "", "whole number"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			resp, doc := ts.Post("/dcaas/connections/confirm", connectionValues("dc-bw", "Biere", tc.in))
			if tc.err != "" {
				handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
				if msg := handlertest.FieldError(doc, "bandwidth"); !strings.Contains(msg, tc.err) {
					t.Fatalf("error %q, want it to mention %q", msg, tc.err)
				}
				if v, _ := doc.Find("#bandwidth").Attr("value"); v != strings.TrimSpace(tc.in) {
					t.Fatalf("typed value not kept: %q", v)
				}
				return
			}
			handlertest.WantStatus(t, resp, http.StatusOK)
			if got := doc.Find(`input[name=bandwidth]`).AttrOr("value", ""); got != tc.want {
				t.Fatalf("snapped to %q, want %q", got, tc.want)
			}
		})
	}
}

func TestConnectionValidation(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	long := strings.Repeat("a", 65)
	for _, tc := range []struct {
		name  string
		form  url.Values
		field string
		want  string
	}{
		{"empty name", connectionValues("", "Biere", "100"), "name", "Enter a name"},
		{"65-char name", connectionValues(long, "Biere", "100"), "name", "1 to 64 characters"},
		{"space in name", connectionValues("dc 1", "Biere", "100"), "name", "Only digits"},
		{"unicode name", connectionValues("dc-ü", "Biere", "100"), "name", "Only digits"},
		{"script name", connectionValues("<script>", "Biere", "100"), "name", "Only digits"},
		{"no location", connectionValues("dc-1", "", "100"), "location", "Select a location"},
		{"location of another region", connectionValues("dc-1", "Amsterdam-Almere", "100"), "location", "Biere or Magdeburg"},
		{"peering with space", url.Values{"name": {"dc-1"}, "location": {"Biere"}, "bandwidth": {"100"}, "peer_location": {"Berlin DC"}}, "peer_location", "underscores"},
		{"long description", url.Values{"name": {"dc-1"}, "location": {"Biere"}, "bandwidth": {"100"}, "description": {strings.Repeat("x", 129)}}, "description", "0 to 128"},
		{"angle brackets", url.Values{"name": {"dc-1"}, "location": {"Biere"}, "bandwidth": {"100"}, "description": {"a<b"}}, "description", "angle brackets"},
		{"NUL byte", url.Values{"name": {"dc-1"}, "location": {"Biere"}, "bandwidth": {"100"}, "description": {"a\x00b"}}, "description", "control characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/dcaas/connections/confirm", "/dcaas/connections"} {
				resp, doc := ts.Post(path, tc.form)
				handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
				if msg := handlertest.FieldError(doc, tc.field); !strings.Contains(msg, tc.want) {
					t.Fatalf("%s: error under %s is %q, want %q", path, tc.field, msg, tc.want)
				}
				if inv, _ := doc.Find("#" + tc.field).Attr("aria-invalid"); tc.field != "location" && inv != "true" {
					t.Fatalf("%s: field %s not marked invalid", path, tc.field)
				}
			}
		})
	}
	if n := countConnections(t, ts, "eu-de"); n != 0 {
		t.Fatalf("invalid input stored %d connections", n)
	}
}

func TestConnectionQuota(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	p := ts.Project("eu-de")
	for i := range 10 {
		if _, _, err := ts.Store.CreateConnection(context.Background(), p, store.ConnectionInput{
			Name: "dc-" + string(rune('a'+i)), Location: "Biere", Bandwidth: 10}, ""); err != nil {
			t.Fatal(err)
		}
	}
	resp, doc := ts.Post("/dcaas/connections", connectionValues("dc-11", "Biere", "10"))
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(doc.Find("[role=alert]").Text(), "quota") {
		t.Fatalf("no quota message: %q", doc.Find("main").Text())
	}
	if n := countConnections(t, ts, "eu-de"); n != 10 {
		t.Fatalf("%d connections, want 10", n)
	}
	_, doc = ts.Get("/dcaas/connections")
	if !strings.Contains(doc.Find("#quota-hint").Text(), "0") {
		t.Fatalf("quota hint %q", doc.Find("#quota-hint").Text())
	}
}

func TestConnectionOtherProjectIs404(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	nl := ts.Project("eu-nl")
	c, _, err := ts.Store.CreateConnection(context.Background(), nl, store.ConnectionInput{Name: "dc-nl", Location: "Amsterdam-Almere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	// The session works in eu-de; eu-nl's connection is not reachable from it.
	for _, path := range []string{"", "/modify", "/delete", "/created"} {
		resp, _ := ts.Get("/dcaas/connections/" + c.ID + path)
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	for _, path := range []string{"/modify", "/delete"} {
		resp, _ := ts.Post("/dcaas/connections/"+c.ID+path, connectionValues("dc-x", "Biere", "100"))
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	got, err := ts.Store.Connection(context.Background(), nl.ID, c.ID)
	if err != nil || got.Name != "dc-nl" {
		t.Fatalf("connection of the other project changed: %+v, %v", got, err)
	}
	// Unknown IDs and junk are 404 too, never 500.
	for _, id := range []string{"00000000-0000-0000-0000-000000000000", "x'; DROP TABLE connections; --", "%00"} {
		resp, _ := ts.Get("/dcaas/connections/" + url.PathEscape(id))
		handlertest.WantStatus(t, resp, http.StatusNotFound)
	}
	// Once the session switches to eu-nl it sees it.
	ts.UseProject("eu-nl")
	resp, _ := ts.Get("/dcaas/connections/" + c.ID)
	handlertest.WantStatus(t, resp, http.StatusOK)
}

func TestConnectionModifyAndDelete(t *testing.T) {
	ts := handlertest.New(t)
	ts.LoginAdmin()
	c, _, err := ts.Store.CreateConnection(context.Background(), ts.Project("eu-de"), store.ConnectionInput{Name: "dc-m", Location: "Magdeburg", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	resp, doc := ts.Post("/dcaas/connections/"+c.ID+"/modify", url.Values{"name": {"bad name"}, "bandwidth": {"x"}, "peer_location": {""}, "description": {""}})
	handlertest.WantStatus(t, resp, http.StatusUnprocessableEntity)
	if handlertest.FieldError(doc, "name") == "" || handlertest.FieldError(doc, "bandwidth") == "" {
		t.Fatal("modify errors not shown under name and bandwidth")
	}
	resp, _ = ts.Post("/dcaas/connections/"+c.ID+"/modify", url.Values{"name": {"dc-m2"}, "bandwidth": {"160"}, "peer_location": {"DC-2"}, "description": {"new"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	got, _ := ts.Store.Connection(context.Background(), c.ProjectID, c.ID)
	if got.Name != "dc-m2" || got.Bandwidth != 200 || got.PeerLocation != "DC-2" || got.Description != "new" || got.Location != "Magdeburg" {
		t.Fatalf("after modify: %+v", got)
	}
	_, doc = ts.Get("/dcaas/connections")
	if !strings.Contains(doc.Find("[role=status]").Text(), "dc-m2 has been modified") {
		t.Fatal("no success message after modify")
	}

	resp, doc = ts.Get("/dcaas/connections/" + c.ID + "/delete")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if !strings.Contains(doc.Find("h2").Text(), "Are you sure") {
		t.Fatal("no confirmation question")
	}
	resp, _ = ts.Post("/dcaas/connections/"+c.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	resp, _ = ts.Get("/dcaas/connections/" + c.ID)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	resp, _ = ts.Post("/dcaas/connections/"+c.ID+"/delete", nil)
	handlertest.WantStatus(t, resp, http.StatusNotFound)
}

func TestHealthzAndHeaders(t *testing.T) {
	ts := handlertest.New(t)
	resp, _ := ts.Get("/healthz")
	handlertest.WantStatus(t, resp, http.StatusOK)
	resp, _ = ts.Get("/login")
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Fatalf("CSP %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("no nosniff")
	}
	resp, _ = ts.Get("/no/such/page")
	handlertest.WantStatus(t, resp, http.StatusSeeOther) // to the login page
	ts.LoginAdmin()
	resp, doc := ts.Get("/no/such/page")
	handlertest.WantStatus(t, resp, http.StatusNotFound)
	if !strings.Contains(doc.Find("h1").Text(), "Not Found") {
		t.Fatalf("404 page heading %q", doc.Find("h1").Text())
	}
}

// TestHeadAndWrongMethods: HEAD answers like GET without a body; a known
// address with a method it does not take answers 405 with Allow.
func TestHeadAndWrongMethods(t *testing.T) {
	ts := handlertest.New(t).LoginAdmin()
	for path, want := range map[string]int{"/dcaas/connections": 200, "/healthz": 200, "/dcaas/nothing-here": 404} {
		req, _ := http.NewRequest(http.MethodHead, ts.URL+path, nil)
		resp, body := ts.Do(req)
		if resp.StatusCode != want || body != "" {
			t.Errorf("HEAD %s: %d with %d bytes, want %d and no body", path, resp.StatusCode, len(body), want)
		}
	}
	// A page carries its length (sent in one piece, not chunked), and HEAD
	// gives the same length.
	get, _ := http.NewRequest(http.MethodGet, ts.URL+"/dcaas/connections", nil)
	resp, body := ts.Do(get)
	if resp.ContentLength != int64(len(body)) || len(resp.TransferEncoding) != 0 {
		t.Errorf("GET: Content-Length %d for %d bytes, Transfer-Encoding %v", resp.ContentLength, len(body), resp.TransferEncoding)
	}
	head, _ := http.NewRequest(http.MethodHead, ts.URL+"/dcaas/connections", nil)
	if hr, _ := ts.Do(head); hr.ContentLength != resp.ContentLength {
		t.Errorf("HEAD: Content-Length %d, GET's %d", hr.ContentLength, resp.ContentLength)
	}

	req, _ := http.NewRequest(http.MethodPut, ts.URL+"/dcaas/connections", nil)
	req.Header.Set("X-CSRF-Token", ts.CSRF)
	resp, body = ts.Do(req)
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, POST, HEAD" || !strings.Contains(body, "does not accept that kind of request") {
		t.Errorf("PUT /dcaas/connections: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
