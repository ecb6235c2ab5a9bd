package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	now := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { return now })
	idle, maxAge := 10*time.Minute, time.Hour

	id, err := s.CreateSession(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		if u, err := s.SessionUser(ctx, id, idle, maxAge); err != nil || u.ID != 1 {
			t.Fatalf("SessionUser = %d, %v", u.ID, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, bad := range []string{"", "nope", id + "x"} {
			if _, err := s.SessionUser(ctx, bad, idle, maxAge); !errors.Is(err, ErrNotFound) {
				t.Errorf("SessionUser(%q) = %v", bad, err)
			}
		}
	})
	t.Run("Idle", func(t *testing.T) {
		now = now.Add(9 * time.Minute) // used: the idle clock restarts
		if _, err := s.SessionUser(ctx, id, idle, maxAge); err != nil {
			t.Fatal(err)
		}
		now = now.Add(9 * time.Minute)
		if _, err := s.SessionUser(ctx, id, idle, maxAge); err != nil {
			t.Fatalf("used 9 minutes ago: %v", err)
		}
		now = now.Add(11 * time.Minute)
		if _, err := s.SessionUser(ctx, id, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("idle 11 minutes: %v", err)
		}
	})
	t.Run("Absolute", func(t *testing.T) {
		id, _ := s.CreateSession(ctx, 1)
		for range 6 {
			now = now.Add(9 * time.Minute)
			if _, err := s.SessionUser(ctx, id, idle, maxAge); err != nil {
				t.Fatal(err)
			}
		}
		now = now.Add(9 * time.Minute) // 63 minutes after login
		if _, err := s.SessionUser(ctx, id, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("older than max age: %v", err)
		}
	})
	t.Run("EndAndDisable", func(t *testing.T) {
		a, _ := s.CreateSession(ctx, 1)
		b, _ := s.CreateSession(ctx, 1)
		if err := s.EndSession(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, a, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("ended session: %v", err)
		}
		if _, err := s.SessionUser(ctx, b, idle, maxAge); err != nil {
			t.Fatalf("other session: %v", err)
		}
		if err := s.EndUserSessions(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, b, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("after EndUserSessions: %v", err)
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	now := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { return now })
	keys := ThrottleKeys("Admin ", "192.0.2.1")
	if keys[0] != "user:admin" || keys[1] != "ip:192.0.2.1" {
		t.Fatalf("keys %v", keys)
	}
	wait := func() time.Duration {
		t.Helper()
		d, err := s.LoginWait(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for i := 1; i < UserThrottle.SlowAfter; i++ {
		s.RecordLoginFailure(ctx, keys)
		if d := wait(); d != 0 {
			t.Fatalf("after %d failures: wait %v", i, d)
		}
	}
	// Slow down: 1 s, 2 s, 4 s, ...
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		s.RecordLoginFailure(ctx, keys)
		if d := wait(); d != want {
			t.Fatalf("failure %d: wait %v, want %v", UserThrottle.SlowAfter+i, d, want)
		}
		now = now.Add(want)
		if d := wait(); d != 0 {
			t.Fatalf("after waiting: %v", d)
		}
	}
	for i := UserThrottle.SlowAfter + 3; i < UserThrottle.LockAfter; i++ {
		s.RecordLoginFailure(ctx, keys)
		now = now.Add(time.Minute)
	}
	s.RecordLoginFailure(ctx, keys)
	if d := wait(); d != LockDuration {
		t.Fatalf("locked: wait %v, want %v", d, LockDuration)
	}
	// Another address is locked for the same user name too.
	if d, _ := s.LoginWait(ctx, ThrottleKeys("admin", "198.51.100.7")); d != LockDuration {
		t.Fatalf("user locked from another address: %v", d)
	}
	if err := s.UnlockUser(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("UnlockUser(nobody) = %v", err)
	}
	if err := s.UnlockUser(ctx, "admin"); err != nil {
		t.Fatal(err)
	}
	if d := wait(); d != 0 {
		t.Fatalf("after unlock: %v", d)
	}
	// Failures are forgotten after the window.
	for range UserThrottle.SlowAfter {
		s.RecordLoginFailure(ctx, keys)
	}
	now = now.Add(failureWindow + time.Second)
	s.RecordLoginFailure(ctx, keys)
	if d := wait(); d != 0 {
		t.Fatalf("old failures counted: %v", d)
	}
}

func TestResetPassword(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	sid, _ := s.CreateSession(ctx, 1)
	for range UserThrottle.LockAfter {
		s.RecordLoginFailure(ctx, ThrottleKeys("admin", "192.0.2.1"))
	}
	if _, err := s.ResetPassword(ctx, "nobody", ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	if _, err := s.ResetPassword(ctx, "admin", "short"); err == nil {
		t.Fatal("short password accepted")
	}
	pw, err := s.ResetPassword(ctx, "admin", "")
	if err != nil || len(pw) != 26 {
		t.Fatalf("ResetPassword = %q, %v", pw, err)
	}
	if _, err := s.Authenticate(ctx, "admin", pw); err != nil {
		t.Fatalf("new password: %v", err)
	}
	if _, err := s.SessionUser(ctx, sid, time.Hour, time.Hour); !errors.Is(err, ErrNotFound) {
		t.Fatalf("old session survived: %v", err)
	}
	if d, _ := s.LoginWait(ctx, ThrottleKeys("admin", "")); d != 0 {
		t.Fatalf("still locked: %v", d)
	}
}

// TestSnapshot: a snapshot holds every table (but those skipped): its row
// count and largest rowid, then its rows (none for a table only counted).
func TestSnapshot(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	head := func(n, maxID int) string { // PostgreSQL has no rowid
		if s.Postgres() {
			return fmt.Sprintf("%d rows", n)
		}
		return fmt.Sprintf("%d rows, max rowid %d", n, maxID)
	}
	a, err := s.Snapshot(ctx, SnapshotOptions{})
	if err != nil || !slices.Equal(a["login_failures"], []string{head(0, 0)}) ||
		len(a["users"]) != 2 || a["users"][0] != head(1, 1) || !strings.Contains(a["users"][1], `"admin"`) {
		t.Fatalf("Snapshot = %v, %v", a, err)
	}
	if _, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-x", CIDR: "10.8.0.0/16"}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLoginFailure(ctx, ThrottleKeys("someone", "192.0.2.1")); err != nil {
		t.Fatal(err)
	}
	b, _ := s.Snapshot(ctx, SnapshotOptions{Skip: []string{"operations"}, Count: []string{"login_failures"}})
	if len(b["vpcs"]) != len(a["vpcs"])+1 || b["operations"] != nil || !slices.Equal(b["login_failures"], []string{head(2, 2)}) {
		t.Fatalf("snapshot after create: vpcs %v, operations %v, login_failures %v", b["vpcs"], b["operations"], b["login_failures"])
	}
	if text := b.String(); !strings.Contains(text, "login_failures:\n  "+head(2, 2)+"\nprojects:\n") {
		t.Fatalf("snapshot as text:\n%s", text)
	}
}
