package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"dcconsole/store"
)

// backup handles "dcconsole backup [-db PATH] FILE": it writes a consistent
// copy of the database to FILE, which must not exist. It opens the database
// read-only beside a running console, which keeps serving. To restore: stop
// the console, copy FILE over the database file, start it (README.md).
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dcconsole backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dcconsole backup [-db PATH] FILE")
		fs.PrintDefaults()
	}
	db := fs.String("db", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file to copy (env DCCONSOLE_DB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("backup: name one file to write")
	}
	if err := store.BackupFile(ctx, *db, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", *db, fs.Arg(0))
	return nil
}
