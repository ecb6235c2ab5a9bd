package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// Home handles "GET /console": the service list.
func (h *Handler) Home(c echo.Context) error {
	p, err := h.page(c, "Service List", "")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.HomePage(p))
}

// Projects handles "GET /console/projects": the region and project choice
// as a page, for browsers without JavaScript.
func (h *Handler) Projects(c echo.Context) error {
	p, err := h.page(c, "Select a Region and a Project", "")
	if err != nil {
		return err
	}
	p.Path = safeNext(c.Request().Referer())
	return render(c, http.StatusOK, views.ProjectsPage(p))
}

// SwitchProject handles "POST /console/project": the session works in the
// chosen project from now on.
func (h *Handler) SwitchProject(c echo.Context) error {
	u := userOf(c)
	p, err := h.Store.ProjectForUser(c.Request().Context(), u.ID, c.FormValue("project"))
	if errors.Is(err, store.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound, "You cannot use that project.")
	}
	if err != nil {
		return err
	}
	s := sessionOf(c)
	s.Values[sessProject] = p.ID
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, sectionOf(c.FormValue("next")))
}

// sectionOf maps a page path to the list page of its section, so switching
// projects on a resource's details page does not land on another project's
// resource.
func sectionOf(path string) string {
	for _, s := range []string{"/dcaas/connections", "/dcaas/virtual-gateways", "/dcaas/virtual-interfaces", "/vpc/vpcs"} {
		if path == s || strings.HasPrefix(path, s+"/") {
			return s
		}
	}
	return "/console"
}
