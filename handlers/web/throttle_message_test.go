package web

import (
	"testing"
	"time"
)

// TestThrottleMessageRoundsUp: the throttle's answer names the wait rounded
// up to whole seconds (at least one) and, beyond one minute, to whole
// minutes, with the unit in the right number (README, Login throttling:
// "Too many failed attempts. Try again in N minutes.").
func TestThrottleMessageRoundsUp(t *testing.T) {
	for _, c := range []struct {
		wait time.Duration
		want string
	}{
		{0, "Too many failed attempts. Try again in 1 second."},
		{time.Millisecond, "Too many failed attempts. Try again in 1 second."},
		{time.Second, "Too many failed attempts. Try again in 1 second."},
		{time.Second + time.Millisecond, "Too many failed attempts. Try again in 2 seconds."},
		{2 * time.Second, "Too many failed attempts. Try again in 2 seconds."},
		{59*time.Second + 1, "Too many failed attempts. Try again in 60 seconds."},
		{time.Minute, "Too many failed attempts. Try again in 60 seconds."},
		{time.Minute + time.Nanosecond, "Too many failed attempts. Try again in 2 minutes."},
		{2 * time.Minute, "Too many failed attempts. Try again in 2 minutes."},
		{14*time.Minute + time.Second, "Too many failed attempts. Try again in 15 minutes."},
		{15 * time.Minute, "Too many failed attempts. Try again in 15 minutes."},
	} {
		if got := throttleMessage(c.wait); got != c.want {
			t.Errorf("throttleMessage(%v) = %q, want %q", c.wait, got, c.want)
		}
	}
}
