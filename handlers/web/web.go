// Package web holds what the console's pages (handlers/console) and the API
// (handlers/api) both need: the settings and dependencies they share (Deps),
// the login throttle (throttle.go) and the cache of rendered list fragments
// (fragcache.go). It imports neither of them nor handlers.
package web

import (
	"log/slog"
	"net/netip"
	"time"

	"dcconsole/store"
)

// Config holds the handler settings that come from the command line.
type Config struct {
	// SessionKeys are the gorilla/securecookie keys: a 32- or 64-byte hash key
	// and a 32-byte encryption key.
	SessionHashKey  []byte
	SessionBlockKey []byte
	// SecureCookies marks cookies Secure (when the console is served over HTTPS).
	SecureCookies bool
	// IdleTimeout ends a session nobody used for this long.
	IdleTimeout time.Duration
	// MaxSessionAge ends a session this long after login, used or not.
	MaxSessionAge time.Duration
	// RedirectSeconds is the countdown on "request submitted" pages.
	RedirectSeconds int
	// Testing enables POST /testing/reset for test runs. main refuses it
	// unless the console listens on a loopback address.
	Testing bool
	// TrustedProxies are the load balancers in front of the console
	// (several instances on PostgreSQL): a request from one of them is
	// the client's named in X-Forwarded-For (the nearest address not
	// trusted), for login throttling and logs. Empty: the connection's peer
	// is the client, and X-Forwarded-For is ignored.
	TrustedProxies []netip.Prefix
}

// Deps holds what the console's and the API's handlers share. One Deps
// serves the whole server: the API and the console keep their list
// fragments in the same cache, within one budget.
type Deps struct {
	Store  *store.Store
	Log    *slog.Logger
	Config Config

	Fragments *FragmentCache // rendered list tables, see fragcache.go
}
