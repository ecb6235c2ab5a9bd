package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/crypto/bcrypt"

	"dcconsole/store/pgtest"
)

// These tests need PostgreSQL whatever the suite's backend (make test
// starts a cluster for both passes).

// openPGPair opens two stores on one fresh PostgreSQL database, as two
// console instances would, after the first one's Bootstrap.
func openPGPair(t *testing.T) (a, b *Store, p Project) {
	t.Helper()
	url := pgtest.Database(t)
	a = openTestStoreAt(t, url)
	b = openTestStoreAt(t, url)
	a, p = bootstrap(t, a)
	return a, b, p
}

// both runs n calls of fn at once, the even ones on a, the odd ones on b,
// and returns their errors.
func both(a, b *Store, n int, fn func(s *Store, i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			<-start
			errs[i] = fn(s, i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// tally counts nil errors and refusals (a *RuleError or *ValidationError
// of the given code; any code when code is ""); any other error fails the
// test.
func tally(t *testing.T, errs []error, code string) (ok, refused int) {
	t.Helper()
	for _, err := range errs {
		var re *RuleError
		var ve *ValidationError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &re) && (code == "" || re.Code == code):
			refused++
		case errors.As(err, &ve) && code == "":
			refused++
		default:
			t.Fatalf("unexpected error (want nil or a refusal %s): %v", code, err)
		}
	}
	return ok, refused
}

// TestPostgresTwoInstancesKeepRules: writes through two stores on one
// database at the same moment keep every rule that reads before it writes,
// as SQLite's single writer does.
func TestPostgresTwoInstancesKeepRules(t *testing.T) {
	ctx := context.Background()
	a, b, p := openPGPair(t)
	if err := a.SetQuotas(ctx, p.ID, Quotas{Connections: 6, Gateways: 5, Interfaces: 50}); err != nil {
		t.Fatal(err)
	}

	t.Run("connection quota", func(t *testing.T) {
		errs := both(a, b, 12, func(s *Store, i int) error {
			_, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: fmt.Sprintf("dc-q%d", i), Location: "Biere", Bandwidth: 100}, "")
			return err
		})
		ok, refused := tally(t, errs, "DC.1019")
		cs, _, err := b.Connections(ctx, p.ID, ListFilter{})
		if err != nil || ok != 6 || refused != 6 || len(cs) != 6 {
			t.Fatalf("%d created, %d refused, %d stored (%v); want 6, 6, 6", ok, refused, len(cs), err)
		}
		var count int
		if err := a.r.QueryRowContext(ctx, `SELECT connection_count FROM projects WHERE id = ?`, p.ID).Scan(&count); err != nil || count != 6 {
			t.Fatalf("the project's connection count is %d (%v), want 6", count, err)
		}
	})

	t.Run("form token", func(t *testing.T) {
		if err := a.SetQuotas(ctx, p.ID, Quotas{Connections: 50, Gateways: 5, Interfaces: 50}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		ids, made := map[string]bool{}, 0
		errs := both(a, b, 8, func(s *Store, i int) error {
			c, created, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-token", Location: "Biere", Bandwidth: 100}, "one-form")
			mu.Lock()
			defer mu.Unlock()
			ids[c.ID] = true
			if created {
				made++
			}
			return err
		})
		if ok, _ := tally(t, errs, "-"); ok != 8 || len(ids) != 1 || made != 1 {
			t.Fatalf("%d answers, IDs %v, %d said created; want 8 answers of one connection created once", ok, ids, made)
		}
		for id := range ids {
			if _, err := a.Connection(ctx, p.ID, id); err != nil {
				t.Fatalf("the answered connection %s: %v", id, err)
			}
		}
	})

	biere := testConnection(t, a, p, "dc-biere", "Biere", 100)
	biere2 := testConnection(t, b, p, "dc-biere-2", "Biere", 100)
	gw := testGateway(t, a, p, "vgw-1", "192.168.0.0/16", "192.168.0.0/16")

	t.Run("VLAN once per connection", func(t *testing.T) {
		errs := both(a, b, 6, func(s *Store, i int) error {
			_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-v%d", i), ConnectionID: biere.ID, GatewayID: gw,
				Bandwidth: 10, RemoteSubnets: "10.1.0.0/16", VLAN: 300, Explicit: true}, "")
			return err
		})
		if ok, _ := tally(t, errs, ""); ok != 1 {
			t.Fatalf("%d interfaces on VLAN 300 of one connection, want 1", ok)
		}
	})

	t.Run("bandwidth of a connection's interfaces", func(t *testing.T) {
		// 10 of the 100 Mbit/s are taken (above); 30 each: three fit.
		errs := both(a, b, 8, func(s *Store, i int) error {
			_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-b%d", i), ConnectionID: biere.ID, GatewayID: gw,
				Bandwidth: 30, RemoteSubnets: "10.2.0.0/16", VLAN: 400 + i, Explicit: true}, "")
			return err
		})
		ok, _ := tally(t, errs, "")
		c, err := a.Connection(ctx, p.ID, biere.ID)
		if err != nil || ok != 3 || c.UsedBandwidth != 100 {
			t.Fatalf("%d created, used %d Mbit/s (%v); want 3 and 100", ok, c.UsedBandwidth, err)
		}
	})

	t.Run("two connections of a gateway at different locations", func(t *testing.T) {
		gw2 := testGateway(t, a, p, "vgw-2", "172.20.0.0/16", "172.20.0.0/16")
		// The gateway has no interface yet: one of the two Biere
		// connections may take it, not both.
		errs := both(a, b, 6, func(s *Store, i int) error {
			conn := biere.ID
			if i%3 == 0 {
				conn = biere2.ID
			}
			_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-r%d", i), ConnectionID: conn, GatewayID: gw2,
				Bandwidth: 0, RemoteSubnets: "10.3.0.0/16", VLAN: 500 + i, Explicit: false}, "")
			return err
		})
		tally(t, errs, "")
		var conns int
		if err := a.r.QueryRowContext(ctx, `SELECT COUNT(DISTINCT connection_id) FROM virtual_interfaces WHERE gateway_id = ?`, gw2).Scan(&conns); err != nil {
			t.Fatal(err)
		}
		if conns != 1 {
			t.Fatalf("the gateway's interfaces use %d Biere connections, want 1", conns)
		}
	})

	t.Run("one gateway per VPC", func(t *testing.T) {
		vpc, _, err := a.CreateVPC(ctx, p, VPCInput{Name: "vpc-gw", CIDR: "10.50.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		errs := both(a, b, 6, func(s *Store, i int) error {
			_, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: fmt.Sprintf("vgw-p%d", i), VPCID: vpc.ID, CIDRs: "10.50.0.0/24"}, "")
			return err
		})
		if ok, _ := tally(t, errs, ""); ok != 1 {
			t.Fatalf("%d gateways on one VPC, want 1", ok)
		}
	})

	t.Run("the promoter moves each row once", func(t *testing.T) {
		before, _, _ := a.Operations(ctx, p.ID, OperationFilter{Action: ActProvisioned})
		a.SetProvisionDelay(1)
		b.SetProvisionDelay(1)
		for i := range 4 {
			testConnection(t, a, p, fmt.Sprintf("dc-build%d", i), "Magdeburg", 100)
		}
		a.SetProvisionDelay(0)
		b.SetProvisionDelay(0)
		var mu sync.Mutex
		moved := int64(0)
		errs := both(a, b, 8, func(s *Store, i int) error {
			n, err := s.PromoteProvisioned(ctx)
			mu.Lock()
			moved += n
			mu.Unlock()
			return err
		})
		tally(t, errs, "-")
		after, _, _ := a.Operations(ctx, p.ID, OperationFilter{Action: ActProvisioned})
		if moved != 4 || len(after)-len(before) != 4 {
			t.Fatalf("promoters report %d moves, the log %d; want 4 and 4", moved, len(after)-len(before))
		}
	})
}

// TestPostgresRetryForgetsTheFailedRun: a write refused as not
// serializable runs again, and what it answers comes from the run that
// committed. Here another instance commits the same form between the two
// runs: the answer is that instance's connection, not created, not the
// rolled-back row of the first run.
func TestPostgresRetryForgetsTheFailedRun(t *testing.T) {
	ctx := context.Background()
	a, b, p := openPGPair(t)
	var theirs Connection
	a.pg.beforeCommit = func(attempt int) error {
		if attempt > 1 {
			return nil
		}
		return &pgconn.PgError{Code: "40001", Message: "could not serialize access (test)"}
	}
	a.pg.beforeRetry = func(int) {
		var err error
		if theirs, _, err = b.CreateConnection(ctx, p, ConnectionInput{Name: "dc-form", Location: "Biere", Bandwidth: 100}, "form-1"); err != nil {
			t.Error(err)
		}
	}
	c, created, err := a.CreateConnection(ctx, p, ConnectionInput{Name: "dc-form", Location: "Biere", Bandwidth: 100}, "form-1")
	if err != nil || created || c.ID != theirs.ID || theirs.ID == "" {
		t.Fatalf("got %s created=%v (%v); want the other instance's %s, not created", c.ID, created, err, theirs.ID)
	}
	if n := a.pg.retries.Load(); n != 1 {
		t.Fatalf("%d retries, want 1", n)
	}
	if cs, _, _ := a.Connections(ctx, p.ID, ListFilter{}); len(cs) != 1 {
		t.Fatalf("%d connections stored, want 1", len(cs))
	}
}

// TestPostgresBootstrapAtOnce: two instances starting on one empty
// database at the same moment make one admin; a generated password shown
// by either works.
func TestPostgresBootstrapAtOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	a, b := openTestStoreAt(t, url), openTestStoreAt(t, url)
	// Force the race: a's first run fails after b bootstrapped.
	a.pg.beforeCommit = func(attempt int) error {
		if attempt == 1 {
			return &pgconn.PgError{Code: "40001", Message: "could not serialize access (test)"}
		}
		return nil
	}
	a.pg.beforeRetry = func(int) {
		if _, err := b.Bootstrap(ctx, "b-password-123"); err != nil {
			t.Error(err)
		}
	}
	gen, err := a.Bootstrap(ctx, "")
	if err != nil || gen != "" {
		t.Fatalf("a generated %q (%v); want nothing: b made the admin", gen, err)
	}
	if _, err := a.Authenticate(ctx, "admin", "b-password-123"); err != nil {
		t.Fatalf("b's admin: %v", err)
	}
	var users int
	a.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users)
	if users != 1 {
		t.Fatalf("%d users, want 1", users)
	}
}

// TestPostgresMigrationsAtOnce: instances started together on an empty
// database all come up on one schema (the migration lock).
func TestPostgresMigrationsAtOnce(t *testing.T) {
	url := pgtest.Database(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(context.Background(), url)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
	}
	s := openTestStoreAt(t, url)
	var n, max int
	if err := s.r.QueryRowContext(context.Background(), `SELECT COUNT(*), MAX(version) FROM schema_migrations`).Scan(&n, &max); err != nil || n != 1 || max != 12 {
		t.Fatalf("schema_migrations: %d rows, version %d (%v)", n, max, err)
	}
}

// TestPostgresOpenRefusals: a URL that cannot be used is refused at Open
// with a message that names the database but never the password.
func TestPostgresOpenRefusals(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	hostPort := fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	for _, tc := range []struct{ url, want string }{
		{"postgres://u:s3cret-pw@127.0.0.1:1/x?sslmode=disable&connect_timeout=5", "cannot reach the PostgreSQL database postgres://u@127.0.0.1:1/x"},
		{"postgres://" + cfg.User + ":s3cret-pw@" + hostPort + "/no_such_database?sslmode=disable", `database "no_such_database" does not exist`},
		{"postgres://no_such_role:s3cret-pw@" + hostPort + "/x?sslmode=disable", `role "no_such_role" does not exist`},
		{"postgres://u:s3cret-pw@[::1/x", "is not a valid PostgreSQL URL"},
		{"postgres://u:s3cret-pw@" + hostPort + "/x?sslmode=bogus", "is not a valid PostgreSQL URL"},
	} {
		s, err := Open(ctx, tc.url)
		if err == nil {
			s.Close()
			t.Errorf("%s opened", tc.url)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("%s: %v; want %q and no password", tc.url, err, tc.want)
		}
	}

	// A database of a newer schema is refused, untouched.
	s := openTestStoreAt(t, url)
	if _, err := s.sqlExec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, url); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("newer schema: %v, want ErrNewerSchema", err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("schema_migrations after the refusal: %d rows (%v), want the 2 it had", n, err)
	}
}

// TestPostgresLostConnection: while the database refuses connections, Ping
// fails (GET /healthz answers 503), a write fails with an error and leaves
// nothing half-written; once it is back, the same store serves again.
func TestPostgresLostConnection(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	s := openTestStoreAt(t, url)
	s, p := bootstrap(t, s)
	s.SetPasswordCost(bcrypt.MinCost)
	name := pgtest.Name(t, url)
	pgtest.SetConnections(t, name, false)
	if err := s.Ping(ctx); err == nil {
		t.Fatal("Ping answered while the database refuses connections")
	}
	if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-lost", Location: "Biere", Bandwidth: 100}, ""); err == nil {
		t.Fatal("a write succeeded while the database refuses connections")
	}
	pgtest.SetConnections(t, name, true)
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping after the database came back: %v", err)
	}
	cs, _, err := s.Connections(ctx, p.ID, ListFilter{})
	if err != nil || len(cs) != 0 {
		t.Fatalf("%d connections after the failed write (%v), want 0", len(cs), err)
	}
	if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-back", Location: "Biere", Bandwidth: 100}, ""); err != nil {
		t.Fatalf("write after the database came back: %v", err)
	}
}

// TestPostgresProjectWritesQueueInTheInstance: writes of one project through
// one instance wait for each other (txIn) instead of running into each
// other and being retried.
func TestPostgresProjectWritesQueueInTheInstance(t *testing.T) {
	ctx := context.Background()
	a, _, p := openPGPair(t)
	if err := a.SetQuotas(ctx, p.ID, Quotas{Connections: 50, Gateways: 5, Interfaces: 50}); err != nil {
		t.Fatal(err)
	}
	errs := both(a, a, 16, func(s *Store, i int) error {
		c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: fmt.Sprintf("dc-%d", i), Location: "Biere", Bandwidth: 100}, "")
		if err == nil {
			_, err = s.DeleteConnection(ctx, p.ID, c.ID)
		}
		return err
	})
	if ok, _ := tally(t, errs, "-"); ok != 16 {
		t.Fatalf("%d of 16 create+delete pairs done", ok)
	}
	if n := a.pg.retries.Load(); n != 0 {
		t.Fatalf("%d writes were refused as not serializable and run again, want 0", n)
	}
}
