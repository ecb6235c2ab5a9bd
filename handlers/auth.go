package handlers

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

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
// Failed attempts are throttled per user name and per address (throttle.go):
// a throttled attempt is refused with 429 before the password is looked at.
func (h *Handler) Login(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("username"))
	pass := c.FormValue("password")
	next := c.FormValue("next")
	ctx := c.Request().Context()
	keys := store.ThrottleKeys(name, c.RealIP())
	if msg, err := h.throttled(c, keys); err != nil || msg != "" {
		if err != nil {
			return err
		}
		return render(c, http.StatusTooManyRequests, views.LoginPage(csrfToken(c), name, msg, next))
	}
	u, err := h.Store.Authenticate(ctx, name, pass)
	if errors.Is(err, store.ErrBadCredentials) {
		if err := h.loginFailed(c, keys, name); err != nil {
			return err
		}
		return render(c, http.StatusUnauthorized, views.LoginPage(csrfToken(c), name, "Incorrect user name or password.", next))
	}
	if err != nil {
		return err
	}
	if err := h.Store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return err
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

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\\") || strings.HasPrefix(next, "/login") {
		return "/console"
	}
	return next
}
