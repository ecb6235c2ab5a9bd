// Command dcconsole serves a self-hosted clone of the Open Telekom Cloud
// Direct Connect management console.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"dcconsole/handlers"
	"dcconsole/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "dcconsole:", err)
		os.Exit(1)
	}
}

// config is what the command line and the environment set.
type config struct {
	addr           string
	db             string
	provisionDelay time.Duration
	secureCookies  bool
	sessionKey     string
	sessionIdle    time.Duration
	sessionMaxAge  time.Duration
	adminPassword  string
	testing        bool
	testingSeed    uint64    // -testing-seed: deterministic resource IDs (0: random)
	testingClock   time.Time // -testing-clock: deterministic store clock (zero: wall clock)
	trustedProxies []netip.Prefix
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	env := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var cfg config
	fs := flag.NewFlagSet("dcconsole", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.addr, "addr", env("DCCONSOLE_ADDR", "127.0.0.1:8080"), "address to listen on (env DCCONSOLE_ADDR); port 0 picks a free port")
	fs.StringVar(&cfg.db, "db", env("DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file, created with its folder, or a postgres:// URL (env DCCONSOLE_DB)")
	delay := fs.String("provision-delay", env("DCCONSOLE_PROVISION_DELAY", "5s"), "how long new resources stay Creating, e.g. 0s for tests (env DCCONSOLE_PROVISION_DELAY)")
	fs.BoolVar(&cfg.secureCookies, "secure-cookies", env("DCCONSOLE_SECURE_COOKIES", "") == "true", "mark cookies Secure, for a console served over HTTPS (env DCCONSOLE_SECURE_COOKIES=true)")
	fs.StringVar(&cfg.sessionKey, "session-key", env("DCCONSOLE_SESSION_KEY", ""), "128 hex digits: session signing and encryption keys (env DCCONSOLE_SESSION_KEY); generated and kept in the database when empty")
	fs.BoolVar(&cfg.testing, "testing", env("DCCONSOLE_TESTING", "") == "true", "enable POST /testing/reset for test runs; loopback addresses only (env DCCONSOLE_TESTING=true)")
	idle := fs.String("session-idle-timeout", env("DCCONSOLE_SESSION_IDLE_TIMEOUT", "30m"), "a console session unused this long ends (env DCCONSOLE_SESSION_IDLE_TIMEOUT)")
	maxAge := fs.String("session-max-age", env("DCCONSOLE_SESSION_MAX_AGE", "12h"), "a console session ends this long after login, used or not (env DCCONSOLE_SESSION_MAX_AGE)")
	fs.Uint64Var(&cfg.testingSeed, "testing-seed", 0, "with -testing: new resources get IDs from a generator seeded with this number (0: random IDs), restarted by POST /testing/reset")
	proxies := fs.String("trusted-proxies", env("DCCONSOLE_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR blocks of the load balancers in front of the console, whose X-Forwarded-For names the client (env DCCONSOLE_TRUSTED_PROXIES); empty: the connection's peer is the client")
	clock := fs.String("testing-clock", "", "with -testing: the store's clock starts at this RFC 3339 time (e.g. 2026-01-01T00:00:00Z) and every reading is one second later; POST /testing/reset restarts it")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if (cfg.testingSeed != 0 || *clock != "") && !cfg.testing {
		return config{}, errors.New("-testing-seed and -testing-clock need -testing")
	}
	if *clock != "" {
		t, err := time.Parse(time.RFC3339, *clock)
		if err != nil {
			return config{}, fmt.Errorf("-testing-clock %q: want an RFC 3339 time such as 2026-01-01T00:00:00Z", *clock)
		}
		cfg.testingClock = t
	}
	for _, f := range []struct {
		flag, value string
		dst         *time.Duration
	}{{"-session-idle-timeout", *idle, &cfg.sessionIdle}, {"-session-max-age", *maxAge, &cfg.sessionMaxAge}} {
		d, err := time.ParseDuration(f.value)
		if err != nil || d <= 0 {
			return config{}, fmt.Errorf("%s %q: want a positive duration such as 30m or 12h", f.flag, f.value)
		}
		*f.dst = d
	}
	d, err := time.ParseDuration(*delay)
	if err != nil || d < 0 {
		return config{}, fmt.Errorf("-provision-delay %q: want a duration such as 0s or 5s", *delay)
	}
	cfg.provisionDelay = d
	for _, s := range strings.Split(*proxies, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return config{}, fmt.Errorf("-trusted-proxies: %q is neither an address nor a CIDR block (such as 10.0.0.5 or 10.0.0.0/24)", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		cfg.trustedProxies = append(cfg.trustedProxies, p.Masked())
	}
	cfg.adminPassword = getenv("DCCONSOLE_ADMIN_PASSWORD")
	if cfg.testing && !loopbackOnly(cfg.addr) {
		return config{}, fmt.Errorf("-testing is refused on %s: it resets all data, so it is allowed only on a loopback address such as 127.0.0.1", cfg.addr)
	}
	return cfg, nil
}

// loopbackOnly reports whether addr can only be reached from this machine.
func loopbackOnly(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// run starts the console and serves until ctx ends, then shuts down
// gracefully: in-flight requests finish, then the database closes.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "seed-demo" {
		return seedDemo(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "backup" {
		return backup(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "unlock" {
		return unlockUser(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "reset-password" {
		return resetPassword(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "class" {
		return classCommand(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) > 0 && args[0] == "migrate-data" {
		return migrateData(ctx, args[1:], getenv, stdout, stderr)
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))

	release, err := store.LockServe(cfg.db)
	if err != nil {
		return err
	}
	defer release()
	st, err := store.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer st.Close()
	st.SetProvisionDelay(cfg.provisionDelay)
	if cfg.testingSeed != 0 {
		st.SetIDSeed(cfg.testingSeed)
	}
	if !cfg.testingClock.IsZero() {
		st.SetTestClock(store.NewTestClock(cfg.testingClock))
	}

	generated, err := st.Bootstrap(ctx, cfg.adminPassword)
	if err != nil {
		return err
	}
	if generated != "" {
		// The password goes to the terminal (stdout) once, never into the
		// log (stderr), which is kept and shipped.
		log.Warn("created user admin with a generated password; it was printed once on standard output", "user", "admin")
		fmt.Fprintf(stdout, "admin password (shown once): %s\n", generated)
	}

	hashKey, blockKey, err := sessionKeys(ctx, st, cfg.sessionKey)
	if err != nil {
		return err
	}
	e := handlers.New(st, log, handlers.Config{
		SessionHashKey:  hashKey,
		SessionBlockKey: blockKey,
		SecureCookies:   cfg.secureCookies,
		IdleTimeout:     cfg.sessionIdle,
		MaxSessionAge:   cfg.sessionMaxAge,
		TrustedProxies:  cfg.trustedProxies,
		Testing:         cfg.testing,
	})

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	srv := httpServer(e, log)
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "db", store.DisplayName(cfg.db), "provision_delay", cfg.provisionDelay.String())

	var wg sync.WaitGroup
	bg, stopBG := context.WithCancel(context.Background())
	defer stopBG()
	if cfg.provisionDelay > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			promote(bg, st, log, min(cfg.provisionDelay/4, 500*time.Millisecond))
		}()
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		stopBG()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	stopBG()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// httpServer is the console's HTTP server. Every phase of a request has a
// deadline, so slow or stalled clients (slowloris) cannot hold connections.
func httpServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// promote moves resources out of their creating state once the
// provisioning delay has passed.
func promote(ctx context.Context, st *store.Store, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(max(every, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := st.PromoteProvisioned(ctx); err != nil && ctx.Err() == nil {
				log.Error("provisioning", "err", err)
			}
		}
	}
}

// sessionKeys returns the cookie keys: from configuration when given, else
// generated once and kept in the database so sessions survive a restart.
func sessionKeys(ctx context.Context, st *store.Store, configured string) (hashKey, blockKey []byte, err error) {
	var key []byte
	if configured != "" {
		key, err = hex.DecodeString(configured)
		if err != nil || len(key) != 64 {
			return nil, nil, errors.New("-session-key: want 128 hex digits (64 random bytes)")
		}
	} else {
		key, err = st.SettingOrInit(ctx, "session_key", func() []byte {
			b := make([]byte, 64)
			rand.Read(b)
			return b
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return key[:32], key[32:], nil
}

// seedDemo handles "dcconsole seed-demo [-db PATH] [-project NAME]": it fills
// a project with the complete Redundant Connection Access scenario, so a
// trainer starts a demo with one command.
func seedDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dcconsole seed-demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file or postgres:// URL (env DCCONSOLE_DB)")
	project := fs.String("project", store.DemoProjectName, "eu-de project to fill; created when missing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	generated, err := st.Bootstrap(ctx, getenv("DCCONSOLE_ADMIN_PASSWORD"))
	if err != nil {
		return err
	}
	if generated != "" {
		fmt.Fprintf(stdout, "admin password (shown once): %s\n", generated)
	}
	p, err := st.SeedDemo(ctx, *project)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "project %s (%s) now holds the redundant scenario: dc-123 (Biere), dc-456 (Magdeburg), vgw-123 on VPC-001, vif-123 and vif-456\n", p.Name, p.Region)
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// ---- subcommands ----

// backup handles "dcconsole backup [-db PATH] FILE": it writes a consistent
// copy of the database to FILE, which must not exist. It opens the database
// read-only beside a running console, which keeps serving. To restore: stop
// the console, copy FILE over the database file, start it (README.md).
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("dcconsole backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: dcconsole backup [-db PATH] FILE")
		fs.PrintDefaults()
	}
	db := fs.String("db", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file to copy (env DCCONSOLE_DB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("backup: name one file to write")
	}
	if err := store.BackupFile(ctx, *db, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s\n", *db, fs.Arg(0))
	return nil
}

// unlockUser handles "dcconsole unlock [-db PATH] USER": it lifts the login
// lock of the user and of every client address, for an administrator locked
// out by failed logins (their own address may be locked as well). It works
// beside a running console.
func unlockUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	st, name, err := userCommand(ctx, "unlock", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.UnlockUser(ctx, name); err != nil {
		return userCommandError(name, err)
	}
	fmt.Fprintf(stdout, "user %s and all client addresses are unlocked\n", name)
	return nil
}

// resetPassword handles "dcconsole reset-password [-db PATH] USER": it
// gives the user a new password (DCCONSOLE_NEW_PASSWORD, or a generated one
// printed once), enables the user, lifts their lock and ends their sessions
// and API tokens.
func resetPassword(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	st, name, err := userCommand(ctx, "reset-password", args, getenv, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	generated, err := st.ResetPassword(ctx, name, getenv("DCCONSOLE_NEW_PASSWORD"))
	if err != nil {
		return userCommandError(name, err)
	}
	if generated != "" {
		fmt.Fprintf(stdout, "new password of %s (shown once): %s\n", name, generated)
	} else {
		fmt.Fprintf(stdout, "password of %s set from DCCONSOLE_NEW_PASSWORD\n", name)
	}
	return nil
}

// userCommand parses "[-db PATH] USER" and opens the store.
func userCommand(ctx context.Context, cmd string, args []string, getenv func(string) string, stderr io.Writer) (*store.Store, string, error) {
	fs := flag.NewFlagSet("dcconsole "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: dcconsole %s [-db PATH] USER\n", cmd)
		fs.PrintDefaults()
	}
	db := fs.String("db", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file or postgres:// URL (env DCCONSOLE_DB)")
	if err := fs.Parse(args); err != nil {
		return nil, "", err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return nil, "", fmt.Errorf("%s: name one user", cmd)
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return nil, "", err
	}
	return st, fs.Arg(0), nil
}

func userCommandError(name string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no user %q", name)
	}
	return err
}

// classCommand handles "dcconsole class create -name NAME -region REGION
// -count N [-prefix P] [-db PATH]": it makes a class as Training
// Administration > Classes > Create Class does and prints its credentials
// as CSV (user,password,project,region) on standard output, the only place
// the passwords ever appear. It works beside a running console.
func classCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: dcconsole class create -name NAME -region eu-de -count 30 [-prefix P] [-db PATH]")
		return errors.New("class: the only command is create")
	}
	fs := flag.NewFlagSet("dcconsole class create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr(getenv, "DCCONSOLE_DB", "data/dcconsole.db"), "SQLite database file or postgres:// URL (env DCCONSOLE_DB)")
	name := fs.String("name", "", "class name (letters, digits, _ and -; 1 to 64)")
	region := fs.String("region", "eu-de", "region of the trainees' projects: eu-de or eu-nl")
	count := fs.Int("count", 0, "number of trainees, 1 to 200")
	prefix := fs.String("prefix", "", "user-name prefix: users are PREFIX-01, PREFIX-02, ... (default: the class name)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("class create: unexpected argument %q", fs.Arg(0))
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	// On a fresh database the trainees would keep the console from making
	// its admin: make it first (DCCONSOLE_ADMIN_PASSWORD), or refuse.
	if pw := getenv("DCCONSOLE_ADMIN_PASSWORD"); pw != "" {
		if _, err := st.Bootstrap(ctx, pw); err != nil {
			return err
		}
	}
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(users, func(u store.UserInfo) bool { return u.IsAdmin }) {
		return errors.New("class create: the database has no administrator yet: start the console once, or set DCCONSOLE_ADMIN_PASSWORD")
	}
	cl, creds, err := st.CreateClass(store.WithActor(ctx, "command line"), store.ClassInput{Name: *name, Region: *region, Count: *count, Prefix: *prefix})
	var ve *store.ValidationError
	if errors.As(err, &ve) {
		return errors.New("class create: nothing was created: " + handlers.FlagProblems(ve.Problems))
	}
	if err != nil {
		return err
	}
	if _, err := stdout.Write(handlers.CredentialsCSV(creds)); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "class %s created in %s with %d trainees; the CSV on standard output holds their passwords, shown only this once\n", cl.Name, cl.Region, len(creds))
	return nil
}
