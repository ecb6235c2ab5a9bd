package main

import (
	"context"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dcconsole/store"
	"dcconsole/store/pgtest"
)

// TestMigrateDataCommandNeedsTo: without -to, or with a -to that is not a
// postgres:// URL, migrate-data prints its usage and fails, touching
// nothing.
func TestMigrateDataCommandNeedsTo(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "console.db")
	noEnv := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate-data", "-from", db}, "migrate-data: -to is required: the postgres:// URL of an empty database"},
		{[]string{"migrate-data", "-from", db, "-to", "other.db"}, "migrate-data: -to takes a postgres:// URL; the SQLite file goes in -from"},
		{[]string{"migrate-data", "-to", "postgres://u@h/db", "extra"}, `migrate-data: unexpected argument "extra"`},
	} {
		var out, errOut strings.Builder
		err := run(ctx, tc.args, noEnv, &out, &errOut)
		if err == nil || err.Error() != tc.want {
			t.Fatalf("%v: error %v, want %q", tc.args, err, tc.want)
		}
		if !strings.HasPrefix(errOut.String(), "usage: dcconsole migrate-data [-from FILE] -to postgres://") || out.Len() != 0 {
			t.Fatalf("%v: stdout %q, stderr %q", tc.args, out.String(), errOut.String())
		}
	}
}

// TestMigrateDataCommand: a demo console's file (-from from DCCONSOLE_DB)
// is copied into PostgreSQL with a summary per table and a final line that
// never show the URL's password; the console then starts on PostgreSQL with
// its admin (no new one is made) and demo project; a second copy into the
// same database is refused.
func TestMigrateDataCommand(t *testing.T) {
	ctx := context.Background()
	dbURL := pgtest.Database(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	password, ok := u.User.Password()
	if !ok {
		// The test cluster trusts local connections: a password in the
		// URL is not asked for, and shows whether it is printed.
		password = "never-printed-7d1f"
		u.User = url.UserPassword(u.User.Username(), password)
	}
	dbURL = u.String()
	db := filepath.Join(t.TempDir(), "console.db")
	env := func(k string) string {
		return map[string]string{"DCCONSOLE_ADMIN_PASSWORD": "demo-password", "DCCONSOLE_DB": db}[k]
	}
	if err := run(ctx, []string{"seed-demo"}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}

	var out, errOut strings.Builder
	if err := run(ctx, []string{"migrate-data", "-to", dbURL}, env, &out, &errOut); err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errOut.String())
	}
	t.Logf("output:\n%s", out.String())
	if strings.Contains(out.String()+errOut.String(), password) {
		t.Fatalf("the output shows the URL's password:\n%s", out.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	shown := store.RedactURL(dbURL)
	if lines[0] != "copying "+db+" into "+shown {
		t.Fatalf("first line %q", lines[0])
	}
	for _, want := range []string{`^  users +1 row$`, `^  connections +2 rows$`, `^  virtual_interfaces +2 rows$`, `^  settings +0 rows$`} {
		if !slices.ContainsFunc(lines, regexp.MustCompile(want).MatchString) {
			t.Errorf("no line matches %s", want)
		}
	}
	if n := len(lines); n != 1+17+1 {
		t.Errorf("%d lines, want the first, one per table (17) and the last", n)
	}
	final := regexp.MustCompile(`^copied \d+ rows of 17 tables from ` + regexp.QuoteMeta(db) + ` into ` + regexp.QuoteMeta(shown) + ` in \S+; start dcconsole with -db set to the PostgreSQL URL \(` + regexp.QuoteMeta(db) + ` is unchanged\)$`)
	if last := lines[len(lines)-1]; !final.MatchString(last) {
		t.Errorf("last line %q", last)
	}

	_, printed, stop := startRun(t, []string{"-addr", "127.0.0.1:0", "-db", dbURL}, map[string]string{})
	if strings.Contains(strings.Join(printed, "\n"), "admin password") {
		t.Errorf("the console made a new admin on the copy: %q", printed)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin, err := st.Authenticate(ctx, "admin", "demo-password")
	if err != nil {
		t.Fatalf("the admin's password on PostgreSQL: %v", err)
	}
	p, err := st.ProjectForUserByName(ctx, admin.ID, store.DemoProjectName)
	if err != nil {
		t.Fatal(err)
	}
	if _, n, err := st.Connections(ctx, p.ID, store.ListFilter{}); err != nil || n != 2 {
		t.Fatalf("demo connections on PostgreSQL: %d, %v", n, err)
	}

	out.Reset()
	err = run(ctx, []string{"migrate-data", "-from", db, "-to", dbURL}, env, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "the target is not empty") || strings.Contains(err.Error(), password) {
		t.Fatalf("second copy: %v", err)
	}
}
