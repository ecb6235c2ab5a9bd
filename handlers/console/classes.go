package console

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// Session keys of the read-only view of a trainee's project (ClassTraineeView).
const (
	sessReadOnly      = "ro_pid"   // the trainee's project, viewed read-only
	sessReadOnlyUser  = "ro_user"  // the trainee's name
	sessReadOnlyClass = "ro_class" // the class, for the way back to its board
	sessReadOnlyPrev  = "ro_prev"  // the project the trainer worked in before
	keyReadOnly       = "readonly"
)

func classIDParam(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return 0, store.ErrNotFound
	}
	return id, nil
}

func classPath(id int64) string { return "/admin/classes/" + strconv.FormatInt(id, 10) }

// ClassList handles "GET /admin/classes".
func (h *Handler) ClassList(c echo.Context) error {
	cls, err := h.Store.Classes(c.Request().Context())
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Classes", "classes")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ClassesPage(pg, cls))
}

// ClassNew handles "GET /admin/classes/create".
func (h *Handler) ClassNew(c echo.Context) error {
	return h.renderClassForm(c, http.StatusOK, views.ClassForm{Region: "eu-de", Count: "10"})
}

func (h *Handler) renderClassForm(c echo.Context, status int, f views.ClassForm) error {
	pg, err := h.page(c, "Create Class", "classes")
	if err != nil {
		return err
	}
	return render(c, status, views.ClassCreatePage(pg, f))
}

// ClassCreate handles "POST /admin/classes": the class's trainees with
// their projects, all or nothing. The answer is the only place their
// passwords are ever shown: cards to print and a CSV file, both inside the
// page (the CSV as a data: link), so no password is kept or sent again.
func (h *Handler) ClassCreate(c echo.Context) error {
	f := views.ClassForm{Name: c.FormValue("name"), Region: c.FormValue("region"), Count: strings.TrimSpace(c.FormValue("count")),
		Prefix: c.FormValue("prefix"), Errors: map[string]string{}}
	// A count that is not a number is 0 to the store, which refuses it
	// with the rule (1 to 200) beside the other fields' problems.
	count, _ := strconv.Atoi(f.Count)
	cl, creds, err := h.Store.CreateClass(c.Request().Context(), store.ClassInput{Name: f.Name, Region: f.Region, Count: count, Prefix: f.Prefix})
	if err != nil {
		if FieldErrors(f.Errors).merge(c.Request().Context(), err) {
			return h.renderClassForm(c, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	// Never the passwords: name, region and size only.
	h.Log.Info("class created", "class", cl.Name, "region", cl.Region, "trainees", len(creds), "by", userOf(c).Name)
	pg, err := h.page(c, "Class Credentials", "classes")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	login := c.Scheme() + "://" + c.Request().Host + "/login"
	return render(c, http.StatusOK, views.ClassCredentialsPage(pg, cl, creds, login, credentialsCSVURL(creds)))
}

// FlagProblems words a class's problems for the command line (class
// create), in English, each after the flag it concerns: the flags are named
// like the attributes ("-count: The number of trainees must be 1 to 200.").
func FlagProblems(ps []store.Problem) string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = "-" + string(p.Attr) + ": " + views.M(context.Background(), p.Message)
	}
	return strings.Join(msgs, "; ")
}

// CredentialsCSV is the credentials file: user,password,project,region.
func CredentialsCSV(creds []store.Credential) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"user", "password", "project", "region"})
	for _, cr := range creds {
		w.Write([]string{cr.User, cr.Password, cr.Project, cr.Region})
	}
	w.Flush()
	return b.Bytes()
}

func credentialsCSVURL(creds []store.Credential) string {
	return "data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(CredentialsCSV(creds))
}

// ClassBoard handles "GET /admin/classes/:id": the trainer's board, sorted
// by ?sort=name|progress|activity and ?dir=asc|desc.
func (h *Handler) ClassBoard(c echo.Context) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	b, err := h.Store.Board(c.Request().Context(), id)
	if err != nil {
		return err
	}
	v := views.ClassBoardView{Board: b, Sort: c.QueryParam("sort"), Desc: c.QueryParam("dir") == "desc"}
	switch v.Sort {
	case store.BoardByProgress, store.BoardByActivity:
	default:
		v.Sort = store.BoardByName
	}
	b.Sort(v.Sort, v.Desc)
	pg, err := h.page(c, "Class Board", "classes")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ClassBoardPage(pg, v))
}

// ClassResetConfirm handles "GET /admin/classes/:id/reset".
func (h *Handler) ClassResetConfirm(c echo.Context) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	cl, err := h.Store.ClassByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Reset Class", "classes")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ClassResetPage(pg, cl))
}

// ClassReset handles "POST /admin/classes/:id/reset".
func (h *Handler) ClassReset(c echo.Context) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	n, err := h.Store.ResetClass(c.Request().Context(), id)
	if err != nil {
		return err
	}
	h.Log.Warn("class reset", "class", id, "projects", n, "by", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "%d trainee projects are back to their fresh state with VPC-001.", n))
	return c.Redirect(http.StatusSeeOther, classPath(id))
}

// ClassDisable handles "POST /admin/classes/:id/disable" and ClassEnable
// "POST /admin/classes/:id/enable".
func (h *Handler) ClassDisable(c echo.Context) error { return h.setClassDisabled(c, true) }
func (h *Handler) ClassEnable(c echo.Context) error  { return h.setClassDisabled(c, false) }

func (h *Handler) setClassDisabled(c echo.Context, disabled bool) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	if err := h.Store.SetClassDisabled(c.Request().Context(), id, disabled); err != nil {
		return err
	}
	h.Log.Info("class access changed", "class", id, "disabled", disabled, "by", userOf(c).Name)
	if disabled {
		h.addFlash(c, "success", "Every trainee of the class is disabled and can no longer log in.")
	} else {
		h.addFlash(c, "success", "Every trainee of the class is enabled again.")
	}
	return c.Redirect(http.StatusSeeOther, classPath(id))
}

// ClassDeleteConfirm handles "GET /admin/classes/:id/delete": it names how
// much will be deleted.
func (h *Handler) ClassDeleteConfirm(c echo.Context) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	cl, n, err := h.Store.ClassContents(c.Request().Context(), id)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Delete Class", "classes")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ClassDeletePage(pg, cl, n))
}

// ClassDelete handles "POST /admin/classes/:id/delete".
func (h *Handler) ClassDelete(c echo.Context) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	cl, n, err := h.Store.DeleteClass(c.Request().Context(), id)
	if err != nil {
		return err
	}
	h.Log.Warn("class deleted", "class", cl.Name, "trainees", n.Trainees, "by", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "Class %s was deleted with its %d trainees and their projects.", cl.Name, n.Trainees))
	return c.Redirect(http.StatusSeeOther, "/admin/classes")
}

// ClassTraineeView handles "GET /admin/classes/:id/trainees/:uid": the
// trainer opens the trainee's project read-only. The session remembers the
// view; ReadOnlyGuard refuses every change to that project while it lasts.
// (A GET, so the trainee's name is a plain link: entering the view can only
// take rights away, so a forged link does no harm.)
func (h *Handler) ClassTraineeView(c echo.Context) error {
	id, err := classIDParam(c)
	if err != nil {
		return err
	}
	uid, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil {
		return store.ErrNotFound
	}
	t, err := h.Store.ClassTrainee(c.Request().Context(), id, uid)
	if err != nil {
		return err
	}
	s := sessionOf(c)
	if prev, _ := s.Values[sessReadOnly].(string); prev == "" {
		s.Values[sessReadOnlyPrev] = projectOf(c).ID
	}
	s.Values[sessProject] = t.Project.ID
	s.Values[sessReadOnly] = t.Project.ID
	s.Values[sessReadOnlyUser] = t.Name
	s.Values[sessReadOnlyClass] = id
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/dcaas/guide")
}

// ClassViewLeave handles "POST /admin/classes/view/leave": back to the
// project the trainer worked in before, with every right.
func (h *Handler) ClassViewLeave(c echo.Context) error {
	s := sessionOf(c)
	back := "/admin/classes"
	if id, ok := s.Values[sessReadOnlyClass].(int64); ok {
		back = classPath(id)
	}
	if prev, _ := s.Values[sessReadOnlyPrev].(string); prev != "" {
		s.Values[sessProject] = prev
	}
	clearReadOnly(s.Values)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, back)
}

func clearReadOnly(v map[any]any) {
	for _, k := range []string{sessReadOnly, sessReadOnlyUser, sessReadOnlyClass, sessReadOnlyPrev} {
		delete(v, k)
	}
}

// ReadOnlyGuard enforces the read-only view of a trainee's project: while
// the session's project is the one the trainer opened from a class board,
// every state-changing request is refused with 403, except switching to
// another project (which ends the view) and the administration's own forms
// (the board's actions, leaving the view). Pages learn of the view through
// readOnlyView (their banner). Switching away forgets the view.
func (h *Handler) ReadOnlyGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s := sessionOf(c)
		pid, _ := s.Values[sessReadOnly].(string)
		if pid == "" {
			return next(c)
		}
		if pid != projectOf(c).ID || !userOf(c).IsAdmin {
			clearReadOnly(s.Values)
			if err := s.Save(c.Request(), c.Response()); err != nil {
				return err
			}
			return next(c)
		}
		name, _ := s.Values[sessReadOnlyUser].(string)
		classID, _ := s.Values[sessReadOnlyClass].(int64)
		c.Set(keyReadOnly, &views.ReadOnlyView{Trainee: name, Project: projectOf(c).Name, Board: classPath(classID)})
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if p := c.Request().URL.Path; p == "/console/project" || strings.HasPrefix(p, "/admin/") {
			return next(c)
		}
		return echo.NewHTTPError(http.StatusForbidden, views.T(c.Request().Context(), "This is a read-only view of the project of trainee %s: changes are refused. Leave the read-only view to work in your own projects.", name))
	}
}

// readOnlyView is the read-only view the request is in, or nil.
func readOnlyView(c echo.Context) *views.ReadOnlyView {
	v, _ := c.Get(keyReadOnly).(*views.ReadOnlyView)
	return v
}
