package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// console starts the real console (store on a temp file, the real router)
// and returns its URL, a token for project eu-de, the store and the project.
func startConsole(t *testing.T) (string, string, *store.Store, store.Project) {
	t.Helper()
	ctx := context.Background()
	ts := handlertest.New(t)
	st, u := ts.Store, ts.Admin()
	p, err := st.ProjectForUserByName(ctx, u.ID, "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := st.CreateAPIToken(ctx, u, store.ScopeProject, p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return ts.URL, token, st, p
}

// checkClean fails unless the run counted cycles, no errors, a latency for
// every step of every cycle, and took about the asked duration.
func checkClean(t *testing.T, rep Report, d time.Duration) {
	t.Helper()
	if rep.Errors != 0 || rep.Cycles == 0 {
		t.Fatalf("%d cycles, %d errors (first: %s), want some cycles and no error", rep.Cycles, rep.Errors, rep.FirstError)
	}
	for _, s := range steps {
		if st := rep.Steps[s]; st.Count != rep.Cycles || st.P50 <= 0 || st.P99 < st.P50 {
			t.Errorf("step %s: %+v, want %d answers and 0 < p50 <= p99", s, st, rep.Cycles)
		}
	}
	if rep.P50 <= 0 || rep.P99 < rep.P50 || rep.Seconds < d.Seconds() {
		t.Errorf("cycle p50 %.2f ms, p99 %.2f ms over %.2fs, want 0 < p50 <= p99 over at least %s", rep.P50, rep.P99, rep.Seconds, d)
	}
}

// TestConsoleCyclesLeaveNothing: against the real console every cycle
// succeeds (201, 200 with the ID, 204) and deletes what it created.
func TestConsoleCyclesLeaveNothing(t *testing.T) {
	url, token, st, p := startConsole(t)
	d := 300 * time.Millisecond
	rep, err := run(context.Background(), config{target: "dcconsole", url: url, token: token, workers: 2, duration: d})
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, rep, d)
	_, total, err := st.Connections(context.Background(), p.ID, store.ListFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if total != 0 {
		t.Errorf("%d connections left after %d cycles, want 0", total, rep.Cycles)
	}
}

// TestConsoleCyclesCountRefusals: an answer that is not the expected one
// (here 401 for a wrong token) is an error, and no cycle counts.
func TestConsoleCyclesCountRefusals(t *testing.T) {
	url, _, _, _ := startConsole(t)
	rep, err := run(context.Background(), config{target: "dcconsole", url: url, token: "not-a-token", workers: 2, duration: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cycles != 0 || rep.Errors == 0 || rep.Steps["create"].Errors != rep.Errors || !strings.Contains(rep.FirstError, "status 401") {
		t.Errorf("%d cycles, %d errors (steps %+v, first %q), want 0 cycles and only create errors with status 401", rep.Cycles, rep.Errors, rep.Steps, rep.FirstError)
	}
}

// TestMotoCycles runs the loop against a real moto_server when it is on
// the PATH (it is on the benchmark machine; it is never installed).
func TestMotoCycles(t *testing.T) {
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		t.Skip("moto_server not on PATH")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	for i := 0; ; i++ {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i == 300 {
			t.Fatalf("moto_server did not answer in 30s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	d := 300 * time.Millisecond
	rep, err := run(context.Background(), config{target: "moto", url: url, workers: 2, duration: d})
	if err != nil {
		t.Fatal(err)
	}
	checkClean(t, rep, d)
}

func TestQuantileNearestRank(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0.50, 50 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {1, 100 * time.Millisecond}} {
		if got := quantile(ds, c.q); got != c.want {
			t.Errorf("quantile(1..100 ms, %v) = %v, want %v", c.q, got, c.want)
		}
	}
	if got := quantile([]time.Duration{7}, 0.99); got != 7 {
		t.Errorf("quantile of one = %v, want 7ns", got)
	}
	if got := quantile(nil, 0.5); got != 0 {
		t.Errorf("quantile of none = %v, want 0", got)
	}
}
