package apitest

import (
	"bytes"
	"context"
	"encoding/json"
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

	direct_connect "github.com/opentelekomcloud/gophertelekomcloud/openstack/dcaas/v2/direct-connect"

	"dcconsole/store"
)

const connections = "/v2.0/dcaas/direct-connects"

// Bad requests of every kind get a 4xx with the service's error body, and
// store nothing.
func TestAPIBadRequests(t *testing.T) {
	s := newServer(t)
	tok := s.projectToken("eu-de")
	good := `{"direct_connect":{"name":"dc-x","port_type":"1G","location":"Biere","bandwidth":50,"provider":"OTC"}}`
	cases := []struct {
		name, method, path, token, ctype, body string
		status                                 int
		code                                   string
	}{
		{"NoToken", "POST", connections, "", "application/json", good, 401, "APIGW.0301"},
		{"GarbageToken", "GET", connections, "garbage", "", "", 401, "APIGW.0301"},
		{"MalformedJSON", "POST", connections, tok, "application/json", `{"direct_connect":{"name":`, 400, "DC.0000"},
		{"NotAnObject", "POST", connections, tok, "application/json", `[1,2]`, 400, "DC.0000"},
		{"TrailingData", "POST", connections, tok, "application/json", good + `{}`, 400, "DC.0000"},
		{"EmptyBody", "POST", connections, tok, "application/json", ``, 400, "DC.0000"},
		{"MissingWrapper", "POST", connections, tok, "application/json", `{"name":"dc-x"}`, 400, "DC.0000"},
		{"WrapperNull", "POST", connections, tok, "application/json", `{"direct_connect":null}`, 400, "DC.0000"},
		{"WrapperNotObject", "POST", connections, tok, "application/json", `{"direct_connect":"dc-x"}`, 400, "DC.0000"},
		{"WrongWrapper", "POST", connections, tok, "application/json", `{"direct_connects":{}}`, 400, "DC.0000"},
		{"ExtraTopLevelKey", "POST", connections, tok, "application/json", `{"direct_connect":{},"x":1}`, 400, "DC.0001"},
		{"BandwidthString", "POST", connections, tok, "application/json", strings.Replace(good, `"bandwidth":50`, `"bandwidth":"abc"`, 1), 400, "DC.0001"},
		{"BandwidthFloat", "POST", connections, tok, "application/json", strings.Replace(good, `"bandwidth":50`, `"bandwidth":50.5`, 1), 400, "DC.0001"},
		{"BandwidthHuge", "POST", connections, tok, "application/json", strings.Replace(good, `"bandwidth":50`, `"bandwidth":1e300`, 1), 400, "DC.0001"},
		{"NameNumber", "POST", connections, tok, "application/json", strings.Replace(good, `"name":"dc-x"`, `"name":5`, 1), 400, "DC.0001"},
		{"AdminStateString", "POST", connections, tok, "application/json", strings.Replace(good, `"provider":"OTC"`, `"provider":"OTC","admin_state_up":"yes"`, 1), 400, "DC.0001"},
		{"UnknownField", "POST", connections, tok, "application/json", strings.Replace(good, `"provider":"OTC"`, `"provider":"OTC","colour":"red"`, 1), 400, "DC.0001"},
		{"MissingRequired", "POST", connections, tok, "application/json", `{"direct_connect":{"name":"dc-x","location":"Biere"}}`, 400, "DC.0001"},
		{"HostedType", "POST", connections, tok, "application/json", strings.Replace(good, `"provider":"OTC"`, `"provider":"OTC","type":"hosted"`, 1), 400, "DC.0001"},
		{"OtherTenant", "POST", connections, tok, "application/json", strings.Replace(good, `"provider":"OTC"`, `"provider":"OTC","tenant_id":"0123456789abcdef0123456789abcdef"`, 1), 400, "DC.0001"},
		{"BadPortType", "POST", connections, tok, "application/json", strings.Replace(good, `"1G"`, `"2G"`, 1), 400, "DC.0001"},
		{"WrongContentType", "POST", connections, tok, "text/plain", good, 415, "DC.0000"},
		{"FormContentType", "POST", connections, tok, "application/x-www-form-urlencoded", "name=x", 415, "DC.0000"},
		{"HugeBody", "POST", connections, tok, "application/json", `{"direct_connect":{"description":"` + strings.Repeat("a", 2<<20) + `"}}`, 413, "DC.0000"},
		{"MethodNotAllowed", "PATCH", connections, tok, "application/json", good, 405, "DC.0001"},
		{"MethodNotAllowedOnItem", "POST", connections + "/some-id", tok, "application/json", good, 405, "DC.0001"},
		{"UnknownPath", "GET", "/v2.0/dcaas/nothing-here", tok, "", "", 404, "APIGW.0101"},
		{"UnknownPathNoToken", "POST", "/v2.0/whatever", "", "", "", 404, "APIGW.0101"},
		{"UnknownID", "GET", connections + "/00000000-0000-0000-0000-000000000000", tok, "", "", 404, "DC.0002"},
		{"DeleteUnknownID", "DELETE", connections + "/nope", tok, "", "", 404, "DC.0002"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body *strings.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			var r response
			if body != nil {
				r = s.do(tc.method, tc.path, tc.token, tc.ctype, body)
			} else {
				r = s.do(tc.method, tc.path, tc.token, tc.ctype, nil)
			}
			wantServiceError(t, r, tc.status, tc.code)
		})
	}
	// A huge body without Content-Length (chunked) is cut off while read.
	huge := io.MultiReader(strings.NewReader(`{"direct_connect":{"description":"`), strings.NewReader(strings.Repeat("a", 2<<20)), strings.NewReader(`"}}`))
	wantServiceError(t, s.do("POST", connections, tok, "application/json", huge), 413, "DC.0000")

	if used, _, _ := s.Store.ConnectionQuota(context.Background(), s.project("eu-de").ID); used != 0 {
		t.Fatalf("%d connections stored by bad requests", used)
	}
	r := s.do("POST", connections, tok, "application/json; charset=utf-8", strings.NewReader(good))
	if r.Status != http.StatusCreated {
		t.Fatalf("good request after the bad ones: %d %s", r.Status, r.Body)
	}
}

// The API never takes the console's session cookie, and console routes
// never answer API paths with HTML.
func TestAPIIgnoresSessionCookie(t *testing.T) {
	s := newServer(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(s.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(buf.String())
	if m == nil {
		t.Fatal("no CSRF token")
	}
	resp, err = c.PostForm(s.URL+"/login", url.Values{"_csrf": {m[1]}, "username": {"admin"}, "password": {adminPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, method := range []string{"GET", "POST"} {
		req, _ := http.NewRequest(method, s.URL+connections, strings.NewReader(`{"direct_connect":{}}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		buf.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(buf.String(), "APIGW.0301") {
			t.Fatalf("%s with a session cookie only: %d %s, want 401", method, resp.StatusCode, buf.String())
		}
		if len(resp.Header.Values("Set-Cookie")) > 0 {
			t.Fatalf("%s: an API answer set a cookie", method)
		}
	}
}

// keystoneTokenBody is the part of a token body the tests look at.
type keystoneTokenBody struct {
	Token struct {
		ExpiresAt string   `json:"expires_at"`
		IssuedAt  string   `json:"issued_at"`
		Methods   []string `json:"methods"`
		Project   *struct {
			ID, Name string
			Domain   struct{ ID, Name string }
		} `json:"project"`
		Domain *struct{ ID, Name string } `json:"domain"`
		User   struct {
			ID, Name string
			Domain   struct{ ID, Name string }
		} `json:"user"`
		Roles   []struct{ ID, Name string } `json:"roles"`
		Catalog []struct {
			Type, Name string
			Endpoints  []struct {
				Interface string
				Region    string
				RegionID  string `json:"region_id"`
				URL       string
			}
		} `json:"catalog"`
	} `json:"token"`
}

func (k keystoneTokenBody) endpoint(typ string) (region, url string) {
	for _, e := range k.Token.Catalog {
		if e.Type == typ && len(e.Endpoints) > 0 {
			return e.Endpoints[0].Region, e.Endpoints[0].URL
		}
	}
	return "", ""
}

// The identity subset: token scopes, the body shape, token checks, project
// list, and 401s in Keystone's shape.
func TestIdentity(t *testing.T) {
	s := newServer(t)
	user := `{"name":"admin","password":"` + adminPassword + `","domain":{"name":"` + domainName + `"}}`
	auth := func(scope string) string {
		b := `{"auth":{"identity":{"methods":["password"],"password":{"user":` + user + `}}`
		if scope != "" {
			b += `,"scope":` + scope
		}
		return b + `}}`
	}
	decode := func(t *testing.T, r response) keystoneTokenBody {
		t.Helper()
		var k keystoneTokenBody
		if err := json.Unmarshal(r.Body, &k); err != nil {
			t.Fatalf("token body %s: %v", r.Body, err)
		}
		return k
	}
	nl := s.project("eu-nl")

	t.Run("ProjectByName", func(t *testing.T) {
		tok, r := s.token(auth(`{"project":{"name":"eu-de","domain":{"name":"` + domainName + `"}}}`))
		if r.Status != http.StatusCreated || len(tok) < 32 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		k := decode(t, r)
		if k.Token.Project == nil || k.Token.Project.Name != "eu-de" || k.Token.User.Name != "admin" || len(k.Token.Methods) != 1 ||
			k.Token.ExpiresAt <= k.Token.IssuedAt || len(k.Token.Roles) == 0 {
			t.Fatalf("token %s", r.Body)
		}
		if region, u := k.endpoint("dcaas"); region != "eu-de" || u != s.URL+"/v2.0/" {
			t.Fatalf("dcaas endpoint %s %s", region, u)
		}
		if _, u := k.endpoint("vpc"); u != s.URL+"/v1/"+k.Token.Project.ID+"/" {
			t.Fatalf("vpc endpoint %s", u)
		}
	})
	t.Run("ProjectByID", func(t *testing.T) {
		_, r := s.token(auth(`{"project":{"id":"` + nl.ID + `"}}`))
		k := decode(t, r)
		if r.Status != http.StatusCreated || k.Token.Project == nil || k.Token.Project.Name != "eu-nl" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if region, _ := k.endpoint("dcaas"); region != "eu-nl" {
			t.Fatalf("dcaas region %s, want eu-nl", region)
		}
	})
	t.Run("DomainScope", func(t *testing.T) {
		tok, r := s.token(auth(`{"domain":{"name":"` + domainName + `"}}`))
		k := decode(t, r)
		if r.Status != http.StatusCreated || k.Token.Domain == nil || k.Token.Project != nil {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		// A domain token lists projects but cannot use Direct Connect.
		pr := s.do("GET", "/v3/projects?domain_id="+k.Token.Domain.ID+"&name=eu-nl", tok, "", nil)
		var list struct {
			Projects []struct{ ID, Name, DomainID string } `json:"projects"`
			Links    struct{ Next *string }                `json:"links"`
		}
		if err := json.Unmarshal(pr.Body, &list); err != nil || pr.Status != 200 || len(list.Projects) != 1 || list.Projects[0].ID != nl.ID || list.Links.Next != nil {
			t.Fatalf("projects: %d %s", pr.Status, pr.Body)
		}
		if pr := s.do("GET", "/v3/projects?domain_id=0123&name=eu-nl", tok, "", nil); !strings.Contains(string(pr.Body), `"projects":[]`) {
			t.Fatalf("projects of another domain: %s", pr.Body)
		}
		wantServiceError(t, s.do("GET", connections, tok, "", nil), http.StatusForbidden, "DC.0001")
	})
	t.Run("Unscoped", func(t *testing.T) {
		_, r := s.token(auth(""))
		k := decode(t, r)
		if r.Status != http.StatusCreated || k.Token.Project != nil || k.Token.Catalog != nil {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("ShowAndRevoke", func(t *testing.T) {
		caller := s.projectToken("eu-de")
		subject := s.projectToken("eu-nl")
		req, _ := http.NewRequest("GET", s.URL+"/v3/auth/tokens", nil)
		req.Header.Set("X-Auth-Token", caller)
		req.Header.Set("X-Subject-Token", subject)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("show token: %d", resp.StatusCode)
		}
		req, _ = http.NewRequest("DELETE", s.URL+"/v3/auth/tokens", nil)
		req.Header.Set("X-Auth-Token", caller)
		req.Header.Set("X-Subject-Token", subject)
		if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != 204 {
			t.Fatalf("revoke: %v %v", resp, err)
		}
		resp.Body.Close()
		wantServiceError(t, s.do("GET", connections, subject, "", nil), http.StatusUnauthorized, "APIGW.0301")
	})

	unauthorized := `{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}`
	for name, body := range map[string]string{
		"WrongPassword":    strings.Replace(auth(""), adminPassword, "wrong", 1),
		"UnknownUser":      strings.Replace(auth(""), `"name":"admin"`, `"name":"nobody"`, 1),
		"UnknownProject":   auth(`{"project":{"name":"eu-de_nobody","domain":{"name":"x"}}}`),
		"UnknownProjectID": auth(`{"project":{"id":"0123456789abcdef0123456789abcdef"}}`),
		"OtherDomainID":    auth(`{"domain":{"id":"0123456789abcdef0123456789abcdef"}}`),
		"TokenMethod":      `{"auth":{"identity":{"methods":["token"],"token":{"id":"x"}}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			tok, r := s.token(body)
			if r.Status != http.StatusUnauthorized || strings.TrimSpace(string(r.Body)) != unauthorized || tok != "" {
				t.Fatalf("%d %s %q", r.Status, r.Body, tok)
			}
		})
	}
	t.Run("UngrantedProject", func(t *testing.T) {
		ctx := context.Background()
		if _, err := s.Store.CreateUser(ctx, "trainee", "trainee-password", false); err != nil {
			t.Fatal(err)
		}
		body := strings.NewReplacer(`"name":"admin"`, `"name":"trainee"`, adminPassword, "trainee-password").Replace(auth(`{"project":{"id":"` + nl.ID + `"}}`))
		if _, r := s.token(body); r.Status != http.StatusUnauthorized {
			t.Fatalf("trainee scoped to eu-nl: %d %s", r.Status, r.Body)
		}
	})
	for name, body := range map[string]string{
		"Malformed":  `{"auth":`,
		"NoAuth":     `{}`,
		"NoIdentity": `{"auth":{}}`,
		"BadScope":   auth(`{"project":{}}`),
	} {
		t.Run(name, func(t *testing.T) {
			_, r := s.token(body)
			var e struct {
				Error struct {
					Code           int
					Message, Title string
				}
			}
			if json.Unmarshal(r.Body, &e) != nil || r.Status != 400 || e.Error.Code != 400 || e.Error.Title != "Bad Request" {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("ProjectsNeedToken", func(t *testing.T) {
		r := s.do("GET", "/v3/projects", "", "", nil)
		if r.Status != 401 || strings.TrimSpace(string(r.Body)) != unauthorized {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

// List filters and field selection, Neutron-style.
func TestAPIListFiltersAndFields(t *testing.T) {
	s := newServer(t)
	client := s.dcaas("eu-de")
	tok := s.projectToken("eu-de")
	var ids []string
	for _, loc := range []string{"Biere", "Magdeburg", "Biere"} {
		c, err := direct_connect.Create(client, direct_connect.CreateOpts{Name: "dc-" + strings.ToLower(loc), PortType: "1G", Location: loc, Bandwidth: 10, Provider: "OTC"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	list := func(query string) []map[string]any {
		t.Helper()
		r := s.do("GET", connections+query, tok, "", nil)
		var out struct {
			DirectConnects []map[string]any `json:"direct_connects"`
		}
		if r.Status != 200 || json.Unmarshal(r.Body, &out) != nil || out.DirectConnects == nil {
			t.Fatalf("list %s: %d %s", query, r.Status, r.Body)
		}
		return out.DirectConnects
	}
	if n := len(list("?id=")); n != 3 {
		t.Fatalf("?id= gave %d, want all 3", n)
	}
	if got := list("?location=Biere"); len(got) != 2 {
		t.Fatalf("?location=Biere gave %d, want 2", len(got))
	}
	if got := list("?id=" + ids[0] + "&id=" + ids[1]); len(got) != 2 {
		t.Fatalf("two ids gave %d", len(got))
	}
	if got := list("?name=nothing"); len(got) != 0 {
		t.Fatalf("?name=nothing gave %d", len(got))
	}
	got := list("?fields=id&fields=name,bandwidth&location=Magdeburg")
	if len(got) != 1 || len(got[0]) != 3 || got[0]["id"] != ids[1] || got[0]["bandwidth"] != float64(10) {
		t.Fatalf("fields: %v", got)
	}
	full := list("?id=" + ids[2])[0]
	for _, k := range []string{"device_id", "vlan", "hosting_id", "region_id", "lag_id", "period_num"} {
		if v, ok := full[k]; !ok || v != nil {
			t.Fatalf("%s = %v (present %v), want null", k, v, ok)
		}
	}
}

// Update accepts only the updatable attributes.
func TestAPIUpdateOnlyUpdatable(t *testing.T) {
	s := newServer(t)
	tok := s.projectToken("eu-de")
	r := s.do("POST", connections, tok, "application/json", strings.NewReader(`{"direct_connect":{"port_type":"1G","location":"Biere","bandwidth":50,"provider":"OTC"}}`))
	var created struct {
		DirectConnect struct{ ID, Name string } `json:"direct_connect"`
	}
	if r.Status != 201 || json.Unmarshal(r.Body, &created) != nil || !strings.HasPrefix(created.DirectConnect.Name, "dc-") {
		t.Fatalf("create without a name: %d %s", r.Status, r.Body)
	}
	path := connections + "/" + created.DirectConnect.ID
	e := wantServiceError(t, s.do("PUT", path, tok, "application/json", strings.NewReader(`{"direct_connect":{"location":"Magdeburg"}}`)), 400, "DC.0001")
	if !strings.Contains(e.Message, "location") {
		t.Fatalf("message %q does not name the field", e.Message)
	}
	r = s.do("PUT", path, tok, "application/json", strings.NewReader(`{"direct_connect":{"name":"dc-renamed","description":null}}`))
	if r.Status != 200 || !strings.Contains(string(r.Body), `"name":"dc-renamed"`) {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	if r := s.do("DELETE", path, tok, "", nil); r.Status != 204 || len(r.Body) != 0 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	wantServiceError(t, s.do("GET", path, tok, "", nil), 404, "DC.0002")
}

// A connection that virtual interfaces use can be neither deleted (DC.1007)
// nor shrunk below their bandwidth (DC.1010).
func TestSDKConnectionInUse(t *testing.T) {
	s := newServer(t)
	client := s.dcaas("eu-de")
	ctx := context.Background()
	p := s.project("eu-de")
	conn, err := direct_connect.Create(client, direct_connect.CreateOpts{Name: "dc-used", PortType: "1G", Location: "Biere", Bandwidth: 100, Provider: "OTC"})
	if err != nil {
		t.Fatal(err)
	}
	vpcs, err := s.Store.VPCs(ctx, p.ID)
	if err != nil || len(vpcs) == 0 {
		t.Fatalf("vpcs %v, %v", vpcs, err)
	}
	gw, _, err := s.Store.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-1", VPCID: vpcs[0].ID, CIDRs: "192.168.1.0/24"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Store.CreateInterface(ctx, p, store.InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw.ID,
		Bandwidth: 60, RemoteSubnets: "10.1.0.0/24"}, ""); err != nil {
		t.Fatal(err)
	}
	err = direct_connect.Delete(client, conn.ID)
	if status, e := sdkError(t, err); status != 400 || e.Code != "DC.1007" {
		t.Fatalf("delete in use: %d %+v, want 400 DC.1007", status, e)
	}
	err = direct_connect.Update(client, conn.ID, direct_connect.UpdateOpts{Bandwidth: 50})
	if status, e := sdkError(t, err); status != 400 || e.Code != "DC.1010" {
		t.Fatalf("shrink below interfaces: %d %+v, want 400 DC.1010", status, e)
	}
	if got, err := direct_connect.Get(client, conn.ID); err != nil || got.Bandwidth != 100 {
		t.Fatalf("after refusals: %+v, %v", got, err)
	}
}

// TestAPIListFollowsChanges: the API's list of connections is kept between
// calls (handlers/web/fragcache.go); every change, through the API or the
// console's store or by the provisioning worker, shows in the next call, and
// projects, queries and ?pretty stay apart.
func TestAPIListFollowsChanges(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	tok := s.projectToken("eu-de")
	names := func(query string) []string {
		t.Helper()
		r := s.do("GET", connections+query, tok, "", nil)
		var out struct {
			DirectConnects []struct {
				Name      string `json:"name"`
				Bandwidth int    `json:"bandwidth"`
				Status    string `json:"status"`
			} `json:"direct_connects"`
		}
		if r.Status != 200 || json.Unmarshal(r.Body, &out) != nil {
			t.Fatalf("list %s: %d %s", query, r.Status, r.Body)
		}
		var got []string
		for _, c := range out.DirectConnects {
			got = append(got, fmt.Sprintf("%s/%d/%s", c.Name, c.Bandwidth, c.Status))
		}
		return got
	}
	want := func(query string, w ...string) {
		t.Helper()
		for range 2 { // the second call is answered from the kept list
			if got := names(query); !slices.Equal(got, w) {
				t.Fatalf("list %s = %v, want %v", query, got, w)
			}
		}
	}
	want("")

	p := s.project("eu-de")
	s.Store.SetProvisionDelay(time.Hour)
	c, _, err := s.Store.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-a", Location: "Biere", Bandwidth: 100}, "")
	if err != nil {
		t.Fatal(err)
	}
	want("", "dc-a/100/BUILD")
	s.Store.SetClock(func() time.Time { return time.Now().Add(2 * time.Hour) })
	if _, err := s.Store.PromoteProvisioned(ctx); err != nil {
		t.Fatal(err)
	}
	s.Store.SetClock(time.Now)
	want("", "dc-a/100/ACTIVE")

	r := s.do("PUT", connections+"/"+c.ID, tok, "application/json", strings.NewReader(`{"direct_connect": {"bandwidth": 200}}`))
	if r.Status != 200 {
		t.Fatalf("PUT: %d %s", r.Status, r.Body)
	}
	want("", "dc-a/200/ACTIVE")
	want("?name=dc-b")
	want("?id="+c.ID, "dc-a/200/ACTIVE")

	// Another project's list is its own.
	other := s.projectToken("eu-nl")
	if r := s.do("GET", connections, other, "", nil); r.Status != 200 || strings.Contains(string(r.Body), "dc-a") {
		t.Fatalf("eu-nl's list: %d %s", r.Status, r.Body)
	}
	// ?pretty is indented, the plain list is not.
	if plain, pretty := s.do("GET", connections, tok, "", nil), s.do("GET", connections+"?pretty", tok, "", nil); strings.Contains(string(plain.Body), "\n  ") || !strings.Contains(string(pretty.Body), "\n  ") {
		t.Fatalf("plain %q / pretty %q", plain.Body[:40], pretty.Body[:40])
	}

	if r := s.do("DELETE", connections+"/"+c.ID, tok, "", nil); r.Status != 204 {
		t.Fatalf("DELETE: %d %s", r.Status, r.Body)
	}
	want("")
	want("?id=" + c.ID)
}
