package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// The rules of SPEC.md §3-5 for names, peering positions and descriptions,
// written from the spec's words and not from the code:
//
//	Name             required, 1-64 chars, ASCII letters, digits, `_`, `-` (every resource:
//	                 gateways and interfaces "as connection name")
//	Peering Position optional, 0-64 chars, letters, digits, `_`, `-`
//	Description      optional, 0-128 characters, no `<` or `>`
//
// The store takes values as they are given (the forms trim; the store does
// not), so the rules apply to the value itself.
var (
	specName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	specPeer = regexp.MustCompile(`^[A-Za-z0-9_-]{0,64}$`)
)

// specDescription is the spec's description rule: it must be accepted,
// it must be refused, or (neither) the spec leaves it to the code — text
// that is not valid UTF-8 or holds control or format characters, which the
// spec does not mention.
func specDescription(s string) (accept, refuse bool) {
	if utf8.RuneCountInString(s) > 128 || strings.ContainsAny(s, "<>") {
		return false, true
	}
	plain := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.IsGraphic(r) && r != '\t' && r != '\n' && r != '\r'
	})
	return plain, false
}

// fuzzStore is a real store on a temp SQLite file with what the fuzzed
// uses of a text need: a connection, a VPC with a gateway, an interface
// between them (to rename) and a free VPC (for new gateways).
type fuzzStore struct {
	s       *Store
	db      *sql.DB   // a second, read-only pool (data version, operations log)
	pinned  *sql.Conn // one connection of it, for PRAGMA data_version
	snap    string    // the last snapshot, taken at data version snapAt
	snapAt  int64
	p       Project
	conn    string
	gw      string
	vif     string
	freeVPC string
}

func newFuzzStore(f *testing.F) *fuzzStore {
	f.Helper()
	ctx := context.Background()
	path := filepath.Join(f.TempDir(), "fuzz.db")
	s, err := Open(ctx, path)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	s.SetPasswordCost(bcrypt.MinCost)
	if _, err := s.Bootstrap(ctx, "admin-password"); err != nil {
		f.Fatal(err)
	}
	u, err := s.Authenticate(ctx, "admin", "admin-password")
	if err != nil {
		f.Fatal(err)
	}
	p, err := s.ProjectForUserByName(ctx, u.ID, "eu-de")
	if err != nil {
		f.Fatal(err)
	}
	fs := &fuzzStore{s: s, p: p}
	c, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-fixed", Location: "Biere", Bandwidth: 1000}, "")
	if err != nil {
		f.Fatal(err)
	}
	fs.conn = c.ID
	v, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-fixed", CIDR: "10.7.0.0/16"}, "")
	if err != nil {
		f.Fatal(err)
	}
	g, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-fixed", VPCID: v.ID, CIDRs: "10.7.0.0/24"}, "")
	if err != nil {
		f.Fatal(err)
	}
	fs.gw = g.ID
	vif, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-fixed", ConnectionID: c.ID, GatewayID: g.ID, Bandwidth: 10, RemoteSubnets: "172.16.0.0/16"}, "")
	if err != nil {
		f.Fatal(err)
	}
	fs.vif = vif.ID
	free, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-free", CIDR: "10.8.0.0/16"}, "")
	if err != nil {
		f.Fatal(err)
	}
	fs.freeVPC = free.ID
	if fs.db, err = sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)&_pragma=busy_timeout(10000)"); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { fs.db.Close() })
	if fs.pinned, err = fs.db.Conn(ctx); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { fs.pinned.Close() })
	return fs
}

// textUse is one place a text goes into the store: write stores it (and
// returns what to read back and how to undo a create), field is the field
// a refusal must name.
type textUse struct {
	what  string
	field string
	write func(ctx context.Context, text string) (read func() (string, error), undo func() error, err error)
}

func (fs *fuzzStore) nameUses() []textUse {
	p := fs.p
	return []textUse{
		{"connection create", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			c, _, err := fs.s.CreateConnection(ctx, p, ConnectionInput{Name: s, Location: "Biere", Bandwidth: 100}, "")
			return func() (string, error) { c, err := fs.s.Connection(ctx, p.ID, c.ID); return c.Name, err },
				func() error { _, err := fs.s.DeleteConnection(ctx, p.ID, c.ID); return err }, err
		}},
		{"connection rename", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateConnection(ctx, p.ID, fs.conn, ConnectionUpdate{Name: &s})
			return func() (string, error) { c, err := fs.s.Connection(ctx, p.ID, fs.conn); return c.Name, err }, nil, err
		}},
		{"VPC create", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			v, _, err := fs.s.CreateVPC(ctx, p, VPCInput{Name: s, CIDR: "10.9.0.0/16"}, "")
			return func() (string, error) { v, err := fs.s.VPC(ctx, p.ID, v.ID); return v.Name, err },
				func() error { _, err := fs.s.DeleteVPC(ctx, p.ID, v.ID); return err }, err
		}},
		{"gateway create", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			g, _, err := fs.s.CreateGateway(ctx, p, GatewayInput{Name: s, VPCID: fs.freeVPC, CIDRs: "10.8.0.0/24"}, "")
			return func() (string, error) { g, err := fs.s.Gateway(ctx, p.ID, g.ID); return g.Name, err },
				func() error { _, err := fs.s.DeleteGateway(ctx, p.ID, g.ID); return err }, err
		}},
		{"gateway rename", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateGateway(ctx, p.ID, fs.gw, GatewayUpdate{Name: &s})
			return func() (string, error) { g, err := fs.s.Gateway(ctx, p.ID, fs.gw); return g.Name, err }, nil, err
		}},
		{"interface create", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			v, _, err := fs.s.CreateInterface(ctx, p, InterfaceInput{Name: s, ConnectionID: fs.conn, GatewayID: fs.gw, Bandwidth: 10, RemoteSubnets: "172.17.0.0/16"}, "")
			return func() (string, error) { v, err := fs.s.Interface(ctx, p.ID, v.ID); return v.Name, err },
				func() error { _, err := fs.s.DeleteInterface(ctx, p.ID, v.ID); return err }, err
		}},
		{"interface rename", "name", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateInterface(ctx, p.ID, fs.vif, InterfaceUpdate{Name: &s})
			return func() (string, error) { v, err := fs.s.Interface(ctx, p.ID, fs.vif); return v.Name, err }, nil, err
		}},
	}
}

func (fs *fuzzStore) peerUses() []textUse {
	p := fs.p
	return []textUse{
		{"connection create", "peer_location", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			c, _, err := fs.s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-peer", Location: "Biere", PeerLocation: s, Bandwidth: 100}, "")
			return func() (string, error) { c, err := fs.s.Connection(ctx, p.ID, c.ID); return c.PeerLocation, err },
				func() error { _, err := fs.s.DeleteConnection(ctx, p.ID, c.ID); return err }, err
		}},
		{"connection update", "peer_location", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateConnection(ctx, p.ID, fs.conn, ConnectionUpdate{PeerLocation: &s})
			return func() (string, error) { c, err := fs.s.Connection(ctx, p.ID, fs.conn); return c.PeerLocation, err }, nil, err
		}},
	}
}

func (fs *fuzzStore) descriptionUses() []textUse {
	p := fs.p
	return []textUse{
		{"connection create", "description", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			c, _, err := fs.s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-desc", Location: "Biere", Bandwidth: 100, Description: s}, "")
			return func() (string, error) { c, err := fs.s.Connection(ctx, p.ID, c.ID); return c.Description, err },
				func() error { _, err := fs.s.DeleteConnection(ctx, p.ID, c.ID); return err }, err
		}},
		{"connection update", "description", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateConnection(ctx, p.ID, fs.conn, ConnectionUpdate{Description: &s})
			return func() (string, error) { c, err := fs.s.Connection(ctx, p.ID, fs.conn); return c.Description, err }, nil, err
		}},
		{"gateway create", "description", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			g, _, err := fs.s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-desc", VPCID: fs.freeVPC, CIDRs: "10.8.0.0/24", Description: s}, "")
			return func() (string, error) { g, err := fs.s.Gateway(ctx, p.ID, g.ID); return g.Description, err },
				func() error { _, err := fs.s.DeleteGateway(ctx, p.ID, g.ID); return err }, err
		}},
		{"gateway update", "description", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateGateway(ctx, p.ID, fs.gw, GatewayUpdate{Description: &s})
			return func() (string, error) { g, err := fs.s.Gateway(ctx, p.ID, fs.gw); return g.Description, err }, nil, err
		}},
		{"interface create", "description", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			v, _, err := fs.s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-desc", ConnectionID: fs.conn, GatewayID: fs.gw, Bandwidth: 10, RemoteSubnets: "172.17.0.0/16", Description: s}, "")
			return func() (string, error) { v, err := fs.s.Interface(ctx, p.ID, v.ID); return v.Description, err },
				func() error { _, err := fs.s.DeleteInterface(ctx, p.ID, v.ID); return err }, err
		}},
		{"interface update", "description", func(ctx context.Context, s string) (func() (string, error), func() error, error) {
			_, err := fs.s.UpdateInterface(ctx, p.ID, fs.vif, InterfaceUpdate{Description: &s})
			return func() (string, error) { v, err := fs.s.Interface(ctx, p.ID, fs.vif); return v.Description, err }, nil, err
		}},
	}
}

// check writes text through every use and checks the round trip: what is
// accepted is stored unchanged and read back equal; what is refused is a
// validation error with a message under the field, and the database is
// unchanged; what the spec accepts is accepted and what it refuses is
// refused (open: the spec leaves the verdict to the code).
func (fs *fuzzStore) check(t *testing.T, uses []textUse, text string, accept, refuse bool) {
	t.Helper()
	ctx := WithActor(context.Background(), "fuzz")
	for _, u := range uses {
		before, logged := fs.current(t), fs.lastOperation(t)
		read, undo, err := u.write(ctx, text)
		if err == nil {
			if refuse {
				t.Fatalf("%s: %q accepted, but the spec refuses it", u.what, text)
			}
			got, rerr := read()
			if rerr != nil || got != text {
				t.Fatalf("%s: %q accepted, read back %q (%v)", u.what, text, got, rerr)
			}
			if undo != nil {
				if err := undo(); err != nil {
					t.Fatalf("%s: undo: %v", u.what, err)
				}
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.at(Attr(u.field)) == "" {
			t.Fatalf("%s: %q refused without a message for %s: %v", u.what, text, u.field, err)
		}
		if accept {
			t.Fatalf("%s: %q refused (%s), but the spec accepts it", u.what, text, ve.at(Attr(u.field)))
		}
		if after := fs.current(t); after != before {
			t.Fatalf("%s: %q refused, but the database changed:\n%s\nto\n%s", u.what, text, before, after)
		}
		fs.refusalsOnly(t, logged, before)
	}
}

// current is snapshot, taken again only when another connection has
// committed a change since the last one (SQLite's data_version of a
// connection changes exactly then): under -race most refusals write
// nothing, and a snapshot costs some 30 queries.
func (fs *fuzzStore) current(t *testing.T) string {
	t.Helper()
	var v int64
	if err := fs.pinned.QueryRowContext(context.Background(), `PRAGMA data_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if fs.snap == "" || v != fs.snapAt {
		fs.snap, fs.snapAt = fs.snapshot(t), v
	}
	return fs.snap
}

// snapshot describes the database's contents (Snapshot: every table's
// row count and largest rowid, and every row), except the sessions (each
// request touches its own), the login failures (only counted) and the
// operations log, which records refusals too (see refusalsOnly).
func (fs *fuzzStore) snapshot(t *testing.T) string {
	t.Helper()
	snap, err := fs.s.Snapshot(context.Background(), SnapshotOptions{
		Skip: []string{"sessions", "operations"}, Count: []string{"login_failures"}})
	if err != nil {
		t.Fatal(err)
	}
	return snap.String()
}

// lastOperation is the operations log's largest rowid.
func (fs *fuzzStore) lastOperation(t *testing.T) int64 {
	t.Helper()
	var n int64
	if err := fs.db.QueryRow(`SELECT coalesce(max(rowid), 0) FROM operations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// refusalsOnly checks the operations logged after rowid since: a refusal
// may be logged, as refused, for no resource or one that was there before
// (snapshot before), and never with a name the name rule refuses (a
// refused name is not kept anywhere).
func (fs *fuzzStore) refusalsOnly(t *testing.T, since int64, before string) {
	t.Helper()
	rows, err := fs.db.Query(`SELECT resource_id, resource_name, result FROM operations WHERE rowid > ? ORDER BY rowid`, since)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, name, result string
		if err := rows.Scan(&id, &name, &result); err != nil {
			t.Fatal(err)
		}
		if result != ResultRefused || (id != "" && !strings.Contains(before, `"`+id+`"`)) || (name != "" && !specName.MatchString(name)) {
			t.Fatalf("a refusal logged the operation %q %q %q", id, name, result)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// FuzzNameRules writes arbitrary text as the name of every resource (create
// and rename of connections, VPCs, gateways, interfaces) and as a
// connection's peering position, against a real store: the spec's rule
// (specName, specPeer) decides, what is accepted is stored unchanged and
// read back equal, what is refused leaves the database unchanged.
func FuzzNameRules(f *testing.F) {
	for _, s := range []string{
		"dc-123", "vgw_A", "A-Z_a-z_0-9", "-", "_", "", " ", "a", strings.Repeat("a", 63), strings.Repeat("a", 64),
		strings.Repeat("a", 65), strings.Repeat("ä", 32), " dc-1", "dc-1 ", "dc 1", "dc.1", "dc/1",
		"<script>alert(1)</script>", "a'b", `a"b`, "a&b", "dc\x00", "\xff\xfe", "dc-ü", "ｄｃ", "dc-١",
		"1; DROP TABLE users;--", "dc\n1", "dc\t1", "\u202edc", "dc\u200b", "dc\u00a0",
	} {
		f.Add(s)
	}
	// Every ASCII character the rule does not allow, one at a time in an
	// otherwise valid name.
	for c := range 128 {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			f.Add("dc" + string(rune(c)) + "1")
		}
	}
	fs := newFuzzStore(f)
	names, peers := fs.nameUses(), fs.peerUses()
	f.Fuzz(func(t *testing.T, s string) {
		ok := specName.MatchString(s)
		fs.check(t, names, s, ok, !ok)
		ok = specPeer.MatchString(s)
		fs.check(t, peers, s, ok, !ok)
	})
}

// FuzzDescriptionRule writes arbitrary text as the description of
// connections, gateways and interfaces (create and update) against a real
// store: what the spec accepts (specDescription) is accepted, what it
// refuses is refused, anything accepted is stored unchanged and read back
// equal, anything refused leaves the database unchanged.
func FuzzDescriptionRule(f *testing.F) {
	for _, s := range []string{
		"", "This is a connection.", strings.Repeat("a", 128), strings.Repeat("a", 129), strings.Repeat("ä", 128),
		strings.Repeat("ä", 129), strings.Repeat("🚀", 128), strings.Repeat("🚀", 129), "<b>", "a > b", "a < b",
		"a\x00b", "\xff", "tab\there\r\nline", "\x7f", "\u0085", `"quoted" & 'single'`, "＜script＞alert(1)＜/script＞",
		"‹script›", "'; DROP TABLE connections; --", "\u202e\u200b", "a\u2028b", "  spaces kept  ", "東京 Zürich",
	} {
		f.Add(s)
	}
	fs := newFuzzStore(f)
	uses := fs.descriptionUses()
	f.Fuzz(func(t *testing.T, s string) {
		accept, refuse := specDescription(s)
		fs.check(t, uses, s, accept, refuse)
	})
}
