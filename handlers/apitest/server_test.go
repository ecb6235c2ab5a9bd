// Package apitest drives the console's API with the official OTC Go SDK
// (github.com/opentelekomcloud/gophertelekomcloud) and with raw HTTP,
// against the real server (real router, real SQLite file) started in each
// test. It has only tests.
package apitest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	golangsdk "github.com/opentelekomcloud/gophertelekomcloud"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

const (
	adminPassword = handlertest.AdminPassword
	domainName    = "OTC00000000001000000001" // any name: the console has one domain
)

// server is the console behind httptest. It fails the test if any request
// was answered with a 5xx status.
type server struct {
	*handlertest.Server
	t *testing.T

	mu       sync.Mutex
	failures []string
}

func newServer(t *testing.T) *server {
	t.Helper()
	t.Setenv("OS_REGION_NAME", "") // the SDK would prefer it to the project's region
	s := &server{t: t}
	s.Server = handlertest.Start(t, handlertest.Options{Wrap: func(e http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			e.ServeHTTP(rec, r)
			if rec.status >= 500 {
				s.mu.Lock()
				s.failures = append(s.failures, r.Method+" "+r.URL.String())
				s.mu.Unlock()
			}
		})
	}})
	t.Cleanup(func() {
		if len(s.failures) > 0 {
			t.Errorf("requests answered with 5xx: %v", s.failures)
		}
	})
	return s
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// authOptions are what a user of the SDK sets (OS_AUTH_URL, OS_USERNAME, ...).
func (s *server) authOptions(project string) golangsdk.AuthOptions {
	return golangsdk.AuthOptions{
		IdentityEndpoint: s.URL + "/v3",
		Username:         "admin",
		Password:         adminPassword,
		DomainName:       domainName,
		TenantName:       project,
	}
}

// provider authenticates through the SDK with a token scoped to project.
func (s *server) provider(project string) *golangsdk.ProviderClient {
	s.t.Helper()
	pc, err := openstack.AuthenticatedClient(s.authOptions(project))
	if err != nil {
		s.t.Fatalf("authenticate for %s: %v", project, err)
	}
	return pc
}

// dcaas returns the SDK's Direct Connect v2 client for project, found
// through the token's catalog.
func (s *server) dcaas(project string) *golangsdk.ServiceClient {
	s.t.Helper()
	sc, err := openstack.NewDCaaSV2(s.provider(project), golangsdk.EndpointOpts{})
	if err != nil {
		s.t.Fatalf("dcaas client for %s: %v", project, err)
	}
	return sc
}

// project returns the admin's project with the given name.
func (s *server) project(name string) store.Project {
	s.t.Helper()
	ctx := context.Background()
	u, err := s.Store.Authenticate(ctx, "admin", adminPassword)
	if err != nil {
		s.t.Fatal(err)
	}
	p, err := s.Store.ProjectForUserByName(ctx, u.ID, name)
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// response is a raw API answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// do sends a raw request; body may be nil.
func (s *server) do(method, path, token, contentType string, body io.Reader) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.URL+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// token gets a token with a raw request body and returns it (empty on failure).
func (s *server) token(body string) (string, response) {
	s.t.Helper()
	r := s.do(http.MethodPost, "/v3/auth/tokens", "", "application/json", strings.NewReader(body))
	return r.Header.Get("X-Subject-Token"), r
}

// projectToken gets a project-scoped token for the admin.
func (s *server) projectToken(project string) string {
	s.t.Helper()
	tok, r := s.token(`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"` + adminPassword +
		`","domain":{"name":"` + domainName + `"}}}},"scope":{"project":{"name":"` + project + `","domain":{"name":"` + domainName + `"}}}}}`)
	if r.Status != http.StatusCreated || tok == "" {
		s.t.Fatalf("token for %s: %d %s", project, r.Status, r.Body)
	}
	return tok
}

// serviceError is the error body of the Direct Connect API.
type serviceError struct {
	Code      string `json:"error_code"`
	Message   string `json:"error_msg"`
	RequestID string `json:"request_id"`
}

// wantServiceError checks an error answer: status, code, and a 32-hex request ID.
func wantServiceError(t *testing.T, r response, status int, code string) serviceError {
	t.Helper()
	var e serviceError
	if err := json.Unmarshal(r.Body, &e); err != nil {
		t.Fatalf("status %d, body %q: not a JSON error body: %v", r.Status, r.Body, err)
	}
	if r.Status != status || e.Code != code {
		t.Fatalf("got %d %s (%s), want %d %s", r.Status, e.Code, e.Message, status, code)
	}
	if len(e.RequestID) != 32 || strings.Trim(e.RequestID, "0123456789abcdef") != "" || e.Message == "" {
		t.Fatalf("error body %s: want a message and a 32-hex request_id", r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	return e
}

// sdkError returns the status and body of an error the SDK returned.
func sdkError(t *testing.T, err error) (int, serviceError) {
	t.Helper()
	var ue golangsdk.ErrUnexpectedResponseCode
	var body []byte
	var status int
	var (
		e400 golangsdk.ErrDefault400
		e401 golangsdk.ErrDefault401
		e403 golangsdk.ErrDefault403
		e404 golangsdk.ErrDefault404
		e409 golangsdk.ErrDefault409
	)
	switch {
	case errors.As(err, &e400):
		status, body = 400, e400.Body
	case errors.As(err, &e401):
		status, body = 401, e401.Body
	case errors.As(err, &e403):
		status, body = 403, e403.Body
	case errors.As(err, &e404):
		status, body = 404, e404.Body
	case errors.As(err, &e409):
		status, body = 409, e409.Body
	case errors.As(err, &ue):
		status, body = ue.Actual, ue.Body
	default:
		t.Fatalf("error %v (%T) is not an HTTP error", err, err)
	}
	var e serviceError
	json.Unmarshal(body, &e)
	return status, e
}
