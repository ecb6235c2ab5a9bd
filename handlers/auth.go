package handlers

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"
	"time"

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
func (h *Handler) Login(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("username"))
	pass := c.FormValue("password")
	next := c.FormValue("next")
	u, err := h.Store.Authenticate(c.Request().Context(), name, pass)
	if errors.Is(err, store.ErrBadCredentials) {
		h.Log.Warn("login failed", "user", name, "ip", c.RealIP())
		return render(c, http.StatusUnauthorized, views.LoginPage(csrfToken(c), name, "Incorrect user name or password.", next))
	}
	if err != nil {
		return err
	}
	s := sessionOf(c)
	for k := range s.Values {
		delete(s.Values, k)
	}
	now := time.Now().Unix()
	s.Values[sessUser] = u.ID
	s.Values[sessLogin] = now
	s.Values[sessSeen] = now
	s.Values[sessCSRF] = rand.Text()
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	h.Log.Info("login", "user", u.Name, "ip", c.RealIP())
	return c.Redirect(http.StatusSeeOther, safeNext(next))
}

// Logout handles "POST /logout".
func (h *Handler) Logout(c echo.Context) error {
	h.clearSession(c, sessionOf(c))
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
