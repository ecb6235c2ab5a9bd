package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

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
	bin := filepath.Join(t.TempDir(), "dcconsole")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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

// startBinary starts the binary on a free loopback port.
func startBinary(t *testing.T, bin, db string) *server {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", db, "-provision-delay", "0s")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
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
		t.Fatalf("the server did not start: %v", s.wait())
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		s.wait()
	})
	return s
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

func testCrash(t *testing.T, bin string) {
	db, p := durDB(t)
	var acked []string
	for round := range 3 {
		s := startBinary(t, bin, db)
		token := s.token(t)
		var mu sync.Mutex
		stop := make(chan struct{})
		var wg sync.WaitGroup
		start := len(acked) // before the writers start appending
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: 10 * time.Second}
				for {
					select {
					case <-stop:
						return
					default:
					}
					id, status, err := apiCreate(client, s.url, token)
					if err != nil {
						return // the server died mid-request: not acknowledged
					}
					if status != http.StatusCreated {
						t.Errorf("create: status %d", status)
						return
					}
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				}
			}()
		}
		deadline := time.Now().Add(1500 * time.Millisecond)
		for time.Now().Before(deadline) {
			mu.Lock()
			n := len(acked) - start
			mu.Unlock()
			if n >= 100+50*round {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		s.cmd.Process.Signal(syscall.SIGKILL) // mid-stream: requests are in flight
		s.wait()
		close(stop)
		wg.Wait()
		total := checkDB(t, db, p, acked)
		if total < len(acked) {
			t.Fatalf("round %d: %d connections, %d acknowledged", round, total, len(acked))
		}
		t.Logf("round %d: %d acknowledged so far, %d stored", round, len(acked), total)
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

	// Load from other clients, one connection per request.
	var mu sync.Mutex
	var acked []string
	refused := 0
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			for {
				select {
				case <-stop:
					return
				default:
				}
				id, status, err := apiCreate(client, s.url, token)
				mu.Lock()
				switch {
				case err == nil && status == http.StatusCreated:
					acked = append(acked, id)
				case err != nil && (errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)):
					// Refused: the listener is closed (refused), or the
					// connection waited in the kernel's backlog and was
					// reset or closed when the listener closed (EOF before
					// any response); either way nothing was acknowledged,
					// and the check after the restart proves nothing was
					// stored half way.
					refused++
				default:
					t.Errorf("during shutdown: status %d, %v (want 201 or connection refused)", status, err)
				}
				mu.Unlock()
				if err != nil {
					time.Sleep(time.Millisecond)
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// New connections are refused while the slow request still runs.
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		if errors.Is(err, syscall.ECONNRESET) {
			// It reached the kernel's backlog just as the listener closed;
			// the next one must be refused.
			continue
		}
		if err != nil {
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Fatalf("a new connection after SIGTERM: %v, want connection refused", err)
			}
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections 3 s after SIGTERM")
		}
		time.Sleep(5 * time.Millisecond)
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
	close(stop)
	wg.Wait()
	if refused == 0 {
		t.Error("no request was refused after SIGTERM")
	}
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
