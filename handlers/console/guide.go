package console

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// Guide handles "GET /dcaas/guide": the user guide's flowchart as a
// checklist of the current project.
func (h *Handler) Guide(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	conns, _, err := h.Store.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil {
		return err
	}
	gws, _, err := h.Store.Gateways(ctx, p.ID, store.ListFilter{})
	if err != nil {
		return err
	}
	vifs := map[string][]store.VirtualInterface{}
	for _, g := range gws {
		if vifs[g.ID], err = h.Store.InterfacesOf(ctx, p.ID, g.ID, ""); err != nil {
			return err
		}
	}
	// The same judgement as the class board's (store.GuideProgress).
	gp := store.NewGuideProgress(conns, gws, vifs)
	done := gp.Done()
	details := gp.StepDetails(projectRegion(p))
	detail := func(i int, todo string) string {
		if details[i].Key != "" {
			return views.M(ctx, details[i])
		}
		return views.T(ctx, todo)
	}
	g := views.Guide{Steps: []views.GuideStep{
		{Title: views.GuideStepTitles[0], Done: done[0], Detail: detail(0, ""),
			Href: "/dcaas/connections/create", Action: "Create Connection"},
		{Title: views.GuideStepTitles[1], Done: done[1], Detail: detail(1, "The access location of the second connection must be different from that of the first."),
			Href: "/dcaas/connections/create", Action: "Create Connection"},
		{Title: views.GuideStepTitles[2], Done: done[2], Detail: detail(2, "The virtual gateway accesses the VPC to which the services belong."),
			Href: "/dcaas/virtual-gateways", Action: "Create Virtual Gateway"},
		{Title: views.GuideStepTitles[3], Done: done[3], Detail: detail(3, "Connect one connection to the virtual gateway."),
			Href: "/dcaas/virtual-interfaces/create", Action: "Create Virtual Interface"},
		{Title: views.GuideStepTitles[4], Done: done[4], Detail: detail(4, "Connect the connection at the other location to the same virtual gateway."),
			Href: "/dcaas/virtual-interfaces/create", Action: "Create Virtual Interface"},
	}}
	if best := gp.Gateway; best.ID != "" {
		g.Steps[3].Href = "/dcaas/virtual-interfaces/create?gateway=" + best.ID
		g.Steps[4].Href = g.Steps[3].Href
		g.Verdict = views.T(c.Request().Context(), "%s: %s", best.Name, views.M(c.Request().Context(), gp.Verdict.Message))
	}
	pg, err := h.page(c, "Redundant Connection Access", "guide")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GuidePage(pg, g))
}
