package handlers

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// VPCList handles "GET /vpc/vpcs".
func (h *Handler) VPCList(c echo.Context) error {
	vpcs, err := h.Store.VPCs(c.Request().Context(), projectOf(c).ID)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Virtual Private Cloud", "vpcs")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.VPCsPage(pg, views.VPCList{Items: vpcs}))
}

// VPCNew handles "GET /vpc/vpcs/create".
func (h *Handler) VPCNew(c echo.Context) error {
	return h.renderVPCCreate(c, http.StatusOK, views.VPCForm{Token: rand.Text()})
}

func (h *Handler) renderVPCCreate(c echo.Context, status int, f views.VPCForm) error {
	pg, err := h.page(c, "Create VPC", "vpcs")
	if err != nil {
		return err
	}
	return render(c, status, views.VPCCreatePage(pg, f))
}

// VPCCreate handles "POST /vpc/vpcs". The form's one-time token makes it
// idempotent.
func (h *Handler) VPCCreate(c echo.Context) error {
	p := projectOf(c)
	f := views.VPCForm{
		Name:  strings.TrimSpace(c.FormValue("name")),
		CIDR:  strings.TrimSpace(c.FormValue("cidr")),
		Token: c.FormValue("token"),
	}
	if len(f.Token) != 26 {
		f.Token = rand.Text()
	}
	v, created, err := h.Store.CreateVPC(c.Request().Context(), p, store.VPCInput{Name: f.Name, CIDR: f.CIDR}, f.Token)
	if err != nil {
		fe := FieldErrors{}
		if !fe.merge(err) {
			return err
		}
		f.Errors = fe
		return h.renderVPCCreate(c, http.StatusUnprocessableEntity, f)
	}
	if created {
		h.Log.Info("vpc created", "id", v.ID, "project", p.ID, "user", userOf(c).Name)
	}
	h.addFlash(c, "success", tr(c, "VPC %s has been created.", v.Name))
	return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
}

// VPCDeleteConfirm handles "GET /vpc/vpcs/:id/delete".
func (h *Handler) VPCDeleteConfirm(c echo.Context) error {
	v, err := h.Store.VPC(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	if v.InUse() {
		h.addFlash(c, "error", store.VPCInUseReason(v.GatewayName))
		return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
	}
	pg, err := h.page(c, "Delete VPC", "vpcs")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.VPCDeletePage(pg, v))
}

// VPCDelete handles "POST /vpc/vpcs/:id/delete".
func (h *Handler) VPCDelete(c echo.Context) error {
	p := projectOf(c)
	v, err := h.Store.DeleteVPC(c.Request().Context(), p.ID, c.Param("id"))
	var re *store.RuleError
	if errors.As(err, &re) {
		h.addFlash(c, "error", re.Message)
		return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
	}
	if err != nil {
		return err
	}
	h.Log.Info("vpc deleted", "id", v.ID, "project", p.ID, "user", userOf(c).Name)
	h.addFlash(c, "success", tr(c, "VPC %s has been deleted.", v.Name))
	return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
}
