package store

import (
	"sync"
	"sync/atomic"
)

// readCache keeps the answers of reads that nearly every request makes
// (an API token check, a console session's user, the projects of the
// project selector): under write load each read costs SQLite a reload of
// the pages the last commit changed, and these three were a fifth of a
// list page's CPU. An entry is valid while no row of the tables its read
// reads has changed since the read began: the writer's pre-update hook
// reports each row change (changed, during the transaction), and the
// committer reports the end of each transaction (committed) before it
// answers anyone. The generation moves at both steps, so a read that ran
// while a change was not yet committed (and saw the old rows) is stale
// once the change is, and a revoke, a disabled user, an ended session or a
// withdrawn project is seen by the very next request after its answer.
//
// The caches live in one process: on PostgreSQL other instances write too,
// and their changes never reach this hook, so a PostgreSQL store has none
// (a nil *readCache is a cache that never answers).
type readCache[K comparable, V any] struct {
	tables map[string]bool // the tables the cached read reads
	gen    atomic.Uint64
	dirty  atomic.Bool // one of tables changed in the transaction under way

	mu      sync.RWMutex
	entries map[K]cacheEntry[V]
}

type cacheEntry[V any] struct {
	gen uint64
	v   V
}

// maxCacheEntries bounds each cache; a full cache starts afresh.
const maxCacheEntries = 10_000

func newReadCache[K comparable, V any](tables ...string) *readCache[K, V] {
	c := &readCache[K, V]{tables: map[string]bool{}}
	for _, t := range tables {
		c.tables[t] = true
	}
	return c
}

func (c *readCache[K, V]) changed(table string) {
	if c != nil && c.tables[table] {
		c.dirty.Store(true)
		c.gen.Add(1)
	}
}

func (c *readCache[K, V]) committed() {
	if c != nil && c.dirty.Swap(false) {
		c.gen.Add(1)
	}
}

// get returns the cached value for k when it is still valid, and the
// generation a fresh read starts at.
func (c *readCache[K, V]) get(k K) (V, uint64, bool) {
	var zero V
	if c == nil {
		return zero, 0, false
	}
	gen := c.gen.Load()
	c.mu.RLock()
	e, ok := c.entries[k]
	c.mu.RUnlock()
	if ok && e.gen == gen {
		return e.v, gen, true
	}
	return zero, gen, false
}

// put keeps a value read that began at generation gen.
func (c *readCache[K, V]) put(k K, gen uint64, v V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCacheEntries {
		c.entries = map[K]cacheEntry[V]{}
	}
	c.entries[k] = cacheEntry[V]{gen: gen, v: v}
}

// readCaches are the store's caches, told of every change the writer makes
// (a PostgreSQL store's are nil).
type readCaches struct {
	tokens   *readCache[string, APIToken]     // by token hash (apitokens.go)
	sessions *readCache[string, sessionEntry] // by session ID hash (security.go)
	projects *readCache[int64, []Project]     // by user ID: ProjectsForUser (projects.go)
}

func newReadCaches() readCaches {
	return readCaches{
		tokens:   newReadCache[string, APIToken]("api_tokens", "users", "projects", "user_projects"),
		sessions: newReadCache[string, sessionEntry]("sessions", "users"),
		projects: newReadCache[int64, []Project]("users", "projects", "user_projects"),
	}
}

func (r readCaches) changed(table string) {
	r.tokens.changed(table)
	r.sessions.changed(table)
	r.projects.changed(table)
}

func (r readCaches) committed() {
	r.tokens.committed()
	r.sessions.committed()
	r.projects.committed()
}
