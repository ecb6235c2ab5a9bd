package console

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// RequireAdmin refuses non-administrators with 403.
func RequireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !userOf(c).IsAdmin {
			return echo.NewHTTPError(http.StatusForbidden, "Only an administrator may open the training administration.")
		}
		return next(c)
	}
}

func (h *Handler) renderUsers(c echo.Context, status int, f views.UserForm, created *views.CreatedUser) error {
	ctx := c.Request().Context()
	users, err := h.Store.Users(ctx)
	if err != nil {
		return err
	}
	projects, err := h.Store.AllProjects(ctx)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Users", "users")
	if err != nil {
		return err
	}
	return render(c, status, views.UsersPage(pg, users, projects, f, created))
}

// AdminUsers handles "GET /admin/users".
func (h *Handler) AdminUsers(c echo.Context) error {
	return h.renderUsers(c, http.StatusOK, views.UserForm{Region: "eu-de"}, nil)
}

// AdminUserCreate handles "POST /admin/users": a trainee with a project of
// their own. A generated password is shown on the answer, once. The name is
// taken as typed: the store refuses spaces around it.
func (h *Handler) AdminUserCreate(c echo.Context) error {
	f := views.UserForm{Name: c.FormValue("name"), Region: c.FormValue("region"), Errors: map[string]string{}}
	u, p, generated, err := h.Store.CreateTrainee(c.Request().Context(), f.Name, c.FormValue("password"), f.Region)
	if err != nil {
		if FieldErrors(f.Errors).merge(c.Request().Context(), err) {
			return h.renderUsers(c, http.StatusUnprocessableEntity, f, nil)
		}
		return err
	}
	h.Log.Info("user created", "user", u.Name, "project", p.Name, "by", userOf(c).Name)
	return h.renderUsers(c, http.StatusOK, views.UserForm{Region: f.Region}, &views.CreatedUser{Name: u.Name, Project: p.Name, Password: generated})
}

func userIDParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// AdminUserDisable handles "POST /admin/users/:id/disable" and
// AdminUserEnable "POST /admin/users/:id/enable".
func (h *Handler) AdminUserDisable(c echo.Context) error { return h.setDisabled(c, true) }
func (h *Handler) AdminUserEnable(c echo.Context) error  { return h.setDisabled(c, false) }

func (h *Handler) setDisabled(c echo.Context, disabled bool) error {
	id, err := userIDParam(c)
	if err != nil {
		return err
	}
	err = h.Store.SetUserDisabled(c.Request().Context(), id, disabled)
	var re *store.RuleError
	switch {
	case errors.As(err, &re):
		h.addFlash(c, "error", views.M(c.Request().Context(), re.Message))
	case err != nil:
		return err
	case disabled:
		h.addFlash(c, "success", "The user is disabled and can no longer log in.")
	default:
		h.addFlash(c, "success", "The user is enabled again.")
	}
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}

// AdminUserGrant handles "POST /admin/users/:id/grant".
func (h *Handler) AdminUserGrant(c echo.Context) error {
	id, err := userIDParam(c)
	if err != nil {
		return err
	}
	if err := h.Store.GrantProjectByID(c.Request().Context(), id, c.FormValue("project")); err != nil {
		return err
	}
	h.addFlash(c, "success", "The project was granted.")
	return c.Redirect(http.StatusSeeOther, "/admin/users")
}

// AdminProjects handles "GET /admin/projects".
func (h *Handler) AdminProjects(c echo.Context) error {
	ps, err := h.Store.AllProjects(c.Request().Context())
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Projects", "projects")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.AdminProjectsPage(pg, ps))
}

func (h *Handler) projectByID(c echo.Context) (store.Project, error) {
	ps, err := h.Store.AllProjects(c.Request().Context())
	if err != nil {
		return store.Project{}, err
	}
	for _, p := range ps {
		if p.ID == c.Param("id") {
			return p, nil
		}
	}
	return store.Project{}, store.ErrNotFound
}

// AdminProjectResetConfirm handles "GET /admin/projects/:id/reset".
func (h *Handler) AdminProjectResetConfirm(c echo.Context) error {
	p, err := h.projectByID(c)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Reset Project", "projects")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ResetProjectPage(pg, p))
}

// AdminProjectReset handles "POST /admin/projects/:id/reset".
func (h *Handler) AdminProjectReset(c echo.Context) error {
	p, err := h.Store.ResetProject(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	h.Log.Warn("project reset", "project", p.Name, "by", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "Project %s is back to its fresh state with VPC-001.", p.Name))
	return c.Redirect(http.StatusSeeOther, "/admin/projects")
}
