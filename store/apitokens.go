package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Token scopes, as Keystone names them.
const (
	ScopeProject  = "project"
	ScopeDomain   = "domain"
	ScopeUnscoped = "unscoped"
)

// APIToken is an issued API token: who it is for, what it is scoped to and
// how long it lives. The token string itself is never stored.
type APIToken struct {
	User      User
	Scope     string  // ScopeProject, ScopeDomain or ScopeUnscoped
	Project   Project // set for ScopeProject only
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// MaxAPITokensPerUser is how many live tokens a user keeps: issuing one
// more revokes the oldest beyond it.
const MaxAPITokensPerUser = 50

// CreateAPIToken issues a token for user u, scoped to project p when scope is
// ScopeProject (p must be one of u's projects: callers get it from
// ProjectForUser). It returns the token string, which is shown only here, and
// removes tokens that have expired and the user's oldest beyond
// MaxAPITokensPerUser.
func (s *Store) CreateAPIToken(ctx context.Context, u User, scope string, p Project, ttl time.Duration) (string, APIToken, error) {
	switch scope {
	case ScopeProject:
		if p.ID == "" {
			return "", APIToken{}, errors.New("store: create api token: project scope without a project")
		}
	case ScopeDomain, ScopeUnscoped:
		p = Project{}
	default:
		return "", APIToken{}, fmt.Errorf("store: create api token: unknown scope %q", scope)
	}
	b := make([]byte, 32)
	rand.Read(b)
	token := hex.EncodeToString(b)
	now := s.now()
	t := APIToken{User: u, Scope: scope, Project: p, IssuedAt: now.UTC(), ExpiresAt: now.Add(ttl).UTC()}
	project := sql.NullString{String: p.ID, Valid: p.ID != ""}
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE expires_at <= ?`, millis(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (hash, user_id, project_id, scope, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tokenHash(token), u.ID, project, scope, millis(now), millis(t.ExpiresAt)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE hash IN (SELECT hash FROM api_tokens WHERE user_id = ?
			ORDER BY issued_at DESC, rowid DESC LIMIT -1 OFFSET ?)`, u.ID, MaxAPITokensPerUser)
		return err
	})
	if err != nil {
		return "", APIToken{}, fmt.Errorf("store: create api token: %w", err)
	}
	return token, t, nil
}

// APITokenFor returns the live token with the given string. It returns
// ErrNotFound when the token is unknown, expired or revoked, when its user was
// disabled or deleted, or when the user lost access to the token's project.
func (s *Store) APITokenFor(ctx context.Context, token string) (APIToken, error) {
	if token == "" || len(token) > 256 {
		return APIToken{}, ErrNotFound
	}
	hash := tokenHash(token)
	// On PostgreSQL every check reads the database (readcache.go).
	t, gen, ok := s.caches.tokens.get(hash)
	if !ok {
		var err error
		if t, err = s.lookupAPIToken(ctx, hash); err != nil {
			return APIToken{}, err
		}
		s.caches.tokens.put(hash, gen, t)
	}
	if t.User.Disabled || !s.now().Before(t.ExpiresAt) {
		return APIToken{}, ErrNotFound
	}
	if t.Scope == ScopeProject && t.Project.ID == "" {
		return APIToken{}, ErrNotFound // the project is gone or access was withdrawn
	}
	return t, nil
}

// lookupAPIToken reads a token, its user, and its project when the user may
// still use it (the same rule as ProjectForUser), in one query.
func (s *Store) lookupAPIToken(ctx context.Context, hash string) (APIToken, error) {
	var t APIToken
	var project, pID, pName, pRegion sql.NullString
	var issued, expires int64
	err := s.r.QueryRowContext(ctx, `SELECT u.id, u.name, u.is_admin, u.disabled, t.scope, t.project_id, t.issued_at, t.expires_at,
			p.id, p.name, p.region
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		LEFT JOIN projects p ON t.scope = 'project' AND p.id = t.project_id
			AND (u.is_admin = 1 OR EXISTS (SELECT 1 FROM user_projects up WHERE up.project_id = p.id AND up.user_id = u.id))
		WHERE t.hash = ?`, hash).
		Scan(&t.User.ID, &t.User.Name, &t.User.IsAdmin, &t.User.Disabled, &t.Scope, &project, &issued, &expires, &pID, &pName, &pRegion)
	if errors.Is(err, sql.ErrNoRows) {
		return APIToken{}, ErrNotFound
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("store: api token: %w", err)
	}
	t.IssuedAt, t.ExpiresAt = fromMillis(issued), fromMillis(expires)
	if pID.Valid {
		t.Project = Project{ID: pID.String, Name: pName.String, Region: pRegion.String}
	}
	return t, nil
}

// RevokeAPIToken ends a token before it expires. Returns ErrNotFound if the
// token is unknown.
func (s *Store) RevokeAPIToken(ctx context.Context, token string) error {
	var n int64
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE hash = ?`, tokenHash(token))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: revoke api token: %w", err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ProjectForUserByName returns the user's project with the given name, or
// ErrNotFound.
func (s *Store) ProjectForUserByName(ctx context.Context, userID int64, name string) (Project, error) {
	var p Project
	err := s.r.QueryRowContext(ctx, `SELECT p.id, p.name, p.region FROM projects p
		JOIN user_projects up ON up.project_id = p.id
		WHERE up.user_id = ? AND p.name = ?`, userID, name).Scan(&p.ID, &p.Name, &p.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, ErrNotFound
	}
	if err != nil {
		return Project{}, fmt.Errorf("store: project %s: %w", name, err)
	}
	return p, nil
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
