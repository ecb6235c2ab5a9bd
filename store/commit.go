package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit. Every write of the console goes through Store.tx, and with
// synchronous=FULL each commit costs one fsync of the WAL, which is what
// bounded writes: one writer, one flush per request. Here one goroutine, the
// committer, owns the writer connection. Write requests queue for it; it
// takes every request that is waiting (up to maxBatch), runs them one after
// the other inside one transaction, each in a SAVEPOINT of its own, commits
// once and only then answers each of them. So several requests share one
// flush, and nothing is answered before the commit that holds it returned
// (synchronous=FULL: SQLite has fsynced the WAL by then).
//
// What each request sees is what it saw with one transaction per request:
//   - Order: requests run in the order they arrived (the queue is a channel,
//     whose waiting senders are served first come, first served), each on top
//     of the ones before it in the batch, so rules that read the database
//     (quotas, VLANs in use, form tokens) see every earlier write.
//   - A refusal (fn returns an error) or a panic rolls back to its own
//     savepoint: the others' work in the batch stays.
//   - Cancellation: fn runs on a context without the request's cancellation
//     (its values stay), so a client that goes away cannot interrupt a
//     statement of the shared transaction (an interrupted write statement
//     makes SQLite roll back the whole transaction). A request cancelled
//     while it still waits in the queue leaves it and is answered with its
//     context's error; nothing of it is written. Once the committer has taken
//     it, it waits for the batch's commit (a few milliseconds) and gets the
//     true outcome, so a caller never hears "cancelled" for a write that was
//     made.
//   - A failed commit (disk full, I/O error) fails every request of the batch:
//     none of them was answered as done, none is stored.

// maxBatch bounds the requests sharing one commit, so that a long queue is
// answered in steps rather than all at the end of one very long transaction.
const maxBatch = 64

// writeReq is one caller of Store.tx waiting for the committer.
type writeReq struct {
	ctx  context.Context // the caller's values, without its cancellation
	fn   func(context.Context, *writeTx) error
	done chan writeResult // buffered: the committer never blocks on it
	// state: queued, then taken by the committer or abandoned by a caller
	// whose context ended first; whoever moves it first wins.
	state atomic.Int32
}

const (
	reqQueued int32 = iota
	reqTaken
	reqAbandoned
)

type writeResult struct {
	err      error
	panicked any // a panic of fn, raised again in the caller's goroutine
}

// committer is the group-commit loop (see above); the Store starts it in
// Open and Close stops it after the queue is empty.
type committer struct {
	db *sql.DB

	mu      sync.Mutex
	pending []*writeReq // in order of arrival
	closed  bool
	wake    chan struct{} // buffered 1: "pending is not empty"
	done    chan struct{} // closed when the loop has ended

	commits atomic.Int64 // transactions committed (tests and benchmarks read it)
	writes  atomic.Int64 // requests whose work was committed

	// committed runs after each batch's transaction ended, committed or
	// not, before any of its requests is answered (the token cache's
	// second step, readcache.go).
	committed func()

	// stmts are the writer's prepared statements, by query: parsing SQL
	// was the largest cost of the committer, which runs every write one
	// after the other. Only the committer's goroutine uses the map.
	stmts map[string]*sql.Stmt

	// Test hooks: queued runs after a request joined the queue, with the
	// queue's length (set it with mu held); beforeBatch runs before each
	// batch with its size.
	queued      func(n int)
	beforeBatch func(n int)
}

func newCommitter(db *sql.DB, committed func()) *committer {
	c := &committer{db: db, committed: committed, stmts: map[string]*sql.Stmt{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go c.loop()
	return c
}

// errClosed answers writes after Close.
var errClosed = errors.New("store: closed")

// do runs fn in the next batch and returns its outcome once the batch is
// committed.
func (c *committer) do(ctx context.Context, fn func(context.Context, *writeTx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	r := &writeReq{ctx: context.WithoutCancel(ctx), fn: fn, done: make(chan writeResult, 1)}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errClosed
	}
	c.pending = append(c.pending, r)
	n, hook := len(c.pending), c.queued
	select {
	case c.wake <- struct{}{}:
	default: // the loop has been woken already
	}
	c.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	var res writeResult
	select {
	case res = <-r.done:
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqQueued, reqAbandoned) {
			return fmt.Errorf("store: begin: %w", ctx.Err())
		}
		res = <-r.done // taken already: its outcome is near and true
	}
	if res.panicked != nil {
		panic(res.panicked)
	}
	return res.err
}

// loop runs batches while requests wait; after close it empties the queue
// and ends.
func (c *committer) loop() {
	defer close(c.done)
	for range c.wake {
		c.drain()
	}
	c.drain()
}

// drain runs batches until the queue is empty.
func (c *committer) drain() {
	for {
		c.mu.Lock()
		n := min(len(c.pending), maxBatch)
		batch := make([]*writeReq, n)
		copy(batch, c.pending)
		rest := copy(c.pending, c.pending[n:])
		clear(c.pending[rest:]) // let answered requests be collected
		c.pending = c.pending[:rest]
		c.mu.Unlock()
		if n == 0 {
			return
		}
		c.run(batch)
	}
}

// run executes one batch: one transaction, a savepoint per request, one
// commit, then every answer.
func (c *committer) run(batch []*writeReq) {
	if c.beforeBatch != nil {
		c.beforeBatch(len(batch))
	}
	live := batch[:0:0]
	for _, r := range batch {
		if r.state.CompareAndSwap(reqQueued, reqTaken) {
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	results := make([]writeResult, len(live))
	ok := make([]bool, len(live))
	ctx := context.Background()
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		c.answerAll(live, results, fmt.Errorf("store: begin: %w", err))
		return
	}
	wtx := &writeTx{tx: tx, c: c} // its statements are prepared once, savepoints too
	for i, r := range live {
		if _, err := wtx.ExecContext(ctx, "SAVEPOINT request"); err != nil {
			tx.Rollback()
			c.failFrom(live, results, ok, i, fmt.Errorf("store: savepoint: %w", err))
			return
		}
		results[i] = call(r, wtx)
		if results[i].err == nil && results[i].panicked == nil {
			if _, err := wtx.ExecContext(ctx, "RELEASE request"); err != nil {
				tx.Rollback()
				c.failFrom(live, results, ok, i, fmt.Errorf("store: release savepoint: %w", err))
				return
			}
			ok[i] = true
			continue
		}
		// Undo this request's work only. When that fails the transaction
		// is broken (SQLite rolled it back itself after a severe error):
		// the earlier requests' work is gone with it.
		if _, err := wtx.ExecContext(ctx, "ROLLBACK TO request"); err != nil {
			tx.Rollback()
			c.failFrom(live, results, ok, i+1, fmt.Errorf("store: roll back to savepoint: %w", err))
			return
		}
		if _, err := wtx.ExecContext(ctx, "RELEASE request"); err != nil {
			tx.Rollback()
			c.failFrom(live, results, ok, i+1, fmt.Errorf("store: release savepoint: %w", err))
			return
		}
	}
	if err := tx.Commit(); err != nil {
		err = fmt.Errorf("store: commit: %w", err)
		for i := range live {
			if ok[i] {
				results[i] = writeResult{err: err}
			}
		}
		c.answer(live, results)
		return
	}
	c.commits.Add(1)
	for i := range live {
		if ok[i] {
			c.writes.Add(1)
		}
	}
	c.answer(live, results)
}

// failFrom handles a batch whose transaction broke at request i: the
// requests before i that had succeeded lost their work with it and get err;
// those before i that were refused keep their refusal; request i and later
// ones, if i is one of them, get err too (none of them is stored).
func (c *committer) failFrom(live []*writeReq, results []writeResult, ok []bool, i int, err error) {
	for j := range live {
		if j >= i || ok[j] {
			results[j] = writeResult{err: err}
		}
	}
	c.answer(live, results)
}

func (c *committer) answerAll(live []*writeReq, results []writeResult, err error) {
	for i := range results {
		results[i] = writeResult{err: err}
	}
	c.answer(live, results)
}

// answer ends a batch: the token cache first learns that its transaction
// is over, then each request gets its result.
func (c *committer) answer(live []*writeReq, results []writeResult) {
	c.committed()
	for i, r := range live {
		r.done <- results[i]
	}
}

// call runs one request's fn, turning a panic into a result.
func call(r *writeReq, tx *writeTx) (res writeResult) {
	defer func() {
		if p := recover(); p != nil {
			res = writeResult{panicked: p}
		}
	}()
	return writeResult{err: r.fn(r.ctx, tx)}
}

// close stops taking requests and returns once every queued one is
// answered.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.wake) // the loop drains the queue, then ends
	}
	c.mu.Unlock()
	<-c.done
	for _, st := range c.stmts {
		st.Close()
	}
}

// writeTx is the batch's transaction as one request's fn sees it: it can
// run statements but not commit or roll back (the committer does), and its
// statements come from the writer's statement cache.
type writeTx struct {
	tx *sql.Tx
	c  *committer // nil on PostgreSQL (postgres.go)
}

// ExecContext runs a statement in the transaction.
func (t *writeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if t.c == nil {
		return t.tx.ExecContext(ctx, pgSQL(query), pgArgs(args)...)
	}
	if st := t.c.stmt(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query in the transaction.
func (t *writeTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if t.c == nil {
		return t.tx.QueryContext(ctx, pgSQL(query), pgArgs(args)...)
	}
	if st := t.c.stmt(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row.
func (t *writeTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if t.c == nil {
		return t.tx.QueryRowContext(ctx, pgSQL(query), pgArgs(args)...)
	}
	if st := t.c.stmt(ctx, query); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// stmt returns the writer's prepared statement for query, preparing it on
// first use; nil when it cannot (the cache is full, or the query does not
// prepare: running it unprepared reports why). The statement is prepared
// on the writer pool's second connection, as the batch's transaction holds
// the first; database/sql prepares it once more on the transaction's
// connection at first use there and keeps both.
func (c *committer) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts) >= maxCachedStmts {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.stmts[query] = st
	return st
}
