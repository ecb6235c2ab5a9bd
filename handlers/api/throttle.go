package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// apiThrottled is throttled for the API: 429 in the API's error format.
func (h *Handler) apiThrottled(c echo.Context, keys []string) error {
	msg, err := h.Throttled(c, keys)
	if err != nil || msg == "" {
		return err
	}
	return newAPIError(http.StatusTooManyRequests, codeThrottled, "%s", msg)
}

// codeThrottled is the API gateway's code for a refused, throttled request.
const codeThrottled = "APIGW.0308"
