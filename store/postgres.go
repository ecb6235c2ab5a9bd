package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/crypto/bcrypt"
)

// The PostgreSQL backend: the same store, rules and SQL as on SQLite
// (dialect.go rewrites the few spellings that differ), for several console
// instances on one database.
//
// Concurrency. On SQLite one committer runs every write one after the other
// (commit.go), and the rules that read before they write rely on that: the
// quotas, a VLAN used once per connection, the bandwidth of a connection's
// interfaces, one gateway per VPC, a gateway's two connections at different
// locations, the form tokens (one create per submitted form), the promoter
// moving a row out of its creating state once. With several instances,
// several writers run at once. Each write runs here in a transaction of its
// own at SERIALIZABLE, and one that PostgreSQL refuses as not serializable
// (SQLSTATE 40001, or a deadlock, 40P01) runs again from the start, up to
// maxPGAttempts times. Serializable snapshot isolation guarantees that the
// transactions that commit have the effect of running one after the other,
// in some order: exactly what the rules assumed, for every rule at once,
// present and future, without a lock per rule to forget. The alternatives
// were weighed: row locks (SELECT ... FOR UPDATE) cannot lock a row that
// does not exist yet (two creates of the first interface on VLAN 100), and
// an advisory lock per project leaves the rules that span projects (user
// names, VPC gateways, form tokens) to be handled apart. The cost is a retry
// when two writes touch the same project at the same moment (each one
// updates the project's row: its list version), which is rare beside the
// round trips.
//
// Within one instance, the writes of one project also take a lock of that
// project first (txIn, projectLocks): every write of a project updates the
// project's row (its list version, its connection count), so two of them at
// once always conflict, and the benchmark's eight writers in one project
// were refused about twice per write; queued in the instance instead, they
// conflict only with other instances' writes. The lock only orders what
// SERIALIZABLE already makes correct.
//
// A write's fn may therefore run more than once: it must keep its effects
// inside the transaction and set, not accumulate, what it reports (each
// caller of Store.tx does). A refusal or a panic of fn rolls its
// transaction back; nothing half-written stays.

// maxPGAttempts bounds the runs of one write that keeps conflicting; with
// the waits between runs (up to 64 ms each) a write gives up after about
// three seconds of conflicts.
const maxPGAttempts = 60

// pgWriter runs the store's writes on PostgreSQL.
type pgWriter struct {
	db *sql.DB
	// projectLocks order the writes of a project within the instance
	// (txIn): a project takes the lock its ID hashes to.
	projectLocks [64]sync.Mutex
	// retries counts the runs that were refused as not serializable and
	// ran again (tests and benchmarks read it).
	retries atomic.Int64
	// beforeCommit, when set (tests), runs after a run's fn succeeded and
	// before its commit; an error it returns fails the run as a commit
	// error would.
	beforeCommit func(attempt int) error
	// beforeRetry, when set (tests), runs after a run was refused and
	// rolled back, before the next run.
	beforeRetry func(attempt int)
}

// IsPostgresURL reports whether dsn names a PostgreSQL database rather than
// a SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// RedactURL returns a PostgreSQL URL without its password, for messages and
// logs.
func RedactURL(dsn string) string {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return "the PostgreSQL URL"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// DisplayName is how messages and logs name the database: the SQLite
// file's path, or the PostgreSQL URL without its password.
func DisplayName(dsn string) string {
	if IsPostgresURL(dsn) {
		return RedactURL(dsn)
	}
	return dsn
}

// openPostgres opens the store on the PostgreSQL database dsn names and
// applies pending migrations.
func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %s is not a valid PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE): %w", RedactURL(dsn), errors.Unwrap(err))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	name := RedactURL(dsn)
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: cannot reach the PostgreSQL database %s: %w", name, err)
	}
	s := &Store{now: time.Now, w: db, r: newReadPool(db), pg: &pgWriter{db: db}}
	s.r.pg = true
	s.SetPasswordCost(bcrypt.DefaultCost)
	s.SetPasswordChecks(DefaultPasswordChecks())
	if err := s.migratePG(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("%w (database %s)", err, name)
	}
	return s, nil
}

// Postgres reports whether the store runs on PostgreSQL.
func (s *Store) Postgres() bool { return s.pg != nil }

// txIn is tx for a write of the given project: on PostgreSQL it waits for
// the instance's other writes of that project first (see above).
func (s *Store) txIn(ctx context.Context, projectID string, fn func(context.Context, *writeTx) error) error {
	if s.pg != nil {
		h := fnv.New32a()
		h.Write([]byte(projectID))
		m := &s.pg.projectLocks[h.Sum32()%uint32(len(s.pg.projectLocks))]
		m.Lock()
		defer m.Unlock()
	}
	return s.tx(ctx, fn)
}

// do runs fn in a transaction of its own (see above).
func (p *pgWriter) do(ctx context.Context, fn func(context.Context, *writeTx) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	// As on SQLite, the work runs without the caller's cancellation: a
	// client that goes away mid-commit would otherwise leave it unknown
	// whether its write was made.
	ctx = context.WithoutCancel(ctx)
	for attempt := 1; ; attempt++ {
		err := p.once(ctx, fn, attempt)
		if err == nil || attempt == maxPGAttempts || !retryable(err) {
			return err
		}
		p.retries.Add(1)
		if p.beforeRetry != nil {
			p.beforeRetry(attempt)
		}
		// Wait a little, more after each refusal, so that the writes
		// that keep meeting stop meeting.
		time.Sleep(time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt, 6))))
	}
}

func (p *pgWriter) once(ctx context.Context, fn func(context.Context, *writeTx) error, attempt int) (err error) {
	tx, err := p.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if r := recover(); r != nil {
			tx.Rollback()
			panic(r)
		}
	}()
	if err := fn(ctx, &writeTx{tx: tx}); err != nil {
		tx.Rollback()
		return err
	}
	if p.beforeCommit != nil {
		if err := p.beforeCommit(attempt); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: commit: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// retryable reports whether err is PostgreSQL refusing a transaction that
// may succeed when run again: a serialization failure, a deadlock, or a
// unique key taken by a transaction that committed meanwhile (run again,
// the rule that checks the key sees the row and refuses with its message).
func retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "40001", "40P01", "23505":
		return true
	}
	return false
}

// pgMigrationLock is the key of the advisory lock that lets one instance at
// a time migrate the database.
const pgMigrationLock = 0x6463636f6e736f6c // "dcconsol"

// migratePG applies the PostgreSQL migrations under an advisory lock: the
// instances that start at the same moment on an empty database wait for
// the first one's migrations, then find nothing left to do.
func (s *Store) migratePG(ctx context.Context) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, int64(pgMigrationLock)); err != nil {
		return fmt.Errorf("store: migrate: take the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(pgMigrationLock))
	return s.migrateFrom(ctx, "migrations_pg")
}
