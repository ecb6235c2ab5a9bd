package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// readPool is the reader pool with a cache of prepared statements. SQLite
// parses a statement's SQL every time it is prepared; the console runs the
// same few dozen queries over and over, and the profile of a list page
// showed parsing as the largest single cost. database/sql prepares a cached
// statement once per pooled connection and reuses it after that.
type readPool struct {
	*sql.DB

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt

	// statements counts the queries run through the pool (ReadStatements).
	statements atomic.Int64

	// pg: the pool is PostgreSQL's, whose driver (pgx) keeps each
	// connection's prepared statements itself; queries go to it in
	// PostgreSQL's spelling (dialect.go).
	pg bool
}

// maxCachedStmts bounds the cache: queries whose text varies (IN lists of
// different lengths) stop being cached once it is full.
const maxCachedStmts = 256

func newReadPool(db *sql.DB) *readPool {
	return &readPool{DB: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the cached statement for query, preparing it on first use;
// nil when the cache is full.
func (p *readPool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.RLock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= maxCachedStmts
	p.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st, ok := p.stmts[query]; ok {
		return st, nil
	}
	st, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.stmts[query] = st
	return st, nil
}

// QueryContext runs a query through its cached statement.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	p.statements.Add(1)
	if p.pg {
		return p.DB.QueryContext(ctx, pgSQL(query), pgArgs(args)...)
	}
	st, err := p.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return p.DB.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query through its cached statement.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	p.statements.Add(1)
	if p.pg {
		return p.DB.QueryRowContext(ctx, pgSQL(query), pgArgs(args)...)
	}
	st, err := p.stmt(ctx, query)
	if err != nil || st == nil {
		// Preparing failed (a bad statement): the plain query reports the
		// same error through Row.Scan.
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// Close closes the cached statements, then the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = map[string]*sql.Stmt{}
	p.mu.Unlock()
	return p.DB.Close()
}

// ReadStatements is the number of SQL statements the store has run on its
// reader pool since it was opened. Tests and benchmarks read it before and
// after a page to count the page's queries (a page whose count grows with
// its rows runs a query per row).
func (s *Store) ReadStatements() int64 { return s.r.statements.Load() }
