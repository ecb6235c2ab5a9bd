package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// User is a console user.
type User struct {
	ID       int64
	Name     string
	IsAdmin  bool
	Disabled bool
}

// CreateUser adds a user with a bcrypt hash of password.
func (s *Store) CreateUser(ctx context.Context, name, password string, admin bool) (User, error) {
	var u User
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = s.createUser(ctx, tx, name, password, admin, s.now().UnixMilli())
		return err
	})
	return u, err
}

func (s *Store) createUser(ctx context.Context, tx *sql.Tx, name, password string, admin bool, now int64) (User, error) {
	var fe fieldErrors
	checkName(&fe, "name", name)
	if len(password) < 8 || len(password) > 72 {
		fe.add("password", "DC.0001", "The password must be 8 to 72 characters long.")
	}
	if err := fe.err(); err != nil {
		return User{}, err
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return User{}, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?)`,
		name, string(hash), admin, now)
	if err != nil {
		return User{}, fmt.Errorf("store: create user %s: %w", name, err)
	}
	id, _ := res.LastInsertId()
	return User{ID: id, Name: name, IsAdmin: admin}, nil
}

// Authenticate returns the user whose name and password match. It returns
// ErrBadCredentials for an unknown user, a wrong password or a disabled user,
// and spends the same bcrypt time in each case so timing tells nothing.
func (s *Store) Authenticate(ctx context.Context, name, password string) (User, error) {
	var u User
	var hash string
	err := s.r.QueryRowContext(ctx, `SELECT id, name, password_hash, is_admin, disabled FROM users WHERE name = ?`, name).
		Scan(&u.ID, &u.Name, &hash, &u.IsAdmin, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(s.dummyHash, []byte(password))
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("store: authenticate: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u.Disabled {
		return User{}, ErrBadCredentials
	}
	return u, nil
}

// User returns the user with the given ID. Returns ErrNotFound if there is none.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	var u User
	err := s.r.QueryRowContext(ctx, `SELECT id, name, is_admin, disabled FROM users WHERE id = ?`, id).
		Scan(&u.ID, &u.Name, &u.IsAdmin, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("store: user %d: %w", id, err)
	}
	return u, nil
}

// Bootstrap prepares a fresh database: the default project of each region and
// an "admin" user who may use them. The admin's password is adminPassword, or
// a generated one when that is empty; the generated password is returned (it
// is shown once). On a database that already has users it does nothing and
// returns "".
func (s *Store) Bootstrap(ctx context.Context, adminPassword string) (generated string, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if adminPassword == "" {
			generated = rand.Text()
			adminPassword = generated
		}
		now := s.now().UnixMilli()
		u, err := s.createUser(ctx, tx, "admin", adminPassword, true, now)
		if err != nil {
			return err
		}
		for _, r := range Regions {
			p, err := s.createProject(ctx, tx, r.ID, r.ID, now)
			if err != nil {
				return err
			}
			if err := grantProject(ctx, tx, u.ID, p.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: bootstrap: %w", err)
	}
	return generated, nil
}

// Setting returns a stored server setting, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	var v []byte
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return v, err
}

// SettingOrInit returns the stored setting key, storing init() first when it
// is missing. Concurrent callers all get the same value.
func (s *Store) SettingOrInit(ctx context.Context, key string, init func() []byte) ([]byte, error) {
	var v []byte
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			v = init()
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, key, v)
		}
		return err
	})
	return v, err
}
