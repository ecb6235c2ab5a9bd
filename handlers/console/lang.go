package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"dcconsole/views"
)

// sessLang is the session value holding the chosen language ("en", "de").
const sessLang = "lang"

// LangMiddleware puts the session's language into the request context, where
// the views and the handlers' messages (views.T, views.M) find it. English is the
// default.
func (h *Handler) LangMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		lang := "en"
		if s := sessionOf(c); s != nil {
			if l, _ := s.Values[sessLang].(string); views.SupportedLang(l) {
				lang = l
			}
		}
		c.SetRequest(c.Request().WithContext(views.WithLang(c.Request().Context(), lang)))
		return next(c)
	}
}

// LanguageSet handles "POST /language": the session's pages are shown in the
// chosen language from now on; the user returns to the page they came from.
func (h *Handler) LanguageSet(c echo.Context) error {
	lang := c.FormValue("lang")
	if !views.SupportedLang(lang) {
		return echo.NewHTTPError(http.StatusBadRequest, "Unknown language.")
	}
	s := sessionOf(c)
	s.Values[sessLang] = lang
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	next := c.FormValue("next")
	if next != "/login" {
		next = safeNext(next)
	}
	return c.Redirect(http.StatusSeeOther, next)
}
