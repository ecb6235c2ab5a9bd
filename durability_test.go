package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"dcconsole/store"
)

// The real binary, killed and stopped the way production does it. Each
// part is bounded in time so `go test ./...` stays quick.

const durPassword = "durability-password"

// TestBinaryDurability builds dcconsole once and runs the crash, graceful
// shutdown and backup/restore checks against it.
func TestBinaryDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the binary")
	}
	bin := buildBinary(t)
	t.Run("kill -9 loses no acknowledged create", func(t *testing.T) { testCrash(t, bin) })
	t.Run("SIGTERM finishes in-flight requests and refuses new ones", func(t *testing.T) { testGracefulShutdown(t, bin) })
	t.Run("backup while serving, then restore", func(t *testing.T) { testBackupRestore(t, bin) })
}

// durDB makes a database whose eu-de project may hold many connections.
func durDB(t *testing.T) (db string, p store.Project) {
	t.Helper()
	ctx := context.Background()
	db = filepath.Join(t.TempDir(), "dc.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.SetPasswordCost(bcrypt.MinCost) // bcrypt is slow under -race; the cost is not under test here
	if _, err := st.Bootstrap(ctx, durPassword); err != nil {
		t.Fatal(err)
	}
	u, err := st.Authenticate(ctx, "admin", durPassword)
	if err != nil {
		t.Fatal(err)
	}
	if p, err = st.ProjectForUserByName(ctx, u.ID, "eu-de"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetQuotas(ctx, p.ID, store.Quotas{Connections: 1_000_000, Gateways: 5, Interfaces: 50}); err != nil {
		t.Fatal(err)
	}
	return db, p
}

type server struct {
	cmd     *exec.Cmd
	url     string
	exited  chan struct{} // closed when the process has exited
	exitErr error
}

// wait waits for the process to exit and returns how it ended.
func (s *server) wait() error {
	<-s.exited
	return s.exitErr
}

// serverArgs are the flags every start here uses: a free loopback port, db,
// no provisioning delay (so no background writer runs beside the requests).
func serverArgs(db string) []string {
	return []string{"-addr", "127.0.0.1:0", "-db", db, "-provision-delay", "0s"}
}

// startBinary starts the binary on a free loopback port.
func startBinary(t *testing.T, bin, db string) *server {
	t.Helper()
	return startServer(t, exec.Command(bin, serverArgs(db)...))
}

// startServer starts cmd (the binary, or strace running it) and returns
// once the binary has printed its "listening on" line: it is serving then.
func startServer(t *testing.T, cmd *exec.Cmd) *server {
	t.Helper()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	cmd.WaitDelay = 5 * time.Second // a process left holding stderr does not hang Wait
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{})}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			s.url = u
			break
		}
	}
	go io.Copy(io.Discard, out)
	go func() {
		s.exitErr = cmd.Wait()
		close(s.exited)
	}()
	if s.url == "" {
		cmd.Process.Kill()
		err := s.wait()
		t.Fatalf("the server (%s) did not start: %v\n%s", filepath.Base(cmd.Path), err, tail(stderr.String(), 2000))
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		s.wait()
	})
	return s
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// buildBinary builds dcconsole into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dcconsole")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func (s *server) token(t *testing.T) string {
	t.Helper()
	body := `{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "password": "` + durPassword +
		`", "domain": {"name": "dcconsole"}}}}, "scope": {"project": {"name": "eu-de", "domain": {"name": "dcconsole"}}}}}`
	resp, err := http.Post(s.url+"/v3/auth/tokens", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("token: status %d", resp.StatusCode)
	}
	return resp.Header.Get("X-Subject-Token")
}

const createBody = `{"direct_connect": {"name": "dc-durable", "port_type": "1G", "bandwidth": 100, "location": "Biere", "provider": "OTC"}}`

// apiCreate creates a connection through the API and returns its ID when
// the server acknowledged it (201).
func apiCreate(client *http.Client, url, token string) (id string, status int, err error) {
	req, _ := http.NewRequest(http.MethodPost, url+"/v2.0/dcaas/direct-connects", strings.NewReader(createBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Auth-Token", token)
	resp, err := client.Do(req)
	if err != nil {
		return "", 0, err
	}
	defer resp.Body.Close()
	var out struct {
		DirectConnect struct{ ID string } `json:"direct_connect"`
	}
	if resp.StatusCode == http.StatusCreated {
		err = json.NewDecoder(resp.Body).Decode(&out)
	}
	return out.DirectConnect.ID, resp.StatusCode, err
}

// checkDB opens the database as the next start would and checks it.
func checkDB(t *testing.T, db string, p store.Project, acked []string) int {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ok, err := st.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	all, total, err := st.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	stored := make(map[string]bool, len(all))
	for _, c := range all {
		if stored[c.ID] {
			t.Fatalf("connection %s is stored twice", c.ID)
		}
		stored[c.ID] = true
	}
	for _, id := range acked {
		if !stored[id] {
			t.Fatalf("acknowledged connection %s is missing", id)
		}
	}
	if total != len(all) {
		t.Fatalf("the kept count says %d connections, %d are stored", total, len(all))
	}
	return total
}

// cutByKill reports whether err is what a client sees when the server
// process dies under its request: the connection closed or reset before a
// whole answer arrived, or refused once the listening socket is gone. A
// keep-alive connection the kill closed while it was idle gives net/http's
// "server closed idle connection" (not exported as a value).
func cutByKill(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		strings.Contains(err.Error(), "server closed idle connection")
}

func testCrash(t *testing.T, bin string) {
	db, p := durDB(t)
	var acked []string
	for round := range 3 {
		s := startBinary(t, bin, db)
		token := s.token(t)
		target := 100 + 50*round // acknowledged creates in this round before the kill
		var (
			mu       sync.Mutex
			roundAck int                   // creates acknowledged in this round
			killed   atomic.Bool           // set just before the SIGKILL
			reached  = make(chan struct{}) // closed at the target-th acknowledgement
			wg       sync.WaitGroup
		)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: 10 * time.Second}
				for {
					// Every writer runs until the kill cuts its request.
					id, status, err := apiCreate(client, s.url, token)
					switch {
					case err != nil && killed.Load() && cutByKill(err):
						return // cut by the kill: not acknowledged
					case err != nil:
						t.Errorf("round %d: create: %v (killed: %v)", round, err, killed.Load())
						return
					case status != http.StatusCreated:
						t.Errorf("round %d: create: status %d", round, status)
						return
					}
					mu.Lock()
					acked = append(acked, id)
					roundAck++
					if roundAck == target {
						close(reached)
					}
					mu.Unlock()
				}
			}()
		}
		writersDone := make(chan struct{})
		go func() { wg.Wait(); close(writersDone) }()
		select {
		case <-reached: // the other writers' requests are in flight now
		case <-writersDone: // every writer failed: reported above
		case <-time.After(30 * time.Second):
		}
		killed.Store(true)
		s.cmd.Process.Signal(syscall.SIGKILL)
		s.wait()
		<-writersDone
		if t.Failed() {
			t.FailNow()
		}
		if roundAck < target {
			t.Fatalf("round %d: %d creates acknowledged before the kill, want %d", round, roundAck, target)
		}
		total := checkDB(t, db, p, acked)
		if total < len(acked) {
			t.Fatalf("round %d: %d connections, %d acknowledged", round, total, len(acked))
		}
		t.Logf("round %d: %d acknowledged in the round, %d so far, %d stored", round, roundAck, len(acked), total)
	}
}

func testGracefulShutdown(t *testing.T, bin string) {
	db, p := durDB(t)
	s := startBinary(t, bin, db)
	token := s.token(t)

	// An in-flight request: its body arrives slowly, across the SIGTERM.
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v2.0/dcaas/direct-connects HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Auth-Token: %s\r\nContent-Length: %d\r\n\r\n",
		token, len(createBody))
	half := len(createBody) / 2
	if _, err := io.WriteString(conn, createBody[:half]); err != nil {
		t.Fatal(err)
	}

	// Load from other clients, one connection per request. Each writer
	// runs until its first connection is refused.
	const loadBefore = 20 // creates acknowledged before the SIGTERM
	var (
		mu           sync.Mutex
		acked        []string
		refused      int
		loaded       = make(chan struct{}) // closed at the loadBefore-th acknowledgement
		firstRefused = make(chan struct{}) // closed when a writer is first refused
		termSent     atomic.Bool           // set just before the SIGTERM
		wg           sync.WaitGroup
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			for {
				id, status, err := apiCreate(client, s.url, token)
				mu.Lock()
				switch {
				case err == nil && status == http.StatusCreated:
					acked = append(acked, id)
					if len(acked) == loadBefore {
						close(loaded)
					}
				case err != nil && !termSent.Load():
					t.Errorf("before SIGTERM: %v", err)
					mu.Unlock()
					return
				case err != nil && errors.Is(err, syscall.ECONNREFUSED):
					// The listener is closed: nothing was acknowledged.
					refused++
					if refused == 1 {
						close(firstRefused)
					}
					mu.Unlock()
					return
				case err != nil && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)):
					// The connection waited in the kernel's backlog and was
					// reset or closed when the listener closed (EOF before
					// any response): nothing was acknowledged, and the check
					// after the restart proves nothing was stored half way.
					// The next dial is refused.
				default:
					t.Errorf("during shutdown: status %d, %v (want 201 or connection refused)", status, err)
					mu.Unlock()
					return
				}
				mu.Unlock()
			}
		}()
	}
	select {
	case <-loaded:
	case <-time.After(30 * time.Second):
		t.Fatalf("fewer than %d creates acknowledged in 30 s", loadBefore)
	}
	termSent.Store(true)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// New connections are refused while the slow request still runs: a
	// writer saw it, and a new dial sees it too.
	select {
	case <-firstRefused:
	case <-time.After(10 * time.Second):
		t.Fatal("no connection was refused within 10 s of SIGTERM")
	}
	if c, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://")); err == nil {
		c.Close()
		t.Fatal("a new connection was accepted after one was refused")
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("a new connection after SIGTERM: %v, want connection refused", err)
	}
	select {
	case <-s.exited:
		t.Fatalf("the server exited (%v) before its in-flight request finished", s.exitErr)
	default:
	}
	// The in-flight request completes.
	if _, err := io.WriteString(conn, createBody[half:]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("in-flight request: status %d %s", resp.StatusCode, body)
	}
	var out struct {
		DirectConnect struct{ ID string } `json:"direct_connect"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
		if s.exitErr != nil {
			t.Fatalf("exit after SIGTERM: %v, want status 0", s.exitErr)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit after its last request")
	}
	wg.Wait()
	checkDB(t, db, p, append(acked, out.DirectConnect.ID))
	if _, err := os.Stat(db + "-wal"); err == nil {
		t.Error("the WAL is left after a graceful shutdown")
	}
}

func testBackupRestore(t *testing.T, bin string) {
	db, p := durDB(t)
	s := startBinary(t, bin, db)
	token := s.token(t)
	client := &http.Client{Timeout: 10 * time.Second}
	var before []string
	for range 20 {
		id, status, err := apiCreate(client, s.url, token)
		if err != nil || status != http.StatusCreated {
			t.Fatalf("create: %d %v", status, err)
		}
		before = append(before, id)
	}
	// Writes go on while the backup runs.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, _, err := apiCreate(client, s.url, token); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	copyPath := filepath.Join(t.TempDir(), "backup.db")
	out, err := exec.Command(bin, "backup", "-db", db, copyPath).CombinedOutput()
	close(stop)
	<-done
	if err != nil {
		t.Fatalf("dcconsole backup: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "backup", "-db", db, copyPath).CombinedOutput(); err == nil {
		t.Fatalf("a backup over an existing file was allowed: %s", out)
	}
	inCopy := checkDB(t, copyPath, p, before)

	// Restore as README.md says: stop, copy the file over the database, start.
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.wait(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	s = startBinary(t, bin, db)
	token = s.token(t) // the users came back too
	req, _ := http.NewRequest(http.MethodGet, s.url+"/v2.0/dcaas/direct-connects", nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		DirectConnects []struct{ ID string } `json:"direct_connects"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	if len(list.DirectConnects) != inCopy {
		t.Fatalf("after restore: %d connections, the backup has %d", len(list.DirectConnects), inCopy)
	}
	got := map[string]bool{}
	for _, c := range list.DirectConnects {
		got[c.ID] = true
	}
	for _, id := range before {
		if !got[id] {
			t.Fatalf("after restore: %s is missing", id)
		}
	}
}

// # Fsync before the answer, observed with strace
//
// traceSyscalls are the system calls the fsync check traces: every way the
// binary (Go's net package, modernc.org/sqlite through modernc.org/libc,
// which makes raw system calls) writes to a file or a socket, and the two
// that make a file's data durable.
var traceSyscalls = []string{
	"write", "writev", "pwrite64", "pwritev", "pwritev2", "sendto", "sendmsg", "sendmmsg",
	"fsync", "fdatasync",
}

// traceCall is one system call in an strace -f -tt -y trace.
type traceCall struct {
	name       string
	fd         int    // the first argument, when it is a file descriptor
	path       string // what -y printed for it: a file's path, "socket:[inode]", "pipe:[inode]"
	data       string // the first string argument as strace printed it (quoted, escaped, truncated)
	ok         bool   // returned without error (not -1, not "?")
	start, end int    // trace lines of its entry and of its return
}

var (
	traceComplete   = regexp.MustCompile(`^(\d+)\s+\S+\s+(\w+)\((.*)\)\s+= (\S+)`)
	traceUnfinished = regexp.MustCompile(`^(\d+)\s+\S+\s+(\w+)\((.*) <unfinished \.\.\.>$`)
	traceResumed    = regexp.MustCompile(`^(\d+)\s+\S+\s+<\.\.\. (\w+) resumed>.*\)\s+= (\S+)`)
	traceFD         = regexp.MustCompile(`^(\d+)<([^>]*)>`)
	traceString     = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

// parseTrace reads the calls of an "strace -f -tt -y" trace in the order
// they were entered. Lines it does not know (signals, exits) are skipped.
// An entry printed before a call returns and the return printed after it
// are in the order the kernel ran them: a traced thread stops at each entry
// and return until strace has printed it.
func parseTrace(r io.Reader) ([]traceCall, error) {
	var calls []traceCall
	pending := map[string]int{} // thread ID -> index in calls of its unfinished call
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	args := func(c *traceCall, a string) {
		c.fd = -1
		if m := traceFD.FindStringSubmatch(a); m != nil {
			c.fd, _ = strconv.Atoi(m[1])
			c.path = m[2]
			a = a[len(m[0]):]
		}
		c.data = traceString.FindString(a)
	}
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if m := traceUnfinished.FindStringSubmatch(l); m != nil {
			c := traceCall{name: m[2], start: line, end: -1}
			args(&c, m[3])
			pending[m[1]] = len(calls)
			calls = append(calls, c)
		} else if m := traceResumed.FindStringSubmatch(l); m != nil {
			i, ok := pending[m[1]]
			if !ok || calls[i].name != m[2] {
				return nil, fmt.Errorf("trace line %d: %s resumed without its start", line, m[2])
			}
			delete(pending, m[1])
			calls[i].end = line
			calls[i].ok = m[3] != "-1" && m[3] != "?"
		} else if m := traceComplete.FindStringSubmatch(l); m != nil {
			c := traceCall{name: m[2], start: line, end: line, ok: m[4] != "-1" && m[4] != "?"}
			args(&c, m[3])
			calls = append(calls, c)
		}
	}
	return calls, sc.Err()
}

// fsyncVerdict is what the trace shows about one HTTP answer.
type fsyncVerdict struct {
	status int // the status line of the answer, e.g. 201
	line   int // the trace line of the write that sent its first bytes
	// wrote are the database files written between the previous answer
	// and this one: a write request that wrote nothing proves nothing.
	wrote []string
	// unsynced are the database files written before the answer whose
	// last write was not followed by a completed fsync or fdatasync of the
	// file before the answer's first byte went out.
	unsynced []string
}

// fsyncVerdicts reads an strace trace of the binary (traceSyscalls, with
// -f -tt -y) and gives a verdict for each HTTP answer in it, in the order
// they went out. dbFiles are the paths of the database's files (the .db,
// its -wal and -journal; not -shm, which holds no data a restart needs).
//
// What it proves: when an answer's verdict has no unsynced file, every
// byte the process had written to the database before the answer's first
// byte left had been handed to fsync/fdatasync, and the call had returned
// success, before that answer was sent. Ordering across threads comes from
// the trace: the thread that syncs is stopped at the call's return until
// strace has printed it, so a sync the answer waited for is printed before
// the answer's write. Attributing writes to an answer ("wrote", "the last
// write before it") is exact only when one client sends its requests one
// after the other and nothing writes in the background (-provision-delay
// 0s).
//
// What it does not prove: that the data survives a power loss. fsync
// returning success is the operating system's and the disk's promise that
// the data is on stable storage; the trace cannot see past it.
func fsyncVerdicts(trace io.Reader, dbFiles []string) ([]fsyncVerdict, error) {
	calls, err := parseTrace(trace)
	if err != nil {
		return nil, err
	}
	isDB := map[string]bool{}
	for _, f := range dbFiles {
		isDB[f] = true
	}
	isWrite := map[string]bool{"write": true, "writev": true, "pwrite64": true, "pwritev": true, "pwritev2": true}
	isSync := map[string]bool{"fsync": true, "fdatasync": true}
	var out []fsyncVerdict
	prev := 0 // the trace line of the previous answer
	for _, a := range calls {
		st, isAnswer := answerStatus(a)
		if !isAnswer {
			continue
		}
		v := fsyncVerdict{status: st, line: a.start}
		lastWrite := map[string]int{} // file -> the line its last write before the answer returned (-1: still running)
		for _, c := range calls {
			if c.start >= a.start || !isWrite[c.name] || !isDB[c.path] {
				continue
			}
			if c.start > prev && !slices.Contains(v.wrote, c.path) {
				v.wrote = append(v.wrote, c.path)
			}
			end := c.end
			if end < 0 || end > a.start {
				end = a.start // returned after the answer: nothing before it synced it
			}
			lastWrite[c.path] = max(lastWrite[c.path], end)
		}
		for f, w := range lastWrite {
			synced := slices.ContainsFunc(calls, func(c traceCall) bool {
				return isSync[c.name] && c.path == f && c.ok && c.start > w && c.end >= 0 && c.end < a.start
			})
			if !synced {
				v.unsynced = append(v.unsynced, f)
			}
		}
		slices.Sort(v.unsynced)
		out = append(out, v)
		prev = a.start
	}
	return out, nil
}

// answerStatus reports whether c sent the first bytes of an HTTP answer on
// a socket, and its status.
func answerStatus(c traceCall) (int, bool) {
	if !strings.HasPrefix(c.path, "socket:") || !c.ok {
		return 0, false
	}
	rest, ok := strings.CutPrefix(c.data, `"HTTP/1.1 `)
	if !ok || len(rest) < 3 {
		return 0, false
	}
	st, err := strconv.Atoi(rest[:3])
	return st, err == nil
}

// TestFsyncBeforeAnswer runs the binary under strace and checks that every
// write it acknowledged had been fsynced before its answer left: the kill
// -9 test above cannot see a missing fsync, as a killed process leaves the
// operating system's page cache behind. One client sends API creates,
// updates and deletes and console form posts, one after the other.
func TestFsyncBeforeAnswer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it under strace")
	}
	tr := startTraced(t)
	steps := fsyncWorkload(t, tr.url)
	f := tr.stop(t, 20*time.Second)
	verdicts, err := fsyncVerdicts(f, tr.dbFiles())
	if err != nil {
		t.Fatal(err)
	}
	if len(verdicts) != len(steps) {
		t.Fatalf("the trace shows %d HTTP answers, the client got %d", len(verdicts), len(steps))
	}
	checked := 0
	for i, st := range steps {
		v := verdicts[i]
		if v.status != st.status {
			t.Fatalf("answer %d (%s): status %d in the trace, %d at the client", i, st.what, v.status, st.status)
		}
		if !st.write {
			continue
		}
		if len(v.wrote) == 0 {
			t.Errorf("%s (answer %d, trace line %d): acknowledged, but nothing was written to the database before the answer", st.what, i, v.line)
			continue
		}
		if len(v.unsynced) > 0 {
			t.Errorf("%s (answer %d, trace line %d): acknowledged with %d before %v was fsynced", st.what, i, v.line, v.status, v.unsynced)
			continue
		}
		checked++
	}
	if t.Failed() {
		return
	}
	const minChecked = 10 // the workload's writes: the check must have seen them
	if checked < minChecked {
		t.Fatalf("%d acknowledged writes checked, want at least %d", checked, minChecked)
	}
	t.Logf("%d acknowledged writes, each fsynced before its answer (%d answers traced)", checked, len(verdicts))
}

// traced is the binary running under strace on a fresh database (durDB).
type traced struct {
	*server
	pid       int    // the binary's process (strace's child)
	realDB    string // the database's path as strace -y prints it (symlinks resolved)
	tracePath string
}

// startTraced builds the binary and starts it under strace, tracing
// traceSyscalls with -f -tt -y and the extra strace flags given. When
// ptrace is refused (a container without CAP_SYS_PTRACE, a seccomp
// profile), strace fails here with its reason: a failure, not a skip, so a
// CI machine that cannot run the check does not pass it.
func startTraced(t *testing.T, straceFlags ...string) *traced {
	t.Helper()
	straceBin, err := exec.LookPath("strace")
	if err != nil {
		t.Fatalf("strace is not installed (make deps-test installs it): %v", err)
	}
	bin := buildBinary(t)
	db, _ := durDB(t)
	dir, err := filepath.EvalSymlinks(filepath.Dir(db)) // -y prints resolved paths
	if err != nil {
		t.Fatal(err)
	}
	tr := &traced{realDB: filepath.Join(dir, filepath.Base(db)), tracePath: filepath.Join(t.TempDir(), "strace.txt")}
	args := append([]string{"-f", "-tt", "-y", "-qq"}, straceFlags...)
	args = append(args, "-e", "signal=none", "-e", "trace="+strings.Join(traceSyscalls, ","), "-o", tr.tracePath, "--", bin)
	cmd := exec.Command(straceBin, append(args, serverArgs(db)...)...)
	tr.server = startServer(t, cmd)
	tr.pid = straceChild(t, cmd.Process.Pid)
	return tr
}

// dbFiles are the database's files whose writes must be synced (not -shm,
// which holds no data a restart needs).
func (tr *traced) dbFiles() []string {
	return []string{tr.realDB, tr.realDB + "-wal", tr.realDB + "-journal"}
}

// stop ends the binary gracefully (the server exits, then strace, which
// has written the whole trace by then) and opens the trace.
func (tr *traced) stop(t *testing.T, wait time.Duration) *os.File {
	t.Helper()
	if err := syscall.Kill(tr.pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-tr.exited:
	case <-time.After(wait):
		t.Fatal("the server under strace did not exit after SIGTERM")
	}
	f, err := os.Open(tr.tracePath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// straceChild is the process strace (pid) started: the binary.
func straceChild(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	if len(f) != 1 {
		t.Fatalf("strace has children %q, want one", f)
	}
	child, err := strconv.Atoi(f[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(child, syscall.SIGKILL) })
	return child
}

// fsyncStep is one request of fsyncWorkload and its answer.
type fsyncStep struct {
	what   string
	status int
	write  bool // a write the server acknowledged
}

// fsyncWorkload sends write requests one after the other, from one client,
// with the reads they need between them (the console's forms carry a CSRF
// token), and returns every request in order. Each must get the status it
// wants.
func fsyncWorkload(t *testing.T, base string) []fsyncStep {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{
		Timeout:       10 * time.Second,
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var steps []fsyncStep
	do := func(what, method, path, contentType, body string, hdr http.Header, want int, write bool) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(req.Header, hdr)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		steps = append(steps, fsyncStep{what: what, status: resp.StatusCode, write: write})
		if resp.StatusCode != want {
			t.Fatalf("%s: status %d, want %d: %s", what, resp.StatusCode, want, tail(string(b), 500))
		}
		return resp, string(b)
	}
	const jsonType = "application/json"
	const formType = "application/x-www-form-urlencoded"

	// API: a token, creates, an update, deletes.
	resp, _ := do("API token", http.MethodPost, "/v3/auth/tokens", jsonType, `{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "password": "`+durPassword+
		`", "domain": {"name": "dcconsole"}}}}, "scope": {"project": {"name": "eu-de", "domain": {"name": "dcconsole"}}}}}`, nil, http.StatusCreated, true)
	api := http.Header{"X-Auth-Token": {resp.Header.Get("X-Subject-Token")}}
	var ids []string
	for i := range 5 {
		_, b := do(fmt.Sprintf("API create %d", i), http.MethodPost, "/v2.0/dcaas/direct-connects", jsonType, createBody, api, http.StatusCreated, true)
		var out struct {
			DirectConnect struct{ ID string } `json:"direct_connect"`
		}
		if err := json.Unmarshal([]byte(b), &out); err != nil || out.DirectConnect.ID == "" {
			t.Fatalf("API create: %v %s", err, b)
		}
		ids = append(ids, out.DirectConnect.ID)
	}
	do("API update", http.MethodPut, "/v2.0/dcaas/direct-connects/"+ids[0], jsonType, `{"direct_connect": {"description": "synced"}}`, api, http.StatusOK, true)
	for _, id := range ids[1:3] {
		do("API delete", http.MethodDelete, "/v2.0/dcaas/direct-connects/"+id, "", "", api, http.StatusNoContent, true)
	}

	// Console: log in, then create VPCs with the form.
	csrf := func(page string) string {
		m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no CSRF token in the page")
		}
		return html.UnescapeString(m[1])
	}
	_, page := do("login form", http.MethodGet, "/login", "", "", nil, http.StatusOK, false)
	resp, _ = do("console login", http.MethodPost, "/login", formType, url.Values{
		"username": {"admin"}, "password": {durPassword}, "_csrf": {csrf(page)}}.Encode(), nil, http.StatusSeeOther, true)
	if loc := resp.Header.Get("Location"); loc != "/console" {
		t.Fatalf("console login: redirected to %q, want /console", loc)
	}
	for i := range 2 {
		_, page = do("VPC form", http.MethodGet, "/vpc/vpcs/create", "", "", nil, http.StatusOK, false)
		resp, _ = do(fmt.Sprintf("console VPC create %d", i), http.MethodPost, "/vpc/vpcs", formType, url.Values{
			"name": {fmt.Sprintf("vpc-synced-%d", i)}, "cidr": {fmt.Sprintf("10.%d.0.0/16", 10+i)}, "_csrf": {csrf(page)}}.Encode(),
			nil, http.StatusSeeOther, true)
		if loc := resp.Header.Get("Location"); loc != "/vpc/vpcs" {
			t.Fatalf("console VPC create: redirected to %q, want /vpc/vpcs", loc)
		}
	}
	return steps
}

// TestFsyncVerdicts checks the trace reader on hand-written traces: a sync
// counts only for the file written, when it succeeded, started after the
// last write returned and returned before the answer's first byte.
func TestFsyncVerdicts(t *testing.T) {
	const (
		wal    = `8</d/dc.db-wal>`
		db     = `7</d/dc.db>`
		sock   = `12<socket:[5871]>`
		answer = `write(` + sock + `, "HTTP/1.1 201 Created\r\nCache-Cont"..., 1975) = 1975`
	)
	files := []string{"/d/dc.db", "/d/dc.db-wal", "/d/dc.db-journal"}
	for _, tc := range []struct {
		name     string
		trace    []string // "thread call" lines; the timestamps are filled in
		wrote    []string
		unsynced []string
	}{
		{"written, synced, answered", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0) = 24`,
			`1 fsync(` + wal + `) = 0`,
			`2 ` + answer,
		}, []string{"/d/dc.db-wal"}, nil},
		{"synced on other threads, calls interleaved", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0 <unfinished ...>`,
			`2 write(1<pipe:[7]>, "listening on http://127.0.0.1:1"..., 36) = 36`,
			`1 <... pwrite64 resumed>) = 24`,
			`3 fsync(` + wal + ` <unfinished ...>`,
			`2 write(` + sock + `, "<tr><td>x</td></tr>"..., 4096) = 4096`, // a body, not an answer's start
			`3 <... fsync resumed>) = 0`,
			`2 ` + answer,
		}, []string{"/d/dc.db-wal"}, nil},
		{"no sync", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0) = 24`,
			`2 ` + answer,
		}, []string{"/d/dc.db-wal"}, []string{"/d/dc.db-wal"}},
		{"synced before the last write", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0) = 24`,
			`1 fsync(` + wal + `) = 0`,
			`1 pwrite64(` + wal + `, "\0\0\0\2"..., 24, 24) = 24`,
			`2 ` + answer,
		}, []string{"/d/dc.db-wal"}, []string{"/d/dc.db-wal"}},
		{"another file synced", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0) = 24`,
			`1 pwrite64(` + db + `, "\0\0\0\1"..., 4096, 0) = 4096`,
			`1 fsync(` + db + `) = 0`,
			`2 ` + answer,
		}, []string{"/d/dc.db", "/d/dc.db-wal"}, []string{"/d/dc.db-wal"}},
		{"the sync failed", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0) = 24`,
			`1 fdatasync(` + wal + `) = -1 EIO (Input/output error)`,
			`2 ` + answer,
		}, []string{"/d/dc.db-wal"}, []string{"/d/dc.db-wal"}},
		{"the sync returned after the answer left", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0) = 24`,
			`1 fsync(` + wal + ` <unfinished ...>`,
			`2 ` + answer,
			`1 <... fsync resumed>) = 0`,
		}, []string{"/d/dc.db-wal"}, []string{"/d/dc.db-wal"}},
		{"the write returned after the sync started", []string{
			`1 pwrite64(` + wal + `, "\0\0\0\1"..., 24, 0 <unfinished ...>`,
			`3 fsync(` + wal + ` <unfinished ...>`,
			`1 <... pwrite64 resumed>) = 24`,
			`3 <... fsync resumed>) = 0`,
			`2 ` + answer,
		}, []string{"/d/dc.db-wal"}, []string{"/d/dc.db-wal"}},
		{"nothing written", []string{
			`1 fsync(` + wal + `) = 0`,
			`2 ` + answer,
		}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for i, l := range tc.trace {
				thread, call, _ := strings.Cut(l, " ")
				fmt.Fprintf(&b, "%s 23:08:19.%06d %s\n", thread, i, call)
			}
			b.WriteString("1 23:08:20.000000 +++ exited with 0 +++\n")
			v, err := fsyncVerdicts(strings.NewReader(b.String()), files)
			if err != nil {
				t.Fatal(err)
			}
			if len(v) != 1 || v[0].status != 201 {
				t.Fatalf("verdicts %+v, want one for a 201 answer", v)
			}
			slices.Sort(v[0].wrote)
			if !slices.Equal(v[0].wrote, tc.wrote) || !slices.Equal(v[0].unsynced, tc.unsynced) {
				t.Fatalf("wrote %q, unsynced %q; want %q, %q", v[0].wrote, v[0].unsynced, tc.wrote, tc.unsynced)
			}
		})
	}
	t.Run("a second answer without writes of its own", func(t *testing.T) {
		trace := "1 23:08:19.000001 pwrite64(" + wal + `, "\0\0\0\1"..., 24, 0) = 24` + "\n" +
			"1 23:08:19.000002 fsync(" + wal + ") = 0\n" +
			"2 23:08:19.000003 " + answer + "\n" +
			"2 23:08:19.000004 " + strings.Replace(answer, "201 Created", "200 OK", 1) + "\n"
		v, err := fsyncVerdicts(strings.NewReader(trace), files)
		if err != nil {
			t.Fatal(err)
		}
		if len(v) != 2 || v[0].status != 201 || v[1].status != 200 {
			t.Fatalf("verdicts %+v, want a 201 and a 200", v)
		}
		if len(v[0].wrote) != 1 || len(v[1].wrote) != 0 || len(v[0].unsynced)+len(v[1].unsynced) != 0 {
			t.Fatalf("verdicts %+v: want the write for the first answer only, both synced", v)
		}
	})
}

// TestFsyncBeforeAnswerConcurrent is the fsync check for group commit:
// eight clients create and delete connections through the API at once, so
// several creates share one commit, and the binary runs under strace with
// the data of its writes in the trace (-s 8192). Concurrent answers cannot
// be matched to "the writes before them" as the one-client test does, so
// each acknowledged create is matched by its connection's ID: the ID is new,
// so the first database write whose data holds it is the commit that stored
// it, and that write must have been followed by a completed fsync of the
// same file before the answer holding the ID went to its socket. It fails
// when a batch's answers go out before its commit, and with
// synchronous=NORMAL or OFF. It also checks that the load did make batches:
// some fsync covered the commits of more than one create.
func TestFsyncBeforeAnswerConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it under strace")
	}
	tr := startTraced(t, "-s", "8192")
	s := tr.server
	token := s.token(t)

	const clients, rounds = 8, 12
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second}
			for range rounds {
				id, status, err := apiCreate(client, s.url, token)
				if err != nil || status != http.StatusCreated {
					t.Errorf("create: status %d, %v", status, err)
					return
				}
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
				req, _ := http.NewRequest(http.MethodDelete, s.url+"/v2.0/dcaas/direct-connects/"+id, nil)
				req.Header.Set("X-Auth-Token", token)
				resp, err := client.Do(req)
				if err != nil {
					t.Errorf("delete: %v", err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusNoContent {
					t.Errorf("delete: status %d", resp.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	calls, err := parseTrace(tr.stop(t, 60*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	verdicts := createVerdicts(calls, acked, tr.dbFiles())
	shared := map[int]int{} // fsync trace line -> creates it made durable
	for _, v := range verdicts {
		switch {
		case v.answer < 0:
			t.Errorf("create %s: its answer is not in the trace", v.id)
		case v.write < 0:
			t.Errorf("create %s (answer at trace line %d): no database write before the answer holds its ID", v.id, v.answer)
		case v.sync < 0:
			t.Errorf("create %s (answer at trace line %d): its commit (trace line %d) was not fsynced before the answer", v.id, v.answer, v.write)
		default:
			shared[v.sync]++
		}
	}
	if t.Failed() {
		return
	}
	most := 0
	for _, n := range shared {
		most = max(most, n)
	}
	if len(verdicts) != clients*rounds || most < 2 {
		t.Fatalf("%d creates checked (want %d), at most %d made durable by one fsync: the load made no batches", len(verdicts), clients*rounds, most)
	}
	t.Logf("%d acknowledged creates, each fsynced before its answer; %d fsyncs, up to %d creates in one", len(verdicts), len(shared), most)
}

// createVerdict is what the trace shows about one acknowledged create.
type createVerdict struct {
	id     string
	answer int // trace line of the answer that holds the ID (-1: none)
	write  int // trace line of the first database write holding the ID, before the answer (-1: none)
	sync   int // trace line of the first completed fsync of that file after that write and before the answer (-1: none)
}

// createVerdicts matches each acknowledged create (by its new ID) in a trace
// taken with -s large enough to show whole pages and answers.
func createVerdicts(calls []traceCall, ids, dbFiles []string) []createVerdict {
	isDB := map[string]bool{}
	for _, f := range dbFiles {
		isDB[f] = true
	}
	isWrite := map[string]bool{"write": true, "writev": true, "pwrite64": true, "pwritev": true, "pwritev2": true}
	isSync := map[string]bool{"fsync": true, "fdatasync": true}
	var out []createVerdict
	for _, id := range ids {
		v := createVerdict{id: id, answer: -1, write: -1, sync: -1}
		var answer traceCall
		for _, c := range calls {
			if st, ok := answerStatus(c); ok && st == http.StatusCreated && strings.Contains(c.data, id) {
				answer, v.answer = c, c.start
				break
			}
		}
		if v.answer >= 0 {
			var w traceCall
			for _, c := range calls {
				if c.start < answer.start && isWrite[c.name] && isDB[c.path] && strings.Contains(c.data, id) {
					w, v.write = c, c.start
					break
				}
			}
			if v.write >= 0 && w.ok && w.end >= 0 {
				for _, c := range calls {
					if isSync[c.name] && c.path == w.path && c.ok && c.start > w.end && c.end >= 0 && c.end < answer.start {
						v.sync = c.start
						break
					}
				}
			}
		}
		out = append(out, v)
	}
	return out
}
