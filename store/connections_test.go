package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestSnapBandwidth(t *testing.T) {
	for in, want := range map[int]int{1: 10, 5: 10, 10: 10, 11: 50, 50: 50, 99: 100, 120: 150, 150: 150, 151: 200,
		250: 300, 301: 400, 401: 500, 501: 600, 601: 1000, 1000: 1000, 1001: 1000, 1 << 30: 1000} {
		if got := SnapBandwidth(in); got != want {
			t.Errorf("SnapBandwidth(%d) = %d, want %d", in, got, want)
		}
	}
}

func FuzzParseBandwidth(f *testing.F) {
	for _, s := range []string{"100", "120", "5", "0", "-1", "abc", "1.5", " 7 ", "", "99999999999999999999", "1e3", "+5", "0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseBandwidth(s)
		if err != nil {
			if n != 0 {
				t.Fatalf("error with value %d", n)
			}
			return
		}
		valid := false
		for _, step := range BandwidthSteps {
			valid = valid || n == step
		}
		if !valid {
			t.Fatalf("ParseBandwidth(%q) = %d, not an allowed step", s, n)
		}
	})
}

func TestCreateConnection(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	in := ConnectionInput{Name: "dc-123", Location: "Biere", PeerLocation: "Marderbug-DC01", Bandwidth: 100, Description: "This is a connection."}

	t.Run("OK", func(t *testing.T) {
		c, created, err := s.CreateConnection(ctx, p, in, "")
		if err != nil || !created {
			t.Fatalf("create: %v %v", created, err)
		}
		if c.Name != in.Name || c.Location != "Biere" || c.Bandwidth != 100 || c.PortType != "1G" || c.Status != StatusActive || c.ProjectID != p.ID {
			t.Fatalf("got %+v", c)
		}
		got, err := s.Connection(ctx, p.ID, c.ID)
		if err != nil || got.Description != in.Description || got.PeerLocation != in.PeerLocation {
			t.Fatalf("read back %+v, %v", got, err)
		}
	})

	t.Run("same token creates once", func(t *testing.T) {
		var wg sync.WaitGroup
		ids := make(chan string, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, _, err := s.CreateConnection(ctx, p, in, "TOKEN-SAME")
				if err != nil {
					t.Error(err)
					return
				}
				ids <- c.ID
			}()
		}
		wg.Wait()
		close(ids)
		first := ""
		for id := range ids {
			if first == "" {
				first = id
			}
			if id != first {
				t.Fatalf("two connections for one token: %s, %s", first, id)
			}
		}
	})

	t.Run("ValidationError", func(t *testing.T) {
		_, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "", Location: "Amsterdam-Almere", PeerLocation: "a b", Bandwidth: 1, Description: "<x>"}, "")
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err %v", err)
		}
		for _, f := range []string{"name", "location", "peer_location", "bandwidth", "description"} {
			if ve.at(Attr(f)) == "" {
				t.Errorf("no message for %s", f)
			}
		}
		if ve.Code != "DC.0001" {
			t.Errorf("code %s", ve.Code)
		}
	})

	t.Run("quota", func(t *testing.T) {
		_, total, _ := s.Connections(ctx, p.ID, ListFilter{})
		for i := total; i < 10; i++ {
			if _, _, err := s.CreateConnection(ctx, p, in, ""); err != nil {
				t.Fatal(err)
			}
		}
		_, _, err := s.CreateConnection(ctx, p, in, "")
		var re *RuleError
		if !errors.As(err, &re) || re.Code != "DC.1019" {
			t.Fatalf("11th connection: %v", err)
		}
		used, quota, _ := s.ConnectionQuota(ctx, p.ID)
		if used != 10 || quota != 10 {
			t.Fatalf("quota %d/%d", used, quota)
		}
	})
}

func TestConnectionProvisioning(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	s.SetProvisionDelay(5 * time.Second)
	c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-1", Location: "Magdeburg", Bandwidth: 10}, "")
	if err != nil || c.Status != StatusBuild {
		t.Fatalf("new connection %q, %v; want BUILD", c.Status, err)
	}
	now = now.Add(4 * time.Second)
	if n, _ := s.PromoteProvisioned(ctx); n != 0 {
		t.Fatalf("promoted %d before the delay", n)
	}
	now = now.Add(time.Second)
	if n, _ := s.PromoteProvisioned(ctx); n != 1 {
		t.Fatalf("promoted %d after the delay", n)
	}
	c, _ = s.Connection(ctx, p.ID, c.ID)
	if c.Status != StatusActive {
		t.Fatalf("status %s", c.Status)
	}
}

func TestConnectionListUpdateDelete(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	// One creation per second, so "newest first" has a single answer.
	tick := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick })
	for _, n := range []string{"alpha", "beta_1", "beta-2", "gamma"} {
		if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: n, Location: "Biere", Bandwidth: 50}, ""); err != nil {
			t.Fatal(err)
		}
	}
	items, total, err := s.Connections(ctx, p.ID, ListFilter{Name: "beta", Limit: 10})
	if err != nil || total != 2 || len(items) != 2 {
		t.Fatalf("search beta: %d %d %v", total, len(items), err)
	}
	// LIKE wildcards in the search are literal.
	if _, total, _ := s.Connections(ctx, p.ID, ListFilter{Name: "%"}); total != 0 {
		t.Fatalf("search %%: %d", total)
	}
	if _, total, _ := s.Connections(ctx, p.ID, ListFilter{Name: "_"}); total != 1 {
		t.Fatalf("search _: %d", total)
	}
	page2, total, _ := s.Connections(ctx, p.ID, ListFilter{Limit: 3, Offset: 3})
	if total != 4 || len(page2) != 1 || page2[0].Name != "alpha" {
		t.Fatalf("page 2: %d %+v", total, page2)
	}

	c := page2[0]
	name, bw := "alpha-2", 1000
	got, err := s.UpdateConnection(ctx, p.ID, c.ID, ConnectionUpdate{Name: &name, Bandwidth: &bw})
	if err != nil || got.Name != name || got.Bandwidth != bw || got.Location != "Biere" {
		t.Fatalf("update: %+v %v", got, err)
	}
	bad := "x y"
	if _, err := s.UpdateConnection(ctx, p.ID, c.ID, ConnectionUpdate{Name: &bad}); err == nil {
		t.Fatal("invalid name accepted")
	}
	if _, err := s.UpdateConnection(ctx, "other-project", c.ID, ConnectionUpdate{Name: &name}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project: %v", err)
	}
	if _, err := s.DeleteConnection(ctx, "other-project", c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete from other project: %v", err)
	}
	if _, err := s.DeleteConnection(ctx, p.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Connection(ctx, p.ID, c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestOpenSetsPragmas(t *testing.T) {
	s := openSQLiteTestStore(t)
	var mode string
	var fk, sync, timeout int
	s.r.QueryRowContext(context.Background(), `PRAGMA journal_mode`).Scan(&mode)
	s.r.QueryRowContext(context.Background(), `PRAGMA foreign_keys`).Scan(&fk)
	s.sqlQueryRow(context.Background(), `PRAGMA synchronous`).Scan(&sync)
	s.r.QueryRowContext(context.Background(), `PRAGMA busy_timeout`).Scan(&timeout)
	if mode != "wal" || fk != 1 || sync != 2 || timeout != 10000 {
		t.Fatalf("journal_mode=%s foreign_keys=%d synchronous=%d busy_timeout=%d", mode, fk, sync, timeout)
	}
}

func TestBootstrapOnce(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	pw, err := s.Bootstrap(ctx, "")
	if err != nil || len(pw) < 16 {
		t.Fatalf("generated password %q, %v", pw, err)
	}
	if _, err := s.Authenticate(ctx, "admin", pw); err != nil {
		t.Fatal(err)
	}
	again, err := s.Bootstrap(ctx, "other-password")
	if err != nil || again != "" {
		t.Fatalf("second bootstrap %q %v", again, err)
	}
	if _, err := s.Authenticate(ctx, "admin", "other-password"); !errors.Is(err, ErrBadCredentials) {
		t.Fatal("second bootstrap changed the password")
	}
}
