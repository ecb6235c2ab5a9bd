package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// holdWrites makes the next batch wait: it hands the committer a write that
// blocks until the returned release is called, and returns once the
// committer runs it. Writes made meanwhile queue up behind it.
func holdWrites(t *testing.T, s *Store) (release func()) {
	t.Helper()
	running, gate, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- s.tx(context.Background(), func(context.Context, *writeTx) error {
			close(running)
			<-gate
			return nil
		})
	}()
	<-running
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(gate)
			if err := <-done; err != nil {
				t.Errorf("the holding write: %v", err)
			}
		})
	}
	t.Cleanup(release)
	return release
}

// queueWatch reports each time a write joins the committer's queue from
// now on, with the queue's length.
func queueWatch(s *Store) <-chan int {
	ch := make(chan int, 256)
	s.commits.mu.Lock()
	s.commits.queued = func(n int) { ch <- n }
	s.commits.mu.Unlock()
	return ch
}

// waitQueued waits until the queue holds n writes.
func waitQueued(t *testing.T, ch <-chan int, n int) {
	t.Helper()
	for {
		select {
		case got := <-ch:
			if got == n {
				return
			}
		case <-time.After(time.Minute):
			t.Fatalf("the queue never held %d writes", n)
		}
	}
}

// batchSizes records the size of every batch the committer runs.
func batchSizes(s *Store) func() []int {
	var mu sync.Mutex
	var sizes []int
	s.commits.beforeBatch = func(n int) {
		mu.Lock()
		sizes = append(sizes, n)
		mu.Unlock()
	}
	return func() []int {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(sizes)
	}
}

// The writes that wait while a batch runs share the next commit: eight
// creates queued behind a held write are committed by one transaction, and
// each is answered with its own connection.
func TestGroupCommitSharesOneCommit(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t)
	sizes := batchSizes(s)
	release := holdWrites(t, s)
	queued := queueWatch(s)
	before := s.commits.commits.Load()

	const n = 8
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: fmt.Sprintf("dc-batch-%d", i), Location: "Biere", Bandwidth: 100}, "")
			ids[i], errs[i] = c.ID, err
		})
	}
	waitQueued(t, queued, n)
	release()
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
		c, err := s.Connection(ctx, p.ID, ids[i])
		if err != nil || c.Name != fmt.Sprintf("dc-batch-%d", i) {
			t.Fatalf("create %d not stored as answered: %+v, %v", i, c, err)
		}
	}
	// The held write was committed alone, the eight together.
	if got := s.commits.commits.Load() - before; got != 2 {
		t.Fatalf("%d commits for the held write and %d creates, want 2 (batches %v)", got, n, sizes())
	}
	if got := sizes(); !slices.Equal(got[len(got)-2:], []int{1, n}) {
		t.Fatalf("batch sizes %v, want ... 1, %d", got, n)
	}
}

// queueInOrder starts the writes one after the other, each once the one
// before it has joined the queue (which holds start writes before them), so
// they queue in the order given. wait returns their errors once all are
// answered.
func queueInOrder(t *testing.T, queued <-chan int, start int, writes ...func() error) (wait func() []error) {
	t.Helper()
	errs := make([]error, len(writes))
	var wg sync.WaitGroup
	for i, w := range writes {
		wg.Go(func() { errs[i] = w() })
		waitQueued(t, queued, start+i+1)
	}
	return func() []error { wg.Wait(); return errs }
}

// A refusal, a failed write and a panic in a batch undo only their own
// work; the writes around them in the same commit are kept, and rules
// (here the connection quota) see the writes queued before them.
func TestGroupCommitRefusalKeepsOthers(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t)
	used, quota, err := s.ConnectionQuota(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Room for exactly two more connections.
	for i := range quota - used - 2 {
		if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: fmt.Sprintf("dc-pre-%d", i), Location: "Biere", Bandwidth: 100}, ""); err != nil {
			t.Fatal(err)
		}
	}
	sizes := batchSizes(s)
	release := holdWrites(t, s)
	queued := queueWatch(s)
	before := s.commits.commits.Load()

	create := func(name string) func() error {
		return func() error {
			_, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: name, Location: "Biere", Bandwidth: 100}, "")
			return err
		}
	}
	errWrote := errors.New("wrote, then refused")
	var panicked any
	wait := queueInOrder(t, queued, 0,
		create("dc-first"),
		func() error { // writes, then fails: its write must go
			return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
				if _, err := tx.ExecContext(ctx, `UPDATE projects SET name = 'renamed' WHERE id = ?`, p.ID); err != nil {
					return err
				}
				return errWrote
			})
		},
		func() error { // refused inside the transaction
			_, err := s.DeleteConnection(ctx, p.ID, "no-such-connection")
			return err
		},
		func() (err error) { // panics after a write: the panic reaches its caller, its write goes
			defer func() { panicked = recover() }()
			return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
				if _, err := tx.ExecContext(ctx, `UPDATE projects SET name = 'panicked' WHERE id = ?`, p.ID); err != nil {
					return err
				}
				panic("boom")
			})
		},
		create("dc-second"),
		create("dc-over-quota"),
	)
	release()
	errs := wait()

	// The held write, then the six in one batch; after it the store logs
	// the refusals in the operations log, in writes of their own.
	if got := sizes(); len(got) < 2 || !slices.Equal(got[:2], []int{1, 6}) || s.commits.commits.Load()-before != int64(len(got)) {
		t.Fatalf("batches %v, commits %d: want the held write, then one batch of 6", got, s.commits.commits.Load()-before)
	}
	if errs[0] != nil || errs[4] != nil {
		t.Fatalf("the good creates: %v, %v", errs[0], errs[4])
	}
	if !errors.Is(errs[1], errWrote) {
		t.Fatalf("the failed write answered %v", errs[1])
	}
	if !errors.Is(errs[2], ErrNotFound) {
		t.Fatalf("the delete of an unknown connection answered %v", errs[2])
	}
	if panicked != "boom" {
		t.Fatalf("the panic reached its caller as %v", panicked)
	}
	var re *RuleError
	if !errors.As(errs[5], &re) || re.Code != "DC.1019" {
		t.Fatalf("the create over the quota answered %v", errs[5])
	}
	list, total, err := s.Connections(ctx, p.ID, ListFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range list {
		if c.Name == "dc-first" || c.Name == "dc-second" || c.Name == "dc-over-quota" {
			names = append(names, c.Name)
		}
	}
	slices.Sort(names)
	if total != quota || !slices.Equal(names, []string{"dc-first", "dc-second"}) {
		t.Fatalf("stored %d connections, new ones %v; want %d with dc-first and dc-second", total, names, quota)
	}
	all, err := s.AllProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range all {
		if got.ID == p.ID && got.Name != p.Name {
			t.Fatalf("project after the failed and the panicked write: %+v; want name %q", got, p.Name)
		}
	}
}

// A write whose caller gives up while it still waits in the queue leaves
// it: the caller hears its context's error at once, nothing of it is
// written, and the write queued behind it is made.
func TestGroupCommitCancelledWhileQueued(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t)
	release := holdWrites(t, s)
	queued := queueWatch(s)

	cctx, cancel := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, _, err := s.CreateConnection(cctx, p, ConnectionInput{Name: "dc-cancelled", Location: "Biere", Bandwidth: 100}, "")
		gaveUp <- err
	}()
	waitQueued(t, queued, 1)
	kept := make(chan error, 1)
	go func() {
		_, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-kept", Location: "Biere", Bandwidth: 100}, "")
		kept <- err
	}()
	waitQueued(t, queued, 2)
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) { // answered while the committer is still held
		t.Fatalf("the cancelled create answered %v, want context.Canceled", err)
	}
	release()
	if err := <-kept; err != nil {
		t.Fatalf("the create behind it: %v", err)
	}
	list, _, err := s.Connections(ctx, p.ID, ListFilter{Name: "dc-"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, []string{"dc-kept"}) {
		t.Fatalf("stored %v, want only dc-kept", names)
	}
}

// A caller that gives up once its write runs does not interrupt the shared
// transaction: its write runs on a context without the cancellation,
// completes, and the caller is told the truth (done); the write batched
// with it is kept too.
func TestGroupCommitCancelDuringWriteKeepsBatch(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t)
	release := holdWrites(t, s)
	queued := queueWatch(s)

	cctx, cancel := context.WithCancel(ctx)
	running, resume := make(chan struct{}), make(chan struct{})
	wait := queueInOrder(t, queued, 0,
		func() error {
			return s.tx(cctx, func(ctx context.Context, tx *writeTx) error {
				close(running)
				<-resume // the caller's context is cancelled by now
				_, err := tx.ExecContext(ctx, `UPDATE projects SET name = 'renamed-while-cancelled' WHERE id = ?`, p.ID)
				return err
			})
		},
		func() error {
			_, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-beside", Location: "Biere", Bandwidth: 100}, "")
			return err
		},
	)
	release()
	<-running
	cancel()
	close(resume)
	errs := wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("the write whose caller gave up: %v; the one beside it: %v; want both done", errs[0], errs[1])
	}
	all, err := s.AllProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(all, func(q Project) bool { return q.ID == p.ID && q.Name == "renamed-while-cancelled" }) {
		t.Fatalf("the write answered done is not stored: %+v", all)
	}
	if list, _, err := s.Connections(ctx, p.ID, ListFilter{Name: "dc-beside"}); err != nil || len(list) != 1 {
		t.Fatalf("the write beside it: %v, %v", list, err)
	}
}

// Writes in one batch run in the order they arrived, each on top of the
// ones before it: four submits of one form (same request token) queued
// together make one connection, and all four are answered with it.
func TestGroupCommitSameTokenInOneBatch(t *testing.T) {
	ctx := context.Background()
	s, p := sqliteBootstrapped(t)
	sizes := batchSizes(s)
	release := holdWrites(t, s)
	queued := queueWatch(s)

	type result struct {
		id      string
		created bool
	}
	results := make([]result, 4)
	var writes []func() error
	for i := range results {
		writes = append(writes, func() error {
			c, created, err := s.CreateConnection(ctx, p, ConnectionInput{Name: fmt.Sprintf("dc-token-%d", i), Location: "Biere", Bandwidth: 100}, "TOKEN-BATCH")
			results[i] = result{c.ID, created}
			return err
		})
	}
	wait := queueInOrder(t, queued, 0, writes...)
	release()
	for i, err := range wait() {
		if err != nil {
			t.Fatalf("submit %d: %v", i, err)
		}
	}
	if got := sizes(); got[len(got)-1] != 4 {
		t.Fatalf("batches %v: the four submits did not share one", got)
	}
	for i, r := range results {
		if r.id != results[0].id || r.created != (i == 0) {
			t.Fatalf("submit %d answered %+v, the first %+v: want the first to create, all the same connection", i, r, results[0])
		}
	}
	list, _, err := s.Connections(ctx, p.ID, ListFilter{Name: "dc-token-"})
	if err != nil || len(list) != 1 || list[0].Name != "dc-token-0" {
		t.Fatalf("stored %+v, %v; want dc-token-0 only", list, err)
	}
}

// Close answers every write already queued (and makes it) before it closes
// the database; later writes are refused.
func TestGroupCommitCloseAnswersQueued(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "close.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetPasswordCost(bcrypt.MinCost)
	if _, err := s.Bootstrap(ctx, "admin-password"); err != nil {
		t.Fatal(err)
	}
	projects, err := s.AllProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := projects[0]
	release := holdWrites(t, s)
	queued := queueWatch(s)
	created := make(chan error, 1)
	go func() {
		created <- s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
			_, err := tx.ExecContext(ctx, `UPDATE projects SET name = 'written-at-close' WHERE id = ?`, p.ID)
			return err
		})
	}()
	waitQueued(t, queued, 1)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	release()
	if err := <-created; err != nil {
		t.Fatalf("the write queued at Close: %v", err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-after-close", Location: "Biere", Bandwidth: 100}, ""); !errors.Is(err, errClosed) {
		t.Fatalf("a write after Close answered %v", err)
	}
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	all, err := s2.AllProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(all, func(q Project) bool { return q.ID == p.ID && q.Name == "written-at-close" }) {
		t.Fatalf("after reopening, the write queued at Close is missing: %+v", all)
	}
}
