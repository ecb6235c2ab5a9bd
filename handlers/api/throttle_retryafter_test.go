package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// TestThrottleRetryAfterExact: a throttled login answers 429 with
// Retry-After in whole seconds, the wait rounded up (README, Login
// throttling: "From the 3rd failure for a user name each further attempt has
// to wait (1 s, 2 s, 4 s, …); the 10th locks the name for 15 minutes"). The
// store's clock is frozen and stepped by hand, so each wait is known to the
// millisecond: exactly 1 s is "1", half a second is "1", 1.5 s is "2", and
// the lock is "900".
func TestThrottleRetryAfterExact(t *testing.T) {
	t.Parallel()
	ts := handlertest.New(t)
	now := time.Unix(1_700_000_000, 0)
	ts.Store.SetClock(func() time.Time { return now })
	try := func() (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, ts.URL+"/v3/auth/tokens", strings.NewReader(handlertest.TokenBody("admin", "wrong-password")))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, body := ts.Do(req)
		if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("token request: %d %s", resp.StatusCode, body)
		}
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	failures := 0
	step := func(d time.Duration, wantStatus int, wantRetry string) {
		t.Helper()
		now = now.Add(d)
		status, retry := try()
		if status != wantStatus || retry != wantRetry {
			t.Fatalf("%d failures counted, clock stepped %v: %d Retry-After %q, want %d %q",
				failures, d, status, retry, wantStatus, wantRetry)
		}
		if status == http.StatusUnauthorized {
			failures++
		}
	}
	for range store.UserThrottle.SlowAfter {
		step(0, http.StatusUnauthorized, "")
	}
	step(0, http.StatusTooManyRequests, "1")                     // waits exactly 1 s
	step(500*time.Millisecond, http.StatusTooManyRequests, "1")  // 0.5 s left
	step(500*time.Millisecond, http.StatusUnauthorized, "")      // waited out: the 4th failure
	step(0, http.StatusTooManyRequests, "2")                     // waits exactly 2 s
	step(500*time.Millisecond, http.StatusTooManyRequests, "2")  // 1.5 s left
	step(1499*time.Millisecond, http.StatusTooManyRequests, "1") // 1 ms left
	step(time.Millisecond, http.StatusUnauthorized, "")          // the 5th failure
	// 4 s, 8 s, ... up to the longest slow-down, a minute.
	for _, wait := range []time.Duration{4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute} {
		step(0, http.StatusTooManyRequests, fmt.Sprint(int(wait/time.Second)))
		step(wait, http.StatusUnauthorized, "")
	}
	// The 10th failure locked the name for 15 minutes.
	step(0, http.StatusTooManyRequests, "900")
	step(time.Minute, http.StatusTooManyRequests, "840")
}
