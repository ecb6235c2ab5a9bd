package console_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"html"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the database beside the store on PostgreSQL

	"dcconsole/handlers/handlertest"
	"dcconsole/store"
)

// FuzzConnectionForm submits arbitrary Create Connection forms (Submit,
// POST /dcaas/connections) through the real router to a real store (a
// SQLite file), logged in as the admin in project eu-de, and checks what
// holds whatever the code does:
//
//   - never a 5xx: every answer is 303 (created) or 4xx;
//   - refused: a 4xx whose page shows a message, one under each field the
//     spec's rules refuse, and the database is unchanged;
//   - accepted: one connection more, stored as sent after the documented
//     normalisation only (name, peering position and bandwidth without
//     surrounding white space, the bandwidth snapped to its step; location
//     and description exactly as sent);
//   - the verdict agrees with an independent reference written from the
//     spec's words (specConnectionForm), not with the code's rules.
func FuzzConnectionForm(f *testing.F) {
	for _, s := range [][5]string{ // name, location, peering position, bandwidth, description
		{"dc-1", "Biere", "", "100", "This is a connection."},
		{"dc_A-9", "Magdeburg", "Berlin-DC01", " 120 ", "tab\there\r\nline"},
		{strings.Repeat("a", 64), "Biere", strings.Repeat("p", 64), "1000", strings.Repeat("ä", 128)},
		{strings.Repeat("a", 65), "Biere", "", "10", ""},
		{"dc-1", "Biere", strings.Repeat("p", 65), "10", ""},
		{"dc-1", "Biere", "", "10", strings.Repeat("ä", 129)},
		{"", "Biere", "", "10", ""},
		{"  dc-trim  ", "Biere", "\tpeer-1\n", "\u00a05\u00a0", "  kept as typed  "},
		{"dc-ü", "Biere", "Zürich", "100", "Grüße aus Zürich, 東京 🚀"},
		{"ｄｃ", "Biere", "", "100", ""},
		{"dc 1", "Biere", "", "100", ""},
		{"dc.1", "Biere", "a.b", "100", ""},
		{"<script>", "Biere", "", "100", "<b>bold</b>"},
		{"dc-1", "Biere", "", "100", "a > b"},
		{"dc\x00", "Biere", "", "100", "a\x00b"},
		{"\xff", "Biere", "", "100", "\xff\xfe"},
		{"dc-1", "Biere", "", "100", "\u202edc\u2066"},
		{"dc-1", "Biere", "", "100", "zero\u200bwidth"},
		{"dc-1", "biere", "", "100", ""},
		{"dc-1", " Biere", "", "100", ""},
		{"dc-1", "Amsterdam-Aalsmeer", "", "100", ""},
		{"dc-1", "", "", "100", ""},
		{"dc-1", "Biere", "", "5", ""},
		{"dc-1", "Biere", "", "1001", ""},
		{"dc-1", "Biere", "", "0", ""},
		{"dc-1", "Biere", "", "-1", ""},
		{"dc-1", "Biere", "", "+7", ""},
		{"dc-1", "Biere", "", "0000000150", ""},
		{"dc-1", "Biere", "", "99999999999999999999", ""},
		{"dc-1", "Biere", "", "1e3", ""},
		{"dc-1", "Biere", "", "100.0", ""},
		{"dc-1", "Biere", "", "１００", ""},
		{"dc-1", "Biere", "", "", ""},
		{"dc-1;DROP TABLE connections", "Biere", "'; --", "10", "'; DROP TABLE connections; --"},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	// Every ASCII character the name rule does not allow, in an otherwise
	// valid name and peering position (each must get its own message).
	for c := range 128 {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			f.Add("dc"+string(rune(c))+"1", "Biere", "p"+string(rune(c))+"1", "100", "")
		}
	}
	fc := newFuzzConsole(f)
	f.Fuzz(func(t *testing.T, name, location, peer, bandwidth, description string) {
		want := specConnectionForm(name, location, peer, bandwidth, description)
		before, logged := fc.snapshot(t), fc.lastOperation(t)
		form := url.Values{
			"name": {name}, "location": {location}, "peer_location": {peer}, "bandwidth": {bandwidth},
			"description": {description}, "token": {rand.Text()}, "_csrf": {fc.csrf},
		}
		resp, body := fc.post(t, "/dcaas/connections", form)
		sent := fmt.Sprintf("name %q, location %q, peering position %q, bandwidth %q, description %q", name, location, peer, bandwidth, description)
		switch {
		case resp.StatusCode == http.StatusSeeOther:
			id, ok := strings.CutPrefix(resp.Header.Get("Location"), "/dcaas/connections/")
			id, ok2 := strings.CutSuffix(id, "/created")
			if !ok || !ok2 || id == "" {
				t.Fatalf("%s: accepted, redirected to %q", sent, resp.Header.Get("Location"))
			}
			if len(want.refused) > 0 {
				t.Fatalf("%s: accepted, but the spec refuses %v", sent, want.refused)
			}
			c, err := fc.st.Connection(context.Background(), fc.project.ID, id)
			if err != nil {
				t.Fatalf("%s: accepted as %s, which is not stored: %v", sent, id, err)
			}
			got := [5]string{c.Name, c.Location, c.PeerLocation, strconv.Itoa(c.Bandwidth), c.Description}
			exp := [5]string{want.name, location, want.peer, strconv.Itoa(want.bandwidth), description}
			if got != exp {
				t.Fatalf("%s: stored as %q, want %q", sent, got, exp)
			}
			if used, _, err := fc.st.ConnectionQuota(context.Background(), fc.project.ID); err != nil || used != 1 {
				t.Fatalf("%s: accepted, %d connections stored (%v), want 1", sent, used, err)
			}
			// Clean up, so every input starts from the same database.
			if _, err := fc.st.DeleteConnection(context.Background(), fc.project.ID, id); err != nil {
				t.Fatal(err)
			}
		case resp.StatusCode >= 400 && resp.StatusCode < 500:
			if want.accepted {
				t.Fatalf("%s: refused with %d, but the spec accepts it", sent, resp.StatusCode)
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			msgs := strings.TrimSpace(doc.Find(".field-error, .alert-error").Text())
			if msgs == "" {
				t.Fatalf("%s: refused with %d without a message", sent, resp.StatusCode)
			}
			for _, field := range want.refused {
				if strings.TrimSpace(doc.Find("#"+field+"-error").Text()) == "" {
					t.Fatalf("%s: refused (%s), but no message under %s", sent, msgs, field)
				}
			}
			if after := fc.snapshot(t); after != before {
				t.Fatalf("%s: refused, but the database changed:\n%s\nto\n%s", sent, before, after)
			}
			fc.refusalsOnly(t, logged, before)
		default:
			t.Fatalf("%s: status %d\n%s", sent, resp.StatusCode, body)
		}
	})
}

// connectionVerdict is what the spec says about a Create Connection form:
// accepted (it must be), refused (the fields it must be refused for), or
// neither (the spec leaves it open: the code may decide, but what it
// accepts must be stored as sent).
type connectionVerdict struct {
	accepted  bool
	refused   []string // field IDs
	name      string   // as it must be stored when accepted
	peer      string
	bandwidth int
}

// The rules of SPEC.md §3, written from its words and not from the code:
//
//	Name             required, 1-64 chars, ASCII letters, digits, `_`, `-`
//	Location         required; a button group of the region's locations (eu-de: Biere, Magdeburg)
//	Peering Position optional, 0-64 chars, letters, digits, `_`, `-`
//	Bandwidth        steps 10, 50, 100, 150, 200, 300, 400, 500, 600, 1000; a typed value snaps
//	                 up to the next allowed step, above 1000 clamps to 1000; non-numbers are an error
//	Description      optional, 0-128 characters, no `<` or `>`
//
// Names, peering positions and bandwidths are read without surrounding white
// space (the form's documented normalisation).
var (
	specName     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	specPeer     = regexp.MustCompile(`^[A-Za-z0-9_-]{0,64}$`)
	specWhole    = regexp.MustCompile(`^[0-9]{1,9}$`) // a plain positive-looking number
	specInteger  = regexp.MustCompile(`^[+-]?[0-9]+$`)
	specSteps    = []int{10, 50, 100, 150, 200, 300, 400, 500, 600, 1000}
	specEuDeLocs = []string{"Biere", "Magdeburg"}
)

func specConnectionForm(name, location, peer, bandwidth, description string) connectionVerdict {
	v := connectionVerdict{name: strings.TrimSpace(name), peer: strings.TrimSpace(peer)}
	open := false // the spec leaves the verdict to the code
	if !specName.MatchString(v.name) {
		v.refused = append(v.refused, "name")
	}
	if !slices.Contains(specEuDeLocs, location) {
		v.refused = append(v.refused, "location")
	}
	if !specPeer.MatchString(v.peer) {
		v.refused = append(v.refused, "peer_location")
	}
	bw := strings.TrimSpace(bandwidth)
	switch {
	case specWhole.MatchString(bw) && strings.Trim(bw, "0") != "":
		n, _ := strconv.Atoi(bw)
		v.bandwidth = specSnap(big.NewInt(int64(n)))
	case specInteger.MatchString(bw):
		// Zero, a sign, or more digits than anyone types: a number, but the
		// spec does not say whether it is one the form takes. If it is
		// taken, it snaps like any other.
		open = true
		n, _ := new(big.Int).SetString(bw, 10)
		v.bandwidth = specSnap(n)
	default:
		v.refused = append(v.refused, "bandwidth")
	}
	switch {
	case utf8.RuneCountInString(description) > 128 || strings.ContainsAny(description, "<>"):
		v.refused = append(v.refused, "description")
	case !utf8.ValidString(description) || strings.ContainsFunc(description, func(r rune) bool {
		return !unicode.IsGraphic(r) && r != '\t' && r != '\n' && r != '\r'
	}):
		// Invalid UTF-8, control or format characters: the spec says
		// nothing (the code refuses some of them).
		open = true
	}
	v.accepted = len(v.refused) == 0 && !open
	return v
}

// specSnap is the spec's bandwidth snapping: up to the next step, above the
// last step the last step, below the first the first.
func specSnap(n *big.Int) int {
	for _, s := range specSteps {
		if n.Cmp(big.NewInt(int64(s))) <= 0 {
			return s
		}
	}
	return specSteps[len(specSteps)-1]
}

// fuzzConsole is the real console on a temp SQLite file behind httptest,
// with a client logged in as the admin (cookies kept, redirects not
// followed).
type fuzzConsole struct {
	st      *store.Store
	db      *sql.DB // a second, read-only connection for the operations log
	url     string
	client  *http.Client
	csrf    string
	project store.Project
}

func newFuzzConsole(f *testing.F) *fuzzConsole {
	f.Helper()
	ctx := context.Background()
	ts := handlertest.New(f)
	st, path := ts.Store, ts.DBPath
	const password = handlertest.AdminPassword
	u, err := st.Authenticate(ctx, "admin", password)
	if err != nil {
		f.Fatal(err)
	}
	p, err := st.ProjectForUserByName(ctx, u.ID, "eu-de")
	if err != nil {
		f.Fatal(err)
	}
	// A fresh install has a VPC and no connections; start with none at all.
	if cs, _, err := st.Connections(ctx, p.ID, store.ListFilter{}); err != nil || len(cs) != 0 {
		f.Fatalf("a fresh store has %d connections (%v)", len(cs), err)
	}
	// A connection of its own to the database, beside the store's.
	driver, dsn := "sqlite", "file:"+path+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)"
	if store.IsPostgresURL(path) {
		driver, dsn = "pgx", path
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	fc := &fuzzConsole{st: st, db: db, url: ts.URL, project: p, client: ts.Client}
	// Log in like a browser: the login page's token, the form, then a page
	// for the session's token.
	fc.get(f, "/login")
	resp, _ := fc.post(f, "/login", url.Values{"username": {"admin"}, "password": {password}, "_csrf": {fc.csrf}})
	if resp.StatusCode != http.StatusSeeOther {
		f.Fatalf("login: status %d", resp.StatusCode)
	}
	fc.get(f, "/dcaas/connections/create")
	if fc.csrf == "" {
		f.Fatal("no CSRF token on the create form")
	}
	return fc
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (fc *fuzzConsole) do(tb testing.TB, req *http.Request) (*http.Response, string) {
	tb.Helper()
	resp, err := fc.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	if m := csrfInput.FindSubmatch(b); m != nil {
		fc.csrf = html.UnescapeString(string(m[1]))
	}
	return resp, string(b)
}

func (fc *fuzzConsole) get(tb testing.TB, path string) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodGet, fc.url+path, nil)
	return fc.do(tb, req)
}

func (fc *fuzzConsole) post(tb testing.TB, path string, form url.Values) (*http.Response, string) {
	req, _ := http.NewRequest(http.MethodPost, fc.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return fc.do(tb, req)
}

// snapshot describes the database's contents (store.Snapshot: every
// table's row count and largest rowid, and every row), except the sessions
// (each request touches its own), the login failures (only counted) and the
// operations log, which records refusals too (see refusalsOnly).
func (fc *fuzzConsole) snapshot(tb testing.TB) string {
	tb.Helper()
	snap, err := fc.st.Snapshot(context.Background(), store.SnapshotOptions{
		Skip: []string{"sessions", "operations"}, Count: []string{"login_failures"}})
	if err != nil {
		tb.Fatal(err)
	}
	return snap.String()
}

// lastOperation is the operations log's largest ID (SQLite's rowid).
func (fc *fuzzConsole) lastOperation(tb testing.TB) int64 {
	tb.Helper()
	var n int64
	if err := fc.db.QueryRow(`SELECT coalesce(max(id), 0) FROM operations`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// refusalsOnly checks the operations logged after rowid since: a refusal
// may be logged, as refused, for no resource or one that was there before
// (snapshot before), and never with a name the name rule refuses (a
// refused name is not kept anywhere).
func (fc *fuzzConsole) refusalsOnly(tb testing.TB, since int64, before string) {
	tb.Helper()
	rows, err := fc.db.Query(`SELECT resource_id, resource_name, result FROM operations WHERE id > $1 ORDER BY id`, since)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name, result string
		if err := rows.Scan(&id, &name, &result); err != nil {
			tb.Fatal(err)
		}
		if result != store.ResultRefused || (id != "" && !strings.Contains(before, `"`+id+`"`)) || (name != "" && !specName.MatchString(name)) {
			tb.Fatalf("a refusal logged the operation %q %q %q", id, name, result)
		}
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
}
