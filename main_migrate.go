package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"dcconsole/store"
)

// migrateData handles "dcconsole migrate-data [-from FILE] -to URL": it
// copies the whole console in the SQLite file into an empty PostgreSQL
// database (store.MigrateData), for a console that outgrew its file. The
// copy is one transaction: the target gets all of it or nothing; the
// SQLite file is only read.
func migrateData(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dcconsole migrate-data", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: dcconsole migrate-data [-from FILE] -to postgres://USER:PASSWORD@HOST:PORT/DATABASE

Copies the whole console (users, projects, resources, operations log, API
tokens, sessions, classes, settings) from its SQLite file into an empty
PostgreSQL database, in one transaction: all of it or nothing. Stop the
console first; the SQLite file is only read, and stays as it was. Then start
dcconsole with -db set to the PostgreSQL URL.

`)
		fs.PrintDefaults()
	}
	from := fs.String("from", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file to copy (env DCCONSOLE_DB)")
	to := fs.String("to", "", "postgres:// URL of the empty database to copy into (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("migrate-data: unexpected argument %q", fs.Arg(0))
	}
	if *to == "" {
		fs.Usage()
		return errors.New("migrate-data: -to is required: the postgres:// URL of an empty database")
	}
	if !store.IsPostgresURL(*to) {
		fs.Usage()
		return errors.New("migrate-data: -to takes a postgres:// URL; the SQLite file goes in -from")
	}
	target := store.RedactURL(*to)
	fmt.Fprintf(stdout, "copying %s into %s\n", *from, target)
	start := time.Now()
	report, err := store.MigrateData(ctx, *from, *to)
	if err != nil {
		return err
	}
	for _, t := range report.Tables {
		fmt.Fprintf(stdout, "  %-20s %7d %s\n", t.Table, t.Rows, rowsWord(t.Rows))
	}
	fmt.Fprintf(stdout, "copied %d rows of %d tables from %s into %s in %v; start dcconsole with -db set to the PostgreSQL URL (%s is unchanged)\n",
		report.Rows(), len(report.Tables), *from, target, time.Since(start).Round(time.Millisecond), *from)
	return nil
}

func rowsWord(n int) string {
	if n == 1 {
		return "row"
	}
	return "rows"
}
