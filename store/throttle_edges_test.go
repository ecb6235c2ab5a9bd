package store

import (
	"context"
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
