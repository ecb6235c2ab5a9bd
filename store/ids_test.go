package store

import (
	"context"
	"testing"
	"time"
)

// TestDeterministicTestRun: with a seed and a test clock, a reset and the
// same steps give the same IDs and times; the IDs are UUIDs.
func TestDeterministicTestRun(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.SetIDSeed(42)
	s.SetTestClock(NewTestClock(start))
	run := func() Connection {
		if err := s.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-123", Location: "Biere", Bandwidth: 100}, "")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b := run(), run()
	if a.ID != b.ID || !a.CreatedAt.Equal(b.CreatedAt) {
		t.Errorf("two runs differ: %s %v, %s %v", a.ID, a.CreatedAt, b.ID, b.CreatedAt)
	}
	if len(a.ID) != 36 || a.ID[14] != '4' {
		t.Errorf("ID %q is not a version-4 UUID", a.ID)
	}
	if a.CreatedAt.Before(start) || a.CreatedAt.After(start.Add(time.Minute)) {
		t.Errorf("created at %v, want shortly after %v", a.CreatedAt, start)
	}
	// A trainee project made after a reset never takes a default project's ID.
	if _, err := s.CreateProject(ctx, "eu-de_x", "eu-de"); err != nil {
		t.Fatal(err)
	}
}

func TestRandomIDsByDefault(t *testing.T) {
	s := openTestStore(t)
	if a, b := s.newID(), s.newID(); a == b || len(a) != 36 {
		t.Errorf("IDs %q %q", a, b)
	}
}
