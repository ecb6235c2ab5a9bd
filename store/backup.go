package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Backups are SQLite-specific (VACUUM INTO), so they live in the store
// beside the pragmas; a PostgreSQL backend would use pg_dump instead.

// Backup writes a consistent copy of the database to path while the console
// keeps serving: VACUUM INTO reads one snapshot (WAL: writers go on
// meanwhile), and the copy is synced and renamed into place, so path is
// either absent or complete. path must not exist.
func (s *Store) Backup(ctx context.Context, path string) error {
	// The pools cannot run it: the readers are query_only, and the writer
	// would hold up every write while it copies. A read-only connection of
	// its own reads one snapshot beside both.
	var seq int
	var name, file string
	if err := s.r.QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return BackupFile(ctx, file, path)
}

// BackupFile copies the database file dbPath to path the same way, from a
// read-only connection of its own: `dcconsole backup` runs it beside a
// running server, which it neither stops nor blocks.
func BackupFile(ctx context.Context, dbPath, path string) error {
	if IsPostgresURL(dbPath) {
		return fmt.Errorf("store: backup copies a SQLite file; back up the PostgreSQL database %s with pg_dump (README: Running for many users)", RedactURL(dbPath))
	}
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("mode", "ro")
	db, err := sql.Open("sqlite", "file:"+dbPath+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	return vacuumInto(ctx, conn, path)
}

func vacuumInto(ctx context.Context, conn *sql.Conn, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s exists; choose a new file", path)
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	// SQLite does not fsync the file VACUUM INTO writes.
	err := syncFile(tmp)
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncFile(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// IntegrityCheck runs PRAGMA integrity_check and returns its first line:
// "ok" for a sound database.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var result string
	err := s.r.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result)
	return result, err
}
