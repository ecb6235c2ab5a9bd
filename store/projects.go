package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		p, err = s.createProject(ctx, tx, name, region, s.now().UnixMilli())
		return err
	})
	return p, err
}

func (s *Store) createProject(ctx context.Context, tx *writeTx, name, region string, now int64) (Project, error) {
	if _, ok := RegionByID(region); !ok {
		return Project{}, invalid(ruleProjectRegion.on(AttrRegion, region))
	}
	p := Project{ID: strings.ReplaceAll(s.newID(), "-", ""), Name: name, Region: region}
	if _, err := tx.ExecContext(ctx, `INSERT INTO projects (id, name, region, created_at) VALUES (?, ?, ?, ?)`,
		p.ID, p.Name, p.Region, now); err != nil {
		return Project{}, fmt.Errorf("store: create project %s: %w", name, err)
	}
	if err := s.seedProject(ctx, tx, p.ID, now); err != nil {
		return Project{}, err
	}
	return p, nil
}

// seedProject gives a new (or reset) project what every project starts
// with: the VPC VPC-001 with 192.168.0.0/16, so the seed procedure can be
// followed word for word, and in it the subnet subnet-001 (192.168.0.0/24,
// gateway 192.168.0.1), so a client that finds its VPC through a subnet
// (the Terraform provider's OS_SUBNET_NAME) has one to name. Every way a
// project comes to be (CreateProject, Bootstrap, CreateTrainee, SeedDemo,
// ResetProject, Reset) goes through here.
func (s *Store) seedProject(ctx context.Context, tx *writeTx, projectID string, now int64) error {
	vpcID := s.newID()
	_, err := tx.ExecContext(ctx, `INSERT INTO vpcs (id, project_id, name, cidr, created_at, updated_at) VALUES (?, ?, 'VPC-001', '192.168.0.0/16', ?, ?)`,
		vpcID, projectID, now, now)
	if err != nil {
		return fmt.Errorf("store: seed project: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO subnets (id, project_id, vpc_id, name, cidr, gateway_ip, dhcp_enable, primary_dns, secondary_dns,
			neutron_subnet_id, created_at) VALUES (?, ?, ?, ?, '192.168.0.0/24', '192.168.0.1', 1, ?, ?, ?, ?)`,
		s.newID(), projectID, vpcID, DefaultSubnetName, DefaultPrimaryDNS, DefaultSecondaryDNS, s.newID(), now)
	if err != nil {
		return fmt.Errorf("store: seed project: %w", err)
	}
	return nil
}

// Reset returns the whole console to the state of a fresh install: every
// resource is deleted, only the default project of each region and the admin
// user remain (with the admin's current password), and each project starts
// again with VPC-001. It exists for test runs (the -testing flag).
func (s *Store) Reset(ctx context.Context) error {
	s.restartTestRun()
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		for _, q := range []string{
			`DELETE FROM classes`, // their members go with them (migration 0011)
			`DELETE FROM operations`,
			`DELETE FROM virtual_interfaces`,
			`DELETE FROM virtual_gateways`,
			`DELETE FROM endpoint_groups`,
			`DELETE FROM subnets`,
			`DELETE FROM vpcs`,
			`DELETE FROM connections`,
			`DELETE FROM projects WHERE name <> region`,
			`DELETE FROM users WHERE name <> 'admin'`,
			`UPDATE users SET disabled = 0`,
			`UPDATE projects SET quota_connections = 10, quota_gateways = 5, quota_interfaces = 50`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: reset: %w", err)
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM projects`)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := s.seedProject(ctx, tx, id, s.now().UnixMilli()); err != nil {
				return err
			}
		}
		return nil
	})
}

// GrantProject lets a user use a project.
func (s *Store) GrantProject(ctx context.Context, userID int64, projectID string) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error { return grantProject(ctx, tx, userID, projectID) })
}

func grantProject(ctx context.Context, tx *writeTx, userID int64, projectID string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO user_projects (user_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, userID, projectID)
	if err != nil {
		return fmt.Errorf("store: grant project: %w", err)
	}
	return nil
}

// mayUse is the condition that user ? (given twice) may use project p: it
// was granted to them, or they are an administrator, who sees every project.
const mayUse = `(EXISTS (SELECT 1 FROM user_projects up WHERE up.project_id = p.id AND up.user_id = ?)
	OR EXISTS (SELECT 1 FROM users u WHERE u.id = ? AND u.is_admin = 1))`

// ProjectsForUser lists the projects a user may use (an admin: all), by region then name.
// Every console page asks (the project selector), so the answer is kept in
// the projects cache (readcache.go) until a user, a project's ID, name or
// region, or a grant changes; the caller gets a copy of its own.
func (s *Store) ProjectsForUser(ctx context.Context, userID int64) ([]Project, error) {
	ps, gen, ok := s.caches.projects.get(userID)
	if !ok {
		var err error
		ps, err = s.queryProjects(ctx, `SELECT p.id, p.name, p.region FROM projects p
			WHERE `+mayUse+` ORDER BY p.region, p.name`, userID, userID)
		if err != nil {
			return nil, err
		}
		s.caches.projects.put(userID, gen, ps)
	}
	return slices.Clone(ps), nil
}

// queryProjects runs a query whose rows are (id, name, region).
func (s *Store) queryProjects(ctx context.Context, query string, args ...any) ([]Project, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: projects: %w", err)
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
		WHERE `+mayUse+` AND p.id = ?`, userID, userID, projectID).Scan(&p.ID, &p.Name, &p.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, ErrNotFound
	}
	if err != nil {
		return Project{}, fmt.Errorf("store: project: %w", err)
	}
	return p, nil
}
