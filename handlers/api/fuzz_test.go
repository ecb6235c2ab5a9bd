package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
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
