package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"dcconsole/store/pgtest"
)

// migrationFixture is a SQLite console with a row in every table, and what
// its users hold to prove the copy works: passwords, an API token, a
// session.
type migrationFixture struct {
	path      string
	s         *Store // open on path
	admin     User
	p         Project // the admin's eu-de project
	trainee   Credential
	token     string // an API token of the admin, scoped to p
	sessionID string // a session of the admin
	key       []byte // the session_key setting
}

// richSQLiteConsole builds a console through the store's API: the admin's
// projects, the demo scenario, the guide's scenario with its failover
// drill, a VPC with tags and a subnet, an endpoint group, a class whose
// trainee ran the scenario too, a disabled trainee, quotas, API tokens and
// sessions (one of each ended, so their rowids have a gap), a login
// failure, the session key. Each table holds at least one row.
func richSQLiteConsole(t *testing.T) migrationFixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "console.db")
	s, p := bootstrap(t, openTestStoreAt(t, path))
	fx := migrationFixture{path: path, s: s, p: p}
	var err error
	if fx.admin, err = s.Authenticate(ctx, "admin", "admin-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SeedDemo(ctx, DemoProjectName); err != nil {
		t.Fatal(err)
	}
	runScenario(t, s, p, "admin")
	vpc, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-lab", CIDR: "172.16.0.0/16", Description: "the lab's VPC"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddVPCTags(ctx, p.ID, vpc.ID, []Tag{{Key: "team", Value: "network"}, {Key: "env", Value: ""}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: vpc.ID, Name: "subnet-lab", CIDR: "172.16.1.0/24", Description: "lab"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEndpointGroup(ctx, p, EndpointGroupInput{Name: "office", Description: "the office", Endpoints: []string{"10.1.0.0/16"}}); err != nil {
		t.Fatal(err)
	}
	doomed := testConnection(t, s, p, "dc-doomed", "Biere", 50)
	if _, err := s.DeleteConnection(ctx, p.ID, doomed.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetQuotas(ctx, p.ID, Quotas{Connections: 12, Gateways: 4, Interfaces: 40}); err != nil {
		t.Fatal(err)
	}
	// More users and operations than the PostgreSQL writer's retries: a
	// sequence left behind the copied IDs cannot be papered over by
	// retrying until it passes them.
	cl, creds, err := s.CreateClass(WithActor(ctx, "admin"), ClassInput{Name: "room", Region: "eu-de", Count: 25})
	if err != nil {
		t.Fatal(err)
	}
	fx.trainee = creds[0]
	tu, err := s.Authenticate(ctx, creds[0].User, creds[0].Password)
	if err != nil {
		t.Fatal(err)
	}
	tps, err := s.ProjectsForUser(ctx, tu.ID)
	if err != nil || len(tps) != 1 {
		t.Fatal(tps, err)
	}
	runScenario(t, s, tps[0], creds[0].User)
	board, err := s.Board(ctx, cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserDisabled(ctx, board.Trainees[1].UserID, true); err != nil {
		t.Fatal(err)
	}
	// A class deleted after its trainee's work: the list version counter
	// is then past every project's list version.
	gone, goneCreds, err := s.CreateClass(WithActor(ctx, "admin"), ClassInput{Name: "gone", Region: "eu-nl", Count: 1})
	if err != nil {
		t.Fatal(err)
	}
	gu, err := s.Authenticate(ctx, goneCreds[0].User, goneCreds[0].Password)
	if err != nil {
		t.Fatal(err)
	}
	gps, err := s.ProjectsForUser(ctx, gu.ID)
	if err != nil || len(gps) != 1 {
		t.Fatal(gps, err)
	}
	testConnection(t, s, gps[0], "dc-gone", "Amsterdam-Aalsmeer", 10)
	if _, _, err := s.DeleteClass(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, "alice", "alice-password-1", false); err != nil {
		t.Fatal(err)
	}
	first, _, err := s.CreateAPIToken(ctx, fx.admin, ScopeDomain, Project{}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if fx.token, _, err = s.CreateAPIToken(ctx, fx.admin, ScopeProject, p, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAPIToken(ctx, first); err != nil {
		t.Fatal(err)
	}
	ended, err := s.CreateSession(ctx, fx.admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fx.sessionID, err = s.CreateSession(ctx, fx.admin.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ctx, ended); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLoginFailure(ctx, ThrottleKeys("mallory", "192.0.2.7")); err != nil {
		t.Fatal(err)
	}
	if fx.key, err = s.SettingOrInit(ctx, "session_key", func() []byte {
		b := make([]byte, 64)
		rand.Read(b)
		return b
	}); err != nil {
		t.Fatal(err)
	}
	for _, table := range copiedTables(t, s) {
		if n := countRows(t, s, table); n == 0 {
			t.Fatalf("the fixture leaves %s empty: the test would not see it copied", table)
		}
	}
	return fx
}

// pgOwnerURL returns the URL of a fresh PostgreSQL database owned by a role
// of its own that is not a superuser, as a console's database usually is.
// When the cluster's user may not create roles, the cluster's user owns it.
func pgOwnerURL(t *testing.T) string {
	t.Helper()
	if !pgtest.Available() {
		pgtest.Database(t) // skips
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, os.Getenv(pgtest.EnvURL))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	role, password := "dcconsole_owner_"+hex.EncodeToString(b[:]), "owner-"+hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, `CREATE ROLE `+role+` LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '`+password+`'`); err != nil {
		t.Logf("cannot create a role (%v): the cluster's user owns the database", err)
		return pgtest.Database(t)
	}
	t.Cleanup(func() { // after the database is dropped (cleanups run last first)
		if admin, err := pgx.Connect(context.Background(), os.Getenv(pgtest.EnvURL)); err == nil {
			admin.Exec(context.Background(), `DROP ROLE IF EXISTS `+role)
			admin.Close(context.Background())
		}
	})
	dbURL := pgtest.Database(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{strings.TrimPrefix(u.Path, "/")}.Sanitize()+` OWNER TO `+role); err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(role, password)
	return u.String()
}

// copiedTables lists the tables migrate-data copies, read from the
// database (not from the code under test).
func copiedTables(t *testing.T, s *Store) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'change_counter') ORDER BY name`
	if s.pg != nil {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename`
	}
	rows, err := s.w.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// tableLines returns a table's rows as text, sorted, with the columns
// named (and the rowid of api_tokens and sessions, which orders them).
func tableLines(t *testing.T, s *Store, table string, cols []string) []string {
	t.Helper()
	rows, err := s.w.QueryContext(context.Background(), `SELECT "`+strings.Join(cols, `", "`)+`" FROM "`+table+`"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%#v", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return lines
}

func sqliteColumnNames(t *testing.T, s *Store, table string) []string {
	t.Helper()
	rows, err := s.w.QueryContext(context.Background(), `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	if table == "api_tokens" || table == "sessions" {
		cols = append(cols, "rowid")
	}
	return cols
}

// openPG opens the migrated database as the console would.
func openPG(t *testing.T, dbURL string) *Store {
	t.Helper()
	return openTestStoreAt(t, dbURL)
}

// TestMigrateDataCopiesEverything: every row of every table arrives as it
// was, counters and list versions included (the triggers did not count the
// copied rows again), api_tokens and sessions keep their rowids; the users
// log in with their passwords, the API token and the session still work,
// the session key is the same; and what is made after the copy gets new
// IDs, rowids and list versions, with no write retried over a taken key.
// It runs as a database owner that is not a superuser.
func TestMigrateDataCopiesEverything(t *testing.T) {
	ctx := context.Background()
	dbURL := pgOwnerURL(t)
	fx := richSQLiteConsole(t)
	src := fx.s

	start := time.Now()
	report, err := MigrateData(ctx, fx.path, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copied %d rows of %d tables in %v", report.Rows(), len(report.Tables), time.Since(start).Round(time.Millisecond))
	dst := openPG(t, dbURL)
	var superuser bool
	if err := dst.sqlQueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&superuser); err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(dbURL); strings.HasPrefix(u.User.Username(), "dcconsole_owner_") && superuser {
		t.Fatal("the database's owner role is a superuser")
	}

	if _, disabled := pgTableCounts(t, dbURL); len(disabled) > 0 {
		t.Errorf("triggers left disabled after the copy: %v", disabled)
	}

	tables := copiedTables(t, src)
	if got := copiedTables(t, dst); !slices.Equal(got, tables) {
		t.Fatalf("tables: SQLite %v, PostgreSQL %v", tables, got)
	}
	var reported []string
	for _, tr := range report.Tables {
		reported = append(reported, tr.Table)
		if n := countRows(t, src, tr.Table); tr.Rows != n {
			t.Errorf("report: %s: %d rows, the source has %d", tr.Table, tr.Rows, n)
		}
	}
	if slices.Sort(reported); !slices.Equal(reported, tables) {
		t.Fatalf("report names %v, want %v", reported, tables)
	}
	for _, table := range tables {
		cols := sqliteColumnNames(t, src, table)
		want, got := tableLines(t, src, table, cols), tableLines(t, dst, table, cols)
		if !slices.Equal(got, want) {
			t.Errorf("%s (%v) differs:\nSQLite:\n  %s\nPostgreSQL:\n  %s", table, cols, strings.Join(want, "\n  "), strings.Join(got, "\n  "))
		}
	}

	// Through the store's API.
	projects, err := src.AllProjects(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var topVersion int64
	for _, p := range projects {
		a, err1 := src.ConnectionListState(ctx, p.ID)
		b, err2 := dst.ConnectionListState(ctx, p.ID)
		if err1 != nil || err2 != nil || a != b {
			t.Errorf("project %s: list state %+v (%v) on SQLite, %+v (%v) on PostgreSQL", p.Name, a, err1, b, err2)
		}
		topVersion = max(topVersion, a.Version)
		ca, na, _ := src.Connections(ctx, p.ID, ListFilter{})
		cb, nb, _ := dst.Connections(ctx, p.ID, ListFilter{})
		if na != nb || !reflect.DeepEqual(ca, cb) {
			t.Errorf("project %s: connections differ:\n%+v\n%+v", p.Name, ca, cb)
		}
		oa, _, _ := src.Operations(ctx, p.ID, OperationFilter{})
		ob, _, _ := dst.Operations(ctx, p.ID, OperationFilter{})
		if !reflect.DeepEqual(oa, ob) {
			t.Errorf("project %s: operations differ:\n%+v\n%+v", p.Name, oa, ob)
		}
	}
	if dstProjects, _ := dst.AllProjects(ctx); !reflect.DeepEqual(dstProjects, projects) {
		t.Errorf("projects differ:\n%+v\n%+v", projects, dstProjects)
	}
	ua, _ := src.Users(ctx)
	ub, _ := dst.Users(ctx)
	if !reflect.DeepEqual(ua, ub) {
		t.Errorf("users differ:\n%+v\n%+v", ua, ub)
	}
	cla, _ := src.Classes(ctx)
	clb, _ := dst.Classes(ctx)
	if !reflect.DeepEqual(cla, clb) {
		t.Errorf("classes differ:\n%+v\n%+v", cla, clb)
	}
	if _, err := dst.Authenticate(ctx, "admin", "admin-password"); err != nil {
		t.Errorf("admin login on PostgreSQL: %v", err)
	}
	if _, err := dst.Authenticate(ctx, fx.trainee.User, fx.trainee.Password); err != nil {
		t.Errorf("trainee login on PostgreSQL: %v", err)
	}
	if tok, err := dst.APITokenFor(ctx, fx.token); err != nil || tok.User.ID != fx.admin.ID || tok.Project.ID != fx.p.ID {
		t.Errorf("API token on PostgreSQL: %+v, %v", tok, err)
	}
	if u, err := dst.SessionUser(ctx, fx.sessionID, time.Hour, 24*time.Hour); err != nil || u.ID != fx.admin.ID {
		t.Errorf("session on PostgreSQL: %+v, %v", u, err)
	}
	if key, err := dst.Setting(ctx, "session_key"); err != nil || !slices.Equal(key, fx.key) {
		t.Errorf("session_key on PostgreSQL: %x, %v; want %x", key, err, fx.key)
	}
	keys := ThrottleKeys("mallory", "192.0.2.7")
	wa, _ := src.LoginWait(ctx, keys)
	wb, _ := dst.LoginWait(ctx, keys)
	if wa != wb {
		t.Errorf("login wait %v on SQLite, %v on PostgreSQL", wa, wb)
	}
	var changeCounter int64
	if err := src.sqlQueryRow(ctx, `SELECT n FROM change_counter`).Scan(&changeCounter); err != nil {
		t.Fatal(err)
	}

	// What is made after the copy gets new keys.
	maxOf := func(table, col string) int64 {
		var n int64
		if err := dst.sqlQueryRow(ctx, `SELECT COALESCE(MAX(`+col+`), 0) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	maxUser, maxClass, maxOp, maxToken, maxSession := maxOf("users", "id"), maxOf("classes", "id"), maxOf("operations", "id"), maxOf("api_tokens", "rowid"), maxOf("sessions", "rowid")
	if _, _, err := dst.CreateConnection(WithActor(ctx, "admin"), fx.p, ConnectionInput{Name: "dc-after", Location: "Biere", Bandwidth: 10}, ""); err != nil {
		t.Fatal(err)
	}
	if ops, _, err := dst.Operations(ctx, fx.p.ID, OperationFilter{Limit: 1}); err != nil || len(ops) != 1 || ops[0].ID != maxOp+1 || ops[0].ResourceName != "dc-after" {
		t.Errorf("new operation: %+v, %v; want ID %d", ops, err, maxOp+1)
	}
	u, err := dst.CreateUser(ctx, "bob", "bob-password-1", false)
	if err != nil || u.ID != maxUser+1 {
		t.Errorf("new user: %+v, %v; want ID %d", u, err, maxUser+1)
	}
	cl, _, err := dst.CreateClass(WithActor(ctx, "admin"), ClassInput{Name: "room2", Region: "eu-nl", Count: 2})
	if err != nil || cl.ID != maxClass+1 {
		t.Errorf("new class: %+v, %v; want ID %d", cl, err, maxClass+1)
	}
	if st, err := dst.ConnectionListState(ctx, fx.p.ID); err != nil || st.Version <= max(topVersion, changeCounter) {
		t.Errorf("list version after a create: %+v, %v; want above %d", st, err, max(topVersion, changeCounter))
	}
	if _, _, err := dst.CreateAPIToken(ctx, fx.admin, ScopeDomain, Project{}, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.CreateSession(ctx, fx.admin.ID); err != nil {
		t.Fatal(err)
	}
	if got := maxOf("api_tokens", "rowid"); got != maxToken+1 {
		t.Errorf("new API token's rowid %d, want %d", got, maxToken+1)
	}
	if got := maxOf("sessions", "rowid"); got != maxSession+1 {
		t.Errorf("new session's rowid %d, want %d", got, maxSession+1)
	}
	if n := dst.pg.retries.Load(); n != 0 {
		t.Errorf("%d writes ran again after the copy (a key already taken?)", n)
	}
}

// pgTableCounts returns the row count of every table of the PostgreSQL
// database but schema_migrations, and the triggers that are not enabled.
func pgTableCounts(t *testing.T, dbURL string) (counts map[string]int, disabled []string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	counts = map[string]int{}
	for _, table := range tables {
		var n int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	rows, err = conn.Query(ctx, `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'`)
	if err != nil {
		t.Fatal(err)
	}
	if disabled, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		t.Fatal(err)
	}
	return counts, disabled
}

// wantEmptyTarget fails unless the database's tables are all there, all
// empty, with their triggers on.
func wantEmptyTarget(t *testing.T, dbURL string) {
	t.Helper()
	counts, disabled := pgTableCounts(t, dbURL)
	if len(counts) < 17 {
		t.Fatalf("the target has %d tables: %v", len(counts), counts)
	}
	for table, n := range counts {
		if n != 0 {
			t.Errorf("the target's %s holds %d rows after a failed copy", table, n)
		}
	}
	if len(disabled) > 0 {
		t.Errorf("triggers left disabled: %v", disabled)
	}
}

// TestMigrateDataRefusesNonEmptyTarget: a target holding any row, whether a
// console bootstrapped it or the only row is a login failure, is refused
// and left exactly as it was (Snapshot on PostgreSQL shows each row's
// writing transaction too).
func TestMigrateDataRefusesNonEmptyTarget(t *testing.T) {
	ctx := context.Background()
	fx := richSQLiteConsole(t)
	for _, tc := range []struct {
		name string
		fill func(s *Store) error
		want string
	}{
		{"bootstrapped", func(s *Store) error { _, err := s.Bootstrap(ctx, "other-password"); return err }, "users: 1 row"},
		{"one login failure", func(s *Store) error { return s.RecordLoginFailure(ctx, []string{"user:eve"}) }, "(login_failures: 1 row)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbURL := pgtest.Database(t)
			dst := openPG(t, dbURL)
			if err := tc.fill(dst); err != nil {
				t.Fatal(err)
			}
			before, err := dst.Snapshot(ctx, SnapshotOptions{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = MigrateData(ctx, fx.path, dbURL)
			if err == nil || !strings.Contains(err.Error(), "the target is not empty") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want the target refused as not empty (%s)", err, tc.want)
			}
			t.Log(err)
			after, err := dst.Snapshot(ctx, SnapshotOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if before.String() != after.String() {
				t.Fatalf("the refused target changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// TestMigrateDataRefusesSource: what is not a console's SQLite file of this
// schema is refused with a message saying what to do, before the target is
// touched (it gets no tables).
func TestMigrateDataRefusesSource(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("this is not a database\n", 100)), 0o600)
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	console := func(t *testing.T, sql string) string {
		path := filepath.Join(t.TempDir(), "console.db")
		s := openTestStoreAt(t, path)
		if _, err := s.w.ExecContext(ctx, sql); err != nil {
			t.Fatal(err)
		}
		return path
	}
	dbURL := pgtest.Database(t)
	for _, tc := range []struct {
		name   string
		source func(t *testing.T) string
		want   string
		is     error
	}{
		{"missing", func(*testing.T) string { return filepath.Join(dir, "nope.db") }, "nope.db does not exist: the source is the SQLite file the console ran on", nil},
		{"folder", func(*testing.T) string { return dir }, "is a folder: give the path of the database file in it", nil},
		{"not SQLite", func(*testing.T) string { return garbage }, "garbage.db is not a SQLite database", nil},
		{"SQLite, not a console", func(*testing.T) string { return empty }, "empty.db is a SQLite database but not a console's", nil},
		{"postgres URL", func(*testing.T) string { return "postgres://u:secret-pw@db.example:5432/x" }, "the source postgres://u@db.example:5432/x is a URL: it must be the console's SQLite file", nil},
		{"other URL", func(*testing.T) string { return "mysql://u:secret-pw@db.example/x" }, "the source mysql://u:xxxxx@db.example/x is a URL", nil},
		{"older schema", func(t *testing.T) string { return console(t, `DELETE FROM schema_migrations WHERE version = 12`) },
			"has schema version 11, this dcconsole copies version 12: start this dcconsole on it once", nil},
		{"newer schema", func(t *testing.T) string {
			return console(t, `INSERT INTO schema_migrations VALUES (13, '0013_future.sql')`)
		},
			"has schema version 13, this dcconsole knows up to 12", ErrNewerSchema},
		{"served by a console", func(t *testing.T) string {
			path := console(t, `SELECT 1`)
			release, err := LockServe(path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(release)
			return path
		}, "a dcconsole still serves", ErrServedElsewhere},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MigrateData(ctx, tc.source(t), dbURL)
			if err == nil || !strings.Contains(err.Error(), tc.want) || tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "secret-pw") {
				t.Fatalf("the message shows the URL's password: %v", err)
			}
			t.Log(err)
		})
	}
	if _, err := MigrateData(ctx, garbage, filepath.Join(dir, "target.db")); err == nil || !strings.Contains(err.Error(), "the target must be a postgres:// URL") {
		t.Fatalf("SQLite target: %v", err)
	}
	if counts, _ := pgTableCounts(t, dbURL); len(counts) != 0 {
		t.Fatalf("a refused source left tables in the target: %v", counts)
	}
}

// TestMigrateDataFailureLeavesTargetEmpty: a value PostgreSQL cannot hold,
// or a row it refuses, stops the copy with the table, row and column named,
// after the tables before it were written: the target is left with every
// table empty and its triggers on, and once the source is fixed the copy
// goes through into the same database.
func TestMigrateDataFailureLeavesTargetEmpty(t *testing.T) {
	ctx := context.Background()
	fx := richSQLiteConsole(t)
	conns, _, err := fx.s.Connections(ctx, fx.p.ID, ListFilter{})
	if err != nil || len(conns) == 0 {
		t.Fatal(conns, err)
	}
	conn := conns[0]
	var opID int64
	if err := fx.s.sqlQueryRow(ctx, `SELECT MAX(id) FROM operations`).Scan(&opID); err != nil {
		t.Fatal(err)
	}
	// The store keeps foreign keys on; this connection does not, to store
	// a row that points nowhere.
	raw, err := sql.Open("sqlite", "file:"+fx.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, tc := range []struct {
		name       string
		spoil, fix string
		want       []string
	}{
		{"NUL byte", `UPDATE connections SET description = 'a' || char(0) || 'b' WHERE id = '` + conn.ID + `'`,
			`UPDATE connections SET description = '' WHERE id = '` + conn.ID + `'`,
			[]string{"table connections, row id \"" + conn.ID + "\", column description: the text holds a NUL byte"}},
		{"not UTF-8", fmt.Sprintf(`UPDATE operations SET resource_name = CAST(x'41ff42' AS TEXT) WHERE id = %d`, opID),
			fmt.Sprintf(`UPDATE operations SET resource_name = 'AB' WHERE id = %d`, opID),
			[]string{fmt.Sprintf("table operations, row id %d, column resource_name: the text is not valid UTF-8", opID)}},
		{"refused by PostgreSQL", `INSERT INTO user_projects (user_id, project_id) VALUES (999999, '` + fx.p.ID + `')`,
			`DELETE FROM user_projects WHERE user_id = 999999`,
			[]string{"table user_projects, row user_id 999999, project_id \"" + fx.p.ID + "\": PostgreSQL refused it", "foreign key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := raw.ExecContext(ctx, tc.spoil); err != nil {
				t.Fatal(err)
			}
			dbURL := pgtest.Database(t)
			_, err := MigrateData(ctx, fx.path, dbURL)
			if err == nil {
				t.Fatal("the copy went through")
			}
			for _, w := range append(tc.want, "nothing was copied") {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %v, want %q", err, w)
				}
			}
			t.Log(err)
			wantEmptyTarget(t, dbURL)
			if _, err := raw.ExecContext(ctx, tc.fix); err != nil {
				t.Fatal(err)
			}
			if _, err := MigrateData(ctx, fx.path, dbURL); err != nil {
				t.Fatalf("the copy of the fixed source into the same database: %v", err)
			}
		})
	}
}

// TestMigrateDataNeedsTableOwner: a role that may write the tables but does
// not own them cannot turn their triggers off for the copy; it is refused
// with the owner named, and the target stays empty.
func TestMigrateDataNeedsTableOwner(t *testing.T) {
	ctx := context.Background()
	ownerURL := pgOwnerURL(t)
	if u, _ := url.Parse(ownerURL); !strings.HasPrefix(u.User.Username(), "dcconsole_owner_") {
		t.Skip("the cluster's user may not create roles")
	}
	openPG(t, ownerURL).Close() // the owner makes the schema, as a console started on it would
	admin, err := pgx.Connect(ctx, os.Getenv(pgtest.EnvURL))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	writer := "dcconsole_writer_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, `CREATE ROLE `+writer+` LOGIN`); err != nil {
		t.Fatal(err)
	}
	owner, err := pgx.Connect(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		// The grants go first, so the role can (the database is dropped
		// after this).
		if owner, err := pgx.Connect(ctx, ownerURL); err == nil {
			owner.Exec(ctx, `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM `+writer)
			owner.Exec(ctx, `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM `+writer)
			owner.Exec(ctx, `REVOKE ALL ON SCHEMA public FROM `+writer)
			owner.Close(ctx)
		}
		if admin, err := pgx.Connect(ctx, os.Getenv(pgtest.EnvURL)); err == nil {
			admin.Exec(ctx, `DROP ROLE IF EXISTS `+writer)
			admin.Close(ctx)
		}
	})
	for _, q := range []string{
		`GRANT USAGE, CREATE ON SCHEMA public TO ` + writer,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + writer,
		`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ` + writer,
	} {
		if _, err := owner.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	owner.Close(ctx)
	u, _ := url.Parse(ownerURL)
	ownerRole := u.User.Username()
	u.User = url.User(writer)
	fx := richSQLiteConsole(t)
	_, err = MigrateData(ctx, fx.path, u.String())
	if err == nil || !strings.Contains(err.Error(), "which takes the role that owns the console's tables ("+ownerRole+"): run migrate-data as that role") {
		t.Fatalf("error %v, want a refusal naming the owner %s", err, ownerRole)
	}
	t.Log(err)
	wantEmptyTarget(t, ownerURL)
}
