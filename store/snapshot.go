package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Contents is what Snapshot returns: for each table, its lines.
type Contents map[string][]string

// String is the contents as one text, table by table in name order, for
// comparing two snapshots and printing them.
func (c Contents) String() string {
	var b strings.Builder
	for _, t := range slices.Sorted(maps.Keys(c)) {
		fmt.Fprintf(&b, "%s:\n", t)
		for _, l := range c[t] {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	return b.String()
}

// SnapshotOptions says which tables a Snapshot leaves out or only counts.
type SnapshotOptions struct {
	Skip  []string // tables left out
	Count []string // tables given by their first line only, without their rows
}

// Snapshot returns the database's contents as text, for tests that prove a
// refused request stored nothing: for each table a first line with its row
// count and largest rowid (so a row deleted and stored again shows too),
// then every row, sorted. On PostgreSQL, which has no rowid, each row
// starts with the transaction that wrote it (xmin) instead.
func (s *Store) Snapshot(ctx context.Context, o SnapshotOptions) (Contents, error) {
	tablesQuery, head, rowsQuery := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
		`SELECT count(*), coalesce(max(rowid), 0) FROM "%s"`, `SELECT * FROM "%s"`
	if s.pg != nil {
		tablesQuery, head, rowsQuery = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
			`SELECT count(*), 0 FROM "%s"`, `SELECT xmin::text AS xmin, * FROM "%s"`
	}
	rows, err := s.r.QueryContext(ctx, tablesQuery)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		if !slices.Contains(o.Skip, n) {
			tables = append(tables, n)
		}
	}
	rows.Close()
	out := Contents{}
	for _, t := range tables {
		var n, maxID int64
		if err := s.r.QueryRowContext(ctx, fmt.Sprintf(head, t)).Scan(&n, &maxID); err != nil {
			return nil, err
		}
		head := fmt.Sprintf("%d rows, max rowid %d", n, maxID)
		if s.pg != nil {
			head = fmt.Sprintf("%d rows", n)
		}
		if slices.Contains(o.Count, t) {
			out[t] = []string{head}
			continue
		}
		rs, err := s.r.QueryContext(ctx, fmt.Sprintf(rowsQuery, t))
		if err != nil {
			return nil, err
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var lines []string
		for rs.Next() {
			if err := rs.Scan(ptrs...); err != nil {
				rs.Close()
				return nil, err
			}
			lines = append(lines, fmt.Sprintf("%#v", vals))
		}
		err = rs.Err()
		rs.Close()
		if err != nil {
			return nil, err
		}
		slices.Sort(lines)
		out[t] = append([]string{head}, lines...)
	}
	return out, nil
}
