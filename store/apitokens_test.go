package store

import (
	"context"
	"errors"
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
		if err := s.RevokeAPIToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("revoked token: err %v, want ErrNotFound", err)
		}
	})
	t.Run("AccessWithdrawn", func(t *testing.T) {
		other, err := s.CreateUser(ctx, "trainee", "trainee-password", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.GrantProject(ctx, other.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		tok, _, err := s.CreateAPIToken(ctx, other, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.ExecContext(ctx, `DELETE FROM user_projects WHERE user_id = ?`, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
			t.Fatalf("token of a withdrawn project: err %v, want ErrNotFound", err)
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
