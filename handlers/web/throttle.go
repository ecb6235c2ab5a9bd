package web

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// Login throttling for the console's login form and the API's token
// request: the store counts failures per user name and per address; these
// helpers turn its verdict into answers. The messages never say whether the
// user exists: unknown names are counted and locked the same way.

// Throttled reserves the attempt (store.ReserveLoginAttempt: it counts as a
// failure until it succeeds, so a burst of concurrent attempts cannot get
// more password checks than the limits allow). It returns the message for an
// attempt that must wait, or "" when it may go ahead; it sets Retry-After.
func (h *Deps) Throttled(c echo.Context, keys []string) (string, error) {
	wait, err := h.Store.ReserveLoginAttempt(c.Request().Context(), keys)
	if err != nil || wait <= 0 {
		return "", err
	}
	secs := int((wait + time.Second - 1) / time.Second)
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	h.Log.Warn("login throttled", "keys", keys, "wait", wait.Round(time.Second).String())
	return throttleMessage(wait), nil
}

// AttemptDone settles a reserved attempt after Authenticate: a success
// clears the user name's failures and gives the address its attempt back; a
// wrong password stays counted (and is logged); an attempt whose password
// was not checked (busy, error) is given back. It reports whether the
// password checks were busy: the caller answers 503 with Retry-After.
func (h *Deps) AttemptDone(c echo.Context, keys []string, name string, authErr error) (busy bool, err error) {
	ctx := context.WithoutCancel(c.Request().Context())
	switch {
	case authErr == nil:
		return false, h.Store.LoginSucceeded(ctx, keys)
	case errors.Is(authErr, store.ErrBadCredentials):
		h.loginFailed(c, name)
		return false, nil
	}
	if err := h.Store.ReleaseLoginAttempt(ctx, keys); err != nil {
		return false, errors.Join(authErr, err)
	}
	if errors.Is(authErr, store.ErrBusy) {
		c.Response().Header().Set("Retry-After", "1")
		h.Log.Warn("login refused: password checks busy", "ip", c.RealIP())
		return true, nil
	}
	return false, authErr
}

// Admit takes a place among the logins the password checks take
// (store.AdmitLogin) before the attempt is counted. When none is free it
// sets Retry-After and returns ok false: the caller answers 503 at once.
func (h *Deps) Admit(c echo.Context) (release func(), ok bool) {
	release, ok = h.Store.AdmitLogin()
	if !ok {
		c.Response().Header().Set("Retry-After", "1")
		h.Log.Warn("login refused: password checks busy", "ip", c.RealIP())
	}
	return release, ok
}

// BusyMessage answers an attempt refused because the password checks are
// at their bound.
const BusyMessage = "Many logins are being checked right now. Try again in a moment."

// throttleMessage tells the user how long to wait, rounded up.
func throttleMessage(wait time.Duration) string {
	if wait > time.Minute {
		m := int((wait + time.Minute - 1) / time.Minute)
		return fmt.Sprintf("Too many failed attempts. Try again in %d minutes.", m)
	}
	s := max(int((wait+time.Second-1)/time.Second), 1)
	unit := "seconds"
	if s == 1 {
		unit = "second"
	}
	return fmt.Sprintf("Too many failed attempts. Try again in %d %s.", s, unit)
}

// loginFailed logs a failed attempt (the typed name cut to a sane length:
// it is whatever the client sent); it was counted when reserved.
func (h *Deps) loginFailed(c echo.Context, name string) {
	if len(name) > store.NameMaxLen {
		name = name[:store.NameMaxLen] + "..."
	}
	h.Log.Warn("login failed", "user", name, "ip", c.RealIP())
}
