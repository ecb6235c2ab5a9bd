package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// TestReserveLoginAttemptConcurrent: 60 attempts for one name at once
// (one clock instant) reserve no more than the policy lets through; every
// other one is told to wait, and the failures counted stay within the lock
// limit.
func TestReserveLoginAttemptConcurrent(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	now := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { return now })
	keys := ThrottleKeys("admin", "192.0.2.1")
	var mu sync.Mutex
	reserved, waited := 0, 0
	var wg sync.WaitGroup
	for range 60 {
		wg.Go(func() {
			d, err := s.ReserveLoginAttempt(ctx, keys)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Error(err)
			case d == 0:
				reserved++
			default:
				waited++
			}
		})
	}
	wg.Wait()
	if reserved != UserThrottle.SlowAfter || reserved+waited != 60 {
		t.Fatalf("reserved %d, told to wait %d; want %d reserved (the slow-down's threshold) and the rest waiting", reserved, waited, UserThrottle.SlowAfter)
	}
	if d, _ := s.LoginWait(ctx, keys); d <= 0 {
		t.Fatalf("after the burst the name may go on at once (wait %v)", d)
	}
	// A success gives the address its attempt back and clears the name.
	if err := s.LoginSucceeded(ctx, keys); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.LoginWait(ctx, keys); d != 0 {
		t.Fatalf("after a success: wait %v", d)
	}
	var addrFailures int
	if err := s.r.QueryRowContext(ctx, `SELECT failures FROM login_failures WHERE key = ?`, keys[1]).Scan(&addrFailures); err != nil {
		t.Fatal(err)
	}
	if addrFailures != UserThrottle.SlowAfter-1 {
		t.Fatalf("address failures %d after %d reserved and one success, want %d", addrFailures, reserved, UserThrottle.SlowAfter-1)
	}
	// An attempt released unchecked (busy) does not count.
	if err := s.ReleaseLoginAttempt(ctx, keys[1:]); err != nil {
		t.Fatal(err)
	}
	if err := s.r.QueryRowContext(ctx, `SELECT failures FROM login_failures WHERE key = ?`, keys[1]).Scan(&addrFailures); err != nil || addrFailures != UserThrottle.SlowAfter-2 {
		t.Fatalf("after a release: %d, %v", addrFailures, err)
	}
}

// TestPasswordGateBound: no more password checks run at once than the
// gate's slots; with the slots and the queue full a further check is
// refused at once with ErrBusy; when the slot frees, the waiting ones run.
func TestPasswordGateBound(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	s.SetPasswordChecks(1, 2)
	events := make(chan string, 16)
	release := make(chan struct{})
	var mu sync.Mutex
	running, most := 0, 0
	s.SetPasswordGateHook(func(e string) {
		if e == GateRun {
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			events <- e
			<-release
			mu.Lock()
			running--
			mu.Unlock()
			return
		}
		events <- e
	})
	results := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := s.Authenticate(ctx, "admin", "admin-password")
			results <- err
		}()
	}
	// One runs, two wait: nothing else can get in.
	got := map[string]int{}
	for range 3 {
		got[<-events]++
	}
	if got[GateRun] != 1 || got[GateWait] != 2 {
		t.Fatalf("gate events %v, want 1 run and 2 waiting", got)
	}
	if _, err := s.Authenticate(ctx, "admin", "admin-password"); !errors.Is(err, ErrBusy) {
		t.Fatalf("fourth check with the slot and queue full: %v, want ErrBusy", err)
	}
	if _, err := s.Authenticate(ctx, "nobody", "admin-password"); !errors.Is(err, ErrBusy) {
		t.Fatalf("unknown user with the slot and queue full: %v, want ErrBusy", err)
	}
	go func() {
		for range 2 {
			<-events // the waiting ones get the slot, one after the other
		}
	}()
	close(release)
	for range 3 {
		if err := <-results; err != nil {
			t.Fatalf("a check that waited: %v", err)
		}
	}
	if most != 1 {
		t.Fatalf("%d checks ran at once, want at most 1", most)
	}
}

// TestPasswordRule: one rule, counted in characters: 8 to 72, no control
// characters, not only spaces; the whole password counts, even beyond
// bcrypt's 72 bytes.
func TestPasswordRule(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	long := strings.Repeat("ä", 72) // 72 characters, 144 bytes
	for _, tc := range []struct {
		name, pw string
		ok       bool
	}{
		{"8 ASCII", "abcdefgh", true},
		{"8 umlauts (16 bytes)", "ääääääää", true},
		{"4 umlauts (8 bytes)", "ääää", false},
		{"7 characters", "abcdefg", false},
		{"72 umlauts (144 bytes)", long, true},
		{"73 characters", strings.Repeat("a", 73), false},
		{"8 spaces", "        ", false},
		{"spaces and a tab", "       \t", false},
		{"NUL inside", "abcd\x00efgh", false},
		{"tab inside", "abcd\tefgh", false},
		{"newline", "abcdefgh\n", false},
		{"DEL", "abcdefg\x7f", false},
		{"C1 control", "abcdefg\u0085", false},
		{"invalid UTF-8", "abcdefg\xff", false},
		{"spaces inside", "correct horse battery", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "u" + strings.NewReplacer(" ", "-", "(", "", ")", "").Replace(tc.name)
			_, err := s.CreateUser(ctx, name, tc.pw, false)
			var ve *ValidationError
			switch {
			case tc.ok && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.ok && (!errors.As(err, &ve) || ve.at("password") != english(msg(PasswordRule.Key, PasswordMinChars, PasswordMaxChars))):
				t.Fatalf("got %v, want the password rule", err)
			case tc.ok:
				if _, err := s.Authenticate(ctx, name, tc.pw); err != nil {
					t.Fatalf("cannot log in with it: %v", err)
				}
			}
			if _, err := s.ResetPassword(ctx, "admin", tc.pw); (err == nil) != tc.ok {
				t.Fatalf("ResetPassword: %v (want ok=%v)", err, tc.ok)
			}
		})
	}
	// Every character counts: a password that differs only after bcrypt's
	// 72 bytes does not match.
	if _, err := s.CreateUser(ctx, "longpw", long, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "longpw", strings.Repeat("ä", 71)+"ö"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("a password differing in its 72nd character matched: %v", err)
	}
}

// TestUserNameRules: names are unique regardless of case, and a name with
// spaces around it is refused with a clear message, for users made by
// CreateUser and by CreateTrainee alike; nothing is stored.
func TestUserNameRules(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	before, _ := s.Snapshot(ctx, SnapshotOptions{})
	for _, name := range []string{"Admin", "ADMIN", " admin", "admin ", " bob"} {
		_, err := s.CreateUser(ctx, name, "password1", false)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.at("name") == "" {
			t.Errorf("CreateUser(%q) = %v, want a name error", name, err)
		}
		_, _, _, err = s.CreateTrainee(ctx, name, "password1", "eu-de")
		if !errors.As(err, &ve) || ve.at("name") == "" {
			t.Errorf("CreateTrainee(%q) = %v, want a name error", name, err)
		}
	}
	_, err := s.CreateUser(ctx, " bob", "password1", false)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.at("name") != "The user name cannot begin or end with a space." {
		t.Errorf("surrounding space: %v", err)
	}
	if _, err := s.CreateUser(ctx, "Admin", "password1", false); !errors.As(err, &ve) || ve.at("name") != "A user named Admin already exists." {
		t.Errorf("case twin: %v", err)
	}
	after, _ := s.Snapshot(ctx, SnapshotOptions{})
	if len(after["users"]) != len(before["users"]) {
		t.Fatalf("users stored: %v", after["users"])
	}
	// The database refuses a case twin too (the index of migration 0010),
	// whatever path a write takes.
	if _, err := s.sqlExec(ctx, `INSERT INTO users (name, password_hash, created_at) VALUES ('ADMIN', 'x', 0)`); err == nil {
		t.Fatal("the database took ADMIN beside admin")
	}
}

// TestMigrationRenamesCaseTwins: a database from before migration 0010 that
// holds "admin" and "Admin" keeps the older name and renames the newer one
// to "Admin~<id>", which still logs in; then the index holds.
func TestMigrationRenamesCaseTwins(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.SetPasswordCost(bcrypt.MinCost)
	if _, err := s.Bootstrap(ctx, "admin-password"); err != nil {
		t.Fatal(err)
	}
	// Back to before 0010, then twins as the old rules let them in.
	hash, _ := bcrypt.GenerateFromPassword([]byte("twin-password"), bcrypt.MinCost)
	for _, q := range []string{
		`DROP INDEX users_name_nocase`,
		`DELETE FROM schema_migrations WHERE version = 10`,
		`INSERT INTO users (name, password_hash, created_at) VALUES ('Admin', '` + string(hash) + `', 0)`,
		`INSERT INTO users (name, password_hash, created_at) VALUES ('ADMIN', '` + string(hash) + `', 0)`,
		`INSERT INTO users (name, password_hash, created_at) VALUES ('bob', '` + string(hash) + `', 0)`,
	} {
		if _, err := s.sqlExec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("migration 0010 on twins: %v", err)
	}
	defer s.Close()
	var names []string
	rows, err := s.r.QueryContext(ctx, `SELECT name FROM users ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	if strings.Join(names, ",") != "admin,Admin~2,ADMIN~3,bob" {
		t.Fatalf("names after the migration: %v", names)
	}
	if _, err := s.Authenticate(ctx, "Admin~2", "twin-password"); err != nil {
		t.Fatalf("a renamed user cannot log in: %v", err)
	}
	if _, err := s.CreateUser(ctx, "BOB", "password1", false); err == nil {
		t.Fatal("BOB created beside bob after the migration")
	}
}

// TestSessionAndTokenCaps: a user keeps at most MaxSessionsPerUser sessions
// and MaxAPITokensPerUser tokens; the oldest go first; other users' stay.
func TestSessionAndTokenCaps(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	now := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { now = now.Add(time.Second); return now })
	other, err := s.CreateUser(ctx, "other", "password1", false)
	if err != nil {
		t.Fatal(err)
	}
	otherSID, _ := s.CreateSession(ctx, other.ID)
	var sids []string
	for range MaxSessionsPerUser + 5 {
		id, err := s.CreateSession(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		sids = append(sids, id)
	}
	count := func(q string, id int64) int {
		var n int
		if err := s.r.QueryRowContext(ctx, q, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM sessions WHERE user_id = ?`, 1); n != MaxSessionsPerUser {
		t.Fatalf("%d sessions kept, want %d", n, MaxSessionsPerUser)
	}
	if _, err := s.SessionUser(ctx, sids[0], time.Hour, time.Hour); !errors.Is(err, ErrNotFound) {
		t.Fatalf("oldest session kept: %v", err)
	}
	if _, err := s.SessionUser(ctx, sids[len(sids)-1], time.Hour, time.Hour); err != nil {
		t.Fatalf("newest session ended: %v", err)
	}
	if _, err := s.SessionUser(ctx, otherSID, time.Hour, time.Hour); err != nil {
		t.Fatalf("another user's session ended: %v", err)
	}

	admin, _ := s.User(ctx, 1)
	otherTok, _, _ := s.CreateAPIToken(ctx, other, ScopeUnscoped, Project{}, time.Hour)
	var toks []string
	for range MaxAPITokensPerUser + 5 {
		tok, _, err := s.CreateAPIToken(ctx, admin, ScopeProject, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		toks = append(toks, tok)
	}
	if n := count(`SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`, 1); n != MaxAPITokensPerUser {
		t.Fatalf("%d tokens kept, want %d", n, MaxAPITokensPerUser)
	}
	if _, err := s.APITokenFor(ctx, toks[0]); !errors.Is(err, ErrNotFound) {
		t.Fatalf("oldest token kept: %v", err)
	}
	if _, err := s.APITokenFor(ctx, toks[len(toks)-1]); err != nil {
		t.Fatalf("newest token revoked: %v", err)
	}
	if _, err := s.APITokenFor(ctx, otherTok); err != nil {
		t.Fatalf("another user's token revoked: %v", err)
	}
}

// TestDisableRevokesTokens: disabling a user revokes their API tokens and
// ends their sessions; enabling them again revives neither.
func TestDisableRevokesTokens(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	u, p, _, err := s.CreateTrainee(ctx, "trainee", "password1", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := s.CreateAPIToken(ctx, u, ScopeProject, p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	sid, _ := s.CreateSession(ctx, u.ID)
	if err := s.SetUserDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserDisabled(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.APITokenFor(ctx, tok); !errors.Is(err, ErrNotFound) {
		t.Fatalf("token alive after disable + enable: %v", err)
	}
	if _, err := s.SessionUser(ctx, sid, time.Hour, time.Hour); !errors.Is(err, ErrNotFound) {
		t.Fatalf("session alive after disable + enable: %v", err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`, u.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("token rows left: %d, %v", n, err)
	}
}
