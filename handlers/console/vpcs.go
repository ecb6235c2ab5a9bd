package console

import (
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// VPCList handles "GET /vpc/vpcs": the VPCs and, below them, their subnets.
func (h *Handler) VPCList(c echo.Context) error {
	ctx, p := c.Request().Context(), projectOf(c)
	vpcs, err := h.Store.VPCs(ctx, p.ID)
	if err != nil {
		return err
	}
	subnets, err := h.Store.Subnets(ctx, p.ID, "")
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Virtual Private Cloud", "vpcs")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.VPCsPage(pg, views.VPCList{Items: vpcs, Subnets: subnets}))
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
		Name:        strings.TrimSpace(c.FormValue("name")),
		CIDR:        strings.TrimSpace(c.FormValue("cidr")),
		Description: c.FormValue("description"),
		Token:       c.FormValue("token"),
	}
	if len(f.Token) != 26 {
		f.Token = rand.Text()
	}
	v, created, err := h.Store.CreateVPC(c.Request().Context(), p, store.VPCInput{Name: f.Name, CIDR: f.CIDR, Description: f.Description}, f.Token)
	if err != nil {
		fe := FieldErrors{}
		if !fe.merge(c.Request().Context(), err) {
			return err
		}
		f.Errors = fe
		return h.renderVPCCreate(c, http.StatusUnprocessableEntity, f)
	}
	if created {
		h.Log.Info("vpc created", "id", v.ID, "project", p.ID, "user", userOf(c).Name)
	}
	h.addFlash(c, "success", views.T(c.Request().Context(), "VPC %s has been created.", v.Name))
	return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
}

// VPCDeleteConfirm handles "GET /vpc/vpcs/:id/delete".
func (h *Handler) VPCDeleteConfirm(c echo.Context) error {
	v, err := h.Store.VPC(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	if reason, refused := v.DeleteRefusal(); refused {
		h.addFlash(c, "error", views.M(c.Request().Context(), reason))
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
		h.addFlash(c, "error", views.M(c.Request().Context(), re.Message))
		return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
	}
	if err != nil {
		return err
	}
	h.Log.Info("vpc deleted", "id", v.ID, "project", p.ID, "user", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "VPC %s has been deleted.", v.Name))
	return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
}

// SubnetNew handles "GET /vpc/subnets/create" (?vpc_id= preselects a VPC).
func (h *Handler) SubnetNew(c echo.Context) error {
	f := views.SubnetForm{Name: "subnet-" + strings.ToLower(rand.Text()[:4]), VPCID: c.QueryParam("vpc_id"), Token: rand.Text()}
	return h.renderSubnetCreate(c, http.StatusOK, f)
}

func (h *Handler) renderSubnetCreate(c echo.Context, status int, f views.SubnetForm) error {
	vpcs, err := h.Store.VPCs(c.Request().Context(), projectOf(c).ID)
	if err != nil {
		return err
	}
	f.VPCs = vpcs
	pg, err := h.page(c, "Create Subnet", "vpcs")
	if err != nil {
		return err
	}
	return render(c, status, views.SubnetCreatePage(pg, f))
}

// SubnetCreate handles "POST /vpc/subnets". The form's one-time token makes
// it idempotent.
func (h *Handler) SubnetCreate(c echo.Context) error {
	p := projectOf(c)
	f := views.SubnetForm{
		Name:      strings.TrimSpace(c.FormValue("name")),
		VPCID:     strings.TrimSpace(c.FormValue("vpc_id")),
		CIDR:      strings.TrimSpace(c.FormValue("cidr")),
		GatewayIP: strings.TrimSpace(c.FormValue("gateway_ip")),
		Token:     c.FormValue("token"),
	}
	if len(f.Token) != 26 {
		f.Token = rand.Text()
	}
	in := store.SubnetInput{VPCID: f.VPCID, Name: f.Name, CIDR: f.CIDR, GatewayIP: f.GatewayIP}
	sn, created, err := h.Store.CreateSubnet(c.Request().Context(), p, in, f.Token)
	if err != nil {
		fe := FieldErrors{}
		if !fe.merge(c.Request().Context(), err) {
			return err
		}
		f.Errors = fe
		return h.renderSubnetCreate(c, http.StatusUnprocessableEntity, f)
	}
	if created {
		h.Log.Info("subnet created", "id", sn.ID, "project", p.ID, "user", userOf(c).Name)
	}
	h.addFlash(c, "success", views.T(c.Request().Context(), "Subnet %s has been created.", sn.Name))
	return c.Redirect(http.StatusSeeOther, "/vpc/vpcs#subnet-"+sn.ID)
}

// SubnetDeleteConfirm handles "GET /vpc/subnets/:id/delete".
func (h *Handler) SubnetDeleteConfirm(c echo.Context) error {
	sn, err := h.Store.Subnet(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Delete Subnet", "vpcs")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.SubnetDeletePage(pg, sn))
}

// SubnetDelete handles "POST /vpc/subnets/:id/delete".
func (h *Handler) SubnetDelete(c echo.Context) error {
	ctx, p := c.Request().Context(), projectOf(c)
	sn, err := h.Store.Subnet(ctx, p.ID, c.Param("id"))
	if err != nil {
		return err
	}
	if sn, err = h.Store.DeleteSubnet(ctx, p.ID, sn.VPCID, sn.ID); err != nil {
		return err
	}
	h.Log.Info("subnet deleted", "id", sn.ID, "project", p.ID, "user", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "Subnet %s has been deleted.", sn.Name))
	return c.Redirect(http.StatusSeeOther, "/vpc/vpcs")
}
