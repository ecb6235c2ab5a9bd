package handlers

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// Login throttling for the console's login form and the API's token
// request: the store counts failures per user name and per address; these
// helpers turn its verdict into answers. The messages never say whether the
// user exists: unknown names are counted and locked the same way.

// throttled returns the message for an attempt that must wait, or "" when
// it may go ahead. It sets Retry-After.
func (h *Handler) throttled(c echo.Context, keys []string) (string, error) {
	wait, err := h.Store.LoginWait(c.Request().Context(), keys)
	if err != nil || wait <= 0 {
		return "", err
	}
	secs := int((wait + time.Second - 1) / time.Second)
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	h.Log.Warn("login throttled", "keys", keys, "wait", wait.Round(time.Second).String())
	return throttleMessage(wait), nil
}

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

// loginFailed counts a failed attempt and logs it (the typed name cut to a
// sane length: it is whatever the client sent).
func (h *Handler) loginFailed(c echo.Context, keys []string, name string) error {
	if len(name) > 64 {
		name = name[:64] + "..."
	}
	h.Log.Warn("login failed", "user", name, "ip", c.RealIP())
	return h.Store.RecordLoginFailure(c.Request().Context(), keys)
}

// apiThrottled is throttled for the API: 429 in the API's error format.
func (h *Handler) apiThrottled(c echo.Context, keys []string) error {
	msg, err := h.throttled(c, keys)
	if err != nil || msg == "" {
		return err
	}
	return newAPIError(http.StatusTooManyRequests, codeThrottled, "%s", msg)
}

// codeThrottled is the API gateway's code for a refused, throttled request.
const codeThrottled = "APIGW.0308"
