// Package console serves the browser console's pages: it parses forms,
// calls the store and renders views, with sessions, CSRF checks and the
// console's error pages. Its routes are listed in handlers/routes.go.
package console

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"dcconsole/handlers/web"
	"dcconsole/store"
	"dcconsole/views"
)

// Handler holds what the console's handlers need.
type Handler struct {
	*web.Deps
	Sessions *memoCookieStore
}

// New returns the console's handlers on the shared dependencies, with the
// session cookies made from d.Config's keys.
func New(d *web.Deps) *Handler {
	cfg := d.Config
	cs := sessions.NewCookieStore(cfg.SessionHashKey, cfg.SessionBlockKey)
	cs.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(cfg.MaxSessionAge / time.Second),
		HttpOnly: true,
		Secure:   cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	}
	return &Handler{Deps: d, Sessions: newMemoCookieStore(cs)}
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

// ErrorPage answers an error of a console request with an error page and
// logs it once (the server's error handler sends API errors elsewhere).
func (h *Handler) ErrorPage(err error, c echo.Context) {
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
