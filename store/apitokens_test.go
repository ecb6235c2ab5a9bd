package store

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	u, err := s.Authenticate(ctx, "admin", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		tok, issued, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.APITokenFor(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if got.Project != p || got.User.ID != u.ID || got.Scope != ScopeProject || !got.ExpiresAt.Equal(issued.ExpiresAt.Truncate(time.Millisecond)) {
			t.Fatalf("got %+v, issued %+v", got, issued)
		}
	})
	t.Run("DomainScope", func(t *testing.T) {
		tok, _, err := s.CreateAPIToken(ctx, u, ScopeDomain, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.APITokenFor(ctx, tok)
		if err != nil || got.Scope != ScopeDomain || got.Project.ID != "" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		for _, tok := range []string{"", "garbage", string(make([]byte, 1000))} {
			if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
				t.Errorf("token %q: err %v, want ErrNotFound", tok, err)
			}
		}
	})
	t.Run("Expired", func(t *testing.T) {
		tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		s.SetClock(func() time.Time { return time.Now().Add(time.Hour + time.Second) })
		defer s.SetClock(time.Now)
		if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("expired token: err %v, want ErrNotFound", err)
		}
	})
	t.Run("Revoked", func(t *testing.T) {
		tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); err != nil { // now in the token cache
			t.Fatal(err)
		}
		if err := s.RevokeAPIToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoked token: err %v, want ErrNotFound", err)
		}
	})
	t.Run("AccessWithdrawn", func(t *testing.T) {
		other, tok := cachedTraineeToken(t, s, p, "trainee")
		if _, err := s.sqlExec(ctx, `DELETE FROM user_projects WHERE user_id = ?`, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("token of a withdrawn project: err %v, want ErrNotFound", err)
		}
	})
	t.Run("UserDisabled", func(t *testing.T) {
		other, tok := cachedTraineeToken(t, s, p, "trainee-disabled")
		if err := s.SetUserDisabled(ctx, other.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("token of a disabled user: err %v, want ErrNotFound", err)
		}
	})
	t.Run("ProjectRenamed", func(t *testing.T) {
		tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); err != nil { // now in the token cache
			t.Fatal(err)
		}
		if _, err := s.sqlExec(ctx, `UPDATE projects SET name = 'eu-de_renamed' WHERE id = ?`, p.ID); err != nil {
			t.Fatal(err)
		}
		defer s.sqlExec(ctx, `UPDATE projects SET name = ? WHERE id = ?`, p.Name, p.ID)
		got, err := s.APITokenFor(ctx, tok)
		if err != nil || got.Project.Name != "eu-de_renamed" {
			t.Fatalf("token after its project was renamed: %+v, %v", got.Project, err)
		}
	})
	t.Run("Cached", func(t *testing.T) {
		// A token checked once is checked again without a query, also after
		// writes to tables a check does not read.
		tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-beside-cache", Location: "Biere", Bandwidth: 100}, ""); err != nil {
			t.Fatal(err)
		}
		before := s.ReadStatements()
		got, err := s.APITokenFor(ctx, tok)
		if err != nil || got.Project != p || got.User.ID != u.ID {
			t.Fatalf("cached check: %+v, %v", got, err)
		}
		// On PostgreSQL other instances write too: no cache, every
		// check reads the database.
		want := int64(0)
		if s.Postgres() {
			want = 1
		}
		if n := s.ReadStatements() - before; n != want {
			t.Fatalf("a token check ran %d queries, want %d", n, want)
		}
	})
	t.Run("ProjectByName", func(t *testing.T) {
		got, err := s.ProjectForUserByName(ctx, u.ID, p.Name)
		if err != nil || got != p {
			t.Fatalf("got %+v, %v", got, err)
		}
		if _, err := s.ProjectForUserByName(ctx, u.ID, "nope"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err %v, want ErrNotFound", err)
		}
	})
}

// cachedTraineeToken makes a user granted project p and a project token of
// theirs, checked once so that it is in the token cache.
func cachedTraineeToken(t *testing.T, s *Store, p Project, name string) (User, string) {
	t.Helper()
	ctx := context.Background()
	u, err := s.CreateUser(ctx, name, "trainee-password", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.GrantProject(ctx, u.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.APITokenFor(ctx, tok); err != nil {
		t.Fatal(err)
	}
	return u, tok
}

// Checks running while a token is revoked: once the revoke has answered,
// no check that starts afterwards accepts the token, though checks before
// it filled the cache.
func TestAPITokenRevokedWhileChecked(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	u, err := s.Authenticate(ctx, "admin", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	for round := range 20 {
		tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		check := func() error { _, err := s.APITokenFor(ctx, tok); return err }
		checksRacingAnEnd(t, round, "the revoke", check, func() error { return s.RevokeAPIToken(ctx, tok) })
	}
}

// checksRacingAnEnd runs check from 4 goroutines while end runs: once end
// has answered, no check begun afterwards (and none of 50 more) may
// succeed, though checks before it filled the cache.
func checksRacingAnEnd(t *testing.T, round int, what string, check, end func() error) {
	t.Helper()
	var ended atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := ended.Load()
				if err := check(); after && err == nil {
					t.Errorf("round %d: a check begun after %s answered succeeded", round, what)
					return
				}
			}
		})
	}
	if err := end(); err != nil {
		t.Fatal(err)
	}
	ended.Store(true)
	for range 50 {
		if err := check(); err == nil {
			t.Fatalf("round %d: a check after %s succeeded", round, what)
		}
	}
	close(stop)
	wg.Wait()
}
