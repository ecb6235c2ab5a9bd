package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Healthz handles "GET /healthz": 200 while the database answers.
func (h *Handler) Healthz(c echo.Context) error {
	if err := h.Store.Ping(c.Request().Context()); err != nil {
		h.Log.Error("health check", "err", err)
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	return c.String(http.StatusOK, "ok\n")
}
