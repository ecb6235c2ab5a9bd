package console

import (
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/sessions"
)

// memoCookieStore is gorilla's CookieStore that remembers, for a short
// while, what a cookie it has already verified and decoded holds. A page
// view sends the same cookie as the one before it, and decoding one (HMAC,
// AES, gob) was the largest single cost of a cached list page (about 40 µs
// of 190 µs in BenchmarkConnectionListPage).
//
// Only a cookie value that gorilla accepted enters the memo, keyed by the
// whole value, so a forged or altered cookie still goes through (and fails)
// gorilla's checks. An entry lives for memoTTL at most, so the cookie's own
// MaxAge is still enforced within that margin; the server-side session
// (store.SessionUser) decides on every request whether the session lives.
// Each request gets its own copy of the values.
type memoCookieStore struct {
	*sessions.CookieStore

	mu   sync.Mutex
	memo map[string]memoEntry
}

type memoEntry struct {
	values map[any]any
	at     time.Time
}

const (
	memoTTL     = time.Minute
	memoEntries = 4096 // then the memo starts afresh
)

func newMemoCookieStore(cs *sessions.CookieStore) *memoCookieStore {
	return &memoCookieStore{CookieStore: cs, memo: map[string]memoEntry{}}
}

// Get returns the request's session, once per request (gorilla's registry).
func (m *memoCookieStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(m, name)
}

// New decodes the request's session cookie, from the memo when it can.
func (m *memoCookieStore) New(r *http.Request, name string) (*sessions.Session, error) {
	ck, err := r.Cookie(name)
	if err != nil {
		return m.CookieStore.New(r, name)
	}
	now := time.Now()
	m.mu.Lock()
	e, ok := m.memo[ck.Value]
	m.mu.Unlock()
	if ok && now.Sub(e.at) < memoTTL {
		s := sessions.NewSession(m, name)
		opts := *m.Options
		s.Options = &opts
		s.Values = copyValues(e.values)
		s.IsNew = false
		return s, nil
	}
	s, err := m.CookieStore.New(r, name)
	if err != nil || s.IsNew {
		return s, err
	}
	m.mu.Lock()
	if len(m.memo) >= memoEntries {
		clear(m.memo)
	}
	m.memo[ck.Value] = memoEntry{values: copyValues(s.Values), at: now}
	m.mu.Unlock()
	return s, nil
}

// copyValues copies a session's values deep enough that one request's
// changes (a flash appended or taken, a key set) never reach another's.
func copyValues(v map[any]any) map[any]any {
	out := maps.Clone(v)
	for k, x := range out {
		if xs, ok := x.([]any); ok {
			out[k] = slices.Clone(xs)
		}
	}
	return out
}
