package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"dcconsole/handlers"
	"dcconsole/store"
)

// consoleWords are what an API refusal must not say: the console's field
// names (where the API's differ) and its instructions.
var consoleWords = regexp.MustCompile(`(?i)\b(select|refresh the list|enter|choose|click)\b|(^|; )(connection|gateway|vpc|cidrs|local_cidrs|remote_subnets|dns_list): `)

// TestAPIRefusalNamesAttribute: every refusal of a store rule through the
// API names the JSON attribute the client sent (direct_connect_id, vgw_id,
// remote_ep_group_id, local_ep_group_id, vpc_id, bandwidth, vlan, ...),
// carries the real service's code, and gives no console instruction.
func TestAPIRefusalNamesAttribute(t *testing.T) {
	w := newSecWorld(t, handlers.Config{})
	ctx := context.Background()
	a := w.ids[w.A.ID]
	tok := w.APIToken(store.User{ID: 1, Name: "admin", IsAdmin: true}, w.A)
	remote, err := w.Store.CreateEndpointGroup(ctx, w.A, store.EndpointGroupInput{Name: "remote-x", Endpoints: []string{"172.30.0.0/24"}})
	if err != nil {
		t.Fatal(err)
	}
	vif := func(dc, vgw, group string, vlan, bw int) string {
		return fmt.Sprintf(`{"virtual_interface":{"direct_connect_id":%q,"vgw_id":%q,"type":"private","service_type":"vpc","vlan":%d,"bandwidth":%d,`+
			`"local_gateway_v4_ip":"16.16.16.1/30","remote_gateway_v4_ip":"16.16.16.2/30","route_mode":"static","remote_ep_group_id":%q}}`, dc, vgw, vlan, bw, group)
	}
	const dc = "/v2.0/dcaas"
	vpcs := "/v1/" + w.A.ID + "/vpcs"
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		code                     string
		attrs                    []string // each must open a problem: "vgw_id: ..."
	}{
		{"interface on another project's connection and gateway", "POST", dc + "/virtual-interfaces",
			vif(w.ids[w.B.ID]["connection"], w.ids[w.B.ID]["gateway"], remote.ID, 100, 5), 400, "DC.1012", []string{"direct_connect_id", "vgw_id"}},
		{"interface VLAN out of range", "POST", dc + "/virtual-interfaces", vif(a["connection"], a["gateway"], remote.ID, 5000, 5), 400, "DC.0001", []string{"vlan"}},
		{"interface VLAN 0", "POST", dc + "/virtual-interfaces", vif(a["connection"], a["gateway"], remote.ID, 0, 5), 400, "DC.0001", []string{"vlan"}},
		{"interface bandwidth 0", "POST", dc + "/virtual-interfaces", vif(a["connection"], a["gateway"], remote.ID, 100, 0), 400, "DC.0001", []string{"bandwidth"}},
		{"interface bandwidth above the connection", "POST", dc + "/virtual-interfaces", vif(a["connection"], a["gateway"], remote.ID, 100, 5000), 400, "DC.1000", []string{"bandwidth"}},
		{"interface with an unknown remote group", "POST", dc + "/virtual-interfaces", vif(a["connection"], a["gateway"], "no-group", 100, 5), 400, "DC.1403", []string{"remote_ep_group_id"}},
		{"interface VLAN taken", "POST", dc + "/virtual-interfaces", vif(a["connection"], a["gateway"], remote.ID, 1, 5), 400, "DC.1209", []string{"vlan"}},
		{"interface update bandwidth too high", "PUT", dc + "/virtual-interfaces/" + a["interface"], `{"virtual_interface":{"bandwidth":20000}}`, 400, "DC.0001", []string{"bandwidth"}},
		{"gateway on an unknown VPC", "POST", dc + "/virtual-gateways", `{"virtual_gateway":{"vpc_id":"no-vpc","local_ep_group_id":"` + remote.ID + `"}}`, 400, "DC.0007", []string{"vpc_id"}},
		{"gateway on a VPC that has one", "POST", dc + "/virtual-gateways", `{"virtual_gateway":{"vpc_id":"` + a["vpc"] + `","local_ep_group_id":"` + remote.ID + `"}}`, 400, "DC.1110", []string{"vpc_id"}},
		{"gateway with an unknown local group", "POST", dc + "/virtual-gateways", `{"virtual_gateway":{"vpc_id":"` + w.freeVPCA + `","local_ep_group_id":"no-group"}}`, 400, "DC.1100", []string{"local_ep_group_id"}},
		{"gateway AS number too large", "POST", dc + "/virtual-gateways", `{"virtual_gateway":{"vpc_id":"` + w.freeVPCA + `","local_ep_group_id":"` + remote.ID + `","bgp_asn":4294967296}}`, 400, "DC.0008", []string{"bgp_asn"}},
		{"connection bandwidth and location", "POST", dc + "/direct-connects", `{"direct_connect":{"port_type":"1G","bandwidth":50000,"location":"Mars","provider":"OTC"}}`, 400, "DC.0001", []string{"location", "bandwidth"}},
		{"connection bandwidth below what its interfaces use", "PUT", dc + "/direct-connects/" + a["connection"], `{"direct_connect":{"bandwidth":2}}`, 400, "DC.1010", []string{"bandwidth"}},
		{"endpoint group with a bad block", "POST", dc + "/dc-endpoint-groups", `{"dc_endpoint_group":{"endpoints":["10.0.0.0/33"]}}`, 400, "DC.0001", []string{"endpoints"}},
		{"VPC with a public block", "POST", vpcs, `{"vpc":{"name":"v","cidr":"8.8.8.0/24"}}`, 400, "VPC.0101", []string{"cidr"}},
		{"subnet with three DNS servers", "POST", "/v1/" + w.A.ID + "/subnets", `{"subnet":{"name":"s","cidr":"192.168.9.0/24","gateway_ip":"192.168.9.1","vpc_id":"` + a["vpc"] +
			`","dnsList":["1.1.1.1","2.2.2.2","3.3.3.3"]}}`, 400, "VPC.0201", []string{"dnsList"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := w.snapshot()
			resp, body := w.Raw(tc.method, tc.path, "application/json", tc.body, map[string]string{"X-Auth-Token": tok})
			var e struct {
				Code string `json:"error_code"`
				Msg  string `json:"error_msg"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("status %d, not a JSON error: %.300s", resp.StatusCode, body)
			}
			if resp.StatusCode != tc.status || e.Code != tc.code {
				t.Errorf("%d %s (%s), want %d %s", resp.StatusCode, e.Code, e.Msg, tc.status, tc.code)
			}
			t.Logf("%d %s %s", resp.StatusCode, e.Code, e.Msg)
			for _, attr := range tc.attrs {
				if !strings.HasPrefix(e.Msg, attr+": ") && !strings.Contains(e.Msg, "; "+attr+": ") {
					t.Errorf("%q does not name %s", e.Msg, attr)
				}
			}
			if consoleWords.MatchString(e.Msg) {
				t.Errorf("%q speaks like the console: %q", e.Msg, consoleWords.FindString(e.Msg))
			}
			w.assertUnchanged(t, before, tc.name)
		})
	}
	if resp, _ := w.Raw("GET", dc+"/virtual-interfaces", "", "", map[string]string{"X-Auth-Token": tok}); resp.StatusCode != http.StatusOK {
		t.Fatalf("token no longer works: %d", resp.StatusCode)
	}
}
