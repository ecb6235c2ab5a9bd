package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// ErrNewerSchema means the database was migrated by a newer dcconsole: this
// one refuses to run on a schema it does not know rather than misread it.
var ErrNewerSchema = errors.New("store: the database was written by a newer dcconsole")

//go:embed migrations/*.sql migrations_pg/*.sql
var migrationFS embed.FS

// migrate applies, in order and each in its own transaction, the embedded
// migrations not yet recorded in schema_migrations. Migrations are
// append-only: an applied file is never edited, a change is a new file.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateFrom(ctx, "migrations")
}

// migrateFrom applies the migrations of the folder dir: migrations
// (SQLite) or migrations_pg (PostgreSQL).
func (s *Store) migrateFrom(ctx context.Context, dir string) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	files, err := migrationFiles(dir)
	if err != nil {
		return err
	}
	var applied int
	if err := s.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&applied); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if known := files[len(files)-1].version; applied > known {
		return fmt.Errorf("%w: the database has schema version %d, this dcconsole knows up to %d; run the newer dcconsole, or restore a backup made with this one",
			ErrNewerSchema, applied, known)
	}
	for _, m := range files {
		err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := migrationFS.ReadFile(dir + "/" + m.name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.version, m.name)
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
	}
	return nil
}

type migrationFile struct {
	version int
	name    string
}

// migrationFiles lists the embedded migrations sorted by their number and
// refuses two files with the same number (the mark of a bad merge).
func migrationFiles(dir string) ([]migrationFile, error) {
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	seen := map[int]string{}
	var out []migrationFile
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %q is not named NNNN_name.sql", e.Name())
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("store: migrations %q and %q share number %d", prev, e.Name(), v)
		}
		seen[v] = e.Name()
		out = append(out, migrationFile{version: v, name: e.Name()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}
