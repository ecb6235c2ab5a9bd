package store

import (
	"context"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"dcconsole/store/pgtest"
)

// openTestStore opens a store on a fresh SQLite file in a temp folder, or
// on a fresh PostgreSQL database when the suite runs on PostgreSQL
// (pgtest).
func openTestStore(t *testing.T) *Store {
	t.Helper()
	return openTestStoreAt(t, testDB(t))
}

// openSQLiteTestStore opens a store on a fresh SQLite file whatever the
// suite's backend: for the tests of SQLite's own parts (group commit,
// backups, query plans).
func openSQLiteTestStore(t *testing.T) *Store {
	t.Helper()
	return openTestStoreAt(t, filepath.Join(t.TempDir(), "test.db"))
}

func openTestStoreAt(t *testing.T, db string) *Store {
	t.Helper()
	s, err := Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.SetPasswordCost(bcrypt.MinCost) // bcrypt is slow under -race; the cost is not under test here
	return s
}

// testDB returns where a test's store lives: a SQLite file in a temp
// folder, or a PostgreSQL database of its own.
func testDB(t testing.TB) string {
	t.Helper()
	if pgtest.Selected(t) {
		return pgtest.Database(t)
	}
	return filepath.Join(t.TempDir(), "test.db")
}

// bootstrapped returns a store after Bootstrap and its eu-de project.
func bootstrapped(t *testing.T) (*Store, Project) {
	t.Helper()
	return bootstrap(t, openTestStore(t))
}

// sqliteBootstrapped is bootstrapped on a SQLite file whatever the suite's
// backend.
func sqliteBootstrapped(t *testing.T) (*Store, Project) {
	t.Helper()
	return bootstrap(t, openSQLiteTestStore(t))
}

func bootstrap(t *testing.T, s *Store) (*Store, Project) {
	t.Helper()
	if _, err := s.Bootstrap(context.Background(), "admin-password"); err != nil {
		t.Fatal(err)
	}
	u, err := s.Authenticate(context.Background(), "admin", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	ps, err := s.ProjectsForUser(context.Background(), u.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("projects %v, %v", ps, err)
	}
	return s, ps[0]
}

func TestPasswordsUseBcryptDefaultCost(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "cost.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hash, err := s.hashPassword("a-password")
	if err != nil {
		t.Fatal(err)
	}
	if cost, _ := bcrypt.Cost(hash); cost != bcrypt.DefaultCost {
		t.Fatalf("production hashes use cost %d, want %d", cost, bcrypt.DefaultCost)
	}
}
