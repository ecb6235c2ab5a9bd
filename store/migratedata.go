package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Moving a console from its SQLite file to PostgreSQL (dcconsole
// migrate-data): every row of every table, copied as it is, into an empty
// PostgreSQL database, in one transaction of the target, so the target ends
// with all of it or with nothing.
//
// What is copied is found, not listed: every table of the source but
// change_counter (SQLite's list version counter; PostgreSQL draws list
// versions from list_version_seq) and schema_migrations (each database
// records its own schema), column by column by name, in the order of the
// target's foreign keys. A table or a column that one side has and the
// other does not stops the copy before anything is written: a migration
// that changes one schema and not the other is a bug this finds.

// MigrateReport is what MigrateData copied.
type MigrateReport struct {
	// Tables lists the tables copied, in the order they were copied
	// (each after the tables it refers to), with their row counts.
	Tables []TableRows
}

// TableRows is one table of a MigrateReport.
type TableRows struct {
	Table string
	Rows  int
}

// Rows returns the number of rows copied, in all tables.
func (r MigrateReport) Rows() int {
	n := 0
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// sqliteOnlyTables are the source's tables that are not copied.
var sqliteOnlyTables = []string{"schema_migrations", "change_counter"}

// migrateBatch is how many rows go to PostgreSQL in one INSERT.
const migrateBatch = 500

// MigrateData copies the console in the SQLite file fromSQLitePath into the
// empty PostgreSQL database toPostgresURL, whose schema it creates (Open).
// The source is opened read-only and must be a console's database of the
// schema this dcconsole writes; a console serving it is refused, since
// what it wrote after the copy would be lost. The target must hold no row
// in any table but schema_migrations. Any error leaves the target as it
// was before the copy; a value PostgreSQL cannot hold (a NUL byte, text
// that is not UTF-8) is refused with its table, row and column, never
// changed.
func MigrateData(ctx context.Context, fromSQLitePath, toPostgresURL string) (MigrateReport, error) {
	if !IsPostgresURL(toPostgresURL) {
		return MigrateReport{}, errors.New("store: migrate-data: the target must be a postgres:// URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE) of an empty database")
	}
	src, err := openMigrationSource(ctx, fromSQLitePath)
	if err != nil {
		return MigrateReport{}, err
	}
	defer src.close()
	dst, err := Open(ctx, toPostgresURL)
	if err != nil {
		return MigrateReport{}, err
	}
	defer dst.Close()
	report, err := src.copyTo(ctx, dst.w)
	if err != nil {
		return MigrateReport{}, fmt.Errorf("store: migrate-data: nothing was copied to %s: %w", RedactURL(toPostgresURL), err)
	}
	return report, nil
}

// migrationSource is the SQLite console being copied: one read
// transaction, so every table is read from one snapshot.
type migrationSource struct {
	path    string
	db      *sql.DB
	tx      *sql.Tx
	release func() // the serve lock
}

// openMigrationSource opens the console's SQLite file read-only, as
// BackupFile does, after the checks that keep it from copying what is not
// one: a URL, a folder (CheckPath), a missing file, a file that is not
// SQLite or not a console's, a schema older or newer than this dcconsole's.
func openMigrationSource(ctx context.Context, path string) (_ *migrationSource, err error) {
	if strings.Contains(path, "://") {
		shown := "the URL given"
		if IsPostgresURL(path) {
			shown = RedactURL(path)
		} else if u, err := url.Parse(path); err == nil {
			shown = u.Redacted()
		}
		return nil, fmt.Errorf("store: migrate-data: the source %s is a URL: it must be the console's SQLite file (such as data/dcconsole.db); the PostgreSQL database is the target", shown)
	}
	if err := CheckPath(path); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("store: migrate-data: %s does not exist: the source is the SQLite file the console ran on (such as data/dcconsole.db)", path)
	} else if err != nil {
		return nil, fmt.Errorf("store: migrate-data: %w", err)
	}
	// A console still serving the file would go on writing to it after
	// the copy, and its users' work would be lost at the switch. Taking
	// the serve lock refuses that, and keeps a console from starting on
	// the file during the copy. When the lock cannot be taken for another
	// reason (a read-only folder), no console can take it either.
	src := &migrationSource{path: path, release: func() {}}
	if release, err := LockServe(path); errors.Is(err, ErrServedElsewhere) {
		return nil, fmt.Errorf("store: migrate-data: a dcconsole still serves %s: stop it first, then copy (what it wrote after the copy would not reach PostgreSQL): %w", path, err)
	} else if err == nil {
		src.release = release
	}
	defer func() {
		if err != nil {
			src.close()
		}
	}()
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("mode", "ro")
	if src.db, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode()); err != nil {
		return nil, fmt.Errorf("store: migrate-data: open %s: %w", path, err)
	}
	src.db.SetMaxOpenConns(1)
	if src.tx, err = src.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}); err != nil {
		return nil, fmt.Errorf("store: migrate-data: open %s: %w", path, err)
	}
	var tables int
	err = src.tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&tables)
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code() == sqlite3.SQLITE_NOTADB {
		return nil, fmt.Errorf("store: migrate-data: %s is not a SQLite database (a console's database is one, such as data/dcconsole.db): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("store: migrate-data: read %s: %w", path, err)
	}
	if tables == 0 {
		return nil, fmt.Errorf("store: migrate-data: %s is a SQLite database but not a console's: it has no schema_migrations table", path)
	}
	var version int
	if err := src.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return nil, fmt.Errorf("store: migrate-data: read the schema version of %s: %w", path, err)
	}
	files, err := migrationFiles("migrations")
	if err != nil {
		return nil, err
	}
	switch known := files[len(files)-1].version; {
	case version > known:
		return nil, fmt.Errorf("%w: %s has schema version %d, this dcconsole knows up to %d; copy it with the newer dcconsole's migrate-data",
			ErrNewerSchema, path, version, known)
	case version < known:
		return nil, fmt.Errorf("store: migrate-data: %s has schema version %d, this dcconsole copies version %d: start this dcconsole on it once (dcconsole -db %s), which migrates it, stop it, then run migrate-data again",
			path, version, known, path)
	}
	return src, nil
}

func (src *migrationSource) close() {
	if src.tx != nil {
		src.tx.Rollback()
	}
	if src.db != nil {
		src.db.Close()
	}
	src.release()
}

// pgColumn is a column of a target table.
type pgColumn struct {
	name     string
	dataType string // information_schema's data_type: bigint, text, bytea
	nullable bool
}

// copyTo copies every table into db, in one transaction.
func (src *migrationSource) copyTo(ctx context.Context, db *sql.DB) (MigrateReport, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return MigrateReport{}, err
	}
	defer tx.Rollback() // after Commit, a no-op
	order, err := src.tables(ctx, tx)
	if err != nil {
		return MigrateReport{}, err
	}
	// No other session writes to the tables from here to the commit: what
	// is found empty stays empty until the copy fills it.
	quoted := make([]string, len(order))
	for i, t := range order {
		quoted[i] = pgIdent(t)
	}
	if _, err := tx.ExecContext(ctx, `LOCK TABLE `+strings.Join(quoted, ", ")+` IN EXCLUSIVE MODE`); err != nil {
		return MigrateReport{}, fmt.Errorf("lock the tables: %w", err)
	}
	var full []string
	for _, t := range order {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+pgIdent(t)).Scan(&n); err != nil {
			return MigrateReport{}, err
		}
		if n > 0 {
			full = append(full, t+": "+rowCount(n))
		}
	}
	if len(full) > 0 {
		return MigrateReport{}, fmt.Errorf("the target is not empty (%s): migrate-data copies into an empty database only; give it a new database (createdb), or drop this one and create it again",
			strings.Join(full, ", "))
	}

	// The triggers keep counters (a project's connection count and list
	// version, a connection's interface count and used bandwidth) that the
	// copied rows already hold: fired by the copy's inserts, they would
	// count every connection and interface a second time. They are off
	// for the copy. Of the ways to do that, ALTER TABLE ... DISABLE
	// TRIGGER USER takes only the ownership of the tables, which the role
	// that made them has (the console's own role, which Open just used);
	// SET session_replication_role = replica needs a superuser (or, from
	// PostgreSQL 15, a GRANT SET on it); setting the counters again after
	// the inserts would repeat each trigger's logic here, and a trigger
	// added later would count twice until someone remembered this file.
	// ALTER TABLE is part of the transaction: a rollback undoes it too, and
	// the lock it holds keeps other sessions from writing while the
	// triggers are off. The FOREIGN KEY checks are not user triggers and
	// stay on.
	triggered, owners, err := tablesWithTriggers(ctx, tx)
	if err != nil {
		return MigrateReport{}, err
	}
	for i, t := range triggered {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+pgIdent(t)+` DISABLE TRIGGER USER`); err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "42501" {
				return MigrateReport{}, fmt.Errorf("the copy turns the triggers of %s off, which takes the role that owns the console's tables (%s): run migrate-data as that role: %w", t, owners[i], err)
			}
			return MigrateReport{}, fmt.Errorf("turn the triggers of %s off: %w", t, err)
		}
	}

	var report MigrateReport
	for _, t := range order {
		n, err := src.copyTable(ctx, tx, t)
		if err != nil {
			return MigrateReport{}, err
		}
		report.Tables = append(report.Tables, TableRows{Table: t, Rows: n})
	}
	for _, t := range triggered {
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+pgIdent(t)+` ENABLE TRIGGER USER`); err != nil {
			return MigrateReport{}, fmt.Errorf("turn the triggers of %s on again: %w", t, err)
		}
	}
	if err := src.setSequences(ctx, tx); err != nil {
		return MigrateReport{}, err
	}
	if err := tx.Commit(); err != nil {
		return MigrateReport{}, fmt.Errorf("commit: %w", err)
	}
	return report, nil
}

// tables returns the tables to copy in the order of the target's foreign
// keys, after checking that both sides have the same ones.
func (src *migrationSource) tables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	srcTables, err := queryStrings(ctx, src.tx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list the tables of %s: %w", src.path, err)
	}
	dstTables, err := queryStrings(ctx, tx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return nil, fmt.Errorf("list the target's tables: %w", err)
	}
	srcTables = slices.DeleteFunc(srcTables, func(t string) bool { return slices.Contains(sqliteOnlyTables, t) })
	dstTables = slices.DeleteFunc(dstTables, func(t string) bool { return t == "schema_migrations" })
	for _, t := range srcTables {
		if !slices.Contains(dstTables, t) {
			return nil, fmt.Errorf("the SQLite table %s has no table in the PostgreSQL schema (store/migrations_pg): this dcconsole cannot copy it", t)
		}
	}
	for _, t := range dstTables {
		if !slices.Contains(srcTables, t) {
			return nil, fmt.Errorf("the PostgreSQL table %s has no table in the SQLite schema (store/migrations): this dcconsole cannot copy into it", t)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT a.relname, b.relname
		FROM pg_constraint c
		JOIN pg_class a ON a.oid = c.conrelid
		JOIN pg_class b ON b.oid = c.confrelid
		JOIN pg_namespace n ON n.oid = a.relnamespace
		WHERE c.contype = 'f' AND n.nspname = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("read the target's foreign keys: %w", err)
	}
	defer rows.Close()
	parents := map[string][]string{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			return nil, err
		}
		if child != parent {
			parents[child] = append(parents[child], parent)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Each round takes, in name order, the tables whose parents are all
	// copied before them.
	var order []string
	for left := dstTables; len(left) > 0; {
		var ready, rest []string
		for _, t := range left {
			if slices.ContainsFunc(parents[t], func(p string) bool { return !slices.Contains(order, p) }) {
				rest = append(rest, t)
			} else {
				ready = append(ready, t)
			}
		}
		if len(ready) == 0 {
			return nil, fmt.Errorf("the foreign keys of %s refer to each other in a circle: no order copies them", strings.Join(rest, ", "))
		}
		order, left = append(order, ready...), rest
	}
	return order, nil
}

// copyTable copies one table's rows, in the order of their SQLite rowid,
// and returns how many it copied.
func (src *migrationSource) copyTable(ctx context.Context, tx *sql.Tx, table string) (int, error) {
	srcCols, key, err := sqliteColumns(ctx, src.tx, table)
	if err != nil {
		return 0, fmt.Errorf("read the columns of %s in %s: %w", table, src.path, err)
	}
	dstCols, err := pgColumns(ctx, tx, table)
	if err != nil {
		return 0, fmt.Errorf("read the columns of the target's %s: %w", table, err)
	}
	var cols []pgColumn
	var selects []string
	for _, c := range srcCols {
		i := slices.IndexFunc(dstCols, func(d pgColumn) bool { return d.name == c })
		if i < 0 {
			return 0, fmt.Errorf("the SQLite column %s.%s has no column in the PostgreSQL schema (store/migrations_pg): this dcconsole cannot copy it", table, c)
		}
		cols, selects = append(cols, dstCols[i]), append(selects, pgIdent(c))
	}
	for _, d := range dstCols {
		if slices.Contains(srcCols, d.name) {
			continue
		}
		// The PostgreSQL schema spells out the rowid SQLite gives every
		// table (api_tokens, sessions: their queries order by it); it is
		// copied, so the rows keep their order.
		if d.name != "rowid" {
			return 0, fmt.Errorf("the PostgreSQL column %s.%s has no column in the SQLite schema (store/migrations): this dcconsole cannot fill it", table, d.name)
		}
		cols, selects = append(cols, d), append(selects, "rowid")
	}
	keyAt := make([]int, len(key))
	for i, k := range key {
		keyAt[i] = slices.IndexFunc(cols, func(c pgColumn) bool { return c.name == k })
	}

	rows, err := src.tx.QueryContext(ctx, `SELECT `+strings.Join(selects, ", ")+` FROM `+pgIdent(table)+` ORDER BY rowid`)
	if err != nil {
		return 0, fmt.Errorf("read %s from %s: %w", table, src.path, err)
	}
	defer rows.Close()
	ins := inserter{tx: tx, table: table, cols: cols, key: key, keyAt: keyAt}
	// PostgreSQL takes at most 65535 parameters in a statement.
	batch := min(migrateBatch, 65535/len(cols))
	n := 0
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, fmt.Errorf("read %s from %s: %w", table, src.path, err)
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			v, err := pgValue(vals[i], c)
			if err != nil {
				return 0, fmt.Errorf("table %s, row %s, column %s: %s; change the value in the console (or with the sqlite3 shell) and run migrate-data again",
					table, describeKey(key, keyAt, vals), c.name, err)
			}
			row[i] = v
		}
		ins.rows = append(ins.rows, row)
		n++
		if len(ins.rows) == batch {
			if err := ins.flush(ctx); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read %s from %s: %w", table, src.path, err)
	}
	return n, ins.flush(ctx)
}

// inserter sends a table's rows to PostgreSQL, migrateBatch at a time.
type inserter struct {
	tx    *sql.Tx
	table string
	cols  []pgColumn
	key   []string // the primary key's columns, to name a row in a message
	keyAt []int
	rows  [][]any
}

// flush inserts the rows gathered. When PostgreSQL refuses the batch, the
// batch is undone (a savepoint) and its rows go again one by one, so the
// message names the row refused.
func (ins *inserter) flush(ctx context.Context) error {
	if len(ins.rows) == 0 {
		return nil
	}
	defer func() { ins.rows = ins.rows[:0] }()
	if _, err := ins.tx.ExecContext(ctx, `SAVEPOINT migrate_batch`); err != nil {
		return err
	}
	err := ins.insert(ctx, ins.rows)
	if err == nil {
		_, err = ins.tx.ExecContext(ctx, `RELEASE SAVEPOINT migrate_batch`)
		return err
	}
	if ctx.Err() != nil {
		return err
	}
	if _, rerr := ins.tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT migrate_batch`); rerr != nil {
		return fmt.Errorf("insert into %s: %w", ins.table, err)
	}
	for _, row := range ins.rows {
		if rerr := ins.insert(ctx, [][]any{row}); rerr != nil {
			return fmt.Errorf("table %s, row %s: PostgreSQL refused it: %w", ins.table, describeKey(ins.key, ins.keyAt, row), rerr)
		}
	}
	return fmt.Errorf("insert into %s: %w", ins.table, err)
}

func (ins *inserter) insert(ctx context.Context, rows [][]any) error {
	var b strings.Builder
	b.WriteString("INSERT INTO " + pgIdent(ins.table) + " (")
	for i, c := range ins.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pgIdent(c.name))
	}
	b.WriteString(") VALUES ")
	args := make([]any, 0, len(rows)*len(ins.cols))
	for r, row := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i, v := range row {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, v)
			fmt.Fprintf(&b, "$%d", len(args))
		}
		b.WriteByte(')')
	}
	res, err := ins.tx.ExecContext(ctx, b.String(), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(rows)) {
		return fmt.Errorf("%d of %d rows inserted (%v)", n, len(rows), err)
	}
	return nil
}

// pgValue returns the SQLite value v as column c takes it, or says why
// PostgreSQL cannot hold it. Nothing is converted but what keeps its
// meaning: text stored in the BYTEA column (settings.value) is its bytes,
// which the store reads back the same from either engine.
func pgValue(v any, c pgColumn) (any, error) {
	if v == nil {
		if !c.nullable {
			return nil, errors.New("it is NULL, which the PostgreSQL column does not allow")
		}
		return nil, nil
	}
	switch c.dataType {
	case "bigint":
		if n, ok := v.(int64); ok {
			return n, nil
		}
	case "text":
		if s, ok := v.(string); ok {
			if i := strings.IndexByte(s, 0); i >= 0 {
				return nil, fmt.Errorf("the text holds a NUL byte (at byte %d of %q), which PostgreSQL text cannot hold", i, clipText(s))
			}
			if !utf8.ValidString(s) {
				return nil, fmt.Errorf("the text is not valid UTF-8 (%q), which PostgreSQL text cannot hold", clipText(s))
			}
			return s, nil
		}
	case "bytea":
		switch b := v.(type) {
		case []byte:
			return b, nil
		case string:
			return []byte(b), nil
		}
	default:
		return nil, fmt.Errorf("the PostgreSQL column is of type %s, which migrate-data does not know how to fill", c.dataType)
	}
	return nil, fmt.Errorf("it holds %s where PostgreSQL wants %s", describeValue(v), c.dataType)
}

// describeValue names a SQLite value of the wrong kind for a message.
func describeValue(v any) string {
	switch v := v.(type) {
	case int64:
		return fmt.Sprintf("the integer %d", v)
	case float64:
		return fmt.Sprintf("the real number %v", v)
	case string:
		return fmt.Sprintf("the text %q", clipText(v))
	case []byte:
		return fmt.Sprintf("%d bytes of binary data", len(v))
	}
	return fmt.Sprintf("a %T", v)
}

// describeKey names a row by its primary key, such as `id "dc-123"` or
// `user_id 1, project_id "p-1"`.
func describeKey(key []string, keyAt []int, row []any) string {
	parts := make([]string, len(key))
	for i, k := range key {
		switch v := row[keyAt[i]].(type) {
		case string:
			parts[i] = fmt.Sprintf("%s %q", k, clipText(v))
		default:
			parts[i] = fmt.Sprintf("%s %v", k, v)
		}
	}
	return strings.Join(parts, ", ")
}

// clipText shortens a value shown in a message.
func clipText(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// setSequences sets each sequence of the target past the values copied, so
// the rows made after the copy get new numbers: the identity columns
// (users.id, classes.id, operations.id, the rowid of api_tokens and
// sessions), found in the catalog, and list_version_seq, past every list
// version the source handed out (its change_counter, which is at least
// every project's list_version), so a cached list page is never taken for
// a later one. A sequence of another kind stops the copy: this would not
// know what to set it to.
func (src *migrationSource) setSequences(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name, column_name`)
	if err != nil {
		return fmt.Errorf("read the identity columns: %w", err)
	}
	var identities [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		identities = append(identities, [2]string{t, c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tc := range identities {
		// setval(seq, max) makes the next value max+1; an empty table
		// leaves its sequence at its start.
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), max(`+pgIdent(tc[1])+`)) FROM `+pgIdent(tc[0])+` HAVING max(`+pgIdent(tc[1])+`) IS NOT NULL`,
			pgIdent(tc[0]), tc[1]); err != nil {
			return fmt.Errorf("set the sequence of %s.%s: %w", tc[0], tc[1], err)
		}
	}

	others, err := queryStrings(ctx, tx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind = 'S' AND n.nspname = current_schema()
		AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i')
		ORDER BY c.relname`)
	if err != nil {
		return fmt.Errorf("list the sequences: %w", err)
	}
	for _, seq := range others {
		if seq != "list_version_seq" {
			return fmt.Errorf("the target has a sequence %s this dcconsole does not know how to set", seq)
		}
	}
	var counter int64
	if err := src.tx.QueryRowContext(ctx, `SELECT n FROM change_counter WHERE id = 1`).Scan(&counter); err != nil {
		return fmt.Errorf("read change_counter from %s: %w", src.path, err)
	}
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(list_version), 0) FROM projects`).Scan(&top); err != nil {
		return err
	}
	if v := max(counter, top); v > 0 {
		if _, err := tx.ExecContext(ctx, `SELECT setval('list_version_seq', $1)`, v); err != nil {
			return fmt.Errorf("set list_version_seq: %w", err)
		}
	}
	return nil
}

// tablesWithTriggers lists the target's tables that have triggers of the
// schema's own (not the ones PostgreSQL makes for foreign keys), and their
// owners.
func tablesWithTriggers(ctx context.Context, tx *sql.Tx) (tables, owners []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT c.relname, pg_get_userbyid(c.relowner) FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY c.relname`)
	if err != nil {
		return nil, nil, fmt.Errorf("list the triggers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t, o string
		if err := rows.Scan(&t, &o); err != nil {
			return nil, nil, err
		}
		tables, owners = append(tables, t), append(owners, o)
	}
	return tables, owners, rows.Err()
}

// sqliteColumns returns a SQLite table's columns and its primary key's.
func sqliteColumns(ctx context.Context, tx *sql.Tx, table string) (cols, key []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var pks []struct {
		name string
		at   int
	}
	for rows.Next() {
		var name string
		var pk int
		if err := rows.Scan(&name, &pk); err != nil {
			return nil, nil, err
		}
		cols = append(cols, name)
		if pk > 0 {
			pks = append(pks, struct {
				name string
				at   int
			}{name, pk})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	slices.SortFunc(pks, func(a, b struct {
		name string
		at   int
	}) int {
		return a.at - b.at
	})
	for _, p := range pks {
		key = append(key, p.name)
	}
	if len(key) == 0 {
		return nil, nil, fmt.Errorf("the table %s has no primary key", table)
	}
	return cols, key, nil
}

// pgColumns returns a target table's columns.
func pgColumns(ctx context.Context, tx *sql.Tx, table string) ([]pgColumn, error) {
	rows, err := tx.QueryContext(ctx, `SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []pgColumn
	for rows.Next() {
		var c pgColumn
		if err := rows.Scan(&c.name, &c.dataType, &c.nullable); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

func queryStrings(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// pgIdent quotes a table or column name, for both engines.
func pgIdent(name string) string { return pgx.Identifier{name}.Sanitize() }

// rowCount is "1 row", "2 rows".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}
