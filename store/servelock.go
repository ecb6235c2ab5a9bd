package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// ErrServedElsewhere means another console process serves the SQLite file.
var ErrServedElsewhere = errors.New("another dcconsole already serves this database")

// LockServe makes the calling process the one console that serves the
// SQLite file at dbPath, until release. A second console on the same file
// would keep its own caches (sessions, tokens, list tables, the login
// throttle) that the first one's writes never reach, so it is refused with
// ErrServedElsewhere rather than left to serve stale pages. The lock is an
// flock(2) on dbPath+".serve.lock": the kernel drops it when the process
// ends, however it ends (kill -9 too), so a restart never finds a stale
// lock. The command-line tools (backup, unlock, reset-password, class,
// seed-demo) do not take it: they work beside a running console.
//
// On PostgreSQL (dbPath is a postgres:// URL) nothing is locked: every
// instance keeps its shared state in the database, and several serve it.
func LockServe(dbPath string) (release func(), err error) {
	if IsPostgresURL(dbPath) {
		return func() {}, nil
	}
	if err := CheckPath(dbPath); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(dbPath); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create folder for %s: %w", dbPath, err)
		}
	}
	path := dbPath + ".serve.lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (%s holds the lock %s): SQLite serves one console instance; stop the other one first",
				ErrServedElsewhere, dbPath, path)
		}
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
