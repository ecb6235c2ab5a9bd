package console

import (
	"errors"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
)

// checkForm reads the body of a state-changing console request strictly,
// before the CSRF check and the handlers look at it: it must be a URL-encoded
// form (what the console's forms send) or empty, readable, within the body
// limit, and name each field once. Go's form parsing would otherwise take the
// first of two values and quietly drop an unreadable or too large body, so
// the handler would act on something other than what was sent.
func checkForm(c echo.Context) error {
	r := c.Request()
	if r.ContentLength == 0 && r.Header.Get("Content-Type") == "" {
		return nil
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "The console accepts forms only (application/x-www-form-urlencoded).")
	}
	if err := r.ParseForm(); err != nil {
		var he *echo.HTTPError
		var mbe *http.MaxBytesError
		if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge || errors.As(err, &mbe) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again.")
	}
	for k, vs := range r.PostForm {
		if len(vs) > 1 {
			return echo.NewHTTPError(http.StatusBadRequest, "The form sent the field "+quoteField(k)+" more than once.")
		}
	}
	return nil
}

// quoteField shows a field name from a request in a message, cut short.
func quoteField(k string) string {
	if len(k) > 40 {
		k = k[:40] + "..."
	}
	return "\"" + k + "\""
}
