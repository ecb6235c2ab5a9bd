package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		u, err = s.createUser(ctx, tx, name, password, admin, s.now().UnixMilli())
		return err
	})
	return u, err
}

func (s *Store) createUser(ctx context.Context, tx *writeTx, name, password string, admin bool, now int64) (User, error) {
	var fe fieldErrors
	checkUserName(&fe, AttrName, name)
	checkPassword(&fe, AttrPassword, password)
	if err := fe.err(); err != nil {
		return User{}, err
	}
	var taken bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(?))`, name).Scan(&taken); err != nil {
		return User{}, fmt.Errorf("store: create user %s: %w", name, err)
	}
	if taken {
		return User{}, invalid(ruleUserTaken.on(AttrName, name))
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return User{}, err
	}
	return insertUser(ctx, tx, name, hash, admin, now)
}

// insertUser adds a user whose name was checked (rule and uniqueness) and
// whose password is already hashed: a class hashes its trainees' passwords
// before its transaction, so the write lock is not held through 200 bcrypt
// rounds.
func insertUser(ctx context.Context, tx *writeTx, name string, hash []byte, admin bool, now int64) (User, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users (name, password_hash, is_admin, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		name, string(hash), admin, now).Scan(&id)
	if err != nil {
		return User{}, fmt.Errorf("store: create user %s: %w", name, err)
	}
	return User{ID: id, Name: name, IsAdmin: admin}, nil
}

// checkUserName applies the rule of user names: the name rule of every
// resource (letters, digits, _ and -; 1 to 64), said plainly for a name
// with spaces around it. Names are unique regardless of case (createUser,
// and the index of migration 0010).
func checkUserName(fe *fieldErrors, attr Attr, name string) {
	if name != "" && strings.TrimSpace(name) != name {
		fe.add(ruleUserNameSpaces.on(attr))
		return
	}
	checkName(fe, attr, name)
}

// The rules of users.
var (
	ruleTraineeRegion  = newRule("trainee.region.unknown", "DC.0001", 0)
	ruleUserTaken      = newRule("user.name.taken", "DC.0001", 1)
	ruleProjectTaken   = newRule("project.name.taken", "DC.0001", 1)
	ruleLastAdmin      = newRule("user.last_admin", "DC.0001", 0)
	ruleProjectRegion  = newRule("project.region.unknown", "DC.0001", 1)
	ruleQuotaNegative  = newRule("project.quota.negative", "DC.0001", 0)
	ruleUserNameSpaces = newRule("user.name.spaces", "DC.0001", 0)
	// PasswordRule is the rule every password must follow.
	PasswordRule = newRule("user.password.rule", "DC.0001", 2)
)

// Password rule, one for every way a password is set (console, command
// line, bootstrap): PasswordMinChars to PasswordMaxChars characters, counted
// as Unicode characters (not bytes); no control characters (NUL, tab, line
// breaks, ...); not only spaces.
const (
	PasswordMinChars = 8
	PasswordMaxChars = 72
)

// checkPassword applies the password rule.
func checkPassword(fe *fieldErrors, attr Attr, pw string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw) || strings.ContainsFunc(pw, unicode.IsControl) ||
		n < PasswordMinChars || n > PasswordMaxChars || strings.TrimSpace(pw) == "":
		fe.add(PasswordRule.on(attr, PasswordMinChars, PasswordMaxChars))
	}
}

// bcryptInput is what bcrypt sees of a password. bcrypt reads at most 72
// bytes, and 72 characters outside ASCII take up to 288: such a password is
// first reduced to its SHA-256 (44 bytes in base64), so every character
// counts. A password of at most 72 bytes goes in as it is, so the hashes
// made before the rule counted characters still match.
func bcryptInput(pw string) []byte {
	if len(pw) <= 72 {
		return []byte(pw)
	}
	sum := sha256.Sum256([]byte(pw))
	return []byte(base64.StdEncoding.EncodeToString(sum[:]))
}

// ErrBusy is returned by Authenticate when the password checks already
// running and waiting are at their bound (SetPasswordChecks): the caller
// answers "try again in a moment" instead of queueing without end.
var ErrBusy = errors.New("store: password checks busy")

// passwordGate bounds the bcrypt checks that run at once (each keeps a core
// busy for tens of milliseconds) and the requests waiting for one, so a
// burst of logins leaves the other cores to pages and the API, and an
// attempt beyond the queue is refused at once.
type passwordGate struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
	hook    atomic.Pointer[func(string)] // tests: SetPasswordGateHook
	// admitted counts the logins holding a place (AdmitLogin).
	admitted atomic.Int64
}

func newPasswordGate(slots, queue int) *passwordGate {
	return &passwordGate{slots: make(chan struct{}, max(slots, 1)), queue: int64(max(queue, 0))}
}

// DefaultPasswordChecks is the number of bcrypt checks that may run at once:
// half the cores (at least one). DefaultPasswordQueue is how many may wait
// for them; further attempts get ErrBusy.
func DefaultPasswordChecks() (slots, queue int) {
	slots = max(runtime.GOMAXPROCS(0)/2, 1)
	return slots, 4 * slots
}

// SetPasswordChecks sets how many password checks run at once and how many
// may wait (see DefaultPasswordChecks).
func (s *Store) SetPasswordChecks(slots, queue int) { s.pwGate = newPasswordGate(slots, queue) }

// Events of the password gate, for SetPasswordGateHook.
const (
	GateWait = "wait" // an attempt waits for a slot
	GateRun  = "run"  // an attempt has a slot; its bcrypt check starts
)

// SetPasswordGateHook installs f to be told of the gate's events (tests
// count, order and hold password checks with it; GateRun runs inside the
// slot). nil removes it.
func (s *Store) SetPasswordGateHook(f func(event string)) {
	if f == nil {
		s.pwGate.hook.Store(nil)
		return
	}
	s.pwGate.hook.Store(&f)
}

// AdmitLogin takes one of the places the password gate has for logins (its
// slots plus its queue) before anything else is done for the attempt, so a
// burst beyond them is refused at once, before the attempt is counted or
// written anywhere. It returns false when all places are taken; otherwise
// the caller calls release when the attempt is over. (Authenticate enforces
// the bound by itself too; admission keeps refused attempts cheap.)
func (s *Store) AdmitLogin() (release func(), ok bool) {
	g := s.pwGate
	if g.admitted.Add(1) > int64(cap(g.slots))+g.queue {
		g.admitted.Add(-1)
		return nil, false
	}
	var once sync.Once
	return func() { once.Do(func() { g.admitted.Add(-1) }) }, true
}

func (g *passwordGate) event(e string) {
	if f := g.hook.Load(); f != nil {
		(*f)(e)
	}
}

// check compares a password with a bcrypt hash inside a slot of the gate;
// ErrBusy when no slot is free and the queue is full.
func (g *passwordGate) check(ctx context.Context, hash []byte, password string) (bool, error) {
	select {
	case g.slots <- struct{}{}:
	default:
		if g.waiting.Add(1) > g.queue {
			g.waiting.Add(-1)
			return false, ErrBusy
		}
		g.event(GateWait)
		select {
		case g.slots <- struct{}{}:
			g.waiting.Add(-1)
		case <-ctx.Done():
			g.waiting.Add(-1)
			return false, ctx.Err()
		}
	}
	defer func() { <-g.slots }()
	g.event(GateRun)
	return bcrypt.CompareHashAndPassword(hash, bcryptInput(password)) == nil, nil
}

// Authenticate returns the user whose name and password match. It returns
// ErrBadCredentials for an unknown user, a wrong password or a disabled user,
// and spends the same bcrypt time in each case so timing tells nothing. The
// bcrypt check waits for a slot of the password gate; ErrBusy when the gate's
// queue is full.
func (s *Store) Authenticate(ctx context.Context, name, password string) (User, error) {
	var u User
	var hash string
	err := s.r.QueryRowContext(ctx, `SELECT id, name, password_hash, is_admin, disabled FROM users WHERE name = ?`, name).
		Scan(&u.ID, &u.Name, &hash, &u.IsAdmin, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.pwGate.check(ctx, s.dummyHash, password); err != nil {
			return User{}, err
		}
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("store: authenticate: %w", err)
	}
	ok, err := s.pwGate.check(ctx, []byte(hash), password)
	if err != nil {
		return User{}, err
	}
	if !ok || u.Disabled {
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
	err = s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		// This run may be a retry (postgres.go: another instance
		// bootstrapping the same database at the same moment): what an
		// earlier run generated was not stored.
		generated = ""
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		password := adminPassword
		if password == "" {
			generated = rand.Text()
			password = generated
		}
		now := s.now().UnixMilli()
		u, err := s.createUser(ctx, tx, "admin", password, true, now)
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
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			v = init()
			_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, key, v)
		}
		return err
	})
	return v, err
}
