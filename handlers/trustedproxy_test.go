package handlers_test

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"testing"
	"time"

	"dcconsole/handlers"
	"dcconsole/store"
)

// TestTrustedProxyNamesTheClient: behind a load balancer named in
// TrustedProxies, the address throttle counts the client the balancer
// names in X-Forwarded-For (the nearest address it did not add itself),
// so one client's failures slow that client, not everyone behind the
// balancer; what a client writes into X-Forwarded-For itself still cannot
// dodge the throttle.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	t.Parallel()
	// The test's requests come from the loopback address: the "balancer".
	w := newSecWorld(t, handlers.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
	now := time.Now()
	w.Store.SetClock(func() time.Time { return now })
	b := w.NewBrowser()
	b.Get("/login")
	attempt := func(user, xff string) int {
		t.Helper()
		form := url.Values{"_csrf": {b.CSRF}, "username": {user}, "password": {"wrong-password"}}
		resp, _ := b.Raw(http.MethodPost, "/login", "application/x-www-form-urlencoded", form.Encode(), map[string]string{"X-Forwarded-For": xff})
		return resp.StatusCode
	}
	limit := store.AddrThrottle.SlowAfter
	for i := range limit {
		// The client wrote a new address of its own each time; the
		// balancer appended the one it saw: 203.0.113.7.
		if code := attempt("nobody-"+string(rune('a'+i%26))+string(rune('a'+i/26)), "198.51.100."+string(rune('1'+i%9))+", 203.0.113.7"); code != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i+1, code)
		}
	}
	if code := attempt("nobody-last", "192.0.2.99, 203.0.113.7"); code != http.StatusTooManyRequests {
		t.Fatalf("client 203.0.113.7 after %d failures: status %d, want 429", limit, code)
	}
	if code := attempt("nobody-other", "203.0.113.8"); code != http.StatusUnauthorized {
		t.Fatalf("another client behind the same balancer: status %d, want 401 (not throttled)", code)
	}
	ctx := context.Background()
	if wait, _ := w.Store.LoginWait(ctx, []string{"ip:203.0.113.7"}); wait <= 0 {
		t.Fatal("the client's address is not throttled")
	}
	if wait, _ := w.Store.LoginWait(ctx, []string{"ip:127.0.0.1"}); wait != 0 {
		t.Fatal("the balancer's own address was throttled")
	}
}
