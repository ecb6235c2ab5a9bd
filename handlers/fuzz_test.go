package handlers

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// fuzzContext is an Echo context for one request with the body.
func fuzzContext(method, contentType, body string) echo.Context {
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	return echo.New().NewContext(req, httptest.NewRecorder())
}

// FuzzDecodeWrapped feeds arbitrary bodies to the API's JSON decoding: it
// never panics, every refusal is a 4xx API error with a message, and an
// accepted body is a single JSON object with only the wrapper key.
func FuzzDecodeWrapped(f *testing.F) {
	for _, s := range []string{
		`{"direct_connect":{"name":"dc-1","bandwidth":100,"location":"Biere","port_type":"1G","provider":"OTC"}}`,
		`{"direct_connect":{"bandwidth":"100"}}`, `{"direct_connect":{"bandwidth":1.5}}`, `{"direct_connect":{"bandwidth":-1}}`,
		`{"direct_connect":{"bandwidth":99999999999999999999}}`, `{"direct_connect":null}`, `{"direct_connect":[]}`,
		`{"direct_connect":{}, "x":1}`, `{"direct_connect":{"name":"a","name":"b"}}`, `{"direct_connect":{"unknown":1}}`,
		`{"direct_connect":{"name":"\u0000<script>"}}`, "{\"direct_connect\":{\"name\":\"\xff\"}}", `{}`, `[]`, `null`, ``,
		`{"direct_connect":{}} {}`, `{"direct_connect":{"vlan":"12a"}}`, `{"direct_connect":{"admin_state_up":"true"}}`,
		`{"direct_connect":` + strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100) + `}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var b apiConnectionBody
		err := decodeWrapped(fuzzContext(http.MethodPost, "application/json", body), "direct_connect", &b)
		if err != nil {
			ae := toAPIError(err)
			if ae.Status < 400 || ae.Status >= 500 || ae.Message == "" || ae.Code == "" {
				t.Fatalf("body %q: refused with %+v (from %v)", body, ae, err)
			}
			return
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &obj) != nil || len(obj) != 1 || obj["direct_connect"] == nil {
			t.Fatalf("body %q accepted, but it is not {\"direct_connect\": {...}}", body)
		}
	})
}

// FuzzKeystoneBody feeds arbitrary bodies to the token request's decoding
// (readJSON plus the auth structure): never a panic, refusals are 4xx.
func FuzzKeystoneBody(f *testing.F) {
	for _, s := range []string{
		`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"x","domain":{"name":"d"}}}},"scope":{"project":{"name":"eu-de"}}}}`,
		`{"auth":{"identity":{"methods":"password"}}}`, `{"auth":null}`, `{"auth":[]}`, `{"auth":{"scope":"unscoped"}}`, `{`, `{"auth":{}}x`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		obj, err := readJSON(fuzzContext(http.MethodPost, "application/json; charset=utf-8", body))
		if err != nil {
			if ae := toAPIError(err); ae.Status != http.StatusBadRequest || ae.Message == "" {
				t.Fatalf("body %q: refused with %+v", body, ae)
			}
			return
		}
		if obj == nil {
			t.Fatalf("body %q: accepted as nil", body)
		}
		var auth keystoneAuth
		_ = json.Unmarshal(obj["auth"], &auth)
	})
}

// FuzzConnectionForm feeds arbitrary form bodies to the connection form's
// parsing: never a panic, and whatever it lets through without field errors
// passes the store's rules with an allowed bandwidth step.
func FuzzConnectionForm(f *testing.F) {
	for _, s := range []string{
		"name=dc-1&location=Biere&bandwidth=100&peer_location=&description=x&token=ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		"name=dc-1&name=dc-2&location=Biere&bandwidth=100", "name=%00&bandwidth=-1", "name=%FF&bandwidth=1e3",
		"bandwidth=99999999999999999999&location=Mars", "description=%3Cscript%3E", "%zz=1&name", "a=" + strings.Repeat("b", 10000),
		"name=dc-1&location=Biere&bandwidth=+7", "name=dc-1;DROP TABLE x&location=Biere&bandwidth=10",
	} {
		f.Add(s)
	}
	region, _ := store.RegionByID("eu-de")
	f.Fuzz(func(t *testing.T, body string) {
		c := fuzzContext(http.MethodPost, "application/x-www-form-urlencoded", body)
		form, in, fe := connectionForm(c, region)
		if len(form.Token) != 26 {
			t.Fatalf("body %q: token %q", body, form.Token)
		}
		for field, msg := range fe {
			if msg == "" {
				t.Fatalf("body %q: field %s refused without a message", body, field)
			}
		}
		if len(fe) > 0 {
			return
		}
		if err := in.Validate(region); err != nil {
			t.Fatalf("body %q: form accepted input the store refuses: %v", body, err)
		}
		if store.SnapBandwidth(in.Bandwidth) != in.Bandwidth {
			t.Fatalf("body %q: bandwidth %d is not a step", body, in.Bandwidth)
		}
	})
}
