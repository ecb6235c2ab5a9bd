package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
	"dcconsole/store/pgtest"
)

// TestTwoInstancesOnePostgres: two consoles (each its own store, caches
// and router, as two processes behind a load balancer) on one PostgreSQL
// database. A browser's consecutive requests go to either one.
func TestTwoInstancesOnePostgres(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.Database(t)
	open := func() *store.Store {
		st, err := store.Open(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		st.SetPasswordCost(bcrypt.MinCost)
		return st
	}
	stA, stB := open(), open()
	t.Cleanup(func() { stB.Close() })
	if _, err := stA.Bootstrap(ctx, handlertest.AdminPassword); err != nil {
		t.Fatal(err)
	}
	a := handlertest.Start(t, handlertest.Options{Store: stA})
	b := handlertest.Start(t, handlertest.Options{Store: stB})

	// One browser (one cookie jar: cookies ignore the port) logged in on A.
	onA := a.LoginAdmin()
	onA.UseProject("eu-de")
	onB := *onA
	onB.URL = b.URL
	p := onA.Project("eu-de")

	// The session made on A works on B, the CSRF token too.
	resp, doc := onB.Get("/dcaas/connections")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if n := doc.Find(`[data-live-region] tbody tr[aria-label]`).Length(); n != 0 {
		t.Fatalf("a fresh project lists %d connections", n)
	}
	resp, _ = onB.Post("/dcaas/connections", url.Values{"name": {"dc-123"}, "location": {"Biere"}, "bandwidth": {"100"}, "token": {"form-b-1"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)

	// A's cached list follows changes made through B.
	if row := listRow(onA, "/dcaas/connections", "dc-123"); row.Length() != 1 {
		t.Fatal("A does not list the connection created through B")
	}
	cs, _, err := stB.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil || len(cs) != 1 {
		t.Fatalf("%d connections (%v)", len(cs), err)
	}
	resp, _ = onB.Post("/dcaas/connections/"+cs[0].ID+"/delete", url.Values{"next": {"/dcaas/connections"}})
	handlertest.WantStatus(t, resp, http.StatusSeeOther)
	if row := listRow(onA, "/dcaas/connections", "dc-123"); row.Length() != 0 {
		t.Fatal("A still lists the connection deleted through B (a stale cached table)")
	}

	// Concurrent creates through both keep the quota, and one form
	// submitted to both makes one connection.
	if err := stA.SetQuotas(ctx, p.ID, store.Quotas{Connections: 4, Gateways: 5, Interfaces: 50}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	status := map[int]int{}
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := onA.NewBrowser()
			c.Client = onA.Client // the same session; a request of its own
			if i%2 == 1 {
				c.URL = b.URL
			}
			form := url.Values{"name": {fmt.Sprintf("dc-q%d", i)}, "location": {"Magdeburg"}, "bandwidth": {"100"},
				"token": {fmt.Sprintf("form-q%d", i)}, "_csrf": {onA.CSRF}}
			if i >= 8 {
				form.Set("token", "one-form") // submitted once to A, once to B
			}
			resp, _ := c.Post("/dcaas/connections", form)
			mu.Lock()
			status[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	cs, _, err = stA.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil || len(cs) != 4 {
		t.Fatalf("%d connections after 9 forms at quota 4 (%v); answers %v", len(cs), err, status)
	}
	if status[http.StatusSeeOther] < 4 || status[http.StatusSeeOther]+status[http.StatusUnprocessableEntity] != 10 {
		t.Fatalf("answers %v: want 303 for the creates and 422 for the quota refusals only", status)
	}

	// A stops (its process killed, as far as B can tell): B serves on.
	a.Close()
	stA.Close()
	resp, doc = onB.Get("/dcaas/connections")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if n := doc.Find(`[data-live-region] tbody tr[aria-label]`).Length(); n != 4 {
		t.Fatalf("B lists %d connections after A stopped, want 4", n)
	}
	resp, _ = onB.Get("/healthz")
	handlertest.WantStatus(t, resp, http.StatusOK)
}

// TestHealthzWhileDatabaseGone: while PostgreSQL refuses the console's
// connections, GET /healthz answers 503 (a load balancer takes the instance
// out) and a page answers an error rather than a half-done write; once the
// database is back, both answer as before.
func TestHealthzWhileDatabaseGone(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.Database(t)
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	st.SetPasswordCost(bcrypt.MinCost)
	if _, err := st.Bootstrap(ctx, handlertest.AdminPassword); err != nil {
		t.Fatal(err)
	}
	ts := handlertest.Start(t, handlertest.Options{Store: st}).LoginAdmin()
	ts.UseProject("eu-de")
	resp, _ := ts.Get("/healthz")
	handlertest.WantStatus(t, resp, http.StatusOK)

	pgtest.SetConnections(t, pgtest.Name(t, dbURL), false)
	resp, _ = ts.Get("/healthz")
	handlertest.WantStatus(t, resp, http.StatusServiceUnavailable)
	resp, _ = ts.Post("/dcaas/connections", url.Values{"name": {"dc-lost"}, "location": {"Biere"}, "bandwidth": {"100"}, "token": {"form-lost"}})
	if resp.StatusCode < 500 {
		t.Fatalf("a create while the database is gone answered %d", resp.StatusCode)
	}

	pgtest.SetConnections(t, pgtest.Name(t, dbURL), true)
	resp, _ = ts.Get("/healthz")
	handlertest.WantStatus(t, resp, http.StatusOK)
	if cs, _, err := st.Connections(ctx, ts.Project("eu-de").ID, store.ListFilter{}); err != nil || len(cs) != 0 {
		t.Fatalf("%d connections after the failed create (%v), want 0", len(cs), err)
	}
}
