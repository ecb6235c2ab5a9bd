package api

// Direct Connect API v2: virtual gateways (/v2.0/dcaas/virtual-gateways).
// A gateway's local subnets are the endpoints of its endpoint groups
// (local_ep_group_id for IPv4, local_ep_group_ipv6_id for IPv6); the rules
// are the store's, the same as the console's.

import (
	"crypto/rand"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// apiGateway is a virtual gateway as the API shows it, with null where the
// real service answers null.
type apiGateway struct {
	ID                 string  `json:"id"`
	TenantID           string  `json:"tenant_id"`
	Name               string  `json:"name"`
	Description        string  `json:"description"`
	VPCID              string  `json:"vpc_id"`
	LocalEPGroupID     *string `json:"local_ep_group_id"`
	LocalEPGroupIPv6ID *string `json:"local_ep_group_ipv6_id"`
	DeviceID           *string `json:"device_id"`
	RedundantDeviceID  *string `json:"redundant_device_id"`
	Type               string  `json:"type"`
	IPSecBandwidth     int     `json:"ipsec_bandwidth"`
	Status             string  `json:"status"`
	AdminStateUp       bool    `json:"admin_state_up"`
	BGPASN             int     `json:"bgp_asn"`
	RegionID           *string `json:"region_id"`
}

// nullable is nil for "", the way the API shows an unset ID.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toAPIGateway(g store.Gateway) apiGateway {
	return apiGateway{
		ID: g.ID, TenantID: g.ProjectID, Name: g.Name, Description: g.Description, VPCID: g.VPCID,
		LocalEPGroupID: nullable(g.LocalGroupID), LocalEPGroupIPv6ID: nullable(g.LocalIPv6GroupID),
		Type: g.Type, IPSecBandwidth: 1, Status: g.Status, AdminStateUp: true, BGPASN: g.BGPASN,
	}
}

// apiGatewayBody holds every attribute a client may send for a gateway.
type apiGatewayBody struct {
	Name               *string `json:"name"`
	Description        *string `json:"description"`
	VPCID              *string `json:"vpc_id"`
	LocalEPGroupID     *string `json:"local_ep_group_id"`
	LocalEPGroupIPv6ID *string `json:"local_ep_group_ipv6_id"`
	BGPASN             *int64  `json:"bgp_asn"`
	DeviceID           *string `json:"device_id"`
	RedundantDeviceID  *string `json:"redundant_device_id"`
	Type               *string `json:"type"`
	TenantID           *string `json:"tenant_id"`
	AdminStateUp       *bool   `json:"admin_state_up"`
	IPSecBandwidth     *apiInt `json:"ipsec_bandwidth"`
	RegionID           *string `json:"region_id"`
}

// checkTenant refuses a tenant_id other than the token's project.
func checkTenant(c echo.Context, key string, tenant *string) error {
	if t := deref(tenant); t != "" && t != apiProject(c).ID {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "%s.tenant_id must be the project of the token (%s).", key, apiProject(c).ID)
	}
	return nil
}

// defaultName gives a resource created without a name (the real API allows
// that) a name of the console's kind, such as vgw-1a2b.
func defaultName(prefix string, name *string) string {
	if n := deref(name); n != "" {
		return n
	}
	return prefix + "-" + strings.ToLower(rand.Text()[:4])
}

// APIGatewayCreate handles "POST /v2.0/dcaas/virtual-gateways" (201).
func (h *Handler) APIGatewayCreate(c echo.Context) error {
	var b apiGatewayBody
	if err := decodeWrapped(c, "virtual_gateway", &b); err != nil {
		return err
	}
	if err := requireFields("virtual_gateway", map[string]bool{"vpc_id": b.VPCID != nil}); err != nil {
		return err
	}
	if err := checkTenant(c, "virtual_gateway", b.TenantID); err != nil {
		return err
	}
	if t := deref(b.Type); t != "" && t != store.GatewayTypeDefault {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_gateway.type %q: the only type is \"default\".", t)
	}
	if b.AdminStateUp != nil && !*b.AdminStateUp {
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_gateway.admin_state_up can only be true.")
	}
	if deref(b.LocalEPGroupID) == "" && deref(b.LocalEPGroupIPv6ID) == "" {
		return newAPIError(http.StatusBadRequest, "DC.1100", "virtual_gateway: local_ep_group_id or local_ep_group_ipv6_id is required.")
	}
	asn := deref(b.BGPASN)
	in := store.GatewayInput{
		Name:             defaultName("vgw", b.Name),
		VPCID:            deref(b.VPCID),
		Description:      deref(b.Description),
		LocalGroupID:     deref(b.LocalEPGroupID),
		LocalIPv6GroupID: deref(b.LocalEPGroupIPv6ID),
		BGPASN:           int(asn),
	}
	g, _, err := h.Store.CreateGateway(c.Request().Context(), apiProject(c), in, "")
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusCreated, "virtual_gateway", toAPIGateway(g))
}

// APIGatewayList handles "GET /v2.0/dcaas/virtual-gateways".
func (h *Handler) APIGatewayList(c echo.Context) error {
	gs, _, err := h.Store.Gateways(c.Request().Context(), apiProject(c).ID, store.ListFilter{IDs: nonEmpty(c.QueryParams()["id"])})
	if err != nil {
		return err
	}
	out := make([]apiGateway, 0, len(gs))
	for _, g := range gs {
		out = append(out, toAPIGateway(g))
	}
	return writeList(c, "virtual_gateways", out)
}

// APIGatewayShow handles "GET /v2.0/dcaas/virtual-gateways/:id".
func (h *Handler) APIGatewayShow(c echo.Context) error {
	g, err := h.Store.Gateway(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "virtual_gateway", toAPIGateway(g))
}

// APIGatewayUpdate handles "PUT /v2.0/dcaas/virtual-gateways/:id": name,
// description, local_ep_group_id and local_ep_group_ipv6_id may change.
func (h *Handler) APIGatewayUpdate(c echo.Context) error {
	var b apiGatewayBody
	if err := decodeWrapped(c, "virtual_gateway", &b); err != nil {
		return err
	}
	fixed := map[string]bool{
		"vpc_id": b.VPCID != nil, "bgp_asn": b.BGPASN != nil, "device_id": b.DeviceID != nil,
		"redundant_device_id": b.RedundantDeviceID != nil, "type": b.Type != nil, "tenant_id": b.TenantID != nil,
		"admin_state_up": b.AdminStateUp != nil, "ipsec_bandwidth": b.IPSecBandwidth != nil, "region_id": b.RegionID != nil,
	}
	if fs := sortedTrue(fixed); len(fs) > 0 {
		return newAPIError(http.StatusBadRequest, codeBadParameter,
			"%s cannot be updated: only name, description, local_ep_group_id and local_ep_group_ipv6_id can.", strings.Join(fs, ", "))
	}
	for field, v := range map[string]*string{"local_ep_group_id": b.LocalEPGroupID, "local_ep_group_ipv6_id": b.LocalEPGroupIPv6ID} {
		if v != nil && *v == "" {
			return newAPIError(http.StatusBadRequest, "DC.1100", "virtual_gateway.%s cannot be empty.", field)
		}
	}
	g, err := h.Store.UpdateGateway(c.Request().Context(), apiProject(c).ID, c.Param("id"), store.GatewayUpdate{
		Name: b.Name, Description: b.Description, LocalGroupID: b.LocalEPGroupID, LocalIPv6GroupID: b.LocalEPGroupIPv6ID,
	})
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "virtual_gateway", toAPIGateway(g))
}

// APIGatewayDelete handles "DELETE /v2.0/dcaas/virtual-gateways/:id" (204).
// A gateway with interfaces is refused (DC.1106); its endpoint groups stay
// for the client to delete.
func (h *Handler) APIGatewayDelete(c echo.Context) error {
	if _, err := h.Store.DeleteGatewayKeepGroups(c.Request().Context(), apiProject(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
