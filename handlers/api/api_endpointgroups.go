package api

// Direct Connect API v2: endpoint groups (/v2.0/dcaas/dc-endpoint-groups),
// the CIDR lists that gateways (local subnets) and interfaces (remote
// subnets) point at. Endpoints are immutable; a group in use cannot be
// deleted (DC.1402).

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// apiEndpointGroup is an endpoint group as the API shows it.
type apiEndpointGroup struct {
	TenantID    string   `json:"tenant_id"`
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Endpoints   []string `json:"endpoints"`
	Type        string   `json:"type"`
}

func toAPIEndpointGroup(g store.EndpointGroup) apiEndpointGroup {
	eps := make([]string, len(g.Endpoints))
	for i, p := range g.Endpoints {
		eps[i] = p.String()
	}
	return apiEndpointGroup{TenantID: g.ProjectID, ID: g.ID, Name: g.Name, Description: g.Description, Endpoints: eps, Type: g.Type}
}

// apiEndpointGroupBody holds every attribute a client may send for a group.
type apiEndpointGroupBody struct {
	TenantID    *string   `json:"tenant_id"`
	Name        *string   `json:"name"`
	Description *string   `json:"description"`
	Endpoints   *[]string `json:"endpoints"`
	Type        *string   `json:"type"`
}

// APIEndpointGroupCreate handles "POST /v2.0/dcaas/dc-endpoint-groups" (201).
func (h *Handler) APIEndpointGroupCreate(c echo.Context) error {
	var b apiEndpointGroupBody
	if err := decodeWrapped(c, "dc_endpoint_group", &b); err != nil {
		return err
	}
	if err := requireFields("dc_endpoint_group", map[string]bool{"endpoints": b.Endpoints != nil}); err != nil {
		return err
	}
	if err := checkTenant(c, "dc_endpoint_group", b.TenantID); err != nil {
		return err
	}
	g, err := h.Store.CreateEndpointGroup(c.Request().Context(), apiProject(c), store.EndpointGroupInput{
		Name: deref(b.Name), Description: deref(b.Description), Type: deref(b.Type), Endpoints: *b.Endpoints,
	})
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusCreated, "dc_endpoint_group", toAPIEndpointGroup(g))
}

// APIEndpointGroupList handles "GET /v2.0/dcaas/dc-endpoint-groups".
func (h *Handler) APIEndpointGroupList(c echo.Context) error {
	gs, err := h.Store.EndpointGroups(c.Request().Context(), apiProject(c).ID, nonEmpty(c.QueryParams()["id"]))
	if err != nil {
		return err
	}
	out := make([]apiEndpointGroup, 0, len(gs))
	for _, g := range gs {
		out = append(out, toAPIEndpointGroup(g))
	}
	return writeList(c, "dc_endpoint_groups", out)
}

// APIEndpointGroupShow handles "GET /v2.0/dcaas/dc-endpoint-groups/:id".
func (h *Handler) APIEndpointGroupShow(c echo.Context) error {
	g, err := h.Store.EndpointGroup(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "dc_endpoint_group", toAPIEndpointGroup(g))
}

// APIEndpointGroupUpdate handles "PUT /v2.0/dcaas/dc-endpoint-groups/:id":
// only name and description may change.
func (h *Handler) APIEndpointGroupUpdate(c echo.Context) error {
	var b apiEndpointGroupBody
	if err := decodeWrapped(c, "dc_endpoint_group", &b); err != nil {
		return err
	}
	fixed := map[string]bool{"tenant_id": b.TenantID != nil, "endpoints": b.Endpoints != nil, "type": b.Type != nil}
	if fs := sortedTrue(fixed); len(fs) > 0 {
		return newAPIError(http.StatusBadRequest, codeBadParameter,
			"%s cannot be updated: only name and description can. The endpoints of a group never change; create a new group.", strings.Join(fs, ", "))
	}
	g, err := h.Store.UpdateEndpointGroup(c.Request().Context(), apiProject(c).ID, c.Param("id"),
		store.EndpointGroupUpdate{Name: b.Name, Description: b.Description})
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "dc_endpoint_group", toAPIEndpointGroup(g))
}

// APIEndpointGroupDelete handles "DELETE /v2.0/dcaas/dc-endpoint-groups/:id"
// (204); a group a gateway or interface uses is refused (DC.1402).
func (h *Handler) APIEndpointGroupDelete(c echo.Context) error {
	if _, err := h.Store.DeleteEndpointGroup(c.Request().Context(), apiProject(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
