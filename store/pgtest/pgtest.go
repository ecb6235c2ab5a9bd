// Package pgtest gives tests a fresh PostgreSQL database of their own on the
// cluster that DCCONSOLE_TEST_POSTGRES names (make test starts a throwaway
// one: .ci/pg-cluster.sh). The store, handler and API suites run on it when
// DCCONSOLE_TEST_BACKEND=postgres, on SQLite files otherwise.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable with the cluster's URL: a user that may create
// databases, and a database to connect to for that (such as
// postgres://postgres@127.0.0.1:5433/postgres).
const EnvURL = "DCCONSOLE_TEST_POSTGRES"

// EnvBackend selects the backend of the suites: "postgres" or empty
// (SQLite).
const EnvBackend = "DCCONSOLE_TEST_BACKEND"

// Selected reports whether the suites run on PostgreSQL. It fails the test
// when they should and the cluster is not named, so a misconfigured run
// cannot pass quietly on SQLite.
func Selected(t testing.TB) bool {
	t.Helper()
	if os.Getenv(EnvBackend) != "postgres" {
		return false
	}
	if os.Getenv(EnvURL) == "" {
		t.Fatalf("%s=postgres but %s is not set", EnvBackend, EnvURL)
	}
	return true
}

// Available reports whether a cluster is named, for the tests that need
// PostgreSQL whatever the backend of the suites.
func Available() bool { return os.Getenv(EnvURL) != "" }

// Database creates an empty database on the cluster and returns its URL;
// the database is dropped when the test ends. The test is skipped when no
// cluster is named (make test always names one).
func Database(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Skipf("%s is not set: this test needs PostgreSQL (make test starts a cluster for it)", EnvURL)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect to %s: %v", EnvURL, err)
	}
	defer admin.Close(ctx)
	var b [8]byte
	rand.Read(b[:])
	name := "dcconsole_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("pgtest: connect to drop %s: %v", name, err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("pgtest: %s: %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

// SetConnections lets the database take connections, or refuses new ones
// and ends those it has (a database gone away, as far as a console can
// tell); the database is let take them again when the test ends.
func SetConnections(t testing.TB, database string, allow bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, os.Getenv(EnvURL))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer admin.Close(ctx)
	ident := pgx.Identifier{database}.Sanitize()
	if _, err := admin.Exec(ctx, `ALTER DATABASE `+ident+` WITH ALLOW_CONNECTIONS `+map[bool]string{true: "true", false: "false"}[allow]); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if allow {
		return
	}
	if _, err := admin.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, database); err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if admin, err := pgx.Connect(ctx, os.Getenv(EnvURL)); err == nil {
			admin.Exec(ctx, `ALTER DATABASE `+ident+` WITH ALLOW_CONNECTIONS true`)
			admin.Close(ctx)
		}
	})
}

// Name returns the database name of a URL Database returned.
func Name(t testing.TB, dbURL string) string {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/")
}
