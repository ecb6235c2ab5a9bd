package console_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// Benchmarks through the real router (every middleware: session, CSRF,
// login check, logging), served in-process with httptest.NewRecorder so
// the numbers are the console's own cost, without a network. Run with
// `make bench` or `go test -run '^$' -bench . -benchmem ./handlers/console/`.

type benchConsole struct {
	e      *echo.Echo
	st     *store.Store
	cookie string
	csrf   string
	p      store.Project
}

var (
	benchCSRF  = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	benchToken = regexp.MustCompile(`name="token" value="([^"]+)"`)
)

// newBenchConsole starts the console on a fresh database whose eu-de
// project has n connections, and logs in as admin.
func newBenchConsole(b *testing.B, n int) *benchConsole {
	b.Helper()
	ctx := context.Background()
	ts := handlertest.New(b)
	st := ts.Store
	u := ts.Admin()
	p, err := st.ProjectForUserByName(ctx, u.ID, "eu-de")
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SetQuotas(ctx, p.ID, store.Quotas{Connections: 1 << 30, Gateways: 5, Interfaces: 50}); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if _, _, err := st.CreateConnection(ctx, p, store.ConnectionInput{Name: fmt.Sprintf("dc-%05d", i), Location: "Biere", Bandwidth: 100}, ""); err != nil {
			b.Fatal(err)
		}
	}
	bc := &benchConsole{e: ts.Echo, st: st, p: p}
	bc.serve(b, "GET", "/login", nil, http.StatusOK)
	bc.serve(b, "POST", "/login", url.Values{"username": {"admin"}, "password": {handlertest.AdminPassword}}, http.StatusSeeOther)
	bc.serve(b, "GET", "/console", nil, http.StatusOK)
	bc.serve(b, "POST", "/console/project", url.Values{"project": {p.ID}, "next": {"/console"}}, http.StatusSeeOther)
	return bc
}

// serve sends one request like a browser (session cookie, CSRF token) and
// returns the body.
func (bc *benchConsole) serve(b *testing.B, method, path string, form url.Values, want int) string {
	var body io.Reader
	if form != nil {
		form.Set("_csrf", bc.csrf)
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if bc.cookie != "" {
		req.Header.Set("Cookie", bc.cookie)
	}
	rec := httptest.NewRecorder()
	bc.e.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("%s %s: status %d, want %d", method, path, rec.Code, want)
	}
	for _, c := range rec.Result().Cookies() {
		bc.cookie = c.Name + "=" + c.Value
	}
	out := rec.Body.String()
	if m := benchCSRF.FindStringSubmatch(out); m != nil {
		bc.csrf = m[1]
	}
	return out
}

// BenchmarkConnectionListPage is GET /dcaas/connections with 50 rows in
// projects of 1,000 and 10,000 connections. "repeat" asks for a page whose
// rows did not change since the last view (the rendered table comes from
// the fragment cache, as for a user reloading or an auto-refresh waiting
// for a status); "changed" modifies a connection of the project before
// each view (untimed), so every view queries and renders its rows afresh.
func BenchmarkConnectionListPage(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		for _, mode := range []string{"repeat", "changed"} {
			b.Run(fmt.Sprintf("project=%d/%s", n, mode), func(b *testing.B) {
				bc := newBenchConsole(b, n)
				ctx := context.Background()
				oldest, _, err := bc.st.Connections(ctx, bc.p.ID, store.ListFilter{Limit: 1, Offset: n - 1})
				if err != nil || len(oldest) != 1 {
					b.Fatal(len(oldest), err)
				}
				b.ReportAllocs()
				for i := 0; b.Loop(); i++ {
					if mode == "changed" {
						b.StopTimer()
						desc := fmt.Sprintf("change %d", i)
						if _, err := bc.st.UpdateConnection(ctx, bc.p.ID, oldest[0].ID, store.ConnectionUpdate{Description: &desc}); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					bc.serve(b, "GET", "/dcaas/connections?size=50", nil, http.StatusOK)
				}
			})
		}
	}
}

// BenchmarkConnectionDetailsPage is GET /dcaas/connections/:id.
func BenchmarkConnectionDetailsPage(b *testing.B) {
	bc := newBenchConsole(b, 100)
	items, _, err := bc.st.Connections(context.Background(), bc.p.ID, store.ListFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		bc.serve(b, "GET", "/dcaas/connections/"+items[0].ID, nil, http.StatusOK)
	}
}

// BenchmarkConnectionCreateFlow is the console's whole create flow: the
// form, Create Now (confirm) and Submit (303), with the CSRF token.
func BenchmarkConnectionCreateFlow(b *testing.B) {
	bc := newBenchConsole(b, 0)
	b.ReportAllocs()
	for b.Loop() {
		page := bc.serve(b, "GET", "/dcaas/connections/create", nil, http.StatusOK)
		m := benchToken.FindStringSubmatch(page)
		if m == nil {
			b.Fatal("no one-time token on the form")
		}
		form := url.Values{"name": {"dc-bench"}, "location": {"Biere"}, "bandwidth": {"100"}, "token": {m[1]}}
		bc.serve(b, "POST", "/dcaas/connections/confirm", form, http.StatusOK)
		bc.serve(b, "POST", "/dcaas/connections", form, http.StatusSeeOther)
	}
}
