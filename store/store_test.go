package store

import (
	"context"
	"golang.org/x/crypto/bcrypt"
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
	s.SetPasswordCost(bcrypt.MinCost) // bcrypt is slow under -race; the cost is not under test here
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
