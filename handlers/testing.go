package handlers

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

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

// TestingBlob handles "GET /testing/blob/:size" (only with -testing): size
// bytes served like an embedded static file (http.ServeContent from
// memory, same middleware). The load test compares each page's throughput
// with the rate at which this same binary serves a file of the page's size;
// the product has no static file of every size, and adding one would put a
// test file into every build.
func (h *Handler) TestingBlob(c echo.Context) error {
	n, err := strconv.Atoi(c.Param("size"))
	if err != nil || n < 0 || n > 1<<20 {
		return echo.NewHTTPError(http.StatusNotFound, "The size must be 0 to 1048576 bytes.")
	}
	http.ServeContent(c.Response(), c.Request(), "blob.txt", time.Unix(0, 0), bytes.NewReader(blobText()[:n]))
	return nil
}

// blobText is the text TestingBlob serves prefixes of; made on first use
// and never changed.
var blobText = sync.OnceValue(func() []byte {
	return bytes.Repeat([]byte("dcconsole static comparison file\n"), 1<<20/33+1)[:1<<20]
})
