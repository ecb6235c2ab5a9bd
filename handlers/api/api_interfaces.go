package api

// Direct Connect API v2: virtual interfaces (/v2.0/dcaas/virtual-interfaces).
// The client gives the VLAN (the console allocates one); the remote subnets
// are the endpoints of the remote endpoint group. Every rule is the store's.

import (
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// apiInterfaceTime is the time format of virtual interfaces in the API.
const apiInterfaceTime = "2006-01-02T15:04:05Z"

// apiInterface is a virtual interface as the API shows it, with null where
// the real service answers null.
type apiInterface struct {
	ID                  string  `json:"id"`
	TenantID            string  `json:"tenant_id"`
	Name                string  `json:"name"`
	Description         string  `json:"description"`
	DirectConnectID     string  `json:"direct_connect_id"`
	VgwID               string  `json:"vgw_id"`
	Type                string  `json:"type"`
	ServiceType         string  `json:"service_type"`
	VLAN                int     `json:"vlan"`
	Bandwidth           int     `json:"bandwidth"`
	LocalGatewayV4IP    string  `json:"local_gateway_v4_ip"`
	RemoteGatewayV4IP   string  `json:"remote_gateway_v4_ip"`
	RouteMode           string  `json:"route_mode"`
	BGPASN              *int64  `json:"bgp_asn"`
	BGPMD5              *string `json:"bgp_md5"`
	RemoteEPGroupID     *string `json:"remote_ep_group_id"`
	ServiceEPGroupID    *string `json:"service_ep_group_id"`
	CreateTime          string  `json:"create_time"`
	Status              string  `json:"status"`
	AdminStateUp        bool    `json:"admin_state_up"`
	AddressFamily       string  `json:"address_family"`
	EnableBFD           bool    `json:"enable_bfd"`
	HealthCheckSourceIP *string `json:"health_check_source_ip"`
	RateLimit           bool    `json:"rate_limit"`
	RouteLimit          int     `json:"route_limit"`
	RegionID            *string `json:"region_id"`
	EnableNQA           bool    `json:"enable_nqa"`
	EnableGRE           bool    `json:"enable_gre"`
	LocalGatewayV6IP    *string `json:"local_gateway_v6_ip"`
	RemoteGatewayV6IP   *string `json:"remote_gateway_v6_ip"`
	LocalGRETunnelIP    *string `json:"local_gre_tunnel_ip"`
	RemoteGRETunnelIP   *string `json:"remote_gre_tunnel_ip"`
	LagID               *string `json:"lag_id"`
}

func toAPIInterface(v store.VirtualInterface) apiInterface {
	var asn *int64
	if v.BGPASN != 0 {
		asn = &v.BGPASN
	}
	return apiInterface{
		BGPASN: asn, BGPMD5: nullable(v.BGPMD5),
		ID: v.ID, TenantID: v.ProjectID, Name: v.Name, Description: v.Description,
		DirectConnectID: v.ConnectionID, VgwID: v.GatewayID, Type: v.Type, ServiceType: v.ServiceType,
		VLAN: v.VLAN, Bandwidth: v.Bandwidth, LocalGatewayV4IP: v.LocalGatewayIP, RemoteGatewayV4IP: v.RemoteGatewayIP,
		RouteMode: v.RouteMode, RemoteEPGroupID: nullable(v.RemoteGroupID),
		CreateTime: v.CreatedAt.UTC().Format(apiInterfaceTime), Status: v.Status, AdminStateUp: true,
		AddressFamily: "ipv4", RouteLimit: 50,
	}
}

// apiInterfaceBody holds every attribute a client may send for an interface.
type apiInterfaceBody struct {
	TenantID          *string `json:"tenant_id"`
	Name              *string `json:"name"`
	Description       *string `json:"description"`
	DirectConnectID   *string `json:"direct_connect_id"`
	VgwID             *string `json:"vgw_id"`
	Type              *string `json:"type"`
	ServiceType       *string `json:"service_type"`
	VLAN              *apiInt `json:"vlan"`
	Bandwidth         *apiInt `json:"bandwidth"`
	LocalGatewayV4IP  *string `json:"local_gateway_v4_ip"`
	RemoteGatewayV4IP *string `json:"remote_gateway_v4_ip"`
	RouteMode         *string `json:"route_mode"`
	BGPASN            *int64  `json:"bgp_asn"`
	BGPMD5            *string `json:"bgp_md5"`
	RemoteEPGroupID   *string `json:"remote_ep_group_id"`
	AdminStateUp      *bool   `json:"admin_state_up"`
	EnableBFD         *bool   `json:"enable_bfd"`
	EnableNQA         *bool   `json:"enable_nqa"`
	AddressFamily     *string `json:"address_family"`
}

// gatewayIP checks an interface's gateway address in CIDR notation, such
// as 16.16.16.1/30.
func gatewayIP(field, s string) error {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() || p.Bits() < 8 || p.Addr() == p.Masked().Addr() {
		return newAPIError(http.StatusBadRequest, "DC.0004", "virtual_interface.%s %q: give an IPv4 address in CIDR notation, such as 16.16.16.1/30.", field, s)
	}
	return nil
}

// APIInterfaceCreate handles "POST /v2.0/dcaas/virtual-interfaces" (201).
func (h *Handler) APIInterfaceCreate(c echo.Context) error {
	var b apiInterfaceBody
	if err := decodeWrapped(c, "virtual_interface", &b); err != nil {
		return err
	}
	if err := requireFields("virtual_interface", map[string]bool{
		"direct_connect_id": b.DirectConnectID != nil, "vgw_id": b.VgwID != nil, "type": b.Type != nil,
		"service_type": b.ServiceType != nil, "vlan": b.VLAN != nil, "bandwidth": b.Bandwidth != nil,
		"local_gateway_v4_ip": b.LocalGatewayV4IP != nil, "remote_gateway_v4_ip": b.RemoteGatewayV4IP != nil,
		"route_mode": b.RouteMode != nil, "remote_ep_group_id": b.RemoteEPGroupID != nil,
	}); err != nil {
		return err
	}
	if err := checkTenant(c, "virtual_interface", b.TenantID); err != nil {
		return err
	}
	switch {
	case *b.Type != "private":
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_interface.type %q: the only type is \"private\".", *b.Type)
	case *b.ServiceType != "vpc":
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_interface.service_type %q: the only service type is \"vpc\".", *b.ServiceType)
	case *b.RouteMode != "static" && *b.RouteMode != "bgp":
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_interface.route_mode %q: use \"static\" or \"bgp\".", *b.RouteMode)
	case *b.RemoteEPGroupID == "":
		return newAPIError(http.StatusBadRequest, "DC.1403", "virtual_interface.remote_ep_group_id cannot be empty.")
	case b.AdminStateUp != nil && !*b.AdminStateUp:
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_interface.admin_state_up can only be true.")
	case deref(b.AddressFamily) != "" && deref(b.AddressFamily) != "ipv4":
		return newAPIError(http.StatusBadRequest, codeBadParameter, "virtual_interface.address_family: only ipv4 is supported.")
	}
	if err := gatewayIP("local_gateway_v4_ip", *b.LocalGatewayV4IP); err != nil {
		return err
	}
	if err := gatewayIP("remote_gateway_v4_ip", *b.RemoteGatewayV4IP); err != nil {
		return err
	}
	in := store.InterfaceInput{
		Name:            defaultName("vif", b.Name),
		Description:     deref(b.Description),
		ConnectionID:    *b.DirectConnectID,
		GatewayID:       *b.VgwID,
		Bandwidth:       int(*b.Bandwidth),
		RemoteGroupID:   *b.RemoteEPGroupID,
		VLAN:            int(*b.VLAN),
		RouteMode:       *b.RouteMode,
		LocalGatewayIP:  *b.LocalGatewayV4IP,
		RemoteGatewayIP: *b.RemoteGatewayV4IP,
		BGPASN:          deref(b.BGPASN),
		BGPMD5:          deref(b.BGPMD5),
		Explicit:        true,
	}
	v, _, err := h.Store.CreateInterface(c.Request().Context(), apiProject(c), in, "")
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusCreated, "virtual_interface", toAPIInterface(v))
}

// APIInterfaceList handles "GET /v2.0/dcaas/virtual-interfaces".
func (h *Handler) APIInterfaceList(c echo.Context) error {
	vs, _, err := h.Store.Interfaces(c.Request().Context(), apiProject(c).ID, store.ListFilter{IDs: nonEmpty(c.QueryParams()["id"])})
	if err != nil {
		return err
	}
	out := make([]apiInterface, 0, len(vs))
	for _, v := range vs {
		out = append(out, toAPIInterface(v))
	}
	return writeList(c, "virtual_interfaces", out)
}

// APIInterfaceShow handles "GET /v2.0/dcaas/virtual-interfaces/:id".
func (h *Handler) APIInterfaceShow(c echo.Context) error {
	v, err := h.Store.Interface(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "virtual_interface", toAPIInterface(v))
}

// APIInterfaceUpdate handles "PUT /v2.0/dcaas/virtual-interfaces/:id":
// name, description, bandwidth and remote_ep_group_id may change.
func (h *Handler) APIInterfaceUpdate(c echo.Context) error {
	var b apiInterfaceBody
	if err := decodeWrapped(c, "virtual_interface", &b); err != nil {
		return err
	}
	fixed := map[string]bool{
		"tenant_id": b.TenantID != nil, "direct_connect_id": b.DirectConnectID != nil, "vgw_id": b.VgwID != nil,
		"type": b.Type != nil, "service_type": b.ServiceType != nil, "vlan": b.VLAN != nil,
		"local_gateway_v4_ip": b.LocalGatewayV4IP != nil, "remote_gateway_v4_ip": b.RemoteGatewayV4IP != nil,
		"route_mode": b.RouteMode != nil, "bgp_asn": b.BGPASN != nil, "bgp_md5": b.BGPMD5 != nil,
		"admin_state_up": b.AdminStateUp != nil, "enable_bfd": b.EnableBFD != nil, "enable_nqa": b.EnableNQA != nil,
		"address_family": b.AddressFamily != nil,
	}
	if fs := sortedTrue(fixed); len(fs) > 0 {
		return newAPIError(http.StatusBadRequest, codeBadParameter,
			"%s cannot be updated: only name, description, bandwidth and remote_ep_group_id can.", strings.Join(fs, ", "))
	}
	if b.RemoteEPGroupID != nil && *b.RemoteEPGroupID == "" {
		return newAPIError(http.StatusBadRequest, "DC.1403", "virtual_interface.remote_ep_group_id cannot be empty.")
	}
	u := store.InterfaceUpdate{Name: b.Name, Description: b.Description, RemoteGroupID: b.RemoteEPGroupID}
	if b.Bandwidth != nil {
		bw := int(*b.Bandwidth)
		u.Bandwidth = &bw
	}
	v, err := h.Store.UpdateInterface(c.Request().Context(), apiProject(c).ID, c.Param("id"), u)
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "virtual_interface", toAPIInterface(v))
}

// APIInterfaceDelete handles "DELETE /v2.0/dcaas/virtual-interfaces/:id"
// (204); its remote endpoint group stays for the client to delete.
func (h *Handler) APIInterfaceDelete(c echo.Context) error {
	if _, err := h.Store.DeleteInterfaceKeepGroups(c.Request().Context(), apiProject(c).ID, c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
