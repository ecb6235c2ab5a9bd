package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startRun runs the console as main does, on a free port, and returns its
// URL, the lines it printed before listening, and a stop function that
// cancels it like SIGTERM and waits for run to return.
func startRun(t *testing.T, args []string, env map[string]string) (url string, printed []string, stop func() error) {
	t.Helper()
	return startRunLog(t, args, env, io.Discard)
}

// startRunLog is startRun with the log (run's stderr) going to stderr.
func startRunLog(t *testing.T, args []string, env map[string]string, stderr io.Writer) (url string, printed []string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, func(k string) string { return env[k] }, pw, stderr)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		printed = append(printed, line)
		if u, ok := strings.CutPrefix(line, "listening on "); ok {
			url = u
			break
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("run did not start: %v, printed %q", <-done, printed)
	}
	go io.Copy(io.Discard, pr)
	return url, printed, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("run did not return after shutdown")
			return nil
		}
	}
}

func TestRunServesAndShutsDownCleanly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "dc.db")
	url, printed, stop := startRun(t, []string{"-addr", "127.0.0.1:0", "-db", db, "-provision-delay", "0s"}, nil)
	if len(printed) < 2 || !strings.HasPrefix(printed[0], "admin password (shown once): ") {
		t.Fatalf("generated admin password not printed: %q", printed)
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("run returned %v after shutdown", err)
	}
	// A clean close checkpoints and removes the WAL.
	if _, err := os.Stat(db + "-wal"); !os.IsNotExist(err) {
		t.Fatalf("WAL file left after shutdown: %v", err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Fatal("server still answers after shutdown")
	}

	// Second start on the same file: no new password, same data.
	_, printed, stop = startRun(t, []string{"-addr", "127.0.0.1:0", "-db", db}, nil)
	if strings.Contains(strings.Join(printed, "\n"), "admin password") {
		t.Fatal("password printed again on a second start")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine writing while
// the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestGeneratedAdminPasswordNotLogged: the generated admin password is shown
// once on the terminal (stdout) and never written into the JSON log
// (stderr), which is kept and shipped.
func TestGeneratedAdminPasswordNotLogged(t *testing.T) {
	db := filepath.Join(t.TempDir(), "dc.db")
	var log syncBuffer
	_, printed, stop := startRunLog(t, []string{"-addr", "127.0.0.1:0", "-db", db, "-provision-delay", "0s"}, nil, &log)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	pw, ok := strings.CutPrefix(printed[0], "admin password (shown once): ")
	if !ok || len(pw) < 8 {
		t.Fatalf("generated admin password not printed on stdout: %q", printed)
	}
	if !strings.Contains(log.String(), "generated password") {
		t.Fatalf("the log does not say a password was generated: %s", log.String())
	}
	if strings.Contains(log.String(), pw) {
		t.Fatalf("the generated password is in the log: %s", log.String())
	}
}

func TestConfigFromEnvAndFlags(t *testing.T) {
	env := map[string]string{"DCCONSOLE_ADDR": "127.0.0.1:9999", "DCCONSOLE_DB": "x.db", "DCCONSOLE_PROVISION_DELAY": "2s"}
	cfg, err := parseConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.addr != "127.0.0.1:9999" || cfg.db != "x.db" || cfg.provisionDelay != 2*time.Second {
		t.Fatalf("env config %+v %v", cfg, err)
	}
	cfg, err = parseConfig([]string{"-addr", ":1", "-provision-delay", "0s"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.addr != ":1" || cfg.provisionDelay != 0 {
		t.Fatalf("flags over env %+v %v", cfg, err)
	}
	for _, args := range [][]string{
		{"-provision-delay", "soon"},
		{"-provision-delay", "-1s"},
		{"-testing", "-addr", "0.0.0.0:8080"},
		{"-testing", "-addr", ":8080"},
		{"-session-key", "zz"},
	} {
		cfg, err := parseConfig(args, func(string) string { return "" }, io.Discard)
		if err == nil && args[0] == "-session-key" {
			// the key is checked when the store is open
			if _, _, kerr := sessionKeys(context.Background(), nil, cfg.sessionKey); kerr == nil {
				t.Fatalf("%v accepted", args)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%v accepted", args)
		}
	}
	if _, err := parseConfig([]string{"-testing", "-addr", "127.0.0.1:0"}, func(string) string { return "" }, io.Discard); err != nil {
		t.Fatalf("-testing on loopback refused: %v", err)
	}
}

func TestSeedDemoCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	var out strings.Builder
	env := func(k string) string {
		if k == "DCCONSOLE_ADMIN_PASSWORD" {
			return "demo-password"
		}
		return ""
	}
	if err := run(context.Background(), []string{"seed-demo", "-db", db}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "eu-de_demo (eu-de) now holds the redundant scenario") {
		t.Fatalf("output %q", out.String())
	}
	if err := run(context.Background(), []string{"seed-demo", "-db", db}, env, io.Discard, io.Discard); err == nil {
		t.Fatal("second seed of the same project accepted")
	}
	if err := run(context.Background(), []string{"seed-demo", "-db", db, "-project", "eu-de_demo2"}, env, io.Discard, io.Discard); err != nil {
		t.Fatalf("seed of a second project: %v", err)
	}
}

// TestSecondServeOnSameFileRefused: a second console started on a SQLite
// file another console serves stops at once with a clear error (its caches
// would never see the first one's writes), the first keeps serving, and
// once the first has stopped a console starts on the file again. The
// command-line tools still work beside a running console.
func TestSecondServeOnSameFileRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "one.db")
	env := map[string]string{"DCCONSOLE_ADMIN_PASSWORD": "first-password-1"}
	url, _, stop := startRun(t, []string{"-addr", "127.0.0.1:0", "-db", db}, env)

	var out, errOut bytes.Buffer
	// Refused at once: a second console that served would run until the
	// deadline and return without the error.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := run(ctx, []string{"-addr", "127.0.0.1:0", "-db", db}, func(k string) string { return env[k] }, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "another dcconsole already serves this database") || !strings.Contains(err.Error(), db) {
		t.Fatalf("second console on %s: %v (printed %q)", db, err, out.String())
	}
	if strings.Contains(out.String(), "listening") {
		t.Fatalf("the second console listened: %q", out.String())
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the first console stopped answering: %v %v", resp, err)
	}
	resp.Body.Close()
	out.Reset()
	if err := run(context.Background(), []string{"unlock", "-db", db, "admin"}, func(string) string { return "" }, &out, &errOut); err != nil {
		t.Fatalf("unlock beside the running console: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	_, _, stop = startRun(t, []string{"-addr", "127.0.0.1:0", "-db", db}, env)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestTrustedProxiesFlag: -trusted-proxies (or DCCONSOLE_TRUSTED_PROXIES)
// takes addresses and CIDR blocks; anything else stops the start with a
// message naming it.
func TestTrustedProxiesFlag(t *testing.T) {
	cfg, err := parseConfig([]string{"-trusted-proxies", "10.0.0.5, 192.168.7.9/24,::1"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range cfg.trustedProxies {
		got = append(got, p.String())
	}
	if strings.Join(got, " ") != "10.0.0.5/32 192.168.7.0/24 ::1/128" {
		t.Fatalf("trusted proxies %v", got)
	}
	cfg, err = parseConfig(nil, func(k string) string {
		return map[string]string{"DCCONSOLE_TRUSTED_PROXIES": "172.16.0.0/12"}[k]
	}, io.Discard)
	if err != nil || len(cfg.trustedProxies) != 1 || cfg.trustedProxies[0].String() != "172.16.0.0/12" {
		t.Fatalf("from the environment: %v, %v", cfg.trustedProxies, err)
	}
	for _, bad := range []string{"nginx", "10.0.0.0/33", "10.0.0.1:80"} {
		_, err := parseConfig([]string{"-trusted-proxies", bad}, func(string) string { return "" }, io.Discard)
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("-trusted-proxies %s: %v, want a refusal naming it", bad, err)
		}
	}
}
