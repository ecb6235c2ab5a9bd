package console

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

const (
	sessionName = "dcconsole_session"
	keySession  = "session"
	keyUser     = "user"
	keyProject  = "project"
	keyProjects = "projects" // all the user may use, read with the project

	sessUser    = "uid"
	sessProject = "pid"
	sessCSRF    = "csrf"
	sessID      = "sid" // the server-side session (store.CreateSession)
)

// SessionMiddleware loads the request's session (a new one when the cookie is missing
// or cannot be decoded) and makes sure it carries a CSRF token.
func (h *Handler) SessionMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s, err := h.Sessions.Get(c.Request(), sessionName)
		if err != nil {
			// A cookie from an old key or tampered with: start afresh.
			s, _ = h.Sessions.New(c.Request(), sessionName)
		}
		if tok, _ := s.Values[sessCSRF].(string); tok == "" {
			s.Values[sessCSRF] = rand.Text()
			if err := s.Save(c.Request(), c.Response()); err != nil {
				return err
			}
		}
		c.Set(keySession, s)
		return next(c)
	}
}

func sessionOf(c echo.Context) *sessions.Session {
	s, _ := c.Get(keySession).(*sessions.Session)
	return s
}

func csrfToken(c echo.Context) string {
	if s := sessionOf(c); s != nil {
		t, _ := s.Values[sessCSRF].(string)
		return t
	}
	return ""
}

// CSRFMiddleware refuses a state-changing request whose form field _csrf in
// the body (or header X-CSRF-Token; never the query string) does not match the token of the session. The token is
// bound to the session and replaced at login and logout, which a
// double-submit cookie alone would not give.
func (h *Handler) CSRFMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if err := checkForm(c); err != nil {
			return err
		}
		want := csrfToken(c)
		got := c.Request().Header.Get("X-CSRF-Token")
		if got == "" {
			// The body only: a token in the query string would land in
			// logs, the history and Referer headers.
			got = c.Request().PostFormValue("_csrf")
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
			return echo.NewHTTPError(http.StatusForbidden,
				"The form has expired or did not come from this console. Reload the page and try again.")
		}
		return next(c)
	}
}

// RequireLogin lets a request through only with a live session of an
// enabled user and a project the user may use; it sends everyone else to the
// login page. The cookie alone is not enough: its session ID must name a
// server-side session of the same user that has not ended (logout, disabled
// user) or expired (idle or absolute timeout), so a copied cookie dies with
// its session.
func (h *Handler) RequireLogin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s := sessionOf(c)
		uid, _ := s.Values[sessUser].(int64)
		if uid == 0 {
			return h.toLogin(c)
		}
		sid, _ := s.Values[sessID].(string)
		u, err := h.Store.SessionUser(c.Request().Context(), sid, h.Config.IdleTimeout, h.Config.MaxSessionAge)
		if errors.Is(err, store.ErrNotFound) || (err == nil && u.ID != uid) {
			h.clearSession(c, s)
			h.addFlash(c, "info", "Your session has expired. Log in again.")
			return h.toLogin(c)
		}
		if err != nil {
			return err
		}
		if u.Disabled {
			h.clearSession(c, s)
			return h.toLogin(c)
		}
		p, ps, err := h.currentProject(c, s, u)
		if err != nil {
			return err
		}
		c.Set(keyUser, u)
		c.Set(keyProject, p)
		c.Set(keyProjects, ps)
		// Store writes made for this request are logged as done by the user.
		c.SetRequest(c.Request().WithContext(store.WithActor(c.Request().Context(), u.Name)))
		return next(c)
	}
}

// currentProject returns the session's project, falling back to the user's
// first project when the session has none or lost access to it, with all
// the projects the user may use (the region picker of page shows them).
func (h *Handler) currentProject(c echo.Context, s *sessions.Session, u store.User) (store.Project, []store.Project, error) {
	ps, err := h.Store.ProjectsForUser(c.Request().Context(), u.ID)
	if err != nil {
		return store.Project{}, nil, err
	}
	if len(ps) == 0 {
		return store.Project{}, nil, echo.NewHTTPError(http.StatusForbidden, "Your user has no project. Ask an administrator to grant you one.")
	}
	if pid, _ := s.Values[sessProject].(string); pid != "" {
		for _, p := range ps {
			if p.ID == pid {
				return p, ps, nil
			}
		}
	}
	s.Values[sessProject] = ps[0].ID
	return ps[0], ps, s.Save(c.Request(), c.Response())
}

func (h *Handler) toLogin(c echo.Context) error {
	if c.Request().Method != http.MethodGet {
		return c.Redirect(http.StatusSeeOther, "/login")
	}
	return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
}

// clearSession ends the server-side session, forgets the user and issues a
// new CSRF token.
func (h *Handler) clearSession(c echo.Context, s *sessions.Session) {
	if sid, _ := s.Values[sessID].(string); sid != "" {
		if err := h.Store.EndSession(context.WithoutCancel(c.Request().Context()), sid); err != nil {
			h.Log.Error("end session", "err", err)
		}
	}
	for k := range s.Values {
		delete(s.Values, k)
	}
	s.Values[sessCSRF] = rand.Text()
	s.Save(c.Request(), c.Response())
}

func userOf(c echo.Context) store.User {
	u, _ := c.Get(keyUser).(store.User)
	return u
}

func projectOf(c echo.Context) store.Project {
	p, _ := c.Get(keyProject).(store.Project)
	return p
}

// addFlash stores a one-time message for the next page.
func (h *Handler) addFlash(c echo.Context, kind, text string) {
	s := sessionOf(c)
	if s == nil {
		return
	}
	s.AddFlash(kind + "\x00" + text)
	s.Save(c.Request(), c.Response())
}

// page fills the chrome every console page shares.
func (h *Handler) page(c echo.Context, title, nav string) (views.Page, error) {
	u, p := userOf(c), projectOf(c)
	ps, ok := c.Get(keyProjects).([]store.Project)
	if !ok {
		var err error
		if ps, err = h.Store.ProjectsForUser(c.Request().Context(), u.ID); err != nil {
			return views.Page{}, err
		}
	}
	pg := views.Page{
		Title:    title,
		Nav:      nav,
		User:     u.Name,
		IsAdmin:  u.IsAdmin,
		CSRF:     csrfToken(c),
		Project:  p,
		Projects: ps,
		Path:     c.Request().URL.Path,
		ReadOnly: readOnlyView(c),
	}
	if s := sessionOf(c); s != nil {
		if fs := s.Flashes(); len(fs) > 0 {
			for _, f := range fs {
				str, _ := f.(string)
				kind, text, _ := strings.Cut(str, "\x00")
				pg.Flashes = append(pg.Flashes, views.Flash{Kind: kind, Text: text})
			}
			if err := s.Save(c.Request(), c.Response()); err != nil {
				return views.Page{}, err
			}
		}
	}
	return pg, nil
}

// pageIfLoggedIn gives error pages the chrome when a user is known.
func (h *Handler) pageIfLoggedIn(c echo.Context, title string) views.Page {
	if userOf(c).ID == 0 {
		return views.Page{Title: title}
	}
	p, err := h.page(c, title, "")
	if err != nil {
		return views.Page{Title: title}
	}
	return p
}
