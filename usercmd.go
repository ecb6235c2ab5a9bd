package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"dcconsole/store"
)

// unlockUser handles "dcconsole unlock [-db PATH] USER": it lifts the login
// lock of the user and of every client address, for an administrator locked
// out by failed logins (their own address may be locked as well). It works
// beside a running console.
func unlockUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	st, name, err := userCommand(ctx, "unlock", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.UnlockUser(ctx, name); err != nil {
		return userCommandError(name, err)
	}
	fmt.Fprintf(stdout, "user %s and all client addresses are unlocked\n", name)
	return nil
}

// resetPassword handles "dcconsole reset-password [-db PATH] USER": it
// gives the user a new password (DCCONSOLE_NEW_PASSWORD, or a generated one
// printed once), enables the user, lifts their lock and ends their sessions
// and API tokens.
func resetPassword(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	st, name, err := userCommand(ctx, "reset-password", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	generated, err := st.ResetPassword(ctx, name, getenv("DCCONSOLE_NEW_PASSWORD"))
	if err != nil {
		return userCommandError(name, err)
	}
	if generated != "" {
		fmt.Fprintf(stdout, "new password of %s (shown once): %s\n", name, generated)
	} else {
		fmt.Fprintf(stdout, "password of %s set from DCCONSOLE_NEW_PASSWORD\n", name)
	}
	return nil
}

// userCommand parses "[-db PATH] USER" and opens the store.
func userCommand(ctx context.Context, cmd string, args []string, getenv func(string) string, stderr io.Writer) (*store.Store, string, error) {
	fs := flag.NewFlagSet("dcconsole "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: dcconsole %s [-db PATH] USER\n", cmd)
		fs.PrintDefaults()
	}
	db := fs.String("db", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file (env DCCONSOLE_DB)")
	if err := fs.Parse(args); err != nil {
		return nil, "", err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return nil, "", fmt.Errorf("%s: name one user", cmd)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return nil, "", err
	}
	return st, fs.Arg(0), nil
}

func userCommandError(name string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no user %q", name)
	}
	return err
}
