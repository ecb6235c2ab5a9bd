package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// TestingReset handles "POST /testing/reset" (only with -testing): the
// console returns to the state of a fresh install, so each test starts from
// the same place. The admin keeps the password it was started with.
func (h *Handler) TestingReset(c echo.Context) error {
	if err := h.Store.Reset(c.Request().Context()); err != nil {
		return err
	}
	h.Log.Warn("console reset by POST /testing/reset")
	return c.NoContent(http.StatusNoContent)
}
