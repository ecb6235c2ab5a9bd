package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Server-side sessions. The cookie (signed and encrypted by the handlers)
// holds a random session ID; the store keeps only its SHA-256, so a copy of
// the database cannot be turned into a cookie.

// MaxSessionsPerUser is how many sessions a user keeps: logging in once
// more ends the least recently used beyond it (a script that logs in on
// every run cannot grow the table without end).
const MaxSessionsPerUser = 20

// CreateSession starts a session for the user and returns its ID for the
// cookie. The user's sessions beyond MaxSessionsPerUser, least recently used
// first, end.
func (s *Store) CreateSession(ctx context.Context, userID int64) (string, error) {
	id := rand.Text() + rand.Text()
	now := millis(s.now())
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, seen_at) VALUES (?, ?, ?, ?)`,
			sessionHash(id), userID, now, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash IN (SELECT id_hash FROM sessions WHERE user_id = ?
			ORDER BY seen_at DESC, created_at DESC, rowid DESC LIMIT -1 OFFSET ?)`, userID, MaxSessionsPerUser)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: create session: %w", err)
	}
	return id, nil
}

// SessionUser returns the user of a live session (read with the session, in
// one query: every console request asks) and refreshes the session's idle
// clock once its last recorded use is over 30 s old (not on every page).
// A session unused for idle, or older than maxAge, is deleted. Returns
// ErrNotFound for an unknown, ended or expired session. The user may be
// disabled; the caller decides.
func (s *Store) SessionUser(ctx context.Context, id string, idle, maxAge time.Duration) (User, error) {
	if id == "" {
		return User{}, ErrNotFound
	}
	h := sessionHash(id)
	e, gen, ok := s.caches.sessions.get(h)
	if !ok {
		var err error
		if e, err = s.lookupSession(ctx, h); err != nil {
			return User{}, err
		}
		s.caches.sessions.put(h, gen, e)
	}
	u, created, seen := e.user, e.created, e.seen
	now := millis(s.now())
	if now-seen > idle.Milliseconds() || now-created > maxAge.Milliseconds() {
		if err := s.EndSession(ctx, id); err != nil {
			return User{}, err
		}
		return User{}, ErrNotFound
	}
	if now-seen > 30_000 {
		if err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE id_hash = ?`, now, h)
			return err
		}); err != nil {
			return User{}, fmt.Errorf("store: touch session: %w", err)
		}
	}
	return u, nil
}

// sessionEntry is what SessionUser reads of a session, kept in the
// session cache (readcache.go) until a row of sessions or users changes.
type sessionEntry struct {
	user          User
	created, seen int64 // Unix milliseconds
}

func (s *Store) lookupSession(ctx context.Context, hash string) (sessionEntry, error) {
	var e sessionEntry
	err := s.r.QueryRowContext(ctx, `SELECT s.created_at, s.seen_at, u.id, u.name, u.is_admin, u.disabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, hash).
		Scan(&e.created, &e.seen, &e.user.ID, &e.user.Name, &e.user.IsAdmin, &e.user.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return sessionEntry{}, ErrNotFound
	}
	if err != nil {
		return sessionEntry{}, fmt.Errorf("store: check session: %w", err)
	}
	return e, nil
}

// EndSession deletes a session (logout, expiry); an unknown ID is no error.
func (s *Store) EndSession(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, sessionHash(id))
		return err
	})
}

// EndUserSessions deletes every session of a user (disabled, password reset).
func (s *Store) EndUserSessions(ctx context.Context, userID int64) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}

func sessionHash(id string) string {
	sum := sha256.Sum256([]byte("session\x00" + id))
	return hex.EncodeToString(sum[:])
}

// Login throttling. Failed logins count per user name and per client
// address. After a few failures each further attempt has to wait, longer each
// time; after more, the key is locked for LockDuration. Unknown user names
// count like known ones, so the answer never tells whether a user exists.

// ThrottlePolicy says when failures of one kind of key slow down and lock.
type ThrottlePolicy struct {
	SlowAfter int // failures before attempts must wait (1 s, 2 s, 4 s, ...)
	LockAfter int // failures that lock the key for LockDuration
}

// Throttle policies: a user name locks soon; an address, which a classroom
// behind one NAT shares, only after many more failures.
var (
	UserThrottle = ThrottlePolicy{SlowAfter: 3, LockAfter: 10}
	AddrThrottle = ThrottlePolicy{SlowAfter: 20, LockAfter: 100}
)

const (
	// LockDuration is how long a locked user or address stays locked.
	LockDuration = 15 * time.Minute
	// failureWindow: failures older than this (since the last one) are forgotten.
	failureWindow = 15 * time.Minute
	maxSlowDelay  = time.Minute
)

// ThrottleKeys are the keys a login attempt counts against.
func ThrottleKeys(user, addr string) []string {
	user = strings.ToLower(strings.TrimSpace(user))
	if len(user) > 64 { // no longer name can exist; bounds what an attacker stores
		user = user[:64]
	}
	return []string{"user:" + user, "ip:" + addr}
}

func policyOf(key string) ThrottlePolicy {
	if strings.HasPrefix(key, "ip:") {
		return AddrThrottle
	}
	return UserThrottle
}

// LoginWait returns how long the attempt must wait before it may be tried,
// zero when it may go ahead now. It looks at every key and returns the
// longest wait.
func (s *Store) LoginWait(ctx context.Context, keys []string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, k := range keys {
		var failures, last, locked int64
		err := s.r.QueryRowContext(ctx, `SELECT failures, last_at, locked_until FROM login_failures WHERE key = ?`, k).Scan(&failures, &last, &locked)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("store: login wait: %w", err)
		}
		wait = max(wait, keyWait(k, failures, last, locked, now))
	}
	return wait, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// slowDelay is the wait after failures of a key below its lock.
func slowDelay(p ThrottlePolicy, failures int) time.Duration {
	if failures < p.SlowAfter {
		return 0
	}
	return min(time.Second<<min(failures-p.SlowAfter, 10), maxSlowDelay)
}

// ReserveLoginAttempt is the gate every login attempt passes before its
// password is looked at. In one write transaction it checks every key and,
// when none must wait, counts the attempt as a failure against each of them
// (a success gives it back: LoginSucceeded). Counting before the check is
// what makes the limits hold for concurrent attempts: a burst of attempts
// for one name is serialised here, and once the count reaches the slow-down
// or the lock, every further attempt of the burst is refused without a
// password check. It returns the wait (zero when the attempt was reserved
// and may go ahead).
func (s *Store) ReserveLoginAttempt(ctx context.Context, keys []string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		wait = 0
		if err := pruneLoginFailures(ctx, tx, now); err != nil {
			return err
		}
		for _, k := range keys {
			var failures, last, locked int64
			err := tx.QueryRowContext(ctx, `SELECT failures, last_at, locked_until FROM login_failures WHERE key = ?`, k).Scan(&failures, &last, &locked)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			wait = max(wait, keyWait(k, failures, last, locked, now))
		}
		if wait > 0 {
			return nil
		}
		for _, k := range keys {
			if err := countFailure(ctx, tx, k, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: reserve login attempt: %w", err)
	}
	return wait, nil
}

// LoginSucceeded ends a reserved attempt whose password was right: the user
// name's failures (keys[0]) are forgotten, and the attempt counted against
// the other keys (the address) is given back.
func (s *Store) LoginSucceeded(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, keys[0]); err != nil {
			return err
		}
		return giveBack(ctx, tx, keys[1:])
	})
}

// ReleaseLoginAttempt gives back a reserved attempt whose password was not
// checked (the password checks were busy, or the request failed): it no
// longer counts against any key. A lock it caused stays.
func (s *Store) ReleaseLoginAttempt(ctx context.Context, keys []string) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error { return giveBack(ctx, tx, keys) })
}

func giveBack(ctx context.Context, tx *writeTx, keys []string) error {
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`, k); err != nil {
			return err
		}
	}
	return nil
}

// keyWait is how long an attempt must wait for one key's row.
func keyWait(key string, failures, last, locked int64, now time.Time) time.Duration {
	until := fromMillis(locked)
	if d := slowDelay(policyOf(key), int(failures)); d > 0 {
		until = later(until, fromMillis(last).Add(d))
	}
	return max(until.Sub(now), 0)
}

// RecordLoginFailure counts a failed attempt against every key and locks a
// key that reaches its policy's LockAfter. Rows of keys without failures for
// a day are removed on the way, so random user names cannot fill the table.
// (Logins count with ReserveLoginAttempt, before the password check.)
func (s *Store) RecordLoginFailure(ctx context.Context, keys []string) error {
	now := s.now()
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		if err := pruneLoginFailures(ctx, tx, now); err != nil {
			return err
		}
		for _, k := range keys {
			if err := countFailure(ctx, tx, k, now); err != nil {
				return err
			}
		}
		return nil
	})
}

func pruneLoginFailures(ctx context.Context, tx *writeTx, now time.Time) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE last_at < ? AND locked_until < ?`,
		millis(now.Add(-24*time.Hour)), millis(now))
	return err
}

// countFailure adds one failure to a key, locking it at its policy's
// LockAfter.
func countFailure(ctx context.Context, tx *writeTx, k string, now time.Time) error {
	var failures, last int64
	err := tx.QueryRowContext(ctx, `SELECT failures, last_at FROM login_failures WHERE key = ?`, k).Scan(&failures, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if now.Sub(fromMillis(last)) > failureWindow {
		failures = 0 // forgotten
	}
	failures++
	var locked int64
	if p := policyOf(k); int(failures) >= p.LockAfter {
		locked = millis(now.Add(LockDuration))
		failures = 0 // after the lock, the count starts again
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO login_failures (key, failures, last_at, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at,
		locked_until = CASE WHEN login_failures.locked_until > excluded.locked_until THEN login_failures.locked_until ELSE excluded.locked_until END`, k, failures, millis(now), locked)
	return err
}

// ClearLoginFailures forgets the failures (and any lock) of the keys; a
// successful login clears its user name.
func (s *Store) ClearLoginFailures(ctx context.Context, keys ...string) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// UnlockUser clears the failures and lock of the user name and of every
// client address (the command line's recovery for a locked-out admin, whose
// own address may be locked too). Returns ErrNotFound for an unknown user.
func (s *Store) UnlockUser(ctx context.Context, name string) error {
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ? OR key LIKE 'ip:%'`, ThrottleKeys(name, "")[0])
		return err
	})
}

// ResetPassword sets a user's password (a generated one when password is
// empty, returned to be shown once), enables the user, clears their lock and
// ends their sessions. Returns ErrNotFound for an unknown user.
func (s *Store) ResetPassword(ctx context.Context, name, password string) (generated string, err error) {
	if password == "" {
		generated = rand.Text()
		password = generated
	}
	var fe fieldErrors
	checkPassword(&fe, AttrPassword, password)
	if err := fe.err(); err != nil {
		return "", err
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return "", err
	}
	err = s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, disabled = 0 WHERE id = ?`, string(hash), id); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, ThrottleKeys(name, "")[0])
		return err
	})
	if err != nil {
		return "", err
	}
	return generated, nil
}
