package views

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"testing"
	"time"

	"github.com/a-h/templ"

	"dcconsole/store"
)

// benchPage is the chrome of a logged-in page, as the handlers fill it.
func benchPage(title, nav string) Page {
	ps := []store.Project{
		{ID: "0123456789abcdef0123456789abcdef", Name: "eu-de", Region: "eu-de"},
		{ID: "fedcba9876543210fedcba9876543210", Name: "eu-nl", Region: "eu-nl"},
	}
	return Page{Title: title, Nav: nav, User: "admin", IsAdmin: true, CSRF: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		Project: ps[0], Projects: ps, Path: "/dcaas/connections"}
}

// benchRows is the size of a full list page (the largest page size).
const benchRows = 50

func benchRender(b *testing.B, c templ.Component) {
	b.Helper()
	b.ReportAllocs()
	ctx := context.Background()
	for b.Loop() {
		if err := c.Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderConnectionsPage50(b *testing.B) {
	now := time.Now()
	l := ConnectionList{Used: 1000, Quota: 100000,
		Pager: Pager{Path: "/dcaas/connections", Page: 1, Size: benchRows, Total: 1000}}
	for i := range benchRows {
		l.Items = append(l.Items, store.Connection{
			ID: fmt.Sprintf("8d2c3a8e-5f0b-4c1d-9e7a-%012d", i), ProjectID: "0123456789abcdef0123456789abcdef",
			Name: fmt.Sprintf("dc-bench-%04d", i), Description: "generated for the benchmark", Location: "Biere",
			PeerLocation: "Frankfurt DC2", Bandwidth: 100, PortType: "1G", Provider: "OTC", Type: "standard",
			Status: store.StatusActive, ProviderStatus: store.StatusActive, CreatedAt: now, UpdatedAt: now,
			InterfaceCount: i % 3, UsedBandwidth: (i % 3) * 10,
		})
	}
	benchRender(b, ConnectionsPage(benchPage("Connections", "connections"), l))
}

func BenchmarkRenderGatewaysPage50(b *testing.B) {
	now := time.Now()
	l := GatewayList{Used: 50, Quota: 100,
		Pager: Pager{Path: "/dcaas/virtual-gateways", Page: 1, Size: benchRows, Total: 50}}
	for i := range benchRows {
		l.Items = append(l.Items, store.Gateway{
			ID: fmt.Sprintf("1f2e3d4c-5b6a-4978-8695-%012d", i), ProjectID: "0123456789abcdef0123456789abcdef",
			Name: fmt.Sprintf("vgw-bench-%04d", i), Description: "generated for the benchmark",
			VPCID: fmt.Sprintf("vpc-%d", i), VPCName: fmt.Sprintf("VPC-%03d", i), VPCCIDR: netip.MustParsePrefix("192.168.0.0/16"),
			CIDRs: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/24"), netip.MustParsePrefix("192.168.1.0/24")},
			Type:  store.GatewayTypeDefault, Status: store.StatusActive, BGPASN: 64512, CreatedAt: now, UpdatedAt: now,
			InterfaceCount: 1, Interfaces: []store.InterfaceRef{{ID: fmt.Sprintf("vif-%d", i), Name: fmt.Sprintf("vif-bench-%04d", i)}},
		})
	}
	benchRender(b, GatewaysPage(benchPage("Virtual Gateways", "gateways"), l))
}

func BenchmarkRenderInterfacesPage50(b *testing.B) {
	now := time.Now()
	l := InterfaceList{Used: 50, Quota: 100,
		Pager: Pager{Path: "/dcaas/virtual-interfaces", Page: 1, Size: benchRows, Total: 50}}
	for i := range benchRows {
		l.Items = append(l.Items, store.VirtualInterface{
			ID: fmt.Sprintf("6a5b4c3d-2e1f-4a0b-9c8d-%012d", i), ProjectID: "0123456789abcdef0123456789abcdef",
			Name: fmt.Sprintf("vif-bench-%04d", i), Description: "generated for the benchmark",
			ConnectionID: "conn", ConnectionName: "dc-bench-0001", ConnectionStatus: store.StatusActive, Location: "Biere",
			GatewayID: "gw", GatewayName: "vgw-bench-0001", VLAN: i + 1, Bandwidth: 10,
			RemoteSubnets: []netip.Prefix{netip.MustParsePrefix("10.10.0.0/16")}, Type: "private", ServiceType: "vpc",
			RouteMode: "static", Status: store.StatusActive, CreatedAt: now, UpdatedAt: now, VPCCIDR: "192.168.0.0/16",
		})
	}
	benchRender(b, InterfacesPage(benchPage("Virtual Interfaces", "interfaces"), l))
}

// BenchmarkRenderConnectionDetails is the details page the load test fetches.
func BenchmarkRenderConnectionDetails(b *testing.B) {
	now := time.Now()
	c := store.Connection{ID: "8d2c3a8e-5f0b-4c1d-9e7a-000000000001", ProjectID: "0123456789abcdef0123456789abcdef",
		Name: "dc-bench-0001", Location: "Biere", Bandwidth: 100, PortType: "1G", Provider: "OTC", Type: "standard",
		Status: store.StatusActive, ProviderStatus: store.StatusActive, CreatedAt: now, UpdatedAt: now}
	benchRender(b, ConnectionDetailsPage(benchPage(c.Name, "connections"), c))
}
