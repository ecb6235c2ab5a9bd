package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/handlers/web"
	"dcconsole/store"
	"dcconsole/views"
)

// connectionForm reads the connection fields of a submitted form. The
// bandwidth is snapped to the next allowed step here, so the console snaps
// without JavaScript too.
func connectionForm(c echo.Context, region store.Region) (views.ConnectionForm, store.ConnectionInput, FieldErrors) {
	f := views.ConnectionForm{
		Region:       region.ID,
		Locations:    region.Locations,
		Name:         strings.TrimSpace(c.FormValue("name")),
		Location:     c.FormValue("location"),
		PeerLocation: strings.TrimSpace(c.FormValue("peer_location")),
		Bandwidth:    strings.TrimSpace(c.FormValue("bandwidth")),
		Description:  c.FormValue("description"),
		Token:        c.FormValue("token"),
	}
	in := store.ConnectionInput{Name: f.Name, Location: f.Location, PeerLocation: f.PeerLocation, Description: f.Description}
	fe := FieldErrors{}
	if bw, err := store.ParseBandwidth(f.Bandwidth); err != nil {
		fe["bandwidth"] = views.M(c.Request().Context(), store.MessageOrInvalid(err))
	} else {
		in.Bandwidth = bw
		f.Bandwidth = strconv.Itoa(bw)
	}
	if err := in.Validate(region); err != nil {
		fe.merge(c.Request().Context(), err)
	}
	if len(f.Token) != 26 { // rand.Text length; anything else was not issued here
		f.Token = rand.Text()
	}
	f.Errors = fe
	return f, in, fe
}

func projectRegion(p store.Project) store.Region {
	r, _ := store.RegionByID(p.Region)
	return r
}

// ConnectionList handles "GET /dcaas/connections".
func (h *Handler) ConnectionList(c echo.Context) error {
	p := projectOf(c)
	lp := parseListParams(c.QueryParam("page"), c.QueryParam("size"), c.QueryParam("name"))
	ctx := c.Request().Context()
	// The state first, then the rows: see store.ConnectionListState.
	st, err := h.Store.ConnectionListState(ctx, p.ID)
	if err != nil {
		return err
	}
	key := web.FragmentKey{Kind: "connections", Project: p.ID, Lang: views.Lang(ctx), Query: lp.Name, Page: lp.Page, Size: lp.Size}
	table, total, err := h.Fragments.GetOrRender(ctx, key, st.Version, func(ctx context.Context) ([]byte, int, error) {
		items, n, err := h.Store.Connections(ctx, p.ID, lp.filter())
		if err != nil {
			return nil, 0, err
		}
		buf := new(bytes.Buffer)
		err = views.ConnectionTable(views.ConnectionList{Items: items, Pager: views.Pager{Query: lp.Name}}).Render(ctx, buf)
		return buf.Bytes(), n, err
	})
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Connections", "connections")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConnectionsPage(pg, views.ConnectionList{
		Used: st.Used, Quota: st.Quota, Table: web.RawHTML(table),
		Pager: views.Pager{Path: "/dcaas/connections", Query: lp.Name, Page: lp.Page, Size: lp.Size, Total: total},
	}))
}

// ConnectionNew handles "GET /dcaas/connections/create": an empty form with
// a suggested name.
func (h *Handler) ConnectionNew(c echo.Context) error {
	region := projectRegion(projectOf(c))
	f := views.ConnectionForm{
		Region:    region.ID,
		Locations: region.Locations,
		Name:      "dc-" + strings.ToLower(rand.Text()[:4]),
		Location:  region.Locations[0],
		Bandwidth: strconv.Itoa(store.BandwidthSteps[0]),
		Token:     rand.Text(),
	}
	return h.renderConnectionForm(c, http.StatusOK, f)
}

// ConnectionEdit handles "POST /dcaas/connections/create": Previous on the
// confirmation page comes back to the form with every value kept.
func (h *Handler) ConnectionEdit(c echo.Context) error {
	f, _, _ := connectionForm(c, projectRegion(projectOf(c)))
	f.Errors = nil
	return h.renderConnectionForm(c, http.StatusOK, f)
}

func (h *Handler) renderConnectionForm(c echo.Context, status int, f views.ConnectionForm) error {
	pg, err := h.page(c, "Create Connection", "connections")
	if err != nil {
		return err
	}
	return render(c, status, views.ConnectionCreatePage(pg, f))
}

// ConnectionConfirm handles "POST /dcaas/connections/confirm" (Create Now):
// invalid input comes back on the form (422); valid input is shown for
// confirmation.
func (h *Handler) ConnectionConfirm(c echo.Context) error {
	f, _, fe := connectionForm(c, projectRegion(projectOf(c)))
	if len(fe) > 0 {
		return h.renderConnectionForm(c, http.StatusUnprocessableEntity, f)
	}
	pg, err := h.page(c, "Confirm Connection Details", "connections")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConnectionConfirmPage(pg, f))
}

// ConnectionCreate handles "POST /dcaas/connections" (Submit). The form's
// one-time token makes it idempotent: a double click, a reload or Back and
// resubmit lead to the same connection.
func (h *Handler) ConnectionCreate(c echo.Context) error {
	p := projectOf(c)
	f, in, fe := connectionForm(c, projectRegion(p))
	if len(fe) > 0 {
		return h.renderConnectionForm(c, http.StatusUnprocessableEntity, f)
	}
	conn, created, err := h.Store.CreateConnection(c.Request().Context(), p, in, f.Token)
	if err != nil {
		var re *store.RuleError
		if errors.As(err, &re) {
			pg, perr := h.page(c, "Create Connection", "connections")
			if perr != nil {
				return perr
			}
			pg.Flashes = append(pg.Flashes, views.Flash{Kind: "error", Text: views.M(c.Request().Context(), re.Message)})
			return render(c, http.StatusUnprocessableEntity, views.ConnectionCreatePage(pg, f))
		}
		if fe.merge(c.Request().Context(), err) {
			return h.renderConnectionForm(c, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	if created {
		h.Log.Info("connection created", "id", conn.ID, "project", p.ID, "user", userOf(c).Name)
	}
	return c.Redirect(http.StatusSeeOther, "/dcaas/connections/"+conn.ID+"/created")
}

// ConnectionCreated handles "GET /dcaas/connections/:id/created": the
// success page with Back to Connection List and the countdown.
func (h *Handler) ConnectionCreated(c echo.Context) error {
	conn, err := h.Store.Connection(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Request Submitted", "connections")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConnectionCreatedPage(pg, conn, h.Config.RedirectSeconds))
}

// ConnectionShow handles "GET /dcaas/connections/:id".
func (h *Handler) ConnectionShow(c echo.Context) error {
	conn, err := h.Store.Connection(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	pg, err := h.page(c, conn.Name, "connections")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConnectionDetailsPage(pg, conn))
}

func modifyForm(conn store.Connection) views.ConnectionForm {
	return views.ConnectionForm{
		ID: conn.ID, Name: conn.Name, PeerLocation: conn.PeerLocation,
		Bandwidth: strconv.Itoa(conn.Bandwidth), Description: conn.Description, UsedBandwidth: conn.UsedBandwidth,
	}
}

// ConnectionModifyForm handles "GET /dcaas/connections/:id/modify".
func (h *Handler) ConnectionModifyForm(c echo.Context) error {
	conn, err := h.Store.Connection(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderModify(c, http.StatusOK, modifyForm(conn))
}

func (h *Handler) renderModify(c echo.Context, status int, f views.ConnectionForm) error {
	pg, err := h.page(c, "Modify Connection", "connections")
	if err != nil {
		return err
	}
	return render(c, status, views.ConnectionModifyPage(pg, f))
}

// ConnectionModify handles "POST /dcaas/connections/:id/modify".
func (h *Handler) ConnectionModify(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	conn, err := h.Store.Connection(ctx, p.ID, c.Param("id"))
	if err != nil {
		return err
	}
	f := modifyForm(conn)
	f.Name = strings.TrimSpace(c.FormValue("name"))
	f.PeerLocation = strings.TrimSpace(c.FormValue("peer_location"))
	f.Bandwidth = strings.TrimSpace(c.FormValue("bandwidth"))
	f.Description = c.FormValue("description")
	fe := FieldErrors{}
	u := store.ConnectionUpdate{Name: &f.Name, PeerLocation: &f.PeerLocation, Description: &f.Description}
	if bw, err := store.ParseBandwidth(f.Bandwidth); err != nil {
		fe["bandwidth"] = views.M(c.Request().Context(), store.MessageOrInvalid(err))
	} else {
		u.Bandwidth = &bw
		f.Bandwidth = strconv.Itoa(bw)
	}
	if len(fe) == 0 {
		conn, err = h.Store.UpdateConnection(ctx, p.ID, conn.ID, u)
		if err == nil {
			h.addFlash(c, "success", views.T(c.Request().Context(), "Connection %s has been modified.", conn.Name))
			return c.Redirect(http.StatusSeeOther, "/dcaas/connections")
		}
		if !fe.merge(c.Request().Context(), err) {
			return err
		}
	} else {
		// Report the other fields' problems in the same round.
		probe := store.ConnectionInput{Name: f.Name, Location: projectRegion(p).Locations[0], PeerLocation: f.PeerLocation,
			Bandwidth: store.BandwidthSteps[0], Description: f.Description}
		fe.merge(ctx, probe.Validate(projectRegion(p)))
	}
	f.Errors = fe
	return h.renderModify(c, http.StatusUnprocessableEntity, f)
}

// ConnectionDeleteConfirm handles "GET /dcaas/connections/:id/delete".
func (h *Handler) ConnectionDeleteConfirm(c echo.Context) error {
	conn, err := h.Store.Connection(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	if conn.InterfaceCount > 0 {
		h.addFlash(c, "error", views.M(c.Request().Context(), store.ConnectionInUseReason(conn.InterfaceCount)))
		return c.Redirect(http.StatusSeeOther, "/dcaas/connections/"+conn.ID)
	}
	pg, err := h.page(c, "Delete Connection", "connections")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ConnectionDeletePage(pg, conn))
}

// ConnectionDelete handles "POST /dcaas/connections/:id/delete".
func (h *Handler) ConnectionDelete(c echo.Context) error {
	p := projectOf(c)
	conn, err := h.Store.DeleteConnection(c.Request().Context(), p.ID, c.Param("id"))
	var re *store.RuleError
	if errors.As(err, &re) {
		h.addFlash(c, "error", views.M(c.Request().Context(), re.Message))
		return c.Redirect(http.StatusSeeOther, "/dcaas/connections")
	}
	if err != nil {
		return err
	}
	h.Log.Info("connection deleted", "id", conn.ID, "project", p.ID, "user", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "Connection %s has been deleted.", conn.Name))
	return c.Redirect(http.StatusSeeOther, "/dcaas/connections")
}
