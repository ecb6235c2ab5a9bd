package apitest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	golangsdk "github.com/opentelekomcloud/gophertelekomcloud"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack"
	dc_endpoint_group "github.com/opentelekomcloud/gophertelekomcloud/openstack/dcaas/v2/dc-endpoint-group"
	direct_connect "github.com/opentelekomcloud/gophertelekomcloud/openstack/dcaas/v2/direct-connect"
	virtual_gateway "github.com/opentelekomcloud/gophertelekomcloud/openstack/dcaas/v2/virtual-gateway"
	virtual_interface "github.com/opentelekomcloud/gophertelekomcloud/openstack/dcaas/v2/virtual-interface"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v1/vpcs"

	"dcconsole/store"
)

// sdk holds the SDK clients of one project, from one token.
type sdk struct {
	dc  *golangsdk.ServiceClient // Direct Connect v2
	net *golangsdk.ServiceClient // VPC v1
}

func (s *server) sdk(project string) sdk {
	s.t.Helper()
	pc := s.provider(project)
	dc, err := openstack.NewDCaaSV2(pc, golangsdk.EndpointOpts{})
	if err != nil {
		s.t.Fatal(err)
	}
	nw, err := openstack.NewNetworkV1(pc, golangsdk.EndpointOpts{})
	if err != nil {
		s.t.Fatal(err)
	}
	return sdk{dc: dc, net: nw}
}

func (c sdk) group(t *testing.T, endpoints ...string) *dc_endpoint_group.DCEndpointGroup {
	t.Helper()
	g, err := dc_endpoint_group.Create(c.dc, dc_endpoint_group.CreateOpts{TenantId: c.dc.ProjectID, Endpoints: endpoints, Type: "cidr"})
	if err != nil {
		t.Fatalf("create endpoint group %v: %v", endpoints, err)
	}
	return g
}

func (c sdk) connection(t *testing.T, name, location string, bw int) *direct_connect.DirectConnect {
	t.Helper()
	dc, err := direct_connect.Create(c.dc, direct_connect.CreateOpts{Name: name, PortType: "1G", Location: location, Bandwidth: bw, Provider: "OTC"})
	if err != nil {
		t.Fatalf("create connection: %v", err)
	}
	return dc
}

func (c sdk) vpc(t *testing.T, name, cidr string) *vpcs.Vpc {
	t.Helper()
	v, err := vpcs.Create(c.net, vpcs.CreateOpts{Name: name, CIDR: cidr}).Extract()
	if err != nil {
		t.Fatalf("create vpc: %v", err)
	}
	return v
}

func (c sdk) vpc001(t *testing.T) string {
	t.Helper()
	all, err := vpcs.List(c.net, vpcs.ListOpts{Name: "VPC-001"})
	if err != nil || len(all) != 1 {
		t.Fatalf("list VPC-001: %+v %v", all, err)
	}
	return all[0].ID
}

func interfaceOpts(name, dcID, vgwID, remoteGroup string, vlan, bw int) virtual_interface.CreateOpts {
	return virtual_interface.CreateOpts{
		Name: name, DirectConnectID: dcID, VgwID: vgwID, Type: "private", ServiceType: "vpc",
		VLAN: vlan, Bandwidth: bw, LocalGatewayV4IP: "16.16.16.1/30", RemoteGatewayV4IP: "16.16.16.2/30",
		RouteMode: "static", RemoteEPGroupID: remoteGroup,
	}
}

func want404(t *testing.T, what string, err error) {
	t.Helper()
	var e404 golangsdk.ErrDefault404
	if !errors.As(err, &e404) {
		t.Fatalf("%s: %v, want 404", what, err)
	}
}

func wantCode(t *testing.T, err error, status int, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %d %s", status, code)
	}
	gotStatus, e := sdkError(t, err)
	if gotStatus != status || e.Code != code || e.Message == "" || len(e.RequestID) != 32 {
		t.Fatalf("got %d %+v, want %d %s", gotStatus, e, status, code)
	}
}

// The four resource kinds and VPCs through the SDK, the way Terraform uses
// them, with the console seeing every step and the reverse.
func TestSDKGatewayInterfaceLifecycle(t *testing.T) {
	s := newServer(t)
	c := s.sdk("eu-de")
	p := s.project("eu-de")
	ctx := context.Background()

	// VPC v1: VPC-001 is there; one more is made, read and listed.
	vpc := c.vpc(t, "vpc-api", "10.0.0.0/8")
	if vpc.ID == "" || vpc.Name != "vpc-api" || vpc.CIDR != "10.0.0.0/8" || vpc.Status != "OK" {
		t.Fatalf("vpc %+v", vpc)
	}
	if got, err := vpcs.Get(c.net, vpc.ID).Extract(); err != nil || got.ID != vpc.ID || got.CIDR != vpc.CIDR {
		t.Fatalf("get vpc %+v %v", got, err)
	}
	c.vpc001(t)

	// Endpoint groups.
	local := c.group(t, "10.2.0.0/24", "10.3.0.0/24")
	if local.ID == "" || local.TenantId != p.ID || local.Type != "cidr" || !slices.Equal(local.Endpoints, []string{"10.2.0.0/24", "10.3.0.0/24"}) {
		t.Fatalf("group %+v", local)
	}
	if got, err := dc_endpoint_group.Get(c.dc, local.ID); err != nil || got.ID != local.ID || !slices.Equal(got.Endpoints, local.Endpoints) {
		t.Fatalf("get group %+v %v", got, err)
	}
	if err := dc_endpoint_group.Update(c.dc, local.ID, dc_endpoint_group.UpdateOpts{Name: "eg-local", Description: "local subnets"}); err != nil {
		t.Fatalf("update group: %v", err)
	}
	if got, _ := dc_endpoint_group.Get(c.dc, local.ID); got.Name != "eg-local" || got.Description != "local subnets" {
		t.Fatalf("after update %+v", got)
	}
	if l, err := dc_endpoint_group.List(c.dc, local.ID); err != nil || len(l) != 1 || l[0].ID != local.ID {
		t.Fatalf("list group ?id=: %+v %v", l, err)
	}

	// A gateway takes its local subnets from the group.
	gw, err := virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{
		Name: "vgw-api", Description: "acc test", VpcId: vpc.ID, LocalEndpointGroupId: local.ID, Type: "default"})
	if err != nil {
		t.Fatalf("create gateway: %v", err)
	}
	if gw.ID == "" || gw.TenantID != p.ID || gw.Name != "vgw-api" || gw.Description != "acc test" || gw.VPCID != vpc.ID ||
		gw.LocalEPGroupID != local.ID || gw.LocalEPGroupIPv6ID != "" || gw.Type != "default" || gw.Status != "ACTIVE" ||
		!gw.AdminStateUp || gw.BGPASN != 64512 {
		t.Fatalf("created gateway %+v", gw)
	}
	if got, err := virtual_gateway.Get(c.dc, gw.ID); err != nil || *got != *gw {
		t.Fatalf("get gateway %+v %v; want %+v", got, err, gw)
	}
	if sg, err := s.Store.Gateway(ctx, p.ID, gw.ID); err != nil || store.JoinPrefixes(sg.CIDRs) != "10.2.0.0/24, 10.3.0.0/24" {
		t.Fatalf("store gateway %+v %v", sg, err)
	}
	if page := s.consolePage("/dcaas/virtual-gateways"); !strings.Contains(page, "vgw-api") {
		t.Fatal("the Virtual Gateways page does not show vgw-api")
	}

	// A gateway made in the console shows in the API with a local group.
	cg, _, err := s.Store.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-console", VPCID: c.vpc001(t), CIDRs: "192.168.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	listed, err := virtual_gateway.List(c.dc, virtual_gateway.ListOpts{})
	if err != nil || len(listed) != 2 {
		t.Fatalf("list gateways %+v %v", listed, err)
	}
	if listed, err = virtual_gateway.List(c.dc, virtual_gateway.ListOpts{Id: cg.ID}); err != nil || len(listed) != 1 || listed[0].LocalEPGroupID == "" {
		t.Fatalf("list gateways ?id= %+v %v", listed, err)
	}
	if g, err := dc_endpoint_group.Get(c.dc, listed[0].LocalEPGroupID); err != nil || !slices.Equal(g.Endpoints, []string{"192.168.0.0/16"}) {
		t.Fatalf("console gateway's group %+v %v", g, err)
	}

	// An interface, with the client's VLAN and a remote group.
	dc1 := c.connection(t, "dc-biere", "Biere", 100)
	remote := c.group(t, "172.16.0.0/24")
	vif, err := virtual_interface.Create(c.dc, interfaceOpts("vif-api", dc1.ID, gw.ID, remote.ID, 100, 5))
	if err != nil {
		t.Fatalf("create interface: %v", err)
	}
	if vif.ID == "" || vif.TenantID != p.ID || vif.VLAN != 100 || vif.Bandwidth != 5 || vif.DirectConnectID != dc1.ID || vif.VgwID != gw.ID ||
		vif.RemoteEPGroupID != remote.ID || vif.Type != "private" || vif.ServiceType != "vpc" || vif.RouteMode != "static" ||
		vif.LocalGatewayV4IP != "16.16.16.1/30" || vif.RemoteGatewayV4IP != "16.16.16.2/30" || vif.Status != "ACTIVE" ||
		vif.AddressFamily != "ipv4" || vif.RouteLimit != 50 || !vif.AdminStateUp || vif.CreateTime == "" {
		t.Fatalf("created interface %+v", vif)
	}
	if got, err := virtual_interface.Get(c.dc, vif.ID); err != nil || *got != *vif {
		t.Fatalf("get interface %+v %v", got, err)
	}
	if l, err := virtual_interface.List(c.dc, virtual_interface.ListOpts{}); err != nil || len(l) != 1 {
		t.Fatalf("list interfaces %+v %v", l, err)
	}
	if page := s.consolePage("/dcaas/virtual-interfaces"); !strings.Contains(page, "vif-api") {
		t.Fatal("the Virtual Interfaces page does not show vif-api")
	}

	// In use: the gateway (DC.1106), the groups (DC.1402).
	wantCode(t, virtual_gateway.Delete(c.dc, gw.ID), 400, "DC.1106")
	wantCode(t, dc_endpoint_group.Delete(c.dc, local.ID), 400, "DC.1402")
	wantCode(t, dc_endpoint_group.Delete(c.dc, remote.ID), 400, "DC.1402")
	wantCode(t, direct_connect.Delete(c.dc, dc1.ID), 400, "DC.1007")

	// Terraform's subnet change: new group, PUT, delete the old group.
	local2 := c.group(t, "10.2.0.0/24", "10.3.0.0/24", "10.4.0.0/24")
	if err := virtual_gateway.Update(c.dc, gw.ID, virtual_gateway.UpdateOpts{LocalEndpointGroupId: local2.ID}); err != nil {
		t.Fatalf("gateway to the new group: %v", err)
	}
	if err := dc_endpoint_group.Delete(c.dc, local.ID); err != nil {
		t.Fatalf("delete the old local group: %v", err)
	}
	if err := virtual_gateway.Update(c.dc, gw.ID, virtual_gateway.UpdateOpts{Name: "vgw-api-updated", Description: "acc test updated"}); err != nil {
		t.Fatalf("update gateway: %v", err)
	}
	if got, _ := virtual_gateway.Get(c.dc, gw.ID); got.LocalEPGroupID != local2.ID || got.Name != "vgw-api-updated" || got.Description != "acc test updated" {
		t.Fatalf("gateway after updates %+v", got)
	}
	remote2 := c.group(t, "172.16.0.0/24", "172.17.0.0/24")
	if err := virtual_interface.Update(c.dc, vif.ID, virtual_interface.UpdateOpts{RemoteEndpointGroupId: remote2.ID}); err != nil {
		t.Fatalf("interface to the new group: %v", err)
	}
	if err := dc_endpoint_group.Delete(c.dc, remote.ID); err != nil {
		t.Fatalf("delete the old remote group: %v", err)
	}
	if err := virtual_interface.Update(c.dc, vif.ID, virtual_interface.UpdateOpts{Name: "vif-api-updated", Description: "description updated", Bandwidth: 10}); err != nil {
		t.Fatalf("update interface: %v", err)
	}
	got, _ := virtual_interface.Get(c.dc, vif.ID)
	if got.Name != "vif-api-updated" || got.Description != "description updated" || got.Bandwidth != 10 || got.RemoteEPGroupID != remote2.ID || got.VLAN != 100 {
		t.Fatalf("interface after updates %+v", got)
	}
	if sv, err := s.Store.Interface(ctx, p.ID, vif.ID); err != nil || store.JoinPrefixes(sv.RemoteSubnets) != "172.16.0.0/24, 172.17.0.0/24" {
		t.Fatalf("store interface %+v %v", sv, err)
	}

	// Delete in Terraform's order; every GET after a delete is 404.
	if err := virtual_interface.Delete(c.dc, vif.ID); err != nil {
		t.Fatalf("delete interface: %v", err)
	}
	_, err = virtual_interface.Get(c.dc, vif.ID)
	want404(t, "interface after delete", err)
	if err := dc_endpoint_group.Delete(c.dc, remote2.ID); err != nil {
		t.Fatalf("delete remote group: %v", err)
	}
	if err := virtual_gateway.Delete(c.dc, gw.ID); err != nil {
		t.Fatalf("delete gateway: %v", err)
	}
	_, err = virtual_gateway.Get(c.dc, gw.ID)
	want404(t, "gateway after delete", err)
	want404(t, "second gateway delete", virtual_gateway.Delete(c.dc, gw.ID))
	if err := dc_endpoint_group.Delete(c.dc, local2.ID); err != nil {
		t.Fatalf("delete local group: %v", err)
	}
	_, err = dc_endpoint_group.Get(c.dc, local2.ID)
	want404(t, "group after delete", err)
	if err := vpcs.Delete(c.net, vpc.ID).ExtractErr(); err != nil {
		t.Fatalf("delete vpc: %v", err)
	}
	_, err = vpcs.Get(c.net, vpc.ID).Extract()
	want404(t, "vpc after delete", err)

	// The operations log names the API's user for each change.
	ops, _, err := s.Store.Operations(ctx, p.ID, store.OperationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, o := range ops {
		seen[o.User+" "+o.ResourceType+" "+o.Action] = true
	}
	for _, w := range []string{"admin endpoint_group create", "admin endpoint_group modify", "admin endpoint_group delete",
		"admin virtual_gateway create", "admin virtual_gateway modify", "admin virtual_gateway delete",
		"admin virtual_interface create", "admin virtual_interface modify", "admin virtual_interface delete",
		"admin vpc create", "admin vpc delete"} {
		if !seen[w] {
			t.Errorf("no %q in the operations log", w)
		}
	}
}

// Gateways take IPv6 local subnets through local_ep_group_ipv6_id, as the
// SDK's IPv6 test does, and the console shows them.
func TestSDKGatewayIPv6(t *testing.T) {
	s := newServer(t)
	c := s.sdk("eu-de")
	v6 := c.group(t, "2a07:8700:2:4::/64", "2a07:8700:2:54::/64")
	gw, err := virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-v6", VpcId: c.vpc001(t), LocalEndpointGroupIpv6Id: v6.ID, Type: "default"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if gw.LocalEPGroupIPv6ID != v6.ID || gw.LocalEPGroupID != "" {
		t.Fatalf("gateway %+v", gw)
	}
	page := s.consolePage("/dcaas/virtual-gateways/" + gw.ID)
	if !strings.Contains(page, "2a07:8700:2:4::/64") || !strings.Contains(page, "2a07:8700:2:54::/64") {
		t.Fatal("the gateway's details do not show its IPv6 subnets")
	}
	// An IPv4 group added later, and IPv6 groups where IPv4 belongs are refused.
	v4 := c.group(t, "10.2.0.0/24")
	if err := virtual_gateway.Update(c.dc, gw.ID, virtual_gateway.UpdateOpts{LocalEndpointGroupId: v4.ID}); err != nil {
		t.Fatalf("add IPv4 group: %v", err)
	}
	wantCode(t, virtual_gateway.Update(c.dc, gw.ID, virtual_gateway.UpdateOpts{LocalEndpointGroupId: v6.ID}), 400, "DC.1100")
	wantCode(t, virtual_gateway.Update(c.dc, gw.ID, virtual_gateway.UpdateOpts{LocalEndpointGroupIpv6Id: v4.ID}), 400, "DC.1100")
	if err := virtual_gateway.Delete(c.dc, gw.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{v6.ID, v4.ID} {
		if err := dc_endpoint_group.Delete(c.dc, id); err != nil {
			t.Fatalf("delete group: %v", err)
		}
	}
}

// Rule errors of gateways, interfaces and groups come back with the real
// service's codes, and a refused request leaves nothing behind.
func TestSDKGatewayInterfaceErrorCodes(t *testing.T) {
	s := newServer(t)
	c := s.sdk("eu-de")
	ctx := context.Background()
	p := s.project("eu-de")
	local := c.group(t, "10.2.0.0/24", "10.3.0.0/24")
	gw, err := virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-1", VpcId: c.vpc001(t), LocalEndpointGroupId: local.ID})
	if err != nil {
		t.Fatal(err)
	}
	biere := c.connection(t, "dc-biere", "Biere", 100)
	biere2 := c.connection(t, "dc-biere2", "Biere", 100)
	magdeburg := c.connection(t, "dc-magdeburg", "Magdeburg", 100)
	remote := c.group(t, "172.16.0.0/24")
	if _, err := virtual_interface.Create(c.dc, interfaceOpts("vif-1", biere.ID, gw.ID, remote.ID, 100, 50)); err != nil {
		t.Fatal(err)
	}

	t.Run("VLANConflict", func(t *testing.T) {
		_, err := virtual_interface.Create(c.dc, interfaceOpts("vif-2", biere.ID, gw.ID, remote.ID, 100, 10))
		wantCode(t, err, 400, "DC.1209")
	})
	t.Run("RemoteSubnetIsLocal", func(t *testing.T) {
		// The SDK's TestDCAASLifecycle binds the gateway's own group as remote.
		_, err := virtual_interface.Create(c.dc, interfaceOpts("vif-2", magdeburg.ID, gw.ID, local.ID, 200, 10))
		wantCode(t, err, 400, "DC.1105")
		// Nothing is left behind: the group is used by the gateway only.
		other := c.group(t, "10.2.0.0/24")
		_, err = virtual_interface.Create(c.dc, interfaceOpts("vif-2", magdeburg.ID, gw.ID, other.ID, 200, 10))
		wantCode(t, err, 400, "DC.1105")
		if err := dc_endpoint_group.Delete(c.dc, other.ID); err != nil {
			t.Fatalf("a group refused for an interface cannot be deleted: %v", err)
		}
	})
	t.Run("Bandwidth", func(t *testing.T) {
		_, err := virtual_interface.Create(c.dc, interfaceOpts("vif-2", biere.ID, gw.ID, remote.ID, 101, 60)) // 50 of 100 left
		wantCode(t, err, 400, "DC.1000")
		_, err = virtual_interface.Create(c.dc, interfaceOpts("vif-2", magdeburg.ID, gw.ID, remote.ID, 101, 200))
		wantCode(t, err, 400, "DC.1000")
	})
	t.Run("Redundancy", func(t *testing.T) {
		_, err := virtual_interface.Create(c.dc, interfaceOpts("vif-2", biere2.ID, gw.ID, remote.ID, 101, 10)) // second connection, same location
		wantCode(t, err, 400, "DC.1117")
	})
	t.Run("UnknownReferences", func(t *testing.T) {
		_, err := virtual_interface.Create(c.dc, interfaceOpts("vif-2", magdeburg.ID, gw.ID, "00000000-0000-4000-a000-000000000000", 101, 10))
		wantCode(t, err, 400, "DC.1403")
		_, err = virtual_interface.Create(c.dc, interfaceOpts("vif-2", "00000000-0000-4000-a000-000000000000", gw.ID, remote.ID, 101, 10))
		wantCode(t, err, 400, "DC.1012")
		_, err = virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-2", VpcId: "nope", LocalEndpointGroupId: local.ID})
		wantCode(t, err, 400, "DC.0007")
		v := c.vpc(t, "vpc-2", "172.16.0.0/16")
		_, err = virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-2", VpcId: v.ID, LocalEndpointGroupId: "nope"})
		wantCode(t, err, 400, "DC.1100")
		_, err = virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-2", VpcId: v.ID})
		wantCode(t, err, 400, "DC.1100")
		_, err = virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-2", VpcId: c.vpc001(t), LocalEndpointGroupId: local.ID})
		wantCode(t, err, 400, "DC.1110") // one gateway per VPC
	})
	t.Run("GroupRules", func(t *testing.T) {
		_, err := dc_endpoint_group.Create(c.dc, dc_endpoint_group.CreateOpts{TenantId: p.ID, Endpoints: []string{"10.9.0.0/24", "10.9.0.0/24"}})
		wantCode(t, err, 400, "DC.1401")
		_, err = dc_endpoint_group.Create(c.dc, dc_endpoint_group.CreateOpts{TenantId: p.ID, Endpoints: []string{"10.9.0.1/24"}})
		wantCode(t, err, 400, "DC.0001")
		_, err = dc_endpoint_group.Create(c.dc, dc_endpoint_group.CreateOpts{TenantId: p.ID, Endpoints: []string{"10.9.0.0/24"}, Type: "subnet"})
		wantCode(t, err, 400, "DC.0001")
		wantCode(t, dc_endpoint_group.Delete(c.dc, local.ID), 400, "DC.1402")
	})
	t.Run("Quota", func(t *testing.T) {
		if err := s.Store.SetQuotas(ctx, p.ID, store.Quotas{Connections: 10, Gateways: 1, Interfaces: 1}); err != nil {
			t.Fatal(err)
		}
		_, err := virtual_interface.Create(c.dc, interfaceOpts("vif-2", magdeburg.ID, gw.ID, remote.ID, 101, 10))
		wantCode(t, err, 400, "DC.1019")
		v := c.vpc(t, "vpc-3", "10.0.0.0/16")
		_, err = virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-3", VpcId: v.ID, LocalEndpointGroupId: local.ID})
		wantCode(t, err, 400, "DC.1019")
	})
	if used, _, _ := s.Store.InterfaceQuota(ctx, p.ID); used != 1 {
		t.Fatalf("%d interfaces after refused creates, want 1", used)
	}
}

// A token of one project cannot see, change, delete or use another
// project's gateways, interfaces, groups and VPCs.
func TestSDKDCaaSProjectIsolation(t *testing.T) {
	s := newServer(t)
	de, nl := s.sdk("eu-de"), s.sdk("eu-nl")
	local := de.group(t, "10.2.0.0/24")
	remote := de.group(t, "172.16.0.0/24")
	gw, err := virtual_gateway.Create(de.dc, virtual_gateway.CreateOpts{Name: "vgw-de", VpcId: de.vpc001(t), LocalEndpointGroupId: local.ID})
	if err != nil {
		t.Fatal(err)
	}
	conn := de.connection(t, "dc-de", "Biere", 100)
	vif, err := virtual_interface.Create(de.dc, interfaceOpts("vif-de", conn.ID, gw.ID, remote.ID, 100, 10))
	if err != nil {
		t.Fatal(err)
	}

	_, err = virtual_gateway.Get(nl.dc, gw.ID)
	want404(t, "gateway get", err)
	want404(t, "gateway update", virtual_gateway.Update(nl.dc, gw.ID, virtual_gateway.UpdateOpts{Name: "stolen"}))
	want404(t, "gateway delete", virtual_gateway.Delete(nl.dc, gw.ID))
	_, err = virtual_interface.Get(nl.dc, vif.ID)
	want404(t, "interface get", err)
	want404(t, "interface update", virtual_interface.Update(nl.dc, vif.ID, virtual_interface.UpdateOpts{Name: "stolen"}))
	want404(t, "interface delete", virtual_interface.Delete(nl.dc, vif.ID))
	_, err = dc_endpoint_group.Get(nl.dc, local.ID)
	want404(t, "group get", err)
	want404(t, "group update", dc_endpoint_group.Update(nl.dc, local.ID, dc_endpoint_group.UpdateOpts{Name: "stolen"}))
	want404(t, "group delete", dc_endpoint_group.Delete(nl.dc, local.ID))
	if l, err := virtual_gateway.List(nl.dc, virtual_gateway.ListOpts{Id: gw.ID}); err != nil || len(l) != 0 {
		t.Fatalf("gateway list %+v %v", l, err)
	}
	if l, err := virtual_interface.List(nl.dc, virtual_interface.ListOpts{}); err != nil || len(l) != 0 {
		t.Fatalf("interface list %+v %v", l, err)
	}
	if l, err := dc_endpoint_group.List(nl.dc, ""); err != nil || len(l) != 0 {
		t.Fatalf("group list %+v %v", l, err)
	}
	// Another project's group cannot be used.
	_, err = virtual_gateway.Create(nl.dc, virtual_gateway.CreateOpts{Name: "vgw-nl", VpcId: nl.vpc001(t), LocalEndpointGroupId: local.ID})
	wantCode(t, err, 400, "DC.1100")
	// The VPC API answers only for the token's project.
	_, err = vpcs.Get(nl.net, de.vpc001(t)).Extract()
	want404(t, "vpc get", err)
	r := s.do(http.MethodGet, fmt.Sprintf("/v1/%s/vpcs", de.dc.ProjectID), nl.dc.TokenID, "", nil)
	wantServiceError(t, r, http.StatusNotFound, "VPC.0007") // urlTenantId is not equal tokenTenantId
	// The owner still has everything.
	if got, err := virtual_interface.Get(de.dc, vif.ID); err != nil || got.Name != "vif-de" {
		t.Fatalf("owner: %+v %v", got, err)
	}
}

// Bad bodies for gateways, interfaces, groups and VPCs get a 4xx with the
// service's error body, never a 5xx, and store nothing.
func TestAPIBadRequestsNewResources(t *testing.T) {
	s := newServer(t)
	tok := s.projectToken("eu-de")
	p := s.project("eu-de")
	const (
		gws  = "/v2.0/dcaas/virtual-gateways"
		vifs = "/v2.0/dcaas/virtual-interfaces"
		egs  = "/v2.0/dcaas/dc-endpoint-groups"
	)
	vpcPath := "/v1/" + p.ID + "/vpcs"
	huge := `"` + strings.Repeat("a", 2<<20) + `"`
	cases := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"GatewayMalformed", "POST", gws, `{"virtual_gateway":{"vpc_id":`, 400, "DC.0000"},
		{"GatewayVPCNumber", "POST", gws, `{"virtual_gateway":{"vpc_id":5,"local_ep_group_id":"x"}}`, 400, "DC.0001"},
		{"GatewayASNString", "POST", gws, `{"virtual_gateway":{"vpc_id":"x","local_ep_group_id":"x","bgp_asn":"many"}}`, 400, "DC.0001"},
		{"GatewayASNRange", "POST", gws, `{"virtual_gateway":{"vpc_id":"x","local_ep_group_id":"x","bgp_asn":99999999999}}`, 400, "DC.0008"},
		{"GatewayUnknownField", "POST", gws, `{"virtual_gateway":{"vpc_id":"x","cidrs":"10.0.0.0/8"}}`, 400, "DC.0001"},
		{"GatewayNoVPC", "POST", gws, `{"virtual_gateway":{"local_ep_group_id":"x"}}`, 400, "DC.0001"},
		{"GatewayBadType", "POST", gws, `{"virtual_gateway":{"vpc_id":"x","local_ep_group_id":"x","type":"fancy"}}`, 400, "DC.0001"},
		{"GatewayHuge", "POST", gws, `{"virtual_gateway":{"description":` + huge + `}}`, 413, "DC.0000"},
		{"GatewayUpdateVPC", "PUT", gws + "/x", `{"virtual_gateway":{"vpc_id":"y"}}`, 400, "DC.0001"},
		{"GatewayUpdateEmptyGroup", "PUT", gws + "/x", `{"virtual_gateway":{"local_ep_group_id":""}}`, 400, "DC.1100"},
		{"GatewayUpdateUnknown", "PUT", gws + "/x", `{"virtual_gateway":{"name":"y"}}`, 404, "DC.0002"},
		{"InterfaceVLANWord", "POST", vifs, `{"virtual_interface":{"vlan":"abc"}}`, 400, "DC.0001"},
		{"InterfaceMissing", "POST", vifs, `{"virtual_interface":{"vlan":100}}`, 400, "DC.0001"},
		{"InterfaceBadIP", "POST", vifs, `{"virtual_interface":{"direct_connect_id":"a","vgw_id":"b","type":"private","service_type":"vpc","vlan":100,"bandwidth":5,"local_gateway_v4_ip":"x","remote_gateway_v4_ip":"16.16.16.2/30","route_mode":"static","remote_ep_group_id":"c"}}`, 400, "DC.0004"},
		{"InterfaceVLANRange", "POST", vifs, `{"virtual_interface":{"direct_connect_id":"a","vgw_id":"b","type":"private","service_type":"vpc","vlan":5000,"bandwidth":5,"local_gateway_v4_ip":"16.16.16.1/30","remote_gateway_v4_ip":"16.16.16.2/30","route_mode":"static","remote_ep_group_id":"c"}}`, 400, "DC.0001"},
		{"InterfaceBGPNoASN", "POST", vifs, `{"virtual_interface":{"direct_connect_id":"a","vgw_id":"b","type":"private","service_type":"vpc","vlan":5,"bandwidth":5,"local_gateway_v4_ip":"16.16.16.1/30","remote_gateway_v4_ip":"16.16.16.2/30","route_mode":"bgp","remote_ep_group_id":"c"}}`, 400, "DC.1203"},
		{"InterfaceUpdateVLAN", "PUT", vifs + "/x", `{"virtual_interface":{"vlan":5}}`, 400, "DC.0001"},
		{"InterfaceUpdateBandwidthFloat", "PUT", vifs + "/x", `{"virtual_interface":{"bandwidth":5.5}}`, 400, "DC.0001"},
		{"GroupEndpointsString", "POST", egs, `{"dc_endpoint_group":{"endpoints":"10.0.0.0/8"}}`, 400, "DC.0001"},
		{"GroupEndpointsNumbers", "POST", egs, `{"dc_endpoint_group":{"endpoints":[1,2]}}`, 400, "DC.0001"},
		{"GroupEndpointsNull", "POST", egs, `{"dc_endpoint_group":{"endpoints":[null]}}`, 400, "DC.0001"},
		{"GroupEndpointsEmpty", "POST", egs, `{"dc_endpoint_group":{"endpoints":[]}}`, 400, "DC.0001"},
		{"GroupEndpointsTooMany", "POST", egs, `{"dc_endpoint_group":{"endpoints":[` + strings.Repeat(`"10.0.0.0/8",`, 50) + `"10.0.0.0/8"]}}`, 400, "DC.0001"},
		{"GroupEndpointsMixed", "POST", egs, `{"dc_endpoint_group":{"endpoints":["10.0.0.0/8","2a07:8700:2:4::/64"]}}`, 400, "DC.0001"},
		{"GroupNoEndpoints", "POST", egs, `{"dc_endpoint_group":{"name":"x"}}`, 400, "DC.0001"},
		{"GroupOtherTenant", "POST", egs, `{"dc_endpoint_group":{"tenant_id":"0123456789abcdef0123456789abcdef","endpoints":["10.0.0.0/8"]}}`, 400, "DC.0001"},
		{"GroupBadName", "POST", egs, `{"dc_endpoint_group":{"name":"a b","endpoints":["10.0.0.0/8"]}}`, 400, "DC.0001"},
		{"GroupUpdateEndpoints", "PUT", egs + "/x", `{"dc_endpoint_group":{"endpoints":["10.0.0.0/8"]}}`, 400, "DC.0001"},
		{"GroupWrongWrapper", "POST", egs, `{"dc_endpoint_groups":{"endpoints":["10.0.0.0/8"]}}`, 400, "DC.0000"},
		{"GroupMethod", "PATCH", egs, `{}`, 405, "DC.0001"},
		// The VPC API answers with the VPC service's codes: VPC.0101 invalid
		// parameters, VPC.0003 VPC does not exist.
		{"VPCBadCIDR", "POST", vpcPath, `{"vpc":{"name":"v","cidr":"8.8.8.0/24"}}`, 400, "VPC.0101"},
		{"VPCCIDRNumber", "POST", vpcPath, `{"vpc":{"name":"v","cidr":24}}`, 400, "VPC.0101"},
		{"VPCMalformed", "POST", vpcPath, `{"vpc":`, 400, "VPC.0101"},
		{"VPCUnknownID", "GET", vpcPath + "/nope", ``, 404, "VPC.0003"},
		{"VPCUpdateUnknownID", "PUT", vpcPath + "/nope", `{"vpc":{}}`, 404, "VPC.0003"},
		{"VPCMethod", "PATCH", vpcPath + "/nope", `{"vpc":{}}`, 405, "VPC.0101"},
		{"VPCNoToken", "GET", vpcPath + "/nope", ``, 401, "APIGW.0301"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token := tok
			if tc.code == "APIGW.0301" {
				token = ""
			}
			var r response
			if tc.body == "" {
				r = s.do(tc.method, tc.path, token, "", nil)
			} else {
				r = s.do(tc.method, tc.path, token, "application/json", strings.NewReader(tc.body))
			}
			wantServiceError(t, r, tc.status, tc.code)
		})
	}
	ctx := context.Background()
	if gs, err := s.Store.EndpointGroups(ctx, p.ID, nil); err != nil || len(gs) != 0 {
		t.Fatalf("groups stored by bad requests: %+v %v", gs, err)
	}
	if vs, err := s.Store.VPCs(ctx, p.ID); err != nil || len(vs) != 1 {
		t.Fatalf("VPCs after bad requests: %+v %v", vs, err)
	}
	// ?fields= and ?id= work on the new lists too.
	r := s.do("POST", egs, tok, "application/json", strings.NewReader(`{"dc_endpoint_group":{"name":"eg-1","endpoints":["10.0.0.0/8"]}}`))
	if r.Status != http.StatusCreated {
		t.Fatalf("create group: %d %s", r.Status, r.Body)
	}
	r = s.do("GET", egs+"?id=&fields=name&fields=endpoints", tok, "", nil)
	if r.Status != http.StatusOK || string(r.Body) != `{"dc_endpoint_groups":[{"endpoints":["10.0.0.0/8"],"name":"eg-1"}]}`+"\n" {
		t.Fatalf("list with fields: %d %s", r.Status, r.Body)
	}
}

// TestSDKInterfaceBGP: a BGP interface keeps the AS number and MD5 key the
// SDK sends and returns them; the BGP rules answer with the real codes.
func TestSDKInterfaceBGP(t *testing.T) {
	s := newServer(t)
	c := s.sdk("eu-de")
	dc := c.connection(t, "dc-bgp", "Biere", 100)
	gw, err := virtual_gateway.Create(c.dc, virtual_gateway.CreateOpts{Name: "vgw-bgp", VpcId: c.vpc001(t), LocalEndpointGroupId: c.group(t, "192.168.0.0/16").ID, Type: "default"})
	if err != nil {
		t.Fatal(err)
	}
	bgp := func(name string, asn int, md5 string) virtual_interface.CreateOpts {
		o := interfaceOpts(name, dc.ID, gw.ID, c.group(t, "10.9.0.0/16").ID, 100, 10)
		o.RouteMode, o.BGPASN, o.BGPMD5 = "bgp", asn, md5
		return o
	}
	v, err := virtual_interface.Create(c.dc, bgp("vif-bgp", 65001, "Qaz12345678"))
	if err != nil {
		t.Fatalf("create BGP interface: %v", err)
	}
	if v.RouteMode != "bgp" || v.BGPASN != 65001 || v.BGPMD5 != "Qaz12345678" {
		t.Fatalf("created %+v", v)
	}
	if got, err := virtual_interface.Get(c.dc, v.ID); err != nil || got.BGPASN != 65001 || got.BGPMD5 != "Qaz12345678" {
		t.Fatalf("get %+v %v", got, err)
	}
	if page := s.consolePage("/dcaas/virtual-interfaces/" + v.ID); !strings.Contains(page, "65001") {
		t.Error("the console's details do not show the BGP AS number")
	}
	_, err = virtual_interface.Create(c.dc, bgp("vif-no-asn", 0, ""))
	wantCode(t, err, 400, "DC.1203")
	_, err = virtual_interface.Create(c.dc, bgp("vif-same-asn", 64512, ""))
	wantCode(t, err, 400, "DC.1223")
	_, err = virtual_interface.Create(c.dc, bgp("vif-bad-key", 65002, "has space"))
	wantCode(t, err, 400, "DC.0001")
	// A static interface has neither.
	st, err := virtual_interface.Create(c.dc, interfaceOpts("vif-static", dc.ID, gw.ID, c.group(t, "10.8.0.0/16").ID, 101, 10))
	if err != nil || st.BGPASN != 0 || st.BGPMD5 != "" {
		t.Fatalf("static %+v %v", st, err)
	}
}
