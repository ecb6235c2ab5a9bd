// Command loadgen is the load script's HTTP helper (a benchmark tool, not
// part of the console):
//
//	loadgen -url U -mode cookie -project P   log in, switch to project P, print the Cookie header
//	loadgen -url U -mode token -project P    print an API token scoped to project P
//	loadgen -url U -mode flow -project P -c 32 -d 10s
//	    32 users, each logged in, run the console's create flow (form ->
//	    confirm -> submit, with the CSRF token) in a loop; prints flows/s,
//	    requests/s, p50/p99 of each step and of the whole flow, and errors.
//	loadgen -url U -mode churn -project P -connection ID -rate 100 -d 10s
//	    modifies the connection's description through the API at the given
//	    rate (a busy project: its list's cached table is rendered again after
//	    every change); prints how many changes were made and failed.
//
// wrk measures the pages; the create flow needs state between requests
// (CSRF token, the form's one-time token) that wrk's Lua cannot keep per
// connection, so it is driven from here.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

var (
	base     = flag.String("url", "", "console URL, e.g. http://127.0.0.1:8080")
	mode     = flag.String("mode", "", "cookie, token or flow")
	project  = flag.String("project", "", "project name")
	user     = flag.String("user", "admin", "user name")
	password = flag.String("password", os.Getenv("ADMIN_PASSWORD"), "password (env ADMIN_PASSWORD)")
	users    = flag.Int("c", 32, "concurrent users (flow)")
	duration = flag.Duration("d", 10*time.Second, "how long to run (flow, churn)")
	connID   = flag.String("connection", "", "connection ID (churn)")
	rate     = flag.Int("rate", 100, "changes per second (churn)")
)

func main() {
	flag.Parse()
	if *base == "" || *project == "" {
		log.Fatal("usage: loadgen -url URL -mode cookie|token|flow -project NAME")
	}
	switch *mode {
	case "cookie":
		s, err := login(*project)
		if err != nil {
			log.Fatal(err)
		}
		u, _ := url.Parse(*base)
		var parts []string
		for _, c := range s.client.Jar.Cookies(u) {
			parts = append(parts, c.Name+"="+c.Value)
		}
		fmt.Println(strings.Join(parts, "; "))
	case "token":
		tok, err := apiToken(*project)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(tok)
	case "flow":
		if err := flow(); err != nil {
			log.Fatal(err)
		}
	case "churn":
		if err := churn(); err != nil {
			log.Fatal(err)
		}
	default:
		log.Fatalf("unknown -mode %q", *mode)
	}
}

type session struct {
	client *http.Client
	csrf   string
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

func newSession() *session {
	jar, _ := cookiejar.New(nil)
	return &session{client: &http.Client{
		Jar:       jar,
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// do sends a request and returns status and body; it remembers the page's
// CSRF token.
func (s *session) do(method, path string, form url.Values) (int, string, error) {
	var body io.Reader
	if form != nil {
		form.Set("_csrf", s.csrf)
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, *base+path, body)
	if err != nil {
		return 0, "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(b); m != nil {
		s.csrf = string(m[1])
	}
	return resp.StatusCode, string(b), err
}

// login logs in and makes project the session's project.
func login(project string) (*session, error) {
	s := newSession()
	if _, _, err := s.do("GET", "/login", nil); err != nil {
		return nil, err
	}
	code, _, err := s.do("POST", "/login", url.Values{"username": {*user}, "password": {*password}})
	if err != nil || code != http.StatusSeeOther {
		return nil, fmt.Errorf("login: status %d, %v", code, err)
	}
	code, page, err := s.do("GET", "/console/projects", nil)
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("projects page: status %d, %v", code, err)
	}
	// <option value="ID" ...>NAME</option> or a button/radio naming the project.
	re := regexp.MustCompile(`value="([0-9a-f]{32})"[^>]*>\s*` + regexp.QuoteMeta(project) + `\s*<`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return nil, fmt.Errorf("project %s not offered on /console/projects", project)
	}
	code, _, err = s.do("POST", "/console/project", url.Values{"project": {m[1]}, "next": {"/console"}})
	if err != nil || code != http.StatusSeeOther {
		return nil, fmt.Errorf("switch project: status %d, %v", code, err)
	}
	if _, _, err := s.do("GET", "/console", nil); err != nil {
		return nil, err
	}
	return s, nil
}

func apiToken(project string) (string, error) {
	body, _ := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"},
			"password": map[string]any{"user": map[string]any{"name": *user, "password": *password, "domain": map[string]any{"name": "dcconsole"}}}},
		"scope": map[string]any{"project": map[string]any{"name": project, "domain": map[string]any{"name": "dcconsole"}}},
	}})
	resp, err := http.Post(*base+"/v3/auth/tokens", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("token: status %d", resp.StatusCode)
	}
	return resp.Header.Get("X-Subject-Token"), nil
}

// steps of the create flow, in order.
var steps = []string{"form", "confirm", "submit"}

type result struct {
	lat    map[string][]time.Duration // per step and "flow"
	errors []string
}

func flow() error {
	sessions := make([]*session, *users)
	for i := range sessions {
		s, err := login(*project)
		if err != nil {
			return err
		}
		sessions[i] = s
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	results := make([]result, *users)
	var wg sync.WaitGroup
	start := time.Now()
	for i, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			r.lat = map[string][]time.Duration{}
			for n := 0; ctx.Err() == nil; n++ {
				t0 := time.Now()
				if err := createOnce(s, r, fmt.Sprintf("dc-flow-%02d-%06d", i, n)); err != nil {
					r.errors = append(r.errors, err.Error())
					continue
				}
				r.lat["flow"] = append(r.lat["flow"], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := map[string][]time.Duration{}
	var errs []string
	for _, r := range results {
		for k, v := range r.lat {
			all[k] = append(all[k], v...)
		}
		errs = append(errs, r.errors...)
	}
	flows := len(all["flow"])
	requests := 0
	for _, st := range steps {
		requests += len(all[st])
	}
	fmt.Printf("create flow: %d users, %s: %d flows (%.1f/s), %d requests (%.1f/s), %d errors\n",
		*users, elapsed.Round(time.Millisecond), flows, float64(flows)/elapsed.Seconds(), requests, float64(requests)/elapsed.Seconds(), len(errs))
	for _, k := range append(slices.Clone(steps), "flow") {
		p50, p99 := percentile(all[k], 0.50), percentile(all[k], 0.99)
		fmt.Printf("  %-8s p50 %8.2f ms   p99 %8.2f ms\n", k, ms(p50), ms(p99))
	}
	for i, e := range errs {
		if i == 5 {
			fmt.Printf("  ... %d more errors\n", len(errs)-5)
			break
		}
		fmt.Println("  error:", e)
	}
	if len(errs) > 0 {
		return errors.New("the create flow had errors")
	}
	return nil
}

// createOnce runs form -> confirm -> submit once; every step must answer as
// a browser expects (200, 200, 303 to the created page).
func createOnce(s *session, r *result, name string) error {
	t := time.Now()
	code, page, err := s.do("GET", "/dcaas/connections/create", nil)
	r.lat["form"] = append(r.lat["form"], time.Since(t))
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("form: %d %v", code, err)
	}
	m := tokenRE.FindStringSubmatch(page)
	if m == nil {
		return errors.New("form: no one-time token")
	}
	form := url.Values{"name": {name}, "location": {"Biere"}, "peer_location": {"Customer-DC"},
		"bandwidth": {"100"}, "description": {"load test"}, "token": {m[1]}}
	t = time.Now()
	code, _, err = s.do("POST", "/dcaas/connections/confirm", form)
	r.lat["confirm"] = append(r.lat["confirm"], time.Since(t))
	if err != nil || code != http.StatusOK {
		return fmt.Errorf("confirm: %d %v", code, err)
	}
	t = time.Now()
	code, _, err = s.do("POST", "/dcaas/connections", form)
	r.lat["submit"] = append(r.lat["submit"], time.Since(t))
	if err != nil || code != http.StatusSeeOther {
		return fmt.Errorf("submit: %d %v", code, err)
	}
	return nil
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// churn modifies one connection through the API at *rate per second for
// *duration.
func churn() error {
	tok, err := apiToken(*project)
	if err != nil {
		return err
	}
	tick := time.NewTicker(time.Second / time.Duration(max(*rate, 1)))
	defer tick.Stop()
	end := time.After(*duration)
	client := &http.Client{Timeout: 10 * time.Second}
	var done, failed int
	for i := 0; ; i++ {
		select {
		case <-end:
			fmt.Printf("churn: %d changes, %d failed\n", done, failed)
			if failed > 0 {
				return fmt.Errorf("%d changes failed", failed)
			}
			return nil
		case <-tick.C:
		}
		body := fmt.Sprintf(`{"direct_connect":{"description":"churn %d"}}`, i)
		req, _ := http.NewRequest(http.MethodPut, *base+"/v2.0/dcaas/direct-connects/"+*connID, strings.NewReader(body))
		req.Header.Set("X-Auth-Token", tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			failed++
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			failed++
			continue
		}
		done++
	}
}
