// Command loginburst measures what a burst of logins does to everyone else
// (README, Security: "Password checks are bounded"). Against a running
// console it sends -n simultaneous wrong-password token requests
// (POST /v3/auth/tokens), each from its own loopback address (127.0.X.Y, so
// the per-address throttle does not stop them) and for its own user name,
// or with -same all for admin from one address; meanwhile a logged-in
// client loads the Connections page again and again and a legitimate client
// asks for a token (retrying after Retry-After on 503). It prints the
// statuses and latencies.
//
//	go run ./e2e/bench/loginburst -url http://127.0.0.1:8080 -pass ADMIN_PASSWORD [-n 300] [-same]
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

func client(src string) *http.Client {
	d := &net.Dialer{Timeout: 120 * time.Second}
	if src != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(src)}
	}
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 120 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func tok(name, pw string) string {
	return fmt.Sprintf(`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":%q,"password":%q}}}}}`, name, pw)
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(int(float64(len(s))*p), len(s)-1)]
}

func main() {
	base := flag.String("url", "", "the console's URL")
	pass := flag.String("pass", "", "admin's password")
	n := flag.Int("n", 300, "attempts in the burst")
	same := flag.Bool("same", false, "one user name from one address (the issue's burst)")
	flag.Parse()
	// A logged-in page client.
	pc := client("127.0.0.250")
	r, _ := pc.Get(*base + "/login")
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindSubmatch(b)[1]
	r, err := pc.PostForm(*base+"/login", url.Values{"username": {"admin"}, "password": {*pass}, "_csrf": {string(csrf)}})
	if err != nil || r.StatusCode != 303 {
		fmt.Println("login failed", err, r.StatusCode)
		os.Exit(1)
	}
	r.Body.Close()
	page := func() time.Duration {
		t := time.Now()
		r, err := pc.Get(*base + "/dcaas/connections")
		if err != nil || r.StatusCode != 200 {
			fmt.Println("page error", err)
			return 0
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return time.Since(t)
	}
	var idle []time.Duration
	for range 20 {
		idle = append(idle, page())
	}
	fmt.Printf("page alone: p50 %v max %v\n", pct(idle, .5).Round(time.Millisecond), pct(idle, 1).Round(time.Millisecond))
	lt := time.Now()
	r, _ = client("127.0.0.251").Post(*base+"/v3/auth/tokens", "application/json", strings.NewReader(tok("admin", *pass)))
	fmt.Printf("legit token alone: %d in %v\n", r.StatusCode, time.Since(lt).Round(time.Millisecond))

	var mu sync.Mutex
	var burst []time.Duration
	codes := map[string]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for i := range *n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("127.0.%d.%d", 1+i/200, 2+i%200)
			name := fmt.Sprintf("user%d", i)
			if *same {
				src, name = "127.0.0.9", "admin"
			}
			t := time.Now()
			r, err := client(src).Post(*base+"/v3/auth/tokens", "application/json", strings.NewReader(tok(name, "wrong-password")))
			d := time.Since(t)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if codes["error"] == 0 {
					fmt.Println("first error:", err)
				}
				codes["error"]++
				return
			}
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			codes[fmt.Sprint(r.StatusCode)]++
			burst = append(burst, d)
		}()
	}
	// During the burst: pages and one legitimate token.
	var during []time.Duration
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var legit time.Duration
	var legitCode int
	lwg := sync.WaitGroup{}
	lwg.Go(func() {
		time.Sleep(200 * time.Millisecond)
		t := time.Now()
		for {
			r, err := client("127.0.0.252").Post(*base+"/v3/auth/tokens", "application/json", strings.NewReader(tok("admin", *pass)))
			if err == nil {
				r.Body.Close()
				legitCode = r.StatusCode
				if r.StatusCode == 503 { // a client honours Retry-After: 1
					time.Sleep(time.Second)
					continue
				}
			}
			break
		}
		legit = time.Since(t)
	})
loop:
	for {
		select {
		case <-done:
			break loop
		default:
			during = append(during, page())
			time.Sleep(50 * time.Millisecond)
		}
	}
	lwg.Wait()
	fmt.Printf("burst of %d: all answered in %v; statuses %v; request p50 %v p95 %v max %v\n", *n, time.Since(start).Round(time.Millisecond), codes,
		pct(burst, .5).Round(time.Millisecond), pct(burst, .95).Round(time.Millisecond), pct(burst, 1).Round(time.Millisecond))
	fmt.Printf("page during burst (%d loads): p50 %v p95 %v max %v\n", len(during), pct(during, .5).Round(time.Millisecond), pct(during, .95).Round(time.Millisecond), pct(during, 1).Round(time.Millisecond))
	fmt.Printf("legit token during burst: %d after %v (retrying on 503 after Retry-After)\n", legitCode, legit.Round(time.Millisecond))
}
