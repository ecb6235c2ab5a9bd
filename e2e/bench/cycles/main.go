// Command cycles measures API write cycles: -c workers, each looping
// create -> get -> delete of one connection of its own for -d, through one
// keep-alive HTTP client. It is a benchmark tool, not part of the console,
// and it uses only the standard library so that the same loop drives the
// console and its peer without favouring either:
//
//	cycles -target dcconsole -url U -token T [-c 8] [-d 10s] [-json]
//	    the console's OTC API: POST /v2.0/dcaas/direct-connects (201),
//	    GET and DELETE /v2.0/dcaas/direct-connects/{id} (200, 204)
//	cycles -target moto -url U [-c 8] [-d 10s] [-json]
//	    moto's AWS Direct Connect mock (moto_server), AWS JSON 1.1:
//	    CreateConnection, DescribeConnections, DeleteConnection (200 each)
//
// A cycle counts when all three steps answered as expected (status and the
// connection's ID in the body); any other answer or a transport error is an
// error, and the command exits 1 when there was any. It prints p50 and p99
// of a cycle and of each step, and last a line for scripts:
//
//	cycles/s 731.4 p50 10.21ms p99 25.03ms errors 0
//
// or, with -json, only one JSON object on one line.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.target, "target", "", "dcconsole or moto")
	flag.StringVar(&cfg.url, "url", "", "base URL, e.g. http://127.0.0.1:8080")
	flag.StringVar(&cfg.token, "token", "", "API token (dcconsole): loadgen -mode token -project P")
	flag.IntVar(&cfg.workers, "c", 8, "concurrent workers")
	flag.DurationVar(&cfg.duration, "d", 10*time.Second, "how long to start new cycles")
	asJSON := flag.Bool("json", false, "print one JSON line instead of the text report")
	flag.Parse()
	rep, err := run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cycles:", err)
		os.Exit(2)
	}
	if *asJSON {
		b, _ := json.Marshal(rep)
		fmt.Println(string(b))
	} else {
		rep.print(os.Stdout)
	}
	if rep.Errors > 0 {
		os.Exit(1)
	}
}

type config struct {
	target, url, token string
	workers            int
	duration           time.Duration
}

// target is one API's create, get and delete; each returns an error unless
// the answer is the expected one.
type target interface {
	create(ctx context.Context, name string) (id string, err error)
	get(ctx context.Context, id string) error
	delete(ctx context.Context, id string) error
}

var steps = []string{"create", "get", "delete"}

// Report is what a run measured; latencies are in milliseconds.
type Report struct {
	Target     string          `json:"target"`
	Workers    int             `json:"workers"`
	Seconds    float64         `json:"seconds"`
	Cycles     int             `json:"cycles"`
	CyclesPerS float64         `json:"cycles_per_s"`
	P50        float64         `json:"p50_ms"`
	P99        float64         `json:"p99_ms"`
	Errors     int             `json:"errors"`
	Steps      map[string]Step `json:"steps"`
	FirstError string          `json:"first_error,omitempty"`
}

// Step is one step's latencies (of its expected answers) and errors.
type Step struct {
	Count  int     `json:"count"`
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
	Errors int     `json:"errors"`
}

func (r Report) print(w io.Writer) {
	fmt.Fprintf(w, "cycles: %s, %d workers, %.1fs: %d cycles (create+get+delete)\n", r.Target, r.Workers, r.Seconds, r.Cycles)
	for _, s := range steps {
		st := r.Steps[s]
		fmt.Fprintf(w, "  %-7s p50 %8.2f ms   p99 %8.2f ms   errors %d\n", s, st.P50, st.P99, st.Errors)
	}
	if r.FirstError != "" {
		fmt.Fprintln(w, "  first error:", r.FirstError)
	}
	fmt.Fprintf(w, "cycles/s %.1f p50 %.2fms p99 %.2fms errors %d\n", r.CyclesPerS, r.P50, r.P99, r.Errors)
}

func run(ctx context.Context, cfg config) (Report, error) {
	if cfg.url == "" || cfg.workers < 1 || cfg.duration <= 0 {
		return Report{}, errors.New("usage: cycles -target dcconsole|moto -url URL [-token T] [-c 8] [-d 10s] [-json]")
	}
	client := &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        2 * cfg.workers,
			MaxIdleConnsPerHost: cfg.workers,
			IdleConnTimeout:     90 * time.Second,
		},
	}
	defer client.CloseIdleConnections()
	base := strings.TrimRight(cfg.url, "/")
	var tg target
	switch cfg.target {
	case "dcconsole":
		if cfg.token == "" {
			return Report{}, errors.New("-target dcconsole needs -token")
		}
		tg = &console{client: client, base: base, token: cfg.token}
	case "moto":
		tg = &moto{client: client, base: base, region: "eu-central-1"}
	default:
		return Report{}, fmt.Errorf("unknown -target %q (dcconsole or moto)", cfg.target)
	}

	type result struct {
		lat    map[string][]time.Duration // per step and "cycle"
		errs   map[string]int
		first  error
		cycles int
	}
	results := make([]result, cfg.workers)
	deadline := time.Now().Add(cfg.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[w]
			r.lat = map[string][]time.Duration{}
			r.errs = map[string]int{}
			timed := func(step string, f func() error) bool {
				t := time.Now()
				err := f()
				if err != nil {
					r.errs[step]++
					if r.first == nil {
						r.first = fmt.Errorf("%s: %w", step, err)
					}
					return false
				}
				r.lat[step] = append(r.lat[step], time.Since(t))
				return true
			}
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				t0 := time.Now()
				var id string
				if !timed("create", func() (err error) {
					id, err = tg.create(ctx, fmt.Sprintf("bench-%02d-%07d", w, n))
					return err
				}) {
					continue
				}
				okGet := timed("get", func() error { return tg.get(ctx, id) })
				okDel := timed("delete", func() error { return tg.delete(ctx, id) }) // also after a failed get: leave nothing behind
				if okGet && okDel {
					r.lat["cycle"] = append(r.lat["cycle"], time.Since(t0))
					r.cycles++
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	rep := Report{Target: cfg.target, Workers: cfg.workers, Seconds: elapsed.Seconds(), Steps: map[string]Step{}}
	all := map[string][]time.Duration{}
	errs := map[string]int{}
	for _, r := range results {
		for k, v := range r.lat {
			all[k] = append(all[k], v...)
		}
		for k, v := range r.errs {
			errs[k] += v
		}
		rep.Cycles += r.cycles
		if r.first != nil && rep.FirstError == "" {
			rep.FirstError = r.first.Error()
		}
	}
	for _, s := range steps {
		rep.Steps[s] = Step{Count: len(all[s]), P50: ms(quantile(all[s], 0.50)), P99: ms(quantile(all[s], 0.99)), Errors: errs[s]}
		rep.Errors += errs[s]
	}
	rep.CyclesPerS = float64(rep.Cycles) / elapsed.Seconds()
	rep.P50 = ms(quantile(all["cycle"], 0.50))
	rep.P99 = ms(quantile(all["cycle"], 0.99))
	return rep, nil
}

// quantile is the nearest-rank quantile q of ds (0 when empty).
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[max(0, min(len(s)-1, i))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// send does one request and returns the body when the status is want; the
// body is always read to the end so the connection is kept.
func send(client *http.Client, req *http.Request, want int) ([]byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("status %d, want %d: %.200s", resp.StatusCode, want, body)
	}
	return body, nil
}

// console is the console's OTC Direct Connect v2 API.
type console struct {
	client      *http.Client
	base, token string
}

func (c *console) do(ctx context.Context, method, path string, body []byte, want int) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Auth-Token", c.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return send(c.client, req, want)
}

type consoleAnswer struct {
	DirectConnect struct {
		ID string `json:"id"`
	} `json:"direct_connect"`
}

func (c *console) create(ctx context.Context, name string) (string, error) {
	body, _ := json.Marshal(map[string]any{"direct_connect": map[string]any{
		"name": name, "port_type": "1G", "bandwidth": 100, "location": "Biere", "provider": "OTC"}})
	b, err := c.do(ctx, http.MethodPost, "/v2.0/dcaas/direct-connects", body, http.StatusCreated)
	if err != nil {
		return "", err
	}
	var a consoleAnswer
	if err := json.Unmarshal(b, &a); err != nil || a.DirectConnect.ID == "" {
		return "", fmt.Errorf("no direct_connect.id in %.200s", b)
	}
	return a.DirectConnect.ID, nil
}

func (c *console) get(ctx context.Context, id string) error {
	b, err := c.do(ctx, http.MethodGet, "/v2.0/dcaas/direct-connects/"+id, nil, http.StatusOK)
	if err != nil {
		return err
	}
	var a consoleAnswer
	if err := json.Unmarshal(b, &a); err != nil || a.DirectConnect.ID != id {
		return fmt.Errorf("direct_connect.id is not %s in %.200s", id, b)
	}
	return nil
}

func (c *console) delete(ctx context.Context, id string) error {
	_, err := c.do(ctx, http.MethodDelete, "/v2.0/dcaas/direct-connects/"+id, nil, http.StatusNoContent)
	return err
}

// moto is moto_server's AWS Direct Connect mock (AWS JSON 1.1 on POST /).
// moto does not check signatures: the Authorization header only has to
// have SigV4's shape, from which it takes the region.
type moto struct {
	client       *http.Client
	base, region string
}

func (m *moto) call(ctx context.Context, action string, params map[string]string) ([]byte, error) {
	body, _ := json.Marshal(params)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.base+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "OvertureService."+action)
	req.Header.Set("X-Amz-Date", now.Format("20060102T150405Z"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"+now.Format("20060102")+"/"+m.region+
		"/directconnect/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	return send(m.client, req, http.StatusOK)
}

type motoConnection struct {
	ConnectionID    string `json:"connectionId"`
	ConnectionState string `json:"connectionState"`
}

// create names each connection uniquely: moto's connection ID is the name
// and the current second, so equal names in one second would share an ID.
func (m *moto) create(ctx context.Context, name string) (string, error) {
	b, err := m.call(ctx, "CreateConnection", map[string]string{"location": "EqDC2", "bandwidth": "1Gbps", "connectionName": name})
	if err != nil {
		return "", err
	}
	var c motoConnection
	if err := json.Unmarshal(b, &c); err != nil || c.ConnectionID == "" {
		return "", fmt.Errorf("no connectionId in %.200s", b)
	}
	return c.ConnectionID, nil
}

func (m *moto) get(ctx context.Context, id string) error {
	b, err := m.call(ctx, "DescribeConnections", map[string]string{"connectionId": id})
	if err != nil {
		return err
	}
	var a struct {
		Connections []motoConnection `json:"connections"`
	}
	if err := json.Unmarshal(b, &a); err != nil || len(a.Connections) != 1 || a.Connections[0].ConnectionID != id {
		return fmt.Errorf("connections is not [%s] in %.200s", id, b)
	}
	return nil
}

// delete expects the connection back in state "deleted" (moto keeps it so).
func (m *moto) delete(ctx context.Context, id string) error {
	b, err := m.call(ctx, "DeleteConnection", map[string]string{"connectionId": id})
	if err != nil {
		return err
	}
	var c motoConnection
	if err := json.Unmarshal(b, &c); err != nil || c.ConnectionID != id || c.ConnectionState != "deleted" {
		return fmt.Errorf("connection %s not deleted in %.200s", id, b)
	}
	return nil
}
