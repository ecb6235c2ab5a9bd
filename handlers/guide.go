package handlers

import (
	"net/http"
	"strings"

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
	locs, locNames := gp.Locations, gp.LocationNames
	best, bestLocs, bestVerdict := gp.Gateway, gp.GatewayLocations, gp.Verdict
	region := projectRegion(p)
	g := views.Guide{Steps: []views.GuideStep{
		{Title: views.GuideStepTitles[0], Done: done[0],
			Detail: tr(c, "A connection at %s.", strings.Join(region.Locations, tr(c, " or "))), Href: "/dcaas/connections/create", Action: "Create Connection"},
		{Title: views.GuideStepTitles[1], Done: done[1],
			Detail: "The access location of the second connection must be different from that of the first.", Href: "/dcaas/connections/create", Action: "Create Connection"},
		{Title: views.GuideStepTitles[2], Done: done[2],
			Detail: "The virtual gateway accesses the VPC to which the services belong.", Href: "/dcaas/virtual-gateways", Action: "Create Virtual Gateway"},
		{Title: views.GuideStepTitles[3], Done: done[3],
			Detail: "Connect one connection to the virtual gateway.", Href: "/dcaas/virtual-interfaces/create", Action: "Create Virtual Interface"},
		{Title: views.GuideStepTitles[4], Done: done[4],
			Detail: "Connect the connection at the other location to the same virtual gateway.", Href: "/dcaas/virtual-interfaces/create", Action: "Create Virtual Interface"},
	}}
	if len(conns) > 0 {
		g.Steps[0].Detail = "Done: " + conns[len(conns)-1].Name + " at " + conns[len(conns)-1].Location + "."
	}
	if done[1] {
		parts := make([]string, 0, len(locNames))
		for _, l := range locNames {
			parts = append(parts, locs[l]+" at "+l)
		}
		g.Steps[1].Detail = "Done: " + strings.Join(parts, ", ") + "."
	}
	if best.ID != "" {
		g.Steps[2].Detail = "Done: " + best.Name + " on " + best.VPCName + "."
		g.Steps[3].Href = "/dcaas/virtual-interfaces/create?gateway=" + best.ID
		g.Steps[4].Href = g.Steps[3].Href
		g.Verdict = best.Name + ": " + bestVerdict.Text
	}
	if done[3] {
		g.Steps[3].Detail = "Done: " + best.Name + " has an interface at " + bestLocs[0] + "."
	}
	if done[4] {
		g.Steps[4].Detail = "Done: " + best.Name + " has interfaces at " + strings.Join(bestLocs, " and ") + "."
	}
	pg, err := h.page(c, "Redundant Connection Access", "guide")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GuidePage(pg, g))
}
