package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dcconsole/handlers"
	"dcconsole/handlers/handlertest"
)

// badCase is one malformed or hostile request and what the console must
// answer: the status and a part of the message. Every case must also leave
// the database as it was and never answer 5xx.
type badCase struct {
	name   string
	method string
	path   string
	form   url.Values // console form (the session's CSRF token is added)
	body   string     // raw body instead of form
	ctype  string     // Content-Type for body
	api    bool       // API request with the admin's token
	status int
	msg    string
	allow  string // the Allow header a 405 must carry
}

const (
	nameMsg = "The name can contain 1 to 64 characters"
	descMsg = "The description"
)

var (
	mega      = strings.Repeat("x", 990_000)   // a field of almost 1 MB: under the body limit (1M = 1,000,000 bytes) with the other fields
	overLimit = strings.Repeat("y", 1_000_001) // over it
	badNames  = []string{strings.Repeat("n", 65), mega, "dc\x00", "\xff\xfe", "<script>alert(1)</script>", "'; DROP TABLE connections;--", "dc-ü", "dc 1", "dc\r\nSet-Cookie: a=b", "＜script＞", "dc\u202e", `dc"onmouseover="alert(1)`, "dc&amp;"}
	badDescs  = []string{strings.Repeat("d", 129), mega, "<b>bold</b>", "a\x00b", "\xff", "\x1b[31mred", "rtl\u202eevil", "nel\u0085", "a > b"}
	badPeers  = []string{strings.Repeat("p", 65), "<x>", "a b", "p\x00", "p'--"}
	badConnBW = []string{"-1", "0", "1.5", "abc", "99999999999999999999", "1e3", "0x10", "１００", "100abc", "", "+-5"}
	badVifBW  = []string{"-5", "1", "abc", "1.5", "9999999999", "1e3", "0", "99999"}
	badCIDRs  = []string{"", "1.2.3.4/33", "2001:db8::/32", "192.168.001.0/24", "1.2.3.4/24", strings.TrimSuffix(cidrItems(51), ","), "10.0.0.0/8,10.0.0.0/8", "10.0.0.0/8 10.1.0.0/16", "1.2.3.4", "<script>", "10.0.0.0/8\x00", strings.Repeat("1", 9000), ",,,", "10.0.0.0/-1", "::ffff:10.0.0.0/104"}
	// For a subnet of VPC-001 (192.168.0.0/16, which holds subnet-001 192.168.0.0/24).
	badSubnetCIDR = []string{"", "8.8.8.0/24", "10.0.0.0/24", "192.168.0.0/24", "192.168.0.128/25", "192.168.0.0/20", "192.168.77.0/30", "192.168.77.1/24", "::/0", "<script>", "192.168.77.0/24,10.0.0.0/8", "192.168.77.0/24\x00"}
	badGateways   = []string{"192.168.78.1", "192.168.77.0", "192.168.77.255", "x", "<script>", "192.168.77.1\x00", "::1", strings.Repeat("1", 300)}
	badVPCCIDR    = []string{"0.0.0.0/0", "8.8.8.0/24", "10.0.0.0/7", "10.0.0.0/29", "::/0", "10.0.0.1/8", "010.0.0.0/8", "10.0.0.0/8,10.1.0.0/16", "", "10.0.0.0"}
)

func cidrItems(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "10.%d.0.0/16,", i)
	}
	return b.String()
}

func with(base url.Values, key, value string) url.Values {
	f := url.Values{}
	for k, v := range base {
		f[k] = append([]string(nil), v...)
	}
	f.Set(key, value)
	return f
}

func without(base url.Values, key string) url.Values {
	f := with(base, key, "")
	f.Del(key)
	return f
}

func TestBadInputCatalogue(t *testing.T) {
	t.Parallel()
	w := newSecWorld(t, handlers.Config{})
	w.LoginAdmin()
	a, b := w.ids[w.A.ID], w.ids[w.B.ID]
	token := strings.Repeat("T", 26)

	forms := []struct {
		path   string
		base   url.Values
		fields map[string][]string // field -> bad values
		msgs   map[string]string   // field -> expected message part
	}{
		{"/dcaas/connections", url.Values{"name": {"dc-new"}, "location": {"Biere"}, "peer_location": {""}, "bandwidth": {"100"}, "description": {""}, "token": {token}},
			map[string][]string{"name": badNames, "description": badDescs, "peer_location": badPeers, "bandwidth": badConnBW, "location": {"", "Mars", "biere", "Biere\x00", "Amsterdam-Aalsmeer"}},
			map[string]string{"name": nameMsg, "description": descMsg, "peer_location": "peering position", "bandwidth": "bandwidth", "location": "location"}},
		{"/dcaas/connections/confirm", url.Values{"name": {"dc-new"}, "location": {"Biere"}, "bandwidth": {"100"}},
			map[string][]string{"name": badNames[:4], "bandwidth": badConnBW[:4]},
			map[string]string{"name": nameMsg, "bandwidth": "bandwidth"}},
		{"/dcaas/connections/" + a["connection"] + "/modify", url.Values{"name": {"dc-a"}, "peer_location": {""}, "bandwidth": {"100"}, "description": {""}},
			map[string][]string{"name": badNames, "description": badDescs, "peer_location": badPeers[:3], "bandwidth": badConnBW},
			map[string]string{"name": nameMsg, "description": descMsg, "peer_location": "peering position", "bandwidth": "bandwidth"}},
		{"/vpc/vpcs", url.Values{"name": {"vpc-new"}, "cidr": {"10.30.0.0/16"}, "token": {token}},
			map[string][]string{"name": badNames[:6], "cidr": badVPCCIDR},
			map[string]string{"name": nameMsg, "cidr": ""}},
		{"/vpc/subnets", url.Values{"name": {"subnet-new"}, "vpc_id": {a["vpc"]}, "cidr": {"192.168.77.0/24"}, "gateway_ip": {""}, "token": {token}},
			map[string][]string{"name": badNames[:8], "cidr": badSubnetCIDR, "gateway_ip": badGateways, "vpc_id": {"", "nope", b["vpc"], "' OR 1=1 --"}},
			map[string]string{"name": nameMsg, "cidr": "", "gateway_ip": "", "vpc_id": ""}},
		{"/dcaas/virtual-gateways", url.Values{"name": {"vgw-new"}, "vpc_id": {w.freeVPCA}, "cidrs": {"10.20.1.0/24"}, "description": {""}, "token": {token}},
			map[string][]string{"name": badNames[:8], "description": badDescs[:5], "cidrs": badCIDRs, "vpc_id": {"", "nope", b["vpc"], a["vpc"], "' OR 1=1 --"}},
			map[string]string{"name": nameMsg, "description": descMsg, "cidrs": "", "vpc_id": ""}},
		{"/dcaas/virtual-gateways/" + a["gateway"] + "/modify", url.Values{"name": {"vgw-a"}, "cidrs": {"192.168.0.0/24"}, "description": {""}},
			map[string][]string{"name": badNames[:6], "description": badDescs[:5], "cidrs": badCIDRs[:10]},
			map[string]string{"name": nameMsg, "description": descMsg, "cidrs": ""}},
		{"/dcaas/virtual-interfaces", url.Values{"name": {"vif-new"}, "connection": {a["connection"]}, "gateway": {a["gateway"]}, "bandwidth": {"10"}, "remote_subnets": {"172.17.0.0/24"}, "description": {""}, "token": {token}},
			map[string][]string{"name": badNames[:8], "description": badDescs[:5], "bandwidth": badVifBW, "remote_subnets": badCIDRs[:12], "connection": {"", "nope", b["connection"]}, "gateway": {"", "nope", b["gateway"]}},
			map[string]string{"name": nameMsg, "description": descMsg, "bandwidth": "bandwidth", "remote_subnets": "", "connection": "", "gateway": ""}},
		{"/dcaas/virtual-interfaces/" + a["interface"] + "/modify", url.Values{"name": {"vif-a"}, "bandwidth": {"50"}, "remote_subnets": {"172.16.0.0/24"}, "description": {""}},
			map[string][]string{"name": badNames[:6], "description": badDescs[:5], "bandwidth": append(badVifBW, ""), "remote_subnets": badCIDRs[:8]},
			map[string]string{"name": nameMsg, "description": descMsg, "bandwidth": "andwidth", "remote_subnets": ""}},
		{"/admin/users", url.Values{"name": {"trainee-new"}, "password": {"a-good-password"}, "region": {"eu-de"}},
			map[string][]string{"name": badNames[:8], "password": {"short", strings.Repeat("p", 73)}, "region": {"", "mars", "eu-de\x00"}},
			map[string]string{"name": nameMsg, "password": "8 to 72", "region": ""}},
	}

	var cases []badCase
	for _, f := range forms {
		for field, values := range f.fields {
			for i, v := range values {
				cases = append(cases, badCase{name: fmt.Sprintf("%s %s #%d", f.path, field, i), method: http.MethodPost, path: f.path,
					form: with(f.base, field, v), status: http.StatusUnprocessableEntity, msg: f.msgs[field]})
			}
		}
		for field := range f.fields {
			if field == "description" || field == "peer_location" || field == "gateway_ip" || (field == "bandwidth" && strings.Contains(f.path, "virtual-interfaces") && !strings.HasSuffix(f.path, "modify")) || field == "password" {
				continue // optional fields
			}
			cases = append(cases, badCase{name: f.path + " missing " + field, method: http.MethodPost, path: f.path,
				form: without(f.base, field), status: http.StatusUnprocessableEntity})
		}
		// The same field twice: refused whichever value comes first.
		dup := with(f.base, "name", "ok-name")
		dup["name"] = append(dup["name"], "<script>")
		cases = append(cases,
			badCase{name: f.path + " duplicated field", method: http.MethodPost, path: f.path, form: dup, status: http.StatusBadRequest, msg: "more than once"},
			badCase{name: f.path + " JSON body", method: http.MethodPost, path: f.path, body: `{"name":"x"}`, ctype: "application/json", status: http.StatusUnsupportedMediaType, msg: "forms only"},
			badCase{name: f.path + " text body", method: http.MethodPost, path: f.path, body: "name=x", ctype: "text/plain", status: http.StatusUnsupportedMediaType, msg: "forms only"},
			badCase{name: f.path + " multipart body", method: http.MethodPost, path: f.path, body: "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--b--\r\n", ctype: "multipart/form-data; boundary=b", status: http.StatusUnsupportedMediaType},
			badCase{name: f.path + " over the body limit", method: http.MethodPost, path: f.path, form: with(f.base, "description", overLimit), status: http.StatusRequestEntityTooLarge, msg: "too large"},
			badCase{name: f.path + " bad percent-encoding", method: http.MethodPost, path: f.path, body: "name=%zz&x=%", ctype: "application/x-www-form-urlencoded", status: http.StatusBadRequest, msg: "could not be read"},
		)
	}

	// Other projects' IDs, IDs that do not exist, wrong methods.
	badIDs := []string{b["connection"], b["gateway"], b["interface"], b["vpc"], b["subnet"], "nope", "..%2f..%2fetc", "%00", strings.Repeat("9", 1000), "'%20OR%201=1--"}
	for _, route := range []string{"/dcaas/connections/%s/modify", "/dcaas/connections/%s/delete", "/dcaas/connections/%s/fail", "/dcaas/connections/%s/restore",
		"/dcaas/virtual-gateways/%s/modify", "/dcaas/virtual-gateways/%s/delete", "/dcaas/virtual-interfaces/%s/modify", "/dcaas/virtual-interfaces/%s/delete",
		"/vpc/vpcs/%s/delete", "/vpc/subnets/%s/delete"} {
		for _, id := range badIDs {
			cases = append(cases, badCase{name: "id " + fmt.Sprintf(route, id[:min(len(id), 12)]), method: http.MethodPost, path: fmt.Sprintf(route, id),
				form: url.Values{"name": {"x-1"}, "bandwidth": {"100"}, "cidrs": {"10.0.0.0/8"}, "remote_subnets": {"10.0.0.0/8"}}, status: http.StatusNotFound})
		}
		// A known path with a method it does not take: 405 with Allow.
		allow := "POST"
		if strings.HasSuffix(route, "/modify") || strings.HasSuffix(route, "/delete") {
			allow = "GET, POST, HEAD"
		}
		for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
			cases = append(cases, badCase{name: m + " " + route, method: m, path: fmt.Sprintf(route, a["connection"]), status: http.StatusMethodNotAllowed, msg: "does not accept", allow: allow})
		}
	}
	cases = append(cases,
		badCase{name: "GET on a POST-only route", method: http.MethodGet, path: "/dcaas/connections/" + a["connection"] + "/fail", status: http.StatusMethodNotAllowed, allow: "POST"},
		badCase{name: "GET of confirm is a connection ID", method: http.MethodGet, path: "/dcaas/connections/confirm", status: http.StatusNotFound},
		badCase{name: "GET logout", method: http.MethodGet, path: "/logout", status: http.StatusMethodNotAllowed, allow: "POST"},
		badCase{name: "DELETE on a list", method: http.MethodDelete, path: "/dcaas/connections", status: http.StatusMethodNotAllowed, allow: "GET, POST, HEAD"},
		badCase{name: "no such page", method: http.MethodGet, path: "/dcaas/nothing-here", status: http.StatusNotFound, msg: "does not exist"},
		badCase{name: "no such page, posted", method: http.MethodPost, path: "/dcaas/connections/x/nothing", form: url.Values{}, status: http.StatusNotFound, msg: "does not exist"},
		badCase{name: "switch to no such project", method: http.MethodPost, path: "/console/project", form: url.Values{"project": {"0123456789abcdef0123456789abcdef"}}, status: http.StatusNotFound},
		badCase{name: "switch to no project", method: http.MethodPost, path: "/console/project", form: url.Values{"project": {"' OR 1=1--"}}, status: http.StatusNotFound},
		badCase{name: "grant no project", method: http.MethodPost, path: "/admin/users/2/grant", form: url.Values{"project": {"nope"}}, status: http.StatusNotFound},
		badCase{name: "grant to no user", method: http.MethodPost, path: "/admin/users/999/grant", form: url.Values{"project": {w.A.ID}}, status: http.StatusNotFound},
		badCase{name: "disable user abc", method: http.MethodPost, path: "/admin/users/abc/disable", status: http.StatusNotFound},
		badCase{name: "disable user -1", method: http.MethodPost, path: "/admin/users/-1/disable", status: http.StatusNotFound},
		badCase{name: "disable the last admin", method: http.MethodPost, path: "/admin/users/1/disable", status: http.StatusSeeOther},
		badCase{name: "reset no project", method: http.MethodPost, path: "/admin/projects/nope/reset", status: http.StatusNotFound},
	)

	// The API, with the admin's token for project A.
	admin, err := w.Store.User(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	tok := w.APIToken(admin, w.A)
	conn := func(fields string) string { return `{"direct_connect":{` + fields + `}}` }
	valid := `"port_type":"1G","bandwidth":100,"location":"Biere","provider":"OTC"`
	apiBodies := map[string]string{
		"empty":              ``,
		"not JSON":           `name=x`,
		"array":              `[]`,
		"null":               `null`,
		"no wrapper":         `{"name":"x"}`,
		"wrapper null":       `{"direct_connect":null}`,
		"wrapper string":     `{"direct_connect":"x"}`,
		"extra top key":      `{"direct_connect":{},"x":1}`,
		"trailing data":      conn(valid) + `{}`,
		"unknown field":      conn(valid + `,"hack":1`),
		"bandwidth string":   conn(`"port_type":"1G","bandwidth":"abc","location":"Biere","provider":"OTC"`),
		"bandwidth float":    conn(`"port_type":"1G","bandwidth":1.5,"location":"Biere","provider":"OTC"`),
		"bandwidth negative": conn(`"port_type":"1G","bandwidth":-1,"location":"Biere","provider":"OTC"`),
		"bandwidth huge":     conn(`"port_type":"1G","bandwidth":99999999999,"location":"Biere","provider":"OTC"`),
		"bandwidth over":     conn(`"port_type":"100G","bandwidth":20001,"location":"Biere","provider":"OTC"`),
		"missing bandwidth":  conn(`"port_type":"1G","location":"Biere","provider":"OTC"`),
		"missing location":   conn(`"port_type":"1G","bandwidth":100,"provider":"OTC"`),
		"other location":     conn(`"port_type":"1G","bandwidth":100,"location":"Amsterdam-Aalsmeer","provider":"OTC"`),
		"bad port type":      conn(`"port_type":"1T","bandwidth":100,"location":"Biere","provider":"OTC"`),
		"script name":        conn(valid + `,"name":"<script>alert(1)</script>"`),
		"long name":          conn(valid + `,"name":"` + strings.Repeat("n", 65) + `"`),
		"NUL name":           conn(valid + `,"name":"dc\u0000"`),
		"invalid UTF-8 desc": conn(valid + ",\"description\":\"\xff\xfe\""),
		"angle desc":         conn(valid + `,"description":"<img src=x onerror=alert(1)>"`),
		"long desc":          conn(valid + `,"description":"` + strings.Repeat("d", 129) + `"`),
		"1MB desc":           conn(valid + `,"description":"` + mega + `"`),
		"SQL name":           conn(valid + `,"name":"x'); DROP TABLE connections;--"`),
		"provider markup":    conn(`"port_type":"1G","bandwidth":100,"location":"Biere","provider":"<b>"`),
		"other tenant":       conn(valid + `,"tenant_id":"` + w.B.ID + `"`),
		"hosted type":        conn(valid + `,"type":"hosted"`),
		"deep nesting":       `{"direct_connect":` + strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000) + `}`,
	}
	for name, body := range apiBodies {
		cases = append(cases, badCase{name: "API create " + name, method: http.MethodPost, path: "/v2.0/dcaas/direct-connects", body: body, ctype: "application/json", api: true, status: http.StatusBadRequest})
	}
	for name, body := range map[string]string{
		"fixed field":   conn(`"location":"Magdeburg"`),
		"bad bandwidth": conn(`"bandwidth":0`),
		"script name":   conn(`"name":"<svg onload=alert(1)>"`),
		"bad status":    conn(`"provider_status":"<x>"`),
		"NUL desc":      conn(`"description":"a\u0000"`),
	} {
		cases = append(cases, badCase{name: "API update " + name, method: http.MethodPut, path: "/v2.0/dcaas/direct-connects/" + a["connection"], body: body, ctype: "application/json", api: true, status: http.StatusBadRequest})
	}
	cases = append(cases,
		badCase{name: "API wrong content type", method: http.MethodPost, path: "/v2.0/dcaas/direct-connects", body: conn(valid), ctype: "text/plain", api: true, status: http.StatusUnsupportedMediaType},
		badCase{name: "API form content type", method: http.MethodPost, path: "/v2.0/dcaas/direct-connects", body: "name=x", ctype: "application/x-www-form-urlencoded", api: true, status: http.StatusUnsupportedMediaType},
		badCase{name: "API over the body limit", method: http.MethodPost, path: "/v2.0/dcaas/direct-connects", body: conn(valid + `,"description":"` + overLimit + `"`), ctype: "application/json", api: true, status: http.StatusRequestEntityTooLarge},
		badCase{name: "API other project's connection: show", method: http.MethodGet, path: "/v2.0/dcaas/direct-connects/" + b["connection"], api: true, status: http.StatusNotFound},
		badCase{name: "API other project's connection: update", method: http.MethodPut, path: "/v2.0/dcaas/direct-connects/" + b["connection"], body: conn(`"name":"x"`), ctype: "application/json", api: true, status: http.StatusNotFound},
		badCase{name: "API other project's connection: delete", method: http.MethodDelete, path: "/v2.0/dcaas/direct-connects/" + b["connection"], api: true, status: http.StatusNotFound},
		badCase{name: "API no such connection", method: http.MethodDelete, path: "/v2.0/dcaas/direct-connects/nope", api: true, status: http.StatusNotFound},
		badCase{name: "API SQL id", method: http.MethodGet, path: "/v2.0/dcaas/direct-connects/'%20OR%20'1'='1", api: true, status: http.StatusNotFound},
		badCase{name: "API wrong method", method: http.MethodPatch, path: "/v2.0/dcaas/direct-connects/" + a["connection"], api: true, status: http.StatusMethodNotAllowed, allow: "DELETE, GET, PUT"},
		badCase{name: "API POST on an item", method: http.MethodPost, path: "/v2.0/dcaas/direct-connects/" + a["connection"], body: conn(valid), ctype: "application/json", api: true, status: http.StatusMethodNotAllowed, allow: "DELETE, GET, PUT"},
		badCase{name: "token request not JSON", method: http.MethodPost, path: "/v3/auth/tokens", body: "x", ctype: "application/json", status: http.StatusBadRequest},
		badCase{name: "token request no identity", method: http.MethodPost, path: "/v3/auth/tokens", body: `{"auth":{}}`, ctype: "application/json", status: http.StatusBadRequest},
		badCase{name: "token request bad scope", method: http.MethodPost, path: "/v3/auth/tokens", body: `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"` + handlertest.AdminPassword + `"}}},"scope":[1]}}`, ctype: "application/json", status: http.StatusBadRequest},
		badCase{name: "token for another's project", method: http.MethodPost, path: "/v3/auth/tokens", body: `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"trainee1","password":"` + w.TPass + `"}}},"scope":{"project":{"id":"` + w.A.ID + `"}}}}`, ctype: "application/json", status: http.StatusUnauthorized},
	)

	// Login with hostile values (few: each costs a bcrypt comparison).
	for i, name := range []string{mega[:100_000], "admin\x00", "\xff", "' OR '1'='1", "<script>"} {
		cases = append(cases, badCase{name: fmt.Sprintf("login #%d", i), method: http.MethodPost, path: "/login",
			form: url.Values{"username": {name}, "password": {"x"}}, status: http.StatusUnauthorized, msg: "Incorrect user name or password."})
	}

	if len(cases) < 200 {
		t.Fatalf("only %d cases", len(cases))
	}
	t.Logf("%d bad-input cases", len(cases))
	login := w.NewBrowser() // the login cases must not end the admin's session
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := w.snapshot()
			client := w.Server
			if tc.path == "/login" {
				client = login
			}
			var resp *http.Response
			var body string
			switch {
			case tc.form != nil:
				if tc.path == "/login" && client.CSRF == "" {
					client.Get("/login")
				}
				form := with(tc.form, "_csrf", client.CSRF)
				resp, body = client.Raw(tc.method, tc.path, "application/x-www-form-urlencoded", encodeForm(form), nil)
			case tc.api:
				resp, body = w.Raw(tc.method, tc.path, tc.ctype, tc.body, map[string]string{"X-Auth-Token": tok})
			default:
				resp, body = w.Raw(tc.method, tc.path, tc.ctype, tc.body, map[string]string{"X-CSRF-Token": w.CSRF})
			}
			if resp.StatusCode >= 500 {
				t.Fatalf("status %d: %.300s", resp.StatusCode, body)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d: %.400s", resp.StatusCode, tc.status, handlertest.PageText(body))
			}
			if got := resp.Header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow: %q, want %q", got, tc.allow)
			}
			if tc.msg != "" && !strings.Contains(handlertest.PageText(body), tc.msg) {
				t.Errorf("message %q not in the answer: %.400s", tc.msg, handlertest.PageText(body))
			}
			if resp.StatusCode >= 400 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				var e map[string]any
				if json.Unmarshal([]byte(body), &e) != nil || len(e) == 0 {
					t.Errorf("API error is not a JSON object: %.200s", body)
				}
			}
			w.assertUnchanged(t, before, tc.name)
		})
	}
}

// encodeForm encodes a form keeping repeated fields in order.
func encodeForm(f url.Values) string { return f.Encode() }
