package api

// VPC v1 subnets in the shape of OTC's VPC API: list and create under
// /v1/{project_id}/subnets, show by id, update and delete under the VPC
// (/v1/{project_id}/vpcs/{vpc_id}/subnets/{id}), as the SDK's
// networking/v1/subnets package calls them. The rules are the console's
// (store/subnets.go).

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"dcconsole/store"
)

// apiSubnet is a subnet as the VPC v1 API shows it.
type apiSubnet struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	Description      string            `json:"description"`
	CIDR             string            `json:"cidr"`
	DNSList          []string          `json:"dnsList"`
	Status           string            `json:"status"`
	VPCID            string            `json:"vpc_id"`
	GatewayIP        string            `json:"gateway_ip"`
	DHCPEnable       bool              `json:"dhcp_enable"`
	IPv6Enable       bool              `json:"ipv6_enable"`
	PrimaryDNS       string            `json:"primary_dns"`
	SecondaryDNS     string            `json:"secondary_dns"`
	AvailabilityZone string            `json:"availability_zone"`
	NeutronNetworkID string            `json:"neutron_network_id"`
	NeutronSubnetID  string            `json:"neutron_subnet_id"`
	ExtraDHCPOpts    []json.RawMessage `json:"extra_dhcp_opts"`
}

func toAPISubnet(s store.Subnet) apiSubnet {
	return apiSubnet{
		ID: s.ID, Name: s.Name, Description: s.Description, CIDR: s.CIDR.String(), DNSList: s.DNSList(), Status: "ACTIVE",
		VPCID: s.VPCID, GatewayIP: s.GatewayIP.String(), DHCPEnable: s.DHCPEnable, PrimaryDNS: s.PrimaryDNS,
		SecondaryDNS: s.SecondaryDNS, AvailabilityZone: s.AvailabilityZone, NeutronNetworkID: s.ID,
		NeutronSubnetID: s.NeutronSubnetID, ExtraDHCPOpts: []json.RawMessage{},
	}
}

// apiSubnetBody holds what a client may send to create or update a subnet.
type apiSubnetBody struct {
	Name             *string           `json:"name"`
	Description      *string           `json:"description"`
	CIDR             *string           `json:"cidr"`
	GatewayIP        *string           `json:"gateway_ip"`
	VPCID            *string           `json:"vpc_id"`
	DHCPEnable       *bool             `json:"dhcp_enable"`
	IPv6Enable       *bool             `json:"ipv6_enable"`
	PrimaryDNS       *string           `json:"primary_dns"`
	SecondaryDNS     *string           `json:"secondary_dns"`
	DNSList          []string          `json:"dnsList"`
	AvailabilityZone *string           `json:"availability_zone"`
	ExtraDHCPOpts    []json.RawMessage `json:"extra_dhcp_opts"`
}

// unsupported refuses what the console does not offer: IPv6 subnets and
// extra DHCP options.
func (b apiSubnetBody) unsupported() error {
	if deref(b.IPv6Enable) {
		return newAPIError(http.StatusBadRequest, "VPC.0201", "subnet.ipv6_enable: IPv6 subnets are not offered by this console.")
	}
	if len(b.ExtraDHCPOpts) > 0 {
		return newAPIError(http.StatusBadRequest, "VPC.0201", "subnet.extra_dhcp_opts: extra DHCP options are not offered by this console.")
	}
	return nil
}

// APISubnetCreate handles "POST /v1/:project_id/subnets" (200, as the real
// service answers).
func (h *Handler) APISubnetCreate(c echo.Context) error {
	var b apiSubnetBody
	if err := decodeWrapped(c, "subnet", &b); err != nil {
		return err
	}
	if err := requireFields("subnet", map[string]bool{
		"name": b.Name != nil, "cidr": b.CIDR != nil, "gateway_ip": b.GatewayIP != nil, "vpc_id": b.VPCID != nil,
	}); err != nil {
		return err
	}
	if err := b.unsupported(); err != nil {
		return err
	}
	in := store.SubnetInput{
		VPCID: *b.VPCID, Name: *b.Name, Description: deref(b.Description), CIDR: *b.CIDR, GatewayIP: *b.GatewayIP,
		DHCPEnable: b.DHCPEnable, PrimaryDNS: deref(b.PrimaryDNS), SecondaryDNS: deref(b.SecondaryDNS), DNSList: b.DNSList,
		AvailabilityZone: deref(b.AvailabilityZone),
	}
	if *b.GatewayIP == "" {
		return newAPIError(http.StatusBadRequest, "VPC.0201", "subnet.gateway_ip: enter the gateway's IPv4 address in the subnet.")
	}
	s, _, err := h.Store.CreateSubnet(c.Request().Context(), apiProject(c), in, "")
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "subnet", toAPISubnet(s))
}

// APISubnetList handles "GET /v1/:project_id/subnets" (?vpc_id= and the
// other attributes filter).
func (h *Handler) APISubnetList(c echo.Context) error {
	subs, err := h.Store.Subnets(c.Request().Context(), apiProject(c).ID, "")
	if err != nil {
		return err
	}
	out := make([]apiSubnet, 0, len(subs))
	for _, s := range subs {
		out = append(out, toAPISubnet(s))
	}
	return writeList(c, "subnets", out)
}

// APISubnetShow handles "GET /v1/:project_id/subnets/:id".
func (h *Handler) APISubnetShow(c echo.Context) error {
	s, err := h.Store.Subnet(c.Request().Context(), apiProject(c).ID, c.Param("id"))
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "subnet", toAPISubnet(s))
}

// APISubnetUpdate handles "PUT /v1/:project_id/vpcs/:vpc_id/subnets/:id":
// name, description, DHCP and DNS servers (200). Block, gateway, VPC and
// availability zone cannot change.
func (h *Handler) APISubnetUpdate(c echo.Context) error {
	var b apiSubnetBody
	if err := decodeWrapped(c, "subnet", &b); err != nil {
		return err
	}
	if b.CIDR != nil || b.GatewayIP != nil || b.VPCID != nil || b.AvailabilityZone != nil {
		return newAPIError(http.StatusBadRequest, "VPC.0201", "subnet: cidr, gateway_ip, vpc_id and availability_zone cannot be changed.")
	}
	if err := b.unsupported(); err != nil {
		return err
	}
	u := store.SubnetUpdate{Name: b.Name, Description: b.Description, DHCPEnable: b.DHCPEnable, PrimaryDNS: b.PrimaryDNS, SecondaryDNS: b.SecondaryDNS}
	if len(b.DNSList) > 2 {
		return newAPIError(http.StatusBadRequest, "VPC.0201", "subnet.dnsList: name at most two DNS servers.")
	}
	if len(b.DNSList) > 0 && u.PrimaryDNS == nil && u.SecondaryDNS == nil {
		list := append(append([]string{}, b.DNSList...), "")
		u.PrimaryDNS, u.SecondaryDNS = &list[0], &list[1]
	}
	s, err := h.Store.UpdateSubnet(c.Request().Context(), apiProject(c).ID, c.Param("vpc_id"), c.Param("id"), u)
	if err != nil {
		return err
	}
	return writeWrapped(c, http.StatusOK, "subnet", toAPISubnet(s))
}

// APISubnetDelete handles "DELETE /v1/:project_id/vpcs/:vpc_id/subnets/:id" (204).
func (h *Handler) APISubnetDelete(c echo.Context) error {
	if _, err := h.Store.DeleteSubnet(c.Request().Context(), apiProject(c).ID, c.Param("vpc_id"), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
