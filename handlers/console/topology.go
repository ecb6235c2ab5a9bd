package console

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
	"dcconsole/views"
)

// gatewayTopology loads one gateway's picture data.
func (h *Handler) gatewayTopology(ctx context.Context, projectID string, g store.Gateway) (views.GatewayTopology, error) {
	vifs, err := h.Store.InterfacesOf(ctx, projectID, g.ID, "")
	if err != nil {
		return views.GatewayTopology{}, err
	}
	return views.NewGatewayTopology(g, vifs), nil
}

// ProjectTopology handles "GET /dcaas/topology": every gateway of the
// project with its paths and verdict.
func (h *Handler) ProjectTopology(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	gws, _, err := h.Store.Gateways(ctx, p.ID, store.ListFilter{})
	if err != nil {
		return err
	}
	ts := make([]views.GatewayTopology, 0, len(gws))
	for _, g := range gws {
		t, err := h.gatewayTopology(ctx, p.ID, g)
		if err != nil {
			return err
		}
		ts = append(ts, t)
	}
	conns, _, err := h.Store.Connections(ctx, p.ID, store.ListFilter{})
	if err != nil {
		return err
	}
	var unbound []store.Connection
	for _, c := range conns {
		if c.InterfaceCount == 0 {
			unbound = append(unbound, c)
		}
	}
	pg, err := h.page(c, "Topology", "topology")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.ProjectTopologyPage(pg, ts, unbound))
}

// GatewayTopology handles "GET /dcaas/virtual-gateways/:id/topology".
func (h *Handler) GatewayTopology(c echo.Context) error {
	ctx := c.Request().Context()
	p := projectOf(c)
	g, err := h.Store.Gateway(ctx, p.ID, c.Param("id"))
	if err != nil {
		return err
	}
	t, err := h.gatewayTopology(ctx, p.ID, g)
	if err != nil {
		return err
	}
	pg, err := h.page(c, g.Name+" Topology", "gateways")
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.GatewayTopologyPage(pg, t))
}

// ConnectionFail handles "POST /dcaas/connections/:id/fail" (Simulate
// Failure) and ConnectionRestore "POST /dcaas/connections/:id/restore".
func (h *Handler) ConnectionFail(c echo.Context) error    { return h.failover(c, true) }
func (h *Handler) ConnectionRestore(c echo.Context) error { return h.failover(c, false) }

func (h *Handler) failover(c echo.Context, down bool) error {
	p := projectOf(c)
	conn, err := h.Store.SimulateFailure(c.Request().Context(), p.ID, c.Param("id"), down)
	var re *store.RuleError
	switch {
	case errors.As(err, &re):
		h.addFlash(c, "error", views.M(c.Request().Context(), re.Message))
	case err != nil:
		return err
	case down:
		h.addFlash(c, "success", views.T(c.Request().Context(), "Simulated a failure of connection %s at %s: it is Down, and so are its virtual interfaces.", conn.Name, conn.Location))
	default:
		h.addFlash(c, "success", views.T(c.Request().Context(), "Connection %s at %s is restored and Normal again.", conn.Name, conn.Location))
	}
	next := c.FormValue("next")
	if next != "/dcaas/connections" && next != "/dcaas/topology" {
		next = "/dcaas/connections/" + c.Param("id")
	}
	return c.Redirect(http.StatusSeeOther, next)
}
