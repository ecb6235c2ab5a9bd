package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dcconsole/store"
)

func TestHTTPServerTimeouts(t *testing.T) {
	srv := httpServer(http.NotFoundHandler(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if d <= 0 || d > 2*time.Minute {
			t.Errorf("%s = %v, want a deadline of at most 2m", name, d)
		}
	}
	if srv.ReadHeaderTimeout > 10*time.Second {
		t.Errorf("ReadHeaderTimeout = %v: a slowloris client could hold a connection that long", srv.ReadHeaderTimeout)
	}
	if srv.MaxHeaderBytes <= 0 || srv.MaxHeaderBytes > 1<<20 {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
}

// TestSessionKeysPersist: a generated key is kept, so sessions survive a
// restart; a configured key must be 64 bytes of hex.
func TestSessionKeysPersist(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "dc.db")
	keys := func() []byte {
		st, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		h, b, err := sessionKeys(ctx, st, "")
		if err != nil || len(h) != 32 || len(b) != 32 {
			t.Fatalf("sessionKeys: %d %d %v", len(h), len(b), err)
		}
		return append(h, b...)
	}
	if a, b := keys(), keys(); !bytes.Equal(a, b) {
		t.Fatal("the generated session key changed across a restart")
	}
	st, _ := store.Open(ctx, db)
	defer st.Close()
	if _, _, err := sessionKeys(ctx, st, "abc"); err == nil {
		t.Fatal("a short -session-key was accepted")
	}
}

func TestSessionTimeoutFlags(t *testing.T) {
	cfg, err := parseConfig([]string{"-session-idle-timeout", "2m", "-session-max-age", "1h"}, func(string) string { return "" }, io.Discard)
	if err != nil || cfg.sessionIdle != 2*time.Minute || cfg.sessionMaxAge != time.Hour {
		t.Fatalf("parseConfig = %+v, %v", cfg, err)
	}
	cfg, err = parseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil || cfg.sessionIdle != 30*time.Minute || cfg.sessionMaxAge != 12*time.Hour {
		t.Fatalf("defaults = %+v, %v", cfg, err)
	}
	for _, bad := range []string{"0s", "-1m", "soon"} {
		if _, err := parseConfig([]string{"-session-idle-timeout", bad}, func(string) string { return "" }, io.Discard); err == nil {
			t.Errorf("-session-idle-timeout %s accepted", bad)
		}
	}
}

// TestUnlockAndResetPassword: the command-line recovery of a locked-out
// administrator.
func TestUnlockAndResetPassword(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "dc.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Bootstrap(ctx, "admin-password"); err != nil {
		t.Fatal(err)
	}
	lock := func() {
		for range store.UserThrottle.LockAfter {
			if err := st.RecordLoginFailure(ctx, store.ThrottleKeys("admin", "192.0.2.1")); err != nil {
				t.Fatal(err)
			}
		}
		if d, _ := st.LoginWait(ctx, store.ThrottleKeys("admin", "198.51.100.1")); d <= 0 {
			t.Fatal("admin not locked")
		}
	}
	env := map[string]string{"DCCONSOLE_DB": db}
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer

	lock()
	if err := run(ctx, []string{"unlock", "admin"}, getenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if d, _ := st.LoginWait(ctx, store.ThrottleKeys("admin", "192.0.2.1")); d != 0 || !strings.Contains(out.String(), "unlocked") {
		t.Fatalf("after unlock: wait %v, printed %q", d, out.String())
	}
	if err := run(ctx, []string{"unlock", "nobody"}, getenv, &out, io.Discard); err == nil || !strings.Contains(err.Error(), `no user "nobody"`) {
		t.Fatalf("unlock nobody: %v", err)
	}
	if err := run(ctx, []string{"unlock"}, getenv, &out, io.Discard); err == nil {
		t.Fatal("unlock without a user succeeded")
	}

	lock()
	env["DCCONSOLE_NEW_PASSWORD"] = "a-new-password"
	out.Reset()
	if err := run(ctx, []string{"reset-password", "-db", db, "admin"}, getenv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Authenticate(ctx, "admin", "a-new-password"); err != nil {
		t.Fatalf("new password refused: %v (printed %q)", err, out.String())
	}
	if d, _ := st.LoginWait(ctx, store.ThrottleKeys("admin", "")); d != 0 {
		t.Fatalf("still locked after reset-password: %v", d)
	}
	st.Close()
}
