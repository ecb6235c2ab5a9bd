// Package handlers wires the console's pages (handlers/console) and the
// OTC-compatible API (handlers/api) into one Echo server: every route of
// both is listed in routes.go, with the middleware they share (request log,
// security headers, recover, body limit), the static files, /healthz, the
// testing routes and the one error handler that sends each error to the
// part that answers it.
package handlers

import (
	"log/slog"
	"net"
	"time"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers/api"
	"dcconsole/handlers/console"
	"dcconsole/handlers/web"
	"dcconsole/store"
)

// Config holds the handler settings that come from the command line.
type Config = web.Config

// Handler holds the server's own handlers (health, testing routes) and the
// console's and the API's.
type Handler struct {
	*web.Deps
	Console *console.Handler
	API     *api.Handler
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
	d := &web.Deps{Store: st, Log: log, Config: cfg, Fragments: web.NewFragmentCache(16 << 20)}
	h := &Handler{Deps: d, Console: console.New(d), API: api.New(d)}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = h.errorHandler
	// The client address (login throttling, logs) is the connection's peer:
	// X-Forwarded-For and X-Real-IP are set by clients at will, and trusting
	// them would let anyone dodge or aim the address throttle. Behind the
	// load balancers named in TrustedProxies (and only for requests from
	// them), it is the nearest address in X-Forwarded-For that is not one
	// of them: what the balancer saw, not what the client wrote.
	e.IPExtractor = echo.ExtractIPDirect()
	if len(cfg.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, p := range cfg.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	}
	h.routes(e)
	return e
}

// errorHandler is the one place errors become responses and get logged: an
// API request's error in its API's JSON format, any other as a console page.
func (h *Handler) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if fam, ok := api.FamilyOf(c.Request().URL.Path); ok {
		h.API.ErrorHandler(err, c, fam) // JSON in the API's own format
		return
	}
	h.Console.ErrorPage(err, c)
}

// CredentialsCSV is console.CredentialsCSV, for main's class creation on
// the command line (the same CSV the class page downloads).
func CredentialsCSV(creds []store.Credential) []byte {
	return console.CredentialsCSV(creds)
}

// FlagProblems is console.FlagProblems, for main's class creation on the
// command line.
func FlagProblems(ps []store.Problem) string { return console.FlagProblems(ps) }
