package store

import (
	"context"
	"database/sql"
)

// sqlExec runs a statement outside the store's rules, in the backend's
// spelling (dialect.go): tests set up rows the console never makes, or
// change rows behind the store's back.
func (s *Store) sqlExec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s.pg != nil {
		query, args = pgSQL(query), pgArgs(args)
	}
	return s.w.ExecContext(ctx, query, args...)
}

// sqlQueryRow reads one row on the writer's pool, in the backend's
// spelling.
func (s *Store) sqlQueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s.pg != nil {
		query, args = pgSQL(query), pgArgs(args)
	}
	return s.w.QueryRowContext(ctx, query, args...)
}
