package console

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// interfaceForm reads the fields of a submitted interface form.
func interfaceForm(c echo.Context) views.InterfaceForm {
	f := views.InterfaceForm{
		Name:          strings.TrimSpace(c.FormValue("name")),
		ConnectionID:  c.FormValue("connection"),
		GatewayID:     c.FormValue("gateway"),
		Bandwidth:     strings.TrimSpace(c.FormValue("bandwidth")),
		RemoteSubnets: c.FormValue("remote_subnets"),
		Description:   c.FormValue("description"),
		Token:         c.FormValue("token"),
		Errors:        map[string]string{},
	}
	if len(f.Token) != 26 {
		f.Token = rand.Text()
	}
	return f
}

// parseInterfaceBandwidth reads a typed interface bandwidth
// (store.ParseInterfaceBandwidth); a problem goes to fe.
func parseInterfaceBandwidth(ctx context.Context, s string, required bool, fe FieldErrors) int {
	n, err := store.ParseInterfaceBandwidth(s, required)
	if err != nil {
		fe["bandwidth"] = views.M(ctx, store.MessageOrInvalid(err))
	}
	return n
}

// fillChoices loads the connections and gateways the form offers, and the
// default bandwidth of the selected connection.
func (h *Handler) fillChoices(c echo.Context, f *views.InterfaceForm) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	f.Region = p.Region
	var err error
	if f.Connections, err = h.Store.ConnectionChoices(ctx, p.ID); err != nil {
		return err
	}
	if f.Gateways, err = h.Store.GatewayChoices(ctx, p.ID); err != nil {
		return err
	}
	if f.Bandwidth == "" {
		for _, cc := range f.Connections {
			if cc.ID == f.ConnectionID {
				f.Bandwidth = strconv.Itoa(max(cc.Bandwidth-cc.Used, 0))
			}
		}
	}
	return nil
}

func (h *Handler) renderInterfaceForm(c echo.Context, status int, f views.InterfaceForm) error {
	if err := h.fillChoices(c, &f); err != nil {
		return err
	}
	pg, err := h.page(c, "Create Virtual Interface", "interfaces")
	if err != nil {
		return err
	}
	return render(c, status, views.InterfaceCreatePage(pg, f))
}

// InterfaceList handles "GET /dcaas/virtual-interfaces".
func (h *Handler) InterfaceList(c echo.Context) error {
	p := projectOf(c)
	ctx := c.Request().Context()
	lp := parseListParams(c.QueryParam("page"), c.QueryParam("size"), c.QueryParam("name"))
	items, total, err := h.Store.Interfaces(ctx, p.ID, lp.filter())
	if err != nil {
		return err
	}
	used, quota, err := h.Store.InterfaceQuota(ctx, p.ID)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Virtual Interfaces", "interfaces")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.InterfacesPage(pg, views.InterfaceList{
		Items: items, Used: used, Quota: quota,
		Pager: views.Pager{Path: "/dcaas/virtual-interfaces", Query: lp.Name, Page: lp.Page, Size: lp.Size, Total: total},
	}))
}

// InterfaceNew handles "GET /dcaas/virtual-interfaces/create".
func (h *Handler) InterfaceNew(c echo.Context) error {
	f := views.InterfaceForm{
		Name:   "vif-" + strings.ToLower(rand.Text()[:4]),
		Token:  rand.Text(),
		Errors: map[string]string{},
	}
	// Preselect what a query names (links from a connection or a gateway).
	f.ConnectionID, f.GatewayID = c.QueryParam("connection"), c.QueryParam("gateway")
	return h.renderInterfaceForm(c, http.StatusOK, f)
}

// InterfaceRefresh handles "POST /dcaas/virtual-interfaces/create": the
// refresh buttons reload the choices and keep every typed value.
func (h *Handler) InterfaceRefresh(c echo.Context) error {
	return h.renderInterfaceForm(c, http.StatusOK, interfaceForm(c))
}

// InterfaceCreate handles "POST /dcaas/virtual-interfaces" (Create Now).
func (h *Handler) InterfaceCreate(c echo.Context) error {
	p := projectOf(c)
	f := interfaceForm(c)
	fe := FieldErrors(f.Errors)
	ctx := c.Request().Context()
	bw := parseInterfaceBandwidth(ctx, f.Bandwidth, false, fe)
	in := store.InterfaceInput{Name: f.Name, Description: f.Description, ConnectionID: f.ConnectionID, GatewayID: f.GatewayID,
		Bandwidth: bw, RemoteSubnets: f.RemoteSubnets}
	if len(fe) > 0 {
		// Collect the other fields' messages in the same round (the
		// bandwidth's stays first); nothing is stored.
		fe.merge(ctx, h.Store.CheckInterface(ctx, p, in))
		return h.renderInterfaceForm(c, http.StatusUnprocessableEntity, f)
	}
	v, created, err := h.Store.CreateInterface(c.Request().Context(), p, in, f.Token)
	if err != nil {
		var re *store.RuleError
		if errors.As(err, &re) && re.Attr == "" {
			pg, perr := h.page(c, "Create Virtual Interface", "interfaces")
			if perr != nil {
				return perr
			}
			if err := h.fillChoices(c, &f); err != nil {
				return err
			}
			pg.Flashes = append(pg.Flashes, views.Flash{Kind: "error", Text: views.M(c.Request().Context(), re.Message)})
			return render(c, http.StatusUnprocessableEntity, views.InterfaceCreatePage(pg, f))
		}
		if fe.merge(c.Request().Context(), err) {
			return h.renderInterfaceForm(c, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	if created {
		msg := views.T(c.Request().Context(), "Virtual interface %s has been created with VLAN %d.", v.Name, v.VLAN)
		if w := views.InterfaceOverlapWarning(ctx, v); w != "" {
			h.addFlash(c, "warning", w)
		}
		h.addFlash(c, "success", msg)
	}
	return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-interfaces")
}

// InterfaceShow handles "GET /dcaas/virtual-interfaces/:id".
func (h *Handler) InterfaceShow(c echo.Context) error {
	v, err := h.Store.Interface(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	pg, err := h.page(c, v.Name, "interfaces")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.InterfaceDetailsPage(pg, v))
}

func interfaceModifyForm(ctx context.Context, v store.VirtualInterface) views.InterfaceForm {
	return views.InterfaceForm{
		ID: v.ID, Name: v.Name, Bandwidth: strconv.Itoa(v.Bandwidth), RemoteSubnets: store.JoinPrefixes(v.RemoteSubnets),
		Description: v.Description, VLAN: strconv.Itoa(v.VLAN), ConnectionName: v.ConnectionName + " (" + v.Location + ")",
		GatewayName: v.GatewayName, Warning: views.InterfaceOverlapWarning(ctx, v), Errors: map[string]string{},
	}
}

func (h *Handler) renderInterfaceModify(c echo.Context, status int, f views.InterfaceForm) error {
	pg, err := h.page(c, "Modify Virtual Interface", "interfaces")
	if err != nil {
		return err
	}
	return render(c, status, views.InterfaceModifyPage(pg, f))
}

// InterfaceModifyForm handles "GET /dcaas/virtual-interfaces/:id/modify".
func (h *Handler) InterfaceModifyForm(c echo.Context) error {
	v, err := h.Store.Interface(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderInterfaceModify(c, http.StatusOK, interfaceModifyForm(c.Request().Context(), v))
}

// InterfaceModify handles "POST /dcaas/virtual-interfaces/:id/modify".
func (h *Handler) InterfaceModify(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	v, err := h.Store.Interface(ctx, p.ID, c.Param("id"))
	if err != nil {
		return err
	}
	f := interfaceModifyForm(ctx, v)
	f.Name = strings.TrimSpace(c.FormValue("name"))
	f.Bandwidth = strings.TrimSpace(c.FormValue("bandwidth"))
	f.RemoteSubnets = c.FormValue("remote_subnets")
	f.Description = c.FormValue("description")
	fe := FieldErrors(f.Errors)
	u := store.InterfaceUpdate{Name: &f.Name, Description: &f.Description, RemoteSubnets: &f.RemoteSubnets}
	if bw := parseInterfaceBandwidth(ctx, f.Bandwidth, true, fe); len(fe) == 0 {
		u.Bandwidth = &bw
	}
	if len(fe) == 0 {
		v, err = h.Store.UpdateInterface(ctx, p.ID, v.ID, u)
		if err == nil {
			if w := views.InterfaceOverlapWarning(ctx, v); w != "" {
				h.addFlash(c, "warning", w)
			}
			h.addFlash(c, "success", views.T(c.Request().Context(), "Virtual interface %s has been modified.", v.Name))
			return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-interfaces")
		}
		if !fe.merge(c.Request().Context(), err) {
			return err
		}
	}
	return h.renderInterfaceModify(c, http.StatusUnprocessableEntity, f)
}

// InterfaceDeleteConfirm handles "GET /dcaas/virtual-interfaces/:id/delete".
func (h *Handler) InterfaceDeleteConfirm(c echo.Context) error {
	v, err := h.Store.Interface(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Delete Virtual Interface", "interfaces")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.InterfaceDeletePage(pg, v))
}

// InterfaceDelete handles "POST /dcaas/virtual-interfaces/:id/delete".
func (h *Handler) InterfaceDelete(c echo.Context) error {
	v, err := h.Store.DeleteInterface(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	h.addFlash(c, "success", views.T(c.Request().Context(), "Virtual interface %s has been deleted.", v.Name))
	return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-interfaces")
}
