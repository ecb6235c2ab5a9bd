package console

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

func vpcLabel(v store.VPC) string { return v.Name + " (" + v.CIDR.String() + ")" }

// vpcChoices lists the project's VPCs for the gateway form's select.
func (h *Handler) vpcChoices(ctx context.Context, projectID string) ([]views.VPCChoice, []store.VPC, error) {
	vpcs, err := h.Store.VPCs(ctx, projectID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]views.VPCChoice, len(vpcs))
	for i, v := range vpcs {
		out[i] = views.VPCChoice{ID: v.ID, Label: vpcLabel(v), Gateway: v.GatewayName}
	}
	return out, vpcs, nil
}

// cidrWarning is the warning for typed CIDR blocks outside the chosen VPC,
// or "" when there are none or the input does not parse (then the error
// says more).
func cidrWarning(ctx context.Context, vpcs []store.VPC, vpcID, cidrs string) string {
	ps, err := store.ParseCIDRList(cidrs)
	if err != nil {
		return ""
	}
	for _, v := range vpcs {
		if v.ID == vpcID {
			return views.OutsideVPCWarning(ctx, v.Name, v.CIDR, store.PrefixesOutside(v.CIDR, ps))
		}
	}
	return ""
}

// newGatewayForm is an empty create form: a suggested name, the first VPC
// that has no gateway yet, and a fresh one-time token.
func (h *Handler) newGatewayForm(ctx context.Context, projectID string) (views.GatewayForm, error) {
	choices, vpcs, err := h.vpcChoices(ctx, projectID)
	if err != nil {
		return views.GatewayForm{}, err
	}
	f := views.GatewayForm{Name: "vgw-" + strings.ToLower(rand.Text()[:4]), Token: rand.Text(), VPCs: choices}
	for _, v := range vpcs {
		if !v.InUse() {
			f.VPCID = v.ID
			break
		}
	}
	return f, nil
}

// gatewayFormValues reads a submitted create form.
func gatewayFormValues(c echo.Context) views.GatewayForm {
	f := views.GatewayForm{
		Name:        strings.TrimSpace(c.FormValue("name")),
		VPCID:       c.FormValue("vpc_id"),
		CIDRs:       c.FormValue("cidrs"),
		Description: c.FormValue("description"),
		Token:       c.FormValue("token"),
	}
	if len(f.Token) != 26 { // rand.Text length; anything else was not issued here
		f.Token = rand.Text()
	}
	return f
}

// GatewayList handles "GET /dcaas/virtual-gateways". The page carries the
// create form for its dialog.
func (h *Handler) GatewayList(c echo.Context) error {
	p := projectOf(c)
	lp := parseListParams(c.QueryParam("page"), c.QueryParam("size"), c.QueryParam("name"))
	ctx := c.Request().Context()
	items, total, err := h.Store.Gateways(ctx, p.ID, lp.filter())
	if err != nil {
		return err
	}
	used, quota, err := h.Store.GatewayQuota(ctx, p.ID)
	if err != nil {
		return err
	}
	f, err := h.newGatewayForm(ctx, p.ID)
	if err != nil {
		return err
	}
	verdicts, err := h.Store.GatewayVerdicts(ctx, p.ID)
	if err != nil {
		return err
	}
	pg, err := h.page(c, "Virtual Gateways", "gateways")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GatewaysPage(pg, views.GatewayList{
		Items: items, Used: used, Quota: quota, Form: f, Verdicts: verdicts,
		Pager: views.Pager{Path: "/dcaas/virtual-gateways", Query: lp.Name, Page: lp.Page, Size: lp.Size, Total: total},
	}))
}

// GatewayNew handles "GET /dcaas/virtual-gateways/create": the create form
// as a page, for browsers without JavaScript (the list opens it as a dialog).
func (h *Handler) GatewayNew(c echo.Context) error {
	f, err := h.newGatewayForm(c.Request().Context(), projectOf(c).ID)
	if err != nil {
		return err
	}
	return h.renderGatewayCreate(c, http.StatusOK, f)
}

// GatewayRefresh handles "POST /dcaas/virtual-gateways/create": the VPC
// refresh button without JavaScript. The form comes back with the values
// kept and the VPCs listed afresh.
func (h *Handler) GatewayRefresh(c echo.Context) error {
	ctx := c.Request().Context()
	f := gatewayFormValues(c)
	choices, vpcs, err := h.vpcChoices(ctx, projectOf(c).ID)
	if err != nil {
		return err
	}
	f.VPCs = choices
	f.Warning = cidrWarning(ctx, vpcs, f.VPCID, f.CIDRs)
	return h.renderGatewayCreate(c, http.StatusOK, f)
}

func (h *Handler) renderGatewayCreate(c echo.Context, status int, f views.GatewayForm) error {
	pg, err := h.page(c, "Create Virtual Gateway", "gateways")
	if err != nil {
		return err
	}
	return render(c, status, views.GatewayCreatePage(pg, f))
}

// GatewayCreate handles "POST /dcaas/virtual-gateways" (OK in the dialog or
// on the page). The form's one-time token makes it idempotent. Invalid input
// comes back on the create page (422); CIDR blocks outside the VPC are
// accepted with a warning.
func (h *Handler) GatewayCreate(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	f := gatewayFormValues(c)
	in := store.GatewayInput{Name: f.Name, VPCID: f.VPCID, CIDRs: f.CIDRs, Description: f.Description}
	g, created, err := h.Store.CreateGateway(ctx, p, in, f.Token)
	if err != nil {
		fe := FieldErrors{}
		var re *store.RuleError
		ruleMsg := ""
		if errors.As(err, &re) && re.Attr == "" {
			ruleMsg = views.M(ctx, re.Message)
		} else if !fe.merge(c.Request().Context(), err) {
			return err
		}
		choices, vpcs, verr := h.vpcChoices(ctx, p.ID)
		if verr != nil {
			return verr
		}
		f.VPCs, f.Errors = choices, fe
		if fe["cidrs"] == "" {
			f.Warning = cidrWarning(ctx, vpcs, f.VPCID, f.CIDRs)
		}
		pg, perr := h.page(c, "Create Virtual Gateway", "gateways")
		if perr != nil {
			return perr
		}
		if ruleMsg != "" {
			pg.Flashes = append(pg.Flashes, views.Flash{Kind: "error", Text: ruleMsg})
		}
		return render(c, http.StatusUnprocessableEntity, views.GatewayCreatePage(pg, f))
	}
	if created {
		h.Log.Info("virtual gateway created", "id", g.ID, "project", p.ID, "user", userOf(c).Name)
	}
	h.addFlash(c, "success", views.T(c.Request().Context(), "Virtual gateway %s has been created.", g.Name))
	if w := views.OutsideVPCWarning(ctx, g.VPCName, g.VPCCIDR, g.OutsideVPC()); w != "" {
		h.addFlash(c, "warning", w)
	}
	return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-gateways")
}

// GatewayShow handles "GET /dcaas/virtual-gateways/:id".
func (h *Handler) GatewayShow(c echo.Context) error {
	ctx := c.Request().Context()
	g, err := h.Store.Gateway(ctx, projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	vifs, err := h.Store.InterfacesOf(ctx, g.ProjectID, g.ID, "")
	if err != nil {
		return err
	}
	pg, err := h.page(c, g.Name, "gateways")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GatewayDetailsPage(pg, g, store.GatewayVerdict(vifs)))
}

func gatewayModifyForm(ctx context.Context, g store.Gateway) views.GatewayForm {
	return views.GatewayForm{
		ID: g.ID, Name: g.Name, VPCID: g.VPCID, VPCLabel: g.VPCName + " (" + g.VPCCIDR.String() + ")",
		CIDRs: store.JoinPrefixes(g.CIDRs), Description: g.Description,
		Warning: views.OutsideVPCWarning(ctx, g.VPCName, g.VPCCIDR, g.OutsideVPC()),
	}
}

// GatewayModifyForm handles "GET /dcaas/virtual-gateways/:id/modify".
func (h *Handler) GatewayModifyForm(c echo.Context) error {
	g, err := h.Store.Gateway(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderGatewayModify(c, http.StatusOK, gatewayModifyForm(c.Request().Context(), g))
}

func (h *Handler) renderGatewayModify(c echo.Context, status int, f views.GatewayForm) error {
	pg, err := h.page(c, "Modify Virtual Gateway", "gateways")
	if err != nil {
		return err
	}
	return render(c, status, views.GatewayModifyPage(pg, f))
}

// GatewayModify handles "POST /dcaas/virtual-gateways/:id/modify": Name,
// CIDR Block and Description.
func (h *Handler) GatewayModify(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	g, err := h.Store.Gateway(ctx, p.ID, c.Param("id"))
	if err != nil {
		return err
	}
	f := gatewayModifyForm(ctx, g)
	f.Name = strings.TrimSpace(c.FormValue("name"))
	f.CIDRs = c.FormValue("cidrs")
	f.Description = c.FormValue("description")
	g, err = h.Store.UpdateGateway(ctx, p.ID, g.ID, store.GatewayUpdate{Name: &f.Name, CIDRs: &f.CIDRs, Description: &f.Description})
	if err == nil {
		h.addFlash(c, "success", views.T(c.Request().Context(), "Virtual gateway %s has been modified.", g.Name))
		if w := views.OutsideVPCWarning(ctx, g.VPCName, g.VPCCIDR, g.OutsideVPC()); w != "" {
			h.addFlash(c, "warning", w)
		}
		return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-gateways")
	}
	fe := FieldErrors{}
	if !fe.merge(c.Request().Context(), err) {
		return err
	}
	f.Errors = fe
	f.Warning = ""
	if fe["cidrs"] == "" {
		f.Warning = cidrWarning(ctx, []store.VPC{{ID: g.VPCID, Name: g.VPCName, CIDR: g.VPCCIDR}}, g.VPCID, f.CIDRs)
	}
	return h.renderGatewayModify(c, http.StatusUnprocessableEntity, f)
}

// GatewayDeleteConfirm handles "GET /dcaas/virtual-gateways/:id/delete".
func (h *Handler) GatewayDeleteConfirm(c echo.Context) error {
	g, err := h.Store.Gateway(c.Request().Context(), projectOf(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	if g.InterfaceCount > 0 {
		h.addFlash(c, "error", views.M(c.Request().Context(), store.GatewayInUseReason(g.InterfaceCount)))
		return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-gateways/"+g.ID)
	}
	pg, err := h.page(c, "Delete Virtual Gateway", "gateways")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GatewayDeletePage(pg, g))
}

// GatewayDelete handles "POST /dcaas/virtual-gateways/:id/delete".
func (h *Handler) GatewayDelete(c echo.Context) error {
	p := projectOf(c)
	g, err := h.Store.DeleteGateway(c.Request().Context(), p.ID, c.Param("id"))
	var re *store.RuleError
	if errors.As(err, &re) {
		h.addFlash(c, "error", views.M(c.Request().Context(), re.Message))
		return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-gateways")
	}
	if err != nil {
		return err
	}
	h.Log.Info("virtual gateway deleted", "id", g.ID, "project", p.ID, "user", userOf(c).Name)
	h.addFlash(c, "success", views.T(c.Request().Context(), "Virtual gateway %s has been deleted.", g.Name))
	return c.Redirect(http.StatusSeeOther, "/dcaas/virtual-gateways")
}
