package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
)

// UserInfo is a user as the Users page lists it.
type UserInfo struct {
	User
	Projects []Project
}

// Users lists every user with the projects granted to them, by name.
func (s *Store) Users(ctx context.Context) ([]UserInfo, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, is_admin, disabled FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	var out []UserInfo
	for rows.Next() {
		var u UserInfo
		if err := rows.Scan(&u.ID, &u.Name, &u.IsAdmin, &u.Disabled); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		ps, err := s.grantedProjects(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Projects = ps
	}
	return out, nil
}

// grantedProjects lists the projects explicitly granted to a user.
func (s *Store) grantedProjects(ctx context.Context, userID int64) ([]Project, error) {
	return s.queryProjects(ctx, `SELECT p.id, p.name, p.region FROM projects p JOIN user_projects up ON up.project_id = p.id
		WHERE up.user_id = ? ORDER BY p.region, p.name`, userID)
}

// AllProjects lists every project, by region then name.
func (s *Store) AllProjects(ctx context.Context) ([]Project, error) {
	return s.queryProjects(ctx, `SELECT id, name, region FROM projects ORDER BY region, name`)
}

// CreateTrainee adds a user with a project of their own, named
// "<region>_<user>" and holding VPC-001, granted to them and to every
// admin. An empty password is replaced by a generated one, which is
// returned (to be shown once).
func (s *Store) CreateTrainee(ctx context.Context, name, password, region string) (u User, p Project, generated string, err error) {
	if _, ok := RegionByID(region); !ok {
		return User{}, Project{}, "", invalid(ruleTraineeRegion.on(AttrRegion))
	}
	if password == "" {
		generated = rand.Text()
		password = generated
	}
	err = s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(?))`, name).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return invalid(ruleUserTaken.on(AttrName, name))
		}
		now := millis(s.now())
		var err error
		if u, err = s.createUser(ctx, tx, name, password, false, now); err != nil {
			return err
		}
		projectName := region + "_" + name
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE name = ?)`, projectName).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return invalid(ruleProjectTaken.on(AttrName, projectName))
		}
		if p, err = s.createProject(ctx, tx, projectName, region, now); err != nil {
			return err
		}
		if err := grantProject(ctx, tx, u.ID, p.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_projects (user_id, project_id) SELECT id, ? FROM users WHERE is_admin = 1 ON CONFLICT DO NOTHING`, p.ID); err != nil {
			return err
		}
		return s.logOp(ctx, tx, p.ID, ResProject, p.ID, p.Name, ActCreate, msg(keyLogForUser, name))
	})
	if err != nil {
		return User{}, Project{}, "", err
	}
	return u, p, generated, nil
}

// SetUserDisabled disables (or enables) a user; a disabled user cannot log
// in, their sessions end and their API tokens are revoked (enabling them
// again revives neither). The last enabled admin
// cannot be disabled.
func (s *Store) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var admin bool
		err := tx.QueryRowContext(ctx, `SELECT is_admin FROM users WHERE id = ?`, id).Scan(&admin)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if disabled && admin {
			var others int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE is_admin = 1 AND disabled = 0 AND id <> ?`, id).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return refuse(ruleLastAdmin.on(""))
			}
		}
		return setUsersDisabled(ctx, tx, disabled, `?`, id)
	})
}

// setUsersDisabled disables (or enables) the users whose IDs the SQL
// expression ids (a value or a subquery, with args) gives. Disabling ends
// their sessions and revokes their API tokens, so enabling them again
// brings none of them back.
func setUsersDisabled(ctx context.Context, tx *writeTx, disabled bool, ids string, args ...any) error {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id IN (`+ids+`)`, append([]any{disabled}, args...)...); err != nil || !disabled {
		return err
	}
	for _, q := range []string{`DELETE FROM sessions WHERE user_id IN (` + ids + `)`, `DELETE FROM api_tokens WHERE user_id IN (` + ids + `)`} {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// GrantProjectByID lets a user use a project; both must exist.
func (s *Store) GrantProjectByID(ctx context.Context, userID int64, projectID string) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var ok bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = ?) AND EXISTS (SELECT 1 FROM projects WHERE id = ?)`,
			userID, projectID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return ErrNotFound
		}
		return grantProject(ctx, tx, userID, projectID)
	})
}

// ResetProject returns a project to its fresh state: every interface,
// gateway, connection, subnet and VPC is deleted and VPC-001 with
// subnet-001 is created again. The
// operations log keeps its history and records the reset.
func (s *Store) ResetProject(ctx context.Context, projectID string) (Project, error) {
	var p Project
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, name, region FROM projects WHERE id = ?`, projectID).Scan(&p.ID, &p.Name, &p.Region)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return s.resetProject(ctx, tx, p)
	})
	return p, err
}

// resetProject is ResetProject inside a transaction (a class resets all its
// trainees' projects in one).
func (s *Store) resetProject(ctx context.Context, tx *writeTx, p Project) error {
	projectID := p.ID
	var counts [4]int64
	for i, q := range []string{
		`DELETE FROM virtual_interfaces WHERE project_id = ?`,
		`DELETE FROM virtual_gateways WHERE project_id = ?`,
		`DELETE FROM connections WHERE project_id = ?`,
		`DELETE FROM vpcs WHERE project_id = ?`,
	} {
		if i == 3 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM subnets WHERE project_id = ?`, projectID); err != nil {
				return fmt.Errorf("store: reset project: %w", err)
			}
		}
		res, err := tx.ExecContext(ctx, q, projectID)
		if err != nil {
			return fmt.Errorf("store: reset project: %w", err)
		}
		counts[i], _ = res.RowsAffected()
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM endpoint_groups WHERE project_id = ?`, projectID); err != nil {
		return fmt.Errorf("store: reset project: %w", err)
	}
	if err := s.seedProject(ctx, tx, projectID, millis(s.now())); err != nil {
		return err
	}
	return s.logOp(ctx, tx, projectID, ResProject, projectID, p.Name, "reset",
		msg(keyLogReset, counts[0], counts[1], counts[2], counts[3]))
}
