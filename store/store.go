// Package store keeps the console's data, in an embedded SQLite file or in a
// PostgreSQL database that several console instances share, and owns every
// rule about that data (names, bandwidths, quotas), so that each front end
// (console pages, API) applies the same rules on either backend.
//
// All SQLite-specific parts (DSN pragmas, pool layout) live in this file and
// commit.go, the PostgreSQL ones in postgres.go, the differences of their
// SQL in dialect.go; the SQL elsewhere in the package runs on both.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Store is the console's data store. One goroutine, the committer, runs
// every write (commit.go), so writes never fight over SQLite's single write
// lock, and a pool of readers, which WAL mode lets run beside the writer.
type Store struct {
	w *sql.DB
	// commits runs every write transaction on w, several requests to one
	// commit (commit.go); it also hands w to writers first come, first
	// served (database/sql gives a freed connection to a random waiter:
	// with 32 concurrent writers some waited 100+ ms while later ones went
	// first).
	commits *committer
	// pg runs the writes instead of commits when the database is
	// PostgreSQL (postgres.go); nil on SQLite.
	pg     *pgWriter
	r      *readPool
	caches readCaches // token checks, sessions, a user's projects (readcache.go)
	now    func() time.Time
	ids    ids // IDs of new resources (ids.go)

	provisionDelay time.Duration
	// passwordCost is the bcrypt cost of new password hashes; dummyHash is
	// compared against for unknown users, at the same cost.
	passwordCost int
	dummyHash    []byte
	pwGate       *passwordGate // bounds concurrent bcrypt checks (users.go)
}

// Open opens (creating if needed) the SQLite database at path, or the
// PostgreSQL database when path is a postgres:// URL (postgres.go), applies
// pending migrations and returns a ready Store.
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
	if err := CheckPath(path); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create folder for %s: %w", path, err)
		}
	}
	base, err := sqlite.NewConnector(dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	s := &Store{now: time.Now, caches: newReadCaches()}
	w := sql.OpenDB(writerConnector{Connector: base, changed: s.caches.changed})
	// Two connections: the committer's transactions use one at a time, and
	// the other prepares the writer's statements meanwhile (commit.go).
	w.SetMaxOpenConns(2)
	w.SetMaxIdleConns(2)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	// Keep all of them: database/sql keeps 2 idle by default, and under
	// load the others were closed after each use and opened again (opening
	// runs the pragmas and parses the schema: 11% of a list page's CPU).
	r.SetMaxIdleConns(8)
	s.w, s.commits, s.r = w, newCommitter(w, s.caches.committed), newReadPool(r)
	s.SetPasswordCost(bcrypt.DefaultCost)
	s.SetPasswordChecks(DefaultPasswordChecks())
	if err := s.migrate(ctx); err != nil {
		s.Close()
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_NOTADB {
			return nil, fmt.Errorf("store: %s is not a SQLite database (a console's database is one, such as data/dcconsole.db): %w", path, err)
		}
		return nil, err
	}
	return s, nil
}

// CheckPath refuses what cannot be the console's SQLite file before
// anything is created: a URL other than postgres:// (without this it would
// quietly become a folder "mysql:" with a new file in it) and a folder.
func CheckPath(path string) error {
	if IsPostgresURL(path) {
		return nil
	}
	if strings.Contains(path, "://") {
		return fmt.Errorf("store: %q is a URL the console does not know: give the path of a SQLite file (such as data/dcconsole.db) or a postgres:// URL", path)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("store: %s is a folder: give the path of the database file in it (such as %s)", path, filepath.Join(path, "dcconsole.db"))
	}
	return nil
}

// dsn builds the modernc DSN. Pragmas go in the DSN so every pooled
// connection gets them. busy_timeout comes first: the journal_mode pragma
// itself may need to wait for a lock. synchronous(FULL) makes SQLite fsync
// the WAL at every commit, so a write the console acknowledged survives a
// crash of the process or of the machine; the cost (one fsync per commit) is
// small beside a page render. The writer starts transactions with BEGIN
// IMMEDIATE so a read-then-write transaction never fails half way with
// SQLITE_BUSY.
func dsn(path string, writer bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	if writer {
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}

// writerConnector opens the writer's connections with a pre-update hook
// that reports every row change's table to changed (the read caches
// forget what a change may have made stale).
type writerConnector struct {
	driver.Connector
	changed func(table string)
}

func (c writerConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	h, ok := conn.(sqlite.HookRegisterer)
	if !ok {
		conn.Close()
		return nil, errors.New("store: the sqlite driver has no pre-update hook")
	}
	h.RegisterPreUpdateHook(func(d sqlite.SQLitePreUpdateData) {
		if d.TableName == "projects" && d.Op == sqlite3.SQLITE_UPDATE && sameProjectKey(&d) {
			return // a counter kept by triggers (connection_count, list_version)
		}
		c.changed(d.TableName)
	})
	return conn, nil
}

// sameProjectKey reports whether an update of a projects row leaves what a
// token check reads of it (id, name, region: the table's first columns,
// migration 0001) as it was.
func sameProjectKey(d *sqlite.SQLitePreUpdateData) bool {
	var old, cur [3]any
	if d.Old(old[:]...) != nil || d.New(cur[:]...) != nil {
		return false
	}
	for i := range old {
		a, aBytes := old[i].([]byte)
		b, bBytes := cur[i].([]byte)
		switch {
		case aBytes && bBytes:
			if !bytes.Equal(a, b) {
				return false
			}
		case aBytes || bBytes:
			return false
		case old[i] != cur[i]: // strings, integers, nil
			return false
		}
	}
	return true
}

// Close answers the writes already handed over, then closes both pools;
// SQLite checkpoints the WAL on the last close.
func (s *Store) Close() error {
	if s.commits != nil {
		s.commits.close()
	}
	return errors.Join(s.r.Close(), s.w.Close())
}

// Ping reports whether the database answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// SetPasswordCost sets the bcrypt cost of new password hashes. Production
// keeps bcrypt's default; tests lower it, because the race detector makes
// every bcrypt round very slow.
func (s *Store) SetPasswordCost(cost int) {
	s.passwordCost = cost
	s.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a real password"), cost)
}

// hashPassword hashes a password at the store's cost.
func (s *Store) hashPassword(password string) ([]byte, error) {
	hash, err := bcrypt.GenerateFromPassword(bcryptInput(password), s.passwordCost)
	if err != nil {
		return nil, fmt.Errorf("store: hash password: %w", err)
	}
	return hash, nil
}

// SetClock replaces the store's clock; tests use it to step through the
// provisioning delay without sleeping.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// tx runs fn in a write transaction and returns once fn's work is
// committed (on disk: synchronous=FULL), or fn's error with nothing of its
// work kept. fn shares the transaction with other requests' work (group
// commit, commit.go): it must write and read through tx only, and use the
// ctx it is given, which keeps the caller's values but not its
// cancellation.
func (s *Store) tx(ctx context.Context, fn func(context.Context, *writeTx) error) error {
	if s.pg != nil {
		return s.pg.do(ctx, fn)
	}
	return s.commits.do(ctx, fn)
}

// millis is how times are stored: integer Unix milliseconds, which sort and
// compare the same in every SQL engine.
func millis(t time.Time) int64 { return t.UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
