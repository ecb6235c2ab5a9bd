package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Project is a tenant: every resource belongs to exactly one project, and a
// project belongs to one region.
type Project struct {
	ID     string
	Name   string
	Region string
}

// CreateProject adds a project in region.
func (s *Store) CreateProject(ctx context.Context, name, region string) (Project, error) {
	var p Project
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = createProject(ctx, tx, name, region, s.now().UnixMilli())
		return err
	})
	return p, err
}

func createProject(ctx context.Context, tx *sql.Tx, name, region string, now int64) (Project, error) {
	if _, ok := RegionByID(region); !ok {
		return Project{}, &ValidationError{Code: "DC.0001", Fields: map[string]string{"region": "Unknown region " + region + "."}}
	}
	b := make([]byte, 16)
	rand.Read(b)
	p := Project{ID: hex.EncodeToString(b), Name: name, Region: region}
	if _, err := tx.ExecContext(ctx, `INSERT INTO projects (id, name, region, created_at) VALUES (?, ?, ?, ?)`,
		p.ID, p.Name, p.Region, now); err != nil {
		return Project{}, fmt.Errorf("store: create project %s: %w", name, err)
	}
	return p, nil
}

// GrantProject lets a user use a project.
func (s *Store) GrantProject(ctx context.Context, userID int64, projectID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return grantProject(ctx, tx, userID, projectID) })
}

func grantProject(ctx context.Context, tx *sql.Tx, userID int64, projectID string) error {
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_projects (user_id, project_id) VALUES (?, ?)`, userID, projectID)
	if err != nil {
		return fmt.Errorf("store: grant project: %w", err)
	}
	return nil
}

// ProjectsForUser lists the projects a user may use, by region then name.
func (s *Store) ProjectsForUser(ctx context.Context, userID int64) ([]Project, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.name, p.region FROM projects p
		JOIN user_projects up ON up.project_id = p.id
		WHERE up.user_id = ? ORDER BY p.region, p.name`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: projects for user: %w", err)
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		var p Project
		if err := rows.Scan(&p.ID, &p.Name, &p.Region); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ProjectForUser returns the project if the user may use it, else ErrNotFound.
func (s *Store) ProjectForUser(ctx context.Context, userID int64, projectID string) (Project, error) {
	var p Project
	err := s.r.QueryRowContext(ctx, `SELECT p.id, p.name, p.region FROM projects p
		JOIN user_projects up ON up.project_id = p.id
		WHERE up.user_id = ? AND p.id = ?`, userID, projectID).Scan(&p.ID, &p.Name, &p.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, ErrNotFound
	}
	if err != nil {
		return Project{}, fmt.Errorf("store: project: %w", err)
	}
	return p, nil
}
