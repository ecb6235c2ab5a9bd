package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// The session cache (readcache.go): a session's user is read once and kept
// until a row of sessions or users changes; what the console decides from
// it (ended, expired, disabled, admin) follows every change at once.
func TestSessionCache(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	const idle, maxAge = time.Minute, time.Hour
	clock := time.Now()
	s.SetClock(func() time.Time { return clock })
	// session makes a trainee of project p with a session, checked once so
	// that it is in the cache.
	n := 0
	session := func(t *testing.T) (User, string) {
		t.Helper()
		n++
		u, err := s.CreateUser(ctx, "cached-"+string(rune('a'+n)), "trainee-password", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.GrantProject(ctx, u.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		sid, err := s.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, sid, idle, maxAge); err != nil || got.ID != u.ID {
			t.Fatalf("new session: %+v, %v", got, err)
		}
		return u, sid
	}
	t.Run("Cached", func(t *testing.T) {
		u, sid := session(t)
		// Writes to tables a session check does not read leave it cached.
		if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-beside-session", Location: "Biere", Bandwidth: 100}, ""); err != nil {
			t.Fatal(err)
		}
		before := s.ReadStatements()
		got, err := s.SessionUser(ctx, sid, idle, maxAge)
		if err != nil || got != u {
			t.Fatalf("cached session: %+v, %v", got, err)
		}
		want := int64(0)
		if s.Postgres() {
			want = 1 // other instances write too: every check reads
		}
		if n := s.ReadStatements() - before; n != want {
			t.Fatalf("a session check ran %d queries, want %d", n, want)
		}
	})
	t.Run("Ended", func(t *testing.T) {
		_, sid := session(t)
		if err := s.EndSession(ctx, sid); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, sid, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("ended session: %+v, %v; want ErrNotFound", got, err)
		}
	})
	t.Run("EndedBehindTheStore", func(t *testing.T) {
		_, sid := session(t)
		if _, err := s.sqlExec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, sessionHash(sid)); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, sid, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted session: %+v, %v; want ErrNotFound", got, err)
		}
	})
	t.Run("UserDisabled", func(t *testing.T) {
		u, sid := session(t)
		// The user row only: the session stays, the caller sees Disabled.
		if _, err := s.sqlExec(ctx, `UPDATE users SET disabled = 1 WHERE id = ?`, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, sid, idle, maxAge); err != nil || !got.Disabled {
			t.Fatalf("session of a disabled user: %+v, %v; want the user, disabled", got, err)
		}
	})
	t.Run("MadeAdmin", func(t *testing.T) {
		u, sid := session(t)
		if _, err := s.sqlExec(ctx, `UPDATE users SET is_admin = 1 WHERE id = ?`, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionUser(ctx, sid, idle, maxAge); err != nil || !got.IsAdmin {
			t.Fatalf("session of a user made admin: %+v, %v", got, err)
		}
	})
	t.Run("IdleFromTheCachedClock", func(t *testing.T) {
		_, sid := session(t)
		start := clock
		defer func() { clock = start }()
		// 40 s later the check records the use (over 30 s since the last);
		// 50 s after that the session is live, as its idle clock restarted.
		clock = start.Add(40 * time.Second)
		if _, err := s.SessionUser(ctx, sid, idle, maxAge); err != nil {
			t.Fatal(err)
		}
		clock = start.Add(90 * time.Second)
		if _, err := s.SessionUser(ctx, sid, idle, maxAge); err != nil {
			t.Fatalf("50 s after its last use, a session of 1 min idle time: %v (the cache kept the old use)", err)
		}
		// Unused for over a minute it ends, cached or not.
		clock = start.Add(151 * time.Second)
		if _, err := s.SessionUser(ctx, sid, idle, maxAge); !errors.Is(err, ErrNotFound) {
			t.Fatalf("61 s unused: %v, want ErrNotFound", err)
		}
	})
}

// A session ended while other requests check it: once EndSession has
// answered, no check begun afterwards accepts it, though checks before it
// filled the cache.
func TestSessionEndedWhileChecked(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	u, err := s.Authenticate(ctx, "admin", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	for round := range 20 {
		sid, err := s.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		check := func() error { _, err := s.SessionUser(ctx, sid, time.Hour, time.Hour); return err }
		checksRacingAnEnd(t, round, "the logout", check, func() error { return s.EndSession(ctx, sid) })
	}
}

// The projects cache: ProjectsForUser (every console page's project
// selector) follows grants, withdrawals, renames and new projects at once,
// and a caller cannot change what the next one gets.
func TestProjectsForUserCache(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	admin, err := s.Authenticate(ctx, "admin", "admin-password")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, "selector", "trainee-password", false)
	if err != nil {
		t.Fatal(err)
	}
	names := func(t *testing.T, id int64) []string {
		t.Helper()
		ps, err := s.ProjectsForUser(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	if got := names(t, u.ID); len(got) != 0 {
		t.Fatalf("a user without grants sees %v", got)
	}
	if err := s.GrantProject(ctx, u.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	if got := names(t, u.ID); !slices.Equal(got, []string{p.Name}) {
		t.Fatalf("after a grant: %v, want [%s]", got, p.Name)
	}

	t.Run("Cached", func(t *testing.T) {
		if _, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-beside-selector", Location: "Biere", Bandwidth: 100}, ""); err != nil {
			t.Fatal(err)
		}
		names(t, u.ID)
		before := s.ReadStatements()
		if got := names(t, u.ID); !slices.Equal(got, []string{p.Name}) {
			t.Fatalf("cached: %v", got)
		}
		want := int64(0)
		if s.Postgres() {
			want = 1
		}
		if n := s.ReadStatements() - before; n != want {
			t.Fatalf("the project list ran %d queries, want %d", n, want)
		}
	})
	t.Run("CallerOwnsItsCopy", func(t *testing.T) {
		ps, err := s.ProjectsForUser(ctx, u.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("%v, %v", ps, err)
		}
		ps[0].Name = "changed-by-a-caller"
		if got := names(t, u.ID); !slices.Equal(got, []string{p.Name}) {
			t.Fatalf("after a caller changed its slice: %v", got)
		}
	})
	t.Run("Renamed", func(t *testing.T) {
		if _, err := s.sqlExec(ctx, `UPDATE projects SET name = 'eu-de_renamed' WHERE id = ?`, p.ID); err != nil {
			t.Fatal(err)
		}
		defer s.sqlExec(ctx, `UPDATE projects SET name = ? WHERE id = ?`, p.Name, p.ID)
		if got := names(t, u.ID); !slices.Equal(got, []string{"eu-de_renamed"}) {
			t.Fatalf("after a rename: %v", got)
		}
	})
	t.Run("NewProjectForAdmin", func(t *testing.T) {
		before := names(t, admin.ID)
		np, err := s.CreateProject(ctx, "eu-de_cache", "eu-de")
		if err != nil {
			t.Fatal(err)
		}
		if got := names(t, admin.ID); len(got) != len(before)+1 || !slices.Contains(got, np.Name) {
			t.Fatalf("admin's projects after a new one: %v (before %v)", got, before)
		}
	})
	t.Run("MadeAdmin", func(t *testing.T) {
		if _, err := s.sqlExec(ctx, `UPDATE users SET is_admin = 1 WHERE id = ?`, u.ID); err != nil {
			t.Fatal(err)
		}
		defer s.sqlExec(ctx, `UPDATE users SET is_admin = 0 WHERE id = ?`, u.ID)
		if got, all := names(t, u.ID), names(t, admin.ID); !slices.Equal(got, all) {
			t.Fatalf("a user made admin sees %v, admin sees %v", got, all)
		}
	})
	t.Run("Withdrawn", func(t *testing.T) {
		if _, err := s.sqlExec(ctx, `DELETE FROM user_projects WHERE user_id = ?`, u.ID); err != nil {
			t.Fatal(err)
		}
		if got := names(t, u.ID); len(got) != 0 {
			t.Fatalf("after the grant was withdrawn: %v", got)
		}
	})
}
