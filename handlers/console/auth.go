package console

import (
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers/web"
	"dcconsole/store"
	"dcconsole/views"
)

// LoginForm handles "GET /login".
func (h *Handler) LoginForm(c echo.Context) error {
	if uid, _ := sessionOf(c).Values[sessUser].(int64); uid != 0 {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
	}
	msg := ""
	if fs := sessionOf(c).Flashes(); len(fs) > 0 {
		if s, ok := fs[0].(string); ok {
			_, msg, _ = strings.Cut(s, "\x00")
		}
		sessionOf(c).Save(c.Request(), c.Response())
	}
	return render(c, http.StatusOK, views.LoginPage(csrfToken(c), "", msg, c.QueryParam("next")))
}

// Login handles "POST /login". A wrong user name and a wrong password give
// the same message. Success replaces the whole session (new CSRF token), so a
// session planted before login is worth nothing after it.
//
// Attempts are throttled per user name and per address (web/throttle.go): each
// is counted before its password is checked, a throttled one is refused
// with 429 without a check, and one that finds the password checks at their
// bound is refused with 503 and Retry-After.
func (h *Handler) Login(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("username"))
	pass := c.FormValue("password")
	next := c.FormValue("next")
	ctx := c.Request().Context()
	keys := store.ThrottleKeys(name, c.RealIP())
	release, ok := h.Admit(c)
	if !ok {
		return render(c, http.StatusServiceUnavailable, views.LoginPage(csrfToken(c), name, web.BusyMessage, next))
	}
	defer release()
	if msg, err := h.Throttled(c, keys); err != nil || msg != "" {
		if err != nil {
			return err
		}
		return render(c, http.StatusTooManyRequests, views.LoginPage(csrfToken(c), name, msg, next))
	}
	u, authErr := h.Store.Authenticate(ctx, name, pass)
	busy, err := h.AttemptDone(c, keys, name, authErr)
	switch {
	case busy:
		return render(c, http.StatusServiceUnavailable, views.LoginPage(csrfToken(c), name, web.BusyMessage, next))
	case err != nil:
		return err
	case errors.Is(authErr, store.ErrBadCredentials):
		return render(c, http.StatusUnauthorized, views.LoginPage(csrfToken(c), name, "Incorrect user name or password.", next))
	}
	s := sessionOf(c)
	if old, _ := s.Values[sessID].(string); old != "" {
		if err := h.Store.EndSession(ctx, old); err != nil {
			return err
		}
	}
	sid, err := h.Store.CreateSession(ctx, u.ID)
	if err != nil {
		return err
	}
	for k := range s.Values {
		if k != sessLang { // the language chosen before logging in stays
			delete(s.Values, k)
		}
	}
	s.Values[sessUser] = u.ID
	s.Values[sessID] = sid
	s.Values[sessCSRF] = rand.Text()
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	h.Log.Info("login", "user", u.Name, "ip", c.RealIP())
	return c.Redirect(http.StatusSeeOther, safeNext(next))
}

// Logout handles "POST /logout".
func (h *Handler) Logout(c echo.Context) error {
	s := sessionOf(c)
	lang := s.Values[sessLang]
	h.clearSession(c, s)
	if lang != nil { // the language stays for the login page
		s.Values[sessLang] = lang
		s.Save(c.Request(), c.Response())
	}
	return c.Redirect(http.StatusSeeOther, "/login")
}

// safeNext keeps a post-login redirect on this site: next must be a plain
// path of this console ("/dcaas/connections?x=1"), else the home page. It
// refuses anything a browser could read as another site or scheme: a
// scheme or host, "//" or "/\\", a backslash or a control character anywhere
// (browsers drop tab and line breaks from URLs, so "/\t/evil.example" is
// "//evil.example"), and the same hidden behind percent-encoding, which
// a later decoding could turn into one of those.
func safeNext(next string) string {
	const home = "/console"
	if len(next) > 2048 || !plainPath(next) {
		return home
	}
	// Percent-encoding must not hide a control character, a backslash or a
	// leading "//" (also encoded twice or more); other encoded characters
	// (a space or a letter outside ASCII in a query) are fine.
	for dec := next; strings.Contains(dec, "%"); {
		d, err := url.PathUnescape(dec)
		if err != nil || d == dec {
			return home
		}
		if strings.HasPrefix(d, "//") || strings.ContainsFunc(d, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) {
			return home
		}
		dec = d
	}
	if strings.HasPrefix(next, "/login") {
		return home
	}
	return next
}

// plainPath reports whether p starts with one slash and holds only the
// printable ASCII characters a path and query may carry, with no backslash.
func plainPath(p string) bool {
	if len(p) == 0 || p[0] != '/' || strings.HasPrefix(p, "//") {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || c == '\\' || c == '"' || c == '<' || c == '>' || c == '`' || c == '{' || c == '}' || c == '|' || c == '^' {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}
