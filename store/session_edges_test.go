package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestSessionTimeoutEdges: a session unused for exactly the idle timeout,
// or exactly as old as the max age, is still live; a millisecond more ends
// it (README, Sessions: -session-idle-timeout "ends a session nobody used
// for that long", -session-max-age "ends it that long after login").
func TestSessionTimeoutEdges(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	for _, tc := range []struct {
		name         string
		idle, maxAge time.Duration
		after        time.Duration
	}{
		{"idle", 10 * time.Minute, time.Hour, 10 * time.Minute},
		{"max age", time.Hour, 10 * time.Minute, 10 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				extra time.Duration
				live  bool
			}{{0, true}, {time.Millisecond, false}} {
				now := time.Unix(1_700_000_000, 0)
				s.SetClock(func() time.Time { return now })
				id, err := s.CreateSession(ctx, 1)
				if err != nil {
					t.Fatal(err)
				}
				now = now.Add(tc.after + c.extra)
				_, err = s.SessionUser(ctx, id, tc.idle, tc.maxAge)
				if c.live && err != nil {
					t.Errorf("%v after login: %v, want live", tc.after+c.extra, err)
				}
				if !c.live && !errors.Is(err, ErrNotFound) {
					t.Errorf("%v after login: %v, want ErrNotFound", tc.after+c.extra, err)
				}
			}
		})
	}
}

// TestSessionIdleClockEvery30s: a use restarts the idle clock only when the
// last recorded use is more than 30 s old (SessionUser: "at most every
// 30 s, so a busy user does not write on every page"), so a use 20 s after
// login does not move it: the session ends idle after login, not after that
// use, nor does one exactly 30 s after login. A use 31 s after login does
// move it.
func TestSessionIdleClockEvery30s(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	idle, maxAge := 10*time.Minute, time.Hour
	for _, tc := range []struct {
		use  time.Duration
		live bool
	}{{20 * time.Second, false}, {30 * time.Second, false}, {31 * time.Second, true}} {
		start := time.Unix(1_700_000_000, 0)
		now := start
		s.SetClock(func() time.Time { return now })
		id, err := s.CreateSession(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		now = start.Add(tc.use)
		if _, err := s.SessionUser(ctx, id, idle, maxAge); err != nil {
			t.Fatalf("used %v after login: %v", tc.use, err)
		}
		now = start.Add(idle + time.Millisecond)
		_, err = s.SessionUser(ctx, id, idle, maxAge)
		if tc.live && err != nil {
			t.Errorf("used at %v, idle %v later: %v, want live", tc.use, idle+time.Millisecond-tc.use, err)
		}
		if !tc.live && !errors.Is(err, ErrNotFound) {
			t.Errorf("used at %v (no new idle clock), %v after login: %v, want ErrNotFound", tc.use, idle+time.Millisecond, err)
		}
	}
}
