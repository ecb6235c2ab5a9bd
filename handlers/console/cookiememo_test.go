package console

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/sessions"
)

func TestMemoCookieStore(t *testing.T) {
	key := []byte(strings.Repeat("k", 64))
	cs := sessions.NewCookieStore(key[:32], key[32:])
	m := newMemoCookieStore(cs)

	// A session with a flash, saved as a cookie.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	s, _ := m.Get(req, "s")
	s.Values["uid"] = int64(7)
	s.AddFlash("hello")
	rec := httptest.NewRecorder()
	if err := s.Save(req, rec); err != nil {
		t.Fatal(err)
	}
	ck := rec.Result().Cookies()[0]

	read := func(c *http.Cookie) (*sessions.Session, error) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.AddCookie(c)
		return m.Get(r, "s")
	}
	// Twice: decoded, then from the memo; a request's changes stay its own.
	for i := range 2 {
		s, err := read(ck)
		if err != nil || s.IsNew {
			t.Fatalf("read %d: new=%v err=%v", i, s.IsNew, err)
		}
		if uid, _ := s.Values["uid"].(int64); uid != 7 {
			t.Fatalf("read %d: uid = %v", i, s.Values["uid"])
		}
		if fs := s.Flashes(); len(fs) != 1 || fs[0] != "hello" {
			t.Fatalf("read %d: flashes = %v", i, fs)
		}
		s.Values["uid"] = int64(99)
		s.AddFlash("mine")
	}
	if len(m.memo) != 1 {
		t.Fatalf("memo has %d entries, want 1", len(m.memo))
	}

	// A tampered cookie is refused, memo or not.
	bad := *ck
	bad.Value = ck.Value[:len(ck.Value)-2] + "AA"
	if s, err := read(&bad); err == nil && !s.IsNew {
		t.Fatal("a tampered cookie was accepted")
	}

	// An old memo entry is not used: the cookie is checked again.
	for v, e := range m.memo {
		e.at = time.Now().Add(-2 * memoTTL)
		e.values = map[any]any{"uid": int64(1234)}
		m.memo[v] = e
	}
	if s, _ := read(ck); s.Values["uid"] != int64(7) {
		t.Fatalf("an expired memo entry was used: uid = %v", s.Values["uid"])
	}
}
