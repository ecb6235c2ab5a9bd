package store

import (
	"context"
	"path/filepath"
	"testing"
)

// openTestStore opens a store on a fresh SQLite file in a temp folder.
func openTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bootstrapped returns a store after Bootstrap and its eu-de project.
func bootstrapped(t *testing.T) (*Store, Project) {
	t.Helper()
	s := openTestStore(t)
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
