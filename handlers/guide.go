package handlers

import (
	"net/http"
	"sort"
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
	locs := map[string]string{} // location -> a connection there
	for _, cn := range conns {
		if _, ok := locs[cn.Location]; !ok {
			locs[cn.Location] = cn.Name
		}
	}
	var locNames []string
	for l := range locs {
		locNames = append(locNames, l)
	}
	sort.Strings(locNames)

	// The gateway closest to done: most interface locations.
	var best store.Gateway
	var bestLocs []string
	var bestVerdict store.Verdict
	var bestVIFs int
	for _, g := range gws {
		vifs, err := h.Store.InterfacesOf(ctx, p.ID, g.ID, "")
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		var ls []string
		for _, v := range vifs {
			if !seen[v.Location] {
				seen[v.Location] = true
				ls = append(ls, v.Location)
			}
		}
		if best.ID == "" || len(ls) > len(bestLocs) || (len(ls) == len(bestLocs) && len(vifs) > bestVIFs) {
			best, bestLocs, bestVIFs, bestVerdict = g, ls, len(vifs), store.GatewayVerdict(vifs)
		}
	}
	region := projectRegion(p)
	g := views.Guide{Steps: []views.GuideStep{
		{Title: "Create the first connection", Done: len(conns) > 0,
			Detail: tr(c, "A connection at %s.", strings.Join(region.Locations, tr(c, " or "))), Href: "/dcaas/connections/create", Action: "Create Connection"},
		{Title: "Create the second connection at a different location", Done: len(locs) >= 2,
			Detail: "The access location of the second connection must be different from that of the first.", Href: "/dcaas/connections/create", Action: "Create Connection"},
		{Title: "Create a virtual gateway on the VPC", Done: len(gws) > 0,
			Detail: "The virtual gateway accesses the VPC to which the services belong.", Href: "/dcaas/virtual-gateways", Action: "Create Virtual Gateway"},
		{Title: "Create the first virtual interface", Done: bestVIFs > 0,
			Detail: "Connect one connection to the virtual gateway.", Href: "/dcaas/virtual-interfaces/create", Action: "Create Virtual Interface"},
		{Title: "Create the second virtual interface on the same virtual gateway", Done: len(bestLocs) >= 2,
			Detail: "Connect the connection at the other location to the same virtual gateway.", Href: "/dcaas/virtual-interfaces/create", Action: "Create Virtual Interface"},
	}}
	if len(conns) > 0 {
		g.Steps[0].Detail = "Done: " + conns[len(conns)-1].Name + " at " + conns[len(conns)-1].Location + "."
	}
	if len(locs) >= 2 {
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
	if bestVIFs > 0 {
		g.Steps[3].Detail = "Done: " + best.Name + " has an interface at " + bestLocs[0] + "."
	}
	if len(bestLocs) >= 2 {
		g.Steps[4].Detail = "Done: " + best.Name + " has interfaces at " + strings.Join(bestLocs, " and ") + "."
	}
	pg, err := h.page(c, "Redundant Connection Access", "guide")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GuidePage(pg, g))
}
