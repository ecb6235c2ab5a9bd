package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestThrottleWindowEdge: failed logins count per user name, and from the
// 3rd one each further attempt has to wait (README "Login throttling");
// failures older than the 15-minute window (since the last one) are
// forgotten: a failure exactly 15 minutes after the last one still adds to
// them, one a millisecond later starts the count afresh.
func TestThrottleWindowEdge(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	start := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		name  string
		after time.Duration
		wait  time.Duration
	}{
		{"exactly the window", failureWindow, time.Second},
		{"just past the window", failureWindow + time.Millisecond, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := start
			s.SetClock(func() time.Time { return now })
			keys := ThrottleKeys(tc.name, "192.0.2.9")
			if err := s.ClearLoginFailures(ctx, keys...); err != nil {
				t.Fatal(err)
			}
			for range UserThrottle.SlowAfter - 1 {
				if err := s.RecordLoginFailure(ctx, keys); err != nil {
					t.Fatal(err)
				}
			}
			now = now.Add(tc.after)
			if err := s.RecordLoginFailure(ctx, keys); err != nil {
				t.Fatal(err)
			}
			if d, err := s.LoginWait(ctx, keys); err != nil || d != tc.wait {
				t.Fatalf("wait %v, %v; want %v", d, err, tc.wait)
			}
		})
	}
}

// TestLockLastsFifteenMinutes: the failure that reaches the lock locks the
// user name for 15 minutes (README, Login throttling: "the 10th locks the
// name for 15 minutes"), the figure itself, not LockDuration compared with
// itself.
func TestLockLastsFifteenMinutes(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	now := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { return now })
	keys := ThrottleKeys("locked-user", "192.0.2.10")
	for range UserThrottle.LockAfter {
		if err := s.RecordLoginFailure(ctx, keys); err != nil {
			t.Fatal(err)
		}
	}
	if d, err := s.LoginWait(ctx, keys); err != nil || d != 15*time.Minute {
		t.Fatalf("after %d failures: wait %v, %v; want 15m0s", UserThrottle.LockAfter, d, err)
	}
}

// TestThrottleEveryKey: each throttle operation acts on every key it is
// given, the address as well as the user name (README, Login throttling:
// "Failed logins count per user name and per client address"; "an address
// slows from 20 failures").
func TestThrottleEveryKey(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	now := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { return now })
	// failNames records one failure for each of n user names from addr: only
	// the address reaches its slow-down.
	failNames := func(t *testing.T, addr string, n int) {
		t.Helper()
		for i := range n {
			if err := s.RecordLoginFailure(ctx, ThrottleKeys(fmt.Sprintf("name-%d", i), addr)); err != nil {
				t.Fatal(err)
			}
		}
	}
	wait := func(t *testing.T, keys []string) time.Duration {
		t.Helper()
		d, err := s.LoginWait(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	t.Run("RecordLoginFailure counts the address", func(t *testing.T) {
		failNames(t, "192.0.2.20", AddrThrottle.SlowAfter)
		if d := wait(t, ThrottleKeys("another-name", "192.0.2.20")); d != time.Second {
			t.Fatalf("%d failures from one address: wait %v, want 1s", AddrThrottle.SlowAfter, d)
		}
	})
	t.Run("ClearLoginFailures clears the address", func(t *testing.T) {
		failNames(t, "192.0.2.21", AddrThrottle.SlowAfter)
		keys := ThrottleKeys("name-0", "192.0.2.21")
		if err := s.ClearLoginFailures(ctx, keys...); err != nil {
			t.Fatal(err)
		}
		if d := wait(t, keys); d != 0 {
			t.Fatalf("after clearing %v: wait %v", keys, d)
		}
	})
	t.Run("ReleaseLoginAttempt gives the address its attempt back", func(t *testing.T) {
		keys := ThrottleKeys("released", "192.0.2.22")
		for i := range AddrThrottle.SlowAfter + 1 {
			d, err := s.ReserveLoginAttempt(ctx, keys)
			if err != nil || d != 0 {
				t.Fatalf("attempt %d after %d released ones: wait %v, %v", i+1, i, d, err)
			}
			if err := s.ReleaseLoginAttempt(ctx, keys); err != nil {
				t.Fatal(err)
			}
		}
		if d := wait(t, keys); d != 0 {
			t.Fatalf("after released attempts only: wait %v", d)
		}
	})
}
