// Package handlers serves the console's pages over Echo: it parses requests,
// calls the store and renders views. All routes are listed in routes.go.
package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// Config holds the handler settings that come from the command line.
type Config struct {
	// SessionKeys are the gorilla/securecookie keys: a 32- or 64-byte hash key
	// and a 32-byte encryption key.
	SessionHashKey  []byte
	SessionBlockKey []byte
	// SecureCookies marks cookies Secure (when the console is served over HTTPS).
	SecureCookies bool
	// IdleTimeout ends a session nobody used for this long.
	IdleTimeout time.Duration
	// MaxSessionAge ends a session this long after login, used or not.
	MaxSessionAge time.Duration
	// RedirectSeconds is the countdown on "request submitted" pages.
	RedirectSeconds int
	// Testing enables POST /testing/reset for test runs. main refuses it
	// unless the console listens on a loopback address.
	Testing bool
}

// Handler holds what the console's handlers need.
type Handler struct {
	Store    *store.Store
	Log      *slog.Logger
	Sessions *memoCookieStore
	Config   Config

	fragments *fragmentCache // rendered list tables, see fragcache.go
}

// New builds the Echo server with every route and middleware.
func New(st *store.Store, log *slog.Logger, cfg Config) *echo.Echo {
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 30 * time.Minute
	}
	if cfg.MaxSessionAge == 0 {
		cfg.MaxSessionAge = 12 * time.Hour
	}
	if cfg.RedirectSeconds == 0 {
		cfg.RedirectSeconds = 5
	}
	cs := sessions.NewCookieStore(cfg.SessionHashKey, cfg.SessionBlockKey)
	cs.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(cfg.MaxSessionAge / time.Second),
		HttpOnly: true,
		Secure:   cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	}
	h := &Handler{Store: st, Log: log, Sessions: newMemoCookieStore(cs), Config: cfg, fragments: newFragmentCache(16 << 20)}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = h.errorHandler
	// The client address (login throttling, logs) is the connection's peer:
	// X-Forwarded-For and X-Real-IP are set by clients at will, and trusting
	// them would let anyone dodge or aim the address throttle.
	e.IPExtractor = echo.ExtractIPDirect()
	h.routes(e)
	return e
}

// render writes a templ component with the status. It renders into a buffer
// first, so a failing component still becomes a clean error page.
func render(c echo.Context, status int, comp templ.Component) error {
	buf := templ.GetBuffer()
	defer templ.ReleaseBuffer(buf)
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	// With its length known the page goes out in one piece, not in 4 KB
	// chunks of chunked encoding (a third of the syscalls of a list page).
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	return c.HTMLBlob(status, buf.Bytes())
}

// errorHandler is the one place errors become responses and get logged.
func (h *Handler) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if fam, ok := apiFamilyOf(c.Request().URL.Path); ok {
		h.apiErrorHandler(err, c, fam) // JSON in the API's own format
		return
	}
	ctx := c.Request().Context()
	code := http.StatusInternalServerError
	title, msg := "Something went wrong", views.T(ctx, "The console could not complete the request. Try again in a moment.")
	var he *echo.HTTPError
	var ve *store.ValidationError
	var re *store.RuleError
	switch {
	case errors.Is(err, store.ErrNotFound):
		code, title, msg = http.StatusNotFound, "Not found", views.T(ctx, "The resource does not exist, or it belongs to a project you cannot use.")
	case errors.As(err, &ve):
		code, title, msg = http.StatusBadRequest, "Invalid request", views.ProblemsText(ctx, ve.Problems)
	case errors.As(err, &re):
		code, title, msg = http.StatusConflict, "Request refused", views.ProblemText(ctx, re.Problem)
	case errors.As(err, &he):
		code = he.Code
		title = http.StatusText(code)
		msg = views.T(ctx, httpErrorMessage(he))
	}
	attrs := []any{"status", code, "method", c.Request().Method, "path", c.Request().URL.Path, "err", err}
	if code >= 500 {
		h.Log.Error("request failed", attrs...)
	} else {
		h.Log.Warn("request refused", attrs...)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(code)
		return
	}
	p := h.pageIfLoggedIn(c, title)
	if rerr := render(c, code, views.ErrorPage(p, code, title, msg)); rerr != nil {
		h.Log.Error("render error page", "err", rerr)
		c.String(code, msg)
	}
}

func httpErrorMessage(he *echo.HTTPError) string {
	switch he.Code {
	case http.StatusNotFound:
		return "The page does not exist."
	case http.StatusMethodNotAllowed:
		return "This address does not accept that kind of request."
	case http.StatusRequestEntityTooLarge:
		return "The request is too large."
	case http.StatusForbidden:
		if m, ok := he.Message.(string); ok {
			return m
		}
		return "You may not do that."
	}
	if m, ok := he.Message.(string); ok && he.Code < 500 {
		return m
	}
	return "The console could not complete the request."
}
