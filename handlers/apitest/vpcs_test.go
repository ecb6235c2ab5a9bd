package apitest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	golangsdk "github.com/opentelekomcloud/gophertelekomcloud"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/common/tags"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v1/subnets"
	"github.com/opentelekomcloud/gophertelekomcloud/openstack/networking/v1/vpcs"
	v3vpcs "github.com/opentelekomcloud/gophertelekomcloud/openstack/vpc/v3/vpcs"
)

// vpcClients are the SDK clients of the VPC service for one project, all
// found through the token's catalog as the Terraform provider finds them.
type vpcClients struct {
	net *golangsdk.ServiceClient // VPC v1 (vpcs, subnets)
	v2  *golangsdk.ServiceClient // networking v2.0 (VPC tags)
	v3  *golangsdk.ServiceClient // VPC v3
}

func (s *server) vpcClients(project string) vpcClients {
	s.t.Helper()
	pc := s.provider(project)
	var c vpcClients
	var err error
	if c.net, err = openstack.NewNetworkV1(pc, golangsdk.EndpointOpts{}); err != nil {
		s.t.Fatal(err)
	}
	if c.v2, err = openstack.NewNetworkV2(pc, golangsdk.EndpointOpts{}); err != nil {
		s.t.Fatal(err)
	}
	if c.v3, err = openstack.NewVpcV3(pc, golangsdk.EndpointOpts{}); err != nil {
		s.t.Fatal(err)
	}
	return c
}

// A new project's subnet-001, found the way the provider's acceptance tests
// find their VPC (OS_SUBNET_NAME), then a subnet's whole life through the
// SDK, seen by the console's store at every step.
func TestSDKSubnetLifecycle(t *testing.T) {
	s := newServer(t)
	c := s.vpcClients("eu-de")
	p := s.project("eu-de")
	ctx := context.Background()

	all, err := subnets.List(c.net, subnets.ListOpts{Name: "subnet-001"})
	if err != nil || len(all) != 1 {
		t.Fatalf("list subnet-001: %+v %v", all, err)
	}
	def := all[0]
	vpc001, err := vpcs.Get(c.net, def.VpcID).Extract()
	if err != nil || vpc001.Name != "VPC-001" {
		t.Fatalf("VPC of subnet-001: %+v %v", vpc001, err)
	}
	if def.CIDR != "192.168.0.0/24" || def.GatewayIP != "192.168.0.1" || def.Status != "ACTIVE" || !def.EnableDHCP ||
		def.NetworkID != def.ID || def.SubnetID == "" || def.SubnetID == def.ID || def.PrimaryDNS != "100.125.4.25" ||
		len(def.DNSList) != 2 || def.DNSList[0] != def.PrimaryDNS {
		t.Fatalf("subnet-001: %+v", def)
	}

	vpc, err := vpcs.Create(c.net, vpcs.CreateOpts{Name: "vpc-sn", CIDR: "10.0.0.0/16"}).Extract()
	if err != nil {
		t.Fatal(err)
	}
	no := false
	sn, err := subnets.Create(c.net, subnets.CreateOpts{
		Name: "subnet-a", Description: "first tier", CIDR: "10.0.1.0/24", GatewayIP: "10.0.1.254", VpcID: vpc.ID,
		EnableDHCP: &no, PrimaryDNS: "8.8.8.8", SecondaryDNS: "8.8.4.4", AvailabilityZone: "eu-de-01",
	}).Extract()
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if sn.Name != "subnet-a" || sn.Description != "first tier" || sn.CIDR != "10.0.1.0/24" || sn.GatewayIP != "10.0.1.254" ||
		sn.VpcID != vpc.ID || sn.EnableDHCP || sn.PrimaryDNS != "8.8.8.8" || sn.SecondaryDNS != "8.8.4.4" ||
		sn.AvailabilityZone != "eu-de-01" || sn.Status != "ACTIVE" || sn.NetworkID != sn.ID {
		t.Fatalf("created: %+v", sn)
	}
	if got, err := s.Store.Subnet(ctx, p.ID, sn.ID); err != nil || got.Name != "subnet-a" || got.VPCName != "vpc-sn" {
		t.Fatalf("console: %+v %v", got, err)
	}
	if got, err := subnets.Get(c.net, sn.ID).Extract(); err != nil || got.ID != sn.ID || got.CIDR != sn.CIDR {
		t.Fatalf("get: %+v %v", got, err)
	}
	// The list, filtered by VPC in the SDK (ListOpts) and by the server (?vpc_id=).
	if l, err := subnets.List(c.net, subnets.ListOpts{VpcID: vpc.ID}); err != nil || len(l) != 1 || l[0].ID != sn.ID {
		t.Fatalf("list by VPC: %+v %v", l, err)
	}
	r := s.do("GET", "/v1/"+p.ID+"/subnets?vpc_id="+vpc.ID, c.net.TokenID, "", nil)
	var list struct{ Subnets []struct{ ID string } }
	if json.Unmarshal(r.Body, &list) != nil || r.Status != 200 || len(list.Subnets) != 1 || list.Subnets[0].ID != sn.ID {
		t.Fatalf("?vpc_id=: %d %s", r.Status, r.Body)
	}

	desc := ""
	u, err := subnets.Update(c.net, vpc.ID, sn.ID, subnets.UpdateOpts{Name: "subnet-b", Description: &desc, PrimaryDNS: "1.1.1.1", SecondaryDNS: "1.0.0.1"}).Extract()
	if err != nil || u.Name != "subnet-b" || u.Description != "" || u.PrimaryDNS != "1.1.1.1" || u.CIDR != "10.0.1.0/24" {
		t.Fatalf("update: %+v %v", u, err)
	}
	if got, _ := s.Store.Subnet(ctx, p.ID, sn.ID); got.Name != "subnet-b" || got.SecondaryDNS != "1.0.0.1" {
		t.Fatalf("console after update: %+v", got)
	}

	// A VPC with subnets cannot be deleted (409 VPC.0104).
	wantCode(t, vpcs.Delete(c.net, vpc.ID).ExtractErr(), http.StatusConflict, "VPC.0104")
	// The subnet is deleted under its VPC only.
	want404(t, "delete under VPC-001", subnets.Delete(c.net, vpc001.ID, sn.ID).ExtractErr())
	if err := subnets.Delete(c.net, vpc.ID, sn.ID).ExtractErr(); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = subnets.Get(c.net, sn.ID).Extract()
	wantCode(t, err, http.StatusNotFound, "VPC.0202")
	if err := vpcs.Delete(c.net, vpc.ID).ExtractErr(); err != nil {
		t.Fatalf("delete the emptied VPC: %v", err)
	}
}

// The subnet rules answer with the VPC service's codes, through the SDK.
func TestSDKSubnetErrorCodes(t *testing.T) {
	s := newServer(t)
	c := s.vpcClients("eu-de")
	p := s.project("eu-de")
	vpcID := s.sdk("eu-de").vpc001(t)
	create := func(cidr, gw, vpc string) error {
		_, err := subnets.Create(c.net, subnets.CreateOpts{Name: "bad", CIDR: cidr, GatewayIP: gw, VpcID: vpc}).Extract()
		return err
	}
	wantCode(t, create("10.9.0.0/24", "10.9.0.1", vpcID), 400, "VPC.0203")               // outside VPC-001
	wantCode(t, create("192.168.0.0/25", "192.168.0.1", vpcID), 400, "VPC.0204")         // inside subnet-001
	wantCode(t, create("192.168.0.0/23", "192.168.0.1", vpcID), 400, "VPC.0204")         // holds subnet-001
	wantCode(t, create("192.168.5.0/24", "192.168.6.1", vpcID), 400, "VPC.0201")         // gateway outside
	wantCode(t, create("192.168.5.0/24", "192.168.5.255", vpcID), 400, "VPC.0201")       // broadcast address
	wantCode(t, create("192.168.5.7/24", "192.168.5.1", vpcID), 400, "VPC.0212")         // not canonical
	wantCode(t, create("192.168.5.0/30", "192.168.5.1", vpcID), 400, "VPC.0212")         // too small
	wantCode(t, create("192.168.5.0/24", "192.168.5.1", "no-such-vpc"), 404, "VPC.0003") // unknown VPC
	nl := s.sdk("eu-nl").vpc001(t)
	wantCode(t, create("192.168.5.0/24", "192.168.5.1", nl), 404, "VPC.0003") // another project's VPC
	_, err := subnets.Get(c.net, "no-such-subnet").Extract()
	wantCode(t, err, 404, "VPC.0202")
	_, err = subnets.Update(c.net, vpcID, "no-such-subnet", subnets.UpdateOpts{Name: "x"}).Extract()
	wantCode(t, err, 404, "VPC.0202")
	if subs, _ := s.Store.Subnets(context.Background(), p.ID, ""); len(subs) != 1 {
		t.Fatalf("%d subnets after refused creates, want 1", len(subs))
	}
}

// Another project's subnets cannot be seen, changed or deleted; its IDs
// answer 404 on every call.
func TestSDKSubnetProjectIsolation(t *testing.T) {
	s := newServer(t)
	de, nl := s.vpcClients("eu-de"), s.vpcClients("eu-nl")
	mine, err := subnets.List(de.net, subnets.ListOpts{})
	if err != nil || len(mine) != 1 {
		t.Fatalf("eu-de subnets %+v %v", mine, err)
	}
	sn := mine[0]
	_, err = subnets.Get(nl.net, sn.ID).Extract()
	want404(t, "get", err)
	_, err = subnets.Update(nl.net, sn.VpcID, sn.ID, subnets.UpdateOpts{Name: "stolen"}).Extract()
	want404(t, "update", err)
	want404(t, "delete", subnets.Delete(nl.net, sn.VpcID, sn.ID).ExtractErr())
	theirs, err := subnets.List(nl.net, subnets.ListOpts{})
	if err != nil || len(theirs) != 1 || theirs[0].ID == sn.ID {
		t.Fatalf("eu-nl sees %+v %v", theirs, err)
	}
	if got, err := subnets.Get(de.net, sn.ID).Extract(); err != nil || got.Name != "subnet-001" {
		t.Fatalf("owner: %+v %v", got, err)
	}
	// The project in the path must be the token's.
	r := s.do("GET", "/v1/"+s.project("eu-de").ID+"/subnets", nl.net.TokenID, "", nil)
	wantServiceError(t, r, http.StatusNotFound, "VPC.0007")
}

// VPC description and update, tags and the v3 read: what the Terraform
// provider's opentelekomcloud_vpc_v1 does on create, read, update and
// destroy.
func TestSDKVPCUpdateTagsAndV3(t *testing.T) {
	s := newServer(t)
	c := s.vpcClients("eu-de")
	p := s.project("eu-de")
	ctx := context.Background()

	v, err := vpcs.Create(c.net, vpcs.CreateOpts{Name: "vpc-tf", CIDR: "10.0.0.0/16", Description: "made by terraform"}).Extract()
	if err != nil || v.Description != "made by terraform" || v.Status != "OK" {
		t.Fatalf("create: %+v %v", v, err)
	}
	if got, err := vpcs.Get(c.net, v.ID).Extract(); err != nil || got.Description != "made by terraform" {
		t.Fatalf("get: %+v %v", got, err)
	}
	desc := "changed"
	u, err := vpcs.Update(c.net, v.ID, vpcs.UpdateOpts{Name: "vpc-tf2", Description: &desc, CIDR: "10.0.0.0/8"}).Extract()
	if err != nil || u.Name != "vpc-tf2" || u.Description != "changed" || u.CIDR != "10.0.0.0/8" {
		t.Fatalf("update: %+v %v", u, err)
	}
	if got, _ := s.Store.VPC(ctx, p.ID, v.ID); got.Name != "vpc-tf2" || got.CIDR.String() != "10.0.0.0/8" {
		t.Fatalf("console after update: %+v", got)
	}
	if _, err := subnets.Create(c.net, subnets.CreateOpts{Name: "s1", CIDR: "10.200.0.0/24", GatewayIP: "10.200.0.1", VpcID: v.ID}).Extract(); err != nil {
		t.Fatal(err)
	}
	// A block that leaves the subnet outside is refused.
	_, err = vpcs.Update(c.net, v.ID, vpcs.UpdateOpts{CIDR: "10.0.0.0/16"}).Extract()
	wantCode(t, err, 400, "VPC.0117")
	_, err = vpcs.Update(c.net, v.ID, vpcs.UpdateOpts{Name: "bad name"}).Extract()
	wantCode(t, err, 400, "VPC.0101")

	// Tags (v2.0).
	if err := tags.Create(c.v2, "vpcs", v.ID, []tags.ResourceTag{{Key: "env", Value: "prod"}, {Key: "team", Value: "net-ops"}}).ExtractErr(); err != nil {
		t.Fatalf("tags create: %v", err)
	}
	got, err := tags.Get(c.v2, "vpcs", v.ID).Extract()
	if err != nil || len(got) != 2 || got[0] != (tags.ResourceTag{Key: "env", Value: "prod"}) || got[1].Key != "team" {
		t.Fatalf("tags get: %+v %v", got, err)
	}
	if err := tags.Delete(c.v2, "vpcs", v.ID, []tags.ResourceTag{{Key: "team"}}).ExtractErr(); err != nil {
		t.Fatalf("tags delete: %v", err)
	}
	wantCode(t, tags.Create(c.v2, "vpcs", v.ID, []tags.ResourceTag{{Key: "bad key", Value: "x"}}).ExtractErr(), 400, "VPC.0101")
	_, err = tags.Get(c.v2, "vpcs", "no-such-vpc").Extract()
	wantCode(t, err, 404, "VPC.0003")

	// The v3 read.
	v3, err := v3vpcs.Get(c.v3, v.ID)
	if err != nil {
		t.Fatalf("v3 get: %v", err)
	}
	if v3.Id != v.ID || v3.Name != "vpc-tf2" || v3.Description != "changed" || v3.Cidr != "10.0.0.0/8" || v3.Status != "ACTIVE" ||
		v3.ProjectId != p.ID || len(v3.Tags) != 1 || v3.Tags[0].Key != "env" || v3.SecondaryCidrs == nil {
		t.Fatalf("v3: %+v", v3)
	}
	if _, err := time.Parse(time.RFC3339, v3.CreatedAt); err != nil {
		t.Fatalf("v3 created_at %q: %v", v3.CreatedAt, err)
	}
	subnetCount := -1
	for _, r := range v3.CloudResources {
		if r.ResourceType == "virsubnet" {
			subnetCount = r.ResourceCount
		}
	}
	if subnetCount != 1 {
		t.Fatalf("v3 cloud_resources %+v", v3.CloudResources)
	}
	if l, err := v3vpcs.List(c.v3, v3vpcs.ListOpts{Name: []string{"vpc-tf2"}}); err != nil || len(l) != 1 || l[0].Id != v.ID {
		t.Fatalf("v3 list: %+v %v", l, err)
	}
	_, err = v3vpcs.Get(c.v3, "no-such-vpc")
	wantCode(t, err, 404, "VPC.0003")

	// Another project sees none of it.
	nl := s.vpcClients("eu-nl")
	_, err = v3vpcs.Get(nl.v3, v.ID)
	want404(t, "v3 get", err)
	_, err = tags.Get(nl.v2, "vpcs", v.ID).Extract()
	want404(t, "tags get", err)
	want404(t, "tags create", tags.Create(nl.v2, "vpcs", v.ID, []tags.ResourceTag{{Key: "x", Value: "y"}}).ExtractErr())
	_, err = vpcs.Update(nl.net, v.ID, vpcs.UpdateOpts{Name: "stolen"}).Extract()
	want404(t, "update", err)
	if tg, _ := s.Store.VPCTags(ctx, p.ID, v.ID); len(tg) != 1 {
		t.Fatalf("tags after the other project's attempts: %+v", tg)
	}
}

// What the SDK never sends: malformed and mistyped bodies for subnets, VPC
// updates and tag actions get the VPC service's error body, never a 5xx,
// and change nothing.
func TestAPIBadRequestsVPCService(t *testing.T) {
	s := newServer(t)
	tok := s.projectToken("eu-de")
	p := s.project("eu-de")
	ctx := context.Background()
	vpcID := s.sdk("eu-de").vpc001(t)
	subs, _ := s.Store.Subnets(ctx, p.ID, "")
	snID := subs[0].ID
	sn := "/v1/" + p.ID + "/subnets"
	vpc := "/v1/" + p.ID + "/vpcs/" + vpcID
	tg := "/v2.0/" + p.ID + "/vpcs/" + vpcID + "/tags"
	good := `"name":"s","cidr":"192.168.9.0/24","gateway_ip":"192.168.9.1","vpc_id":"` + vpcID + `"`
	cases := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"SubnetMalformed", "POST", sn, `{"subnet":`, 400, "VPC.0201"},
		{"SubnetNoWrapper", "POST", sn, `{"name":"s"}`, 400, "VPC.0201"},
		{"SubnetMissing", "POST", sn, `{"subnet":{"name":"s","cidr":"192.168.9.0/24"}}`, 400, "VPC.0201"},
		{"SubnetGatewayEmpty", "POST", sn, `{"subnet":{"name":"s","cidr":"192.168.9.0/24","gateway_ip":"","vpc_id":"` + vpcID + `"}}`, 400, "VPC.0201"},
		{"SubnetCIDRNumber", "POST", sn, `{"subnet":{"name":"s","cidr":9,"gateway_ip":"192.168.9.1","vpc_id":"x"}}`, 400, "VPC.0201"},
		{"SubnetDHCPString", "POST", sn, `{"subnet":{` + good + `,"dhcp_enable":"yes"}}`, 400, "VPC.0201"},
		{"SubnetUnknownField", "POST", sn, `{"subnet":{` + good + `,"colour":"red"}}`, 400, "VPC.0201"},
		{"SubnetIPv6", "POST", sn, `{"subnet":{` + good + `,"ipv6_enable":true}}`, 400, "VPC.0201"},
		{"SubnetExtraDHCP", "POST", sn, `{"subnet":{` + good + `,"extra_dhcp_opts":[{"opt_name":"ntp"}]}}`, 400, "VPC.0201"},
		{"SubnetDNSList", "POST", sn, `{"subnet":{` + good + `,"dnsList":["1.1.1.1","2.2.2.2","3.3.3.3"]}}`, 400, "VPC.0201"},
		{"SubnetBadAZ", "POST", sn, `{"subnet":{` + good + `,"availability_zone":"eu-nl-01"}}`, 400, "VPC.0201"},
		{"SubnetNameMarkup", "POST", sn, `{"subnet":{"name":"<b>","cidr":"192.168.9.0/24","gateway_ip":"192.168.9.1","vpc_id":"` + vpcID + `"}}`, 400, "VPC.0201"},
		{"SubnetUpdateCIDR", "PUT", vpc + "/subnets/" + snID, `{"subnet":{"cidr":"192.168.1.0/24"}}`, 400, "VPC.0201"},
		{"SubnetUpdateBadDNS", "PUT", vpc + "/subnets/" + snID, `{"subnet":{"primary_dns":"dns"}}`, 400, "VPC.0201"},
		{"SubnetUpdateWrongVPC", "PUT", "/v1/" + p.ID + "/vpcs/nope/subnets/" + snID, `{"subnet":{"name":"x"}}`, 404, "VPC.0202"},
		{"SubnetDeleteWrongVPC", "DELETE", "/v1/" + p.ID + "/vpcs/nope/subnets/" + snID, ``, 404, "VPC.0202"},
		{"SubnetMethod", "DELETE", sn + "/" + snID, ``, 405, "VPC.0201"},
		{"VPCUpdateMalformed", "PUT", vpc, `{"vpc":{"name":`, 400, "VPC.0101"},
		{"VPCUpdateNameNumber", "PUT", vpc, `{"vpc":{"name":5}}`, 400, "VPC.0101"},
		{"VPCUpdateSharedSnat", "PUT", vpc, `{"vpc":{"enable_shared_snat":true}}`, 400, "VPC.0101"},
		{"VPCUpdateDescription", "PUT", vpc, `{"vpc":{"description":"` + strings.Repeat("d", 256) + `"}}`, 400, "VPC.0101"},
		{"VPCUpdateCIDR", "PUT", vpc, `{"vpc":{"cidr":"8.8.0.0/16"}}`, 400, "VPC.0101"},
		{"VPCDeleteWithSubnet", "DELETE", vpc, ``, 409, "VPC.0104"},
		{"TagsMalformed", "POST", tg + "/action", `{"action":`, 400, "VPC.0101"},
		{"TagsNoAction", "POST", tg + "/action", `{"tags":[{"key":"k","value":"v"}]}`, 400, "VPC.0101"},
		{"TagsBadAction", "POST", tg + "/action", `{"action":"update","tags":[{"key":"k","value":"v"}]}`, 400, "VPC.0101"},
		{"TagsNotList", "POST", tg + "/action", `{"action":"create","tags":{"key":"k"}}`, 400, "VPC.0101"},
		{"TagsUnknownField", "POST", tg + "/action", `{"action":"create","tags":[{"key":"k","val":"v"}]}`, 400, "VPC.0101"},
		{"TagsExtraKey", "POST", tg + "/action", `{"action":"create","tags":[],"x":1}`, 400, "VPC.0101"},
		{"TagsEmpty", "POST", tg + "/action", `{"action":"create","tags":[]}`, 400, "VPC.0101"},
		{"TagsNullEntry", "POST", tg + "/action", `{"action":"create","tags":[null]}`, 400, "VPC.0101"},
		{"TagsLongValue", "POST", tg + "/action", `{"action":"create","tags":[{"key":"k","value":"` + strings.Repeat("v", 44) + `"}]}`, 400, "VPC.0101"},
		{"TagsMethod", "PUT", tg, `{}`, 405, "VPC.0101"},
		{"V3UnknownVPC", "GET", "/v3/" + p.ID + "/vpc/vpcs/nope", ``, 404, "VPC.0003"},
		{"V3OtherProject", "GET", "/v3/" + s.project("eu-nl").ID + "/vpc/vpcs/nope", ``, 404, "VPC.0007"},
		{"V3NoToken", "GET", "/v3/" + p.ID + "/vpc/vpcs/" + vpcID, ``, 401, "APIGW.0301"},
		{"TagsNoToken", "GET", tg, ``, 401, "APIGW.0301"},
		{"V2UnknownPath", "GET", "/v2.0/" + p.ID + "/vpcs/" + vpcID + "/nothing", ``, 404, "APIGW.0101"},
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
	if got, _ := s.Store.Subnets(ctx, p.ID, ""); len(got) != 1 || got[0].Name != "subnet-001" || got[0].PrimaryDNS != "100.125.4.25" {
		t.Fatalf("subnets after bad requests: %+v", got)
	}
	if v, _ := s.Store.VPC(ctx, p.ID, vpcID); v.Name != "VPC-001" || v.Description != "" || v.CIDR.String() != "192.168.0.0/16" {
		t.Fatalf("VPC after bad requests: %+v", v)
	}
	if tags, _ := s.Store.VPCTags(ctx, p.ID, vpcID); len(tags) != 0 {
		t.Fatalf("tags after bad requests: %+v", tags)
	}
	// Keystone paths keep Keystone's 404.
	r := s.do("GET", "/v3/nothing", tok, "", nil)
	if r.Status != 404 || !strings.Contains(string(r.Body), `"title":"Not Found"`) {
		t.Fatalf("/v3/nothing: %d %s", r.Status, r.Body)
	}
}

// GET /v3/auth/tokens shows a token only to its own user or to an
// administrator; anyone else gets Keystone's 403 and nothing of the token.
func TestIdentityTokenShowOwnerOrAdmin(t *testing.T) {
	s := newServer(t)
	if _, _, _, err := s.Store.CreateTrainee(context.Background(), "trainee", "trainee-password", "eu-de"); err != nil {
		t.Fatal(err)
	}
	traineeToken := func() string {
		tok, r := s.token(`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"trainee","password":"trainee-password",` +
			`"domain":{"name":"` + domainName + `"}}}},"scope":{"project":{"name":"eu-de_trainee","domain":{"name":"` + domainName + `"}}}}}`)
		if r.Status != http.StatusCreated || tok == "" {
			t.Fatalf("trainee token: %d %s", r.Status, r.Body)
		}
		return tok
	}
	show := func(caller, subject string) response {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+"/v3/auth/tokens", nil)
		req.Header.Set("X-Auth-Token", caller)
		req.Header.Set("X-Subject-Token", subject)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		return response{Status: resp.StatusCode, Header: resp.Header, Body: []byte(b.String())}
	}
	admin := s.projectToken("eu-de")
	trainee, trainee2 := traineeToken(), traineeToken()

	r := show(trainee, admin)
	const forbidden = `{"error":{"code":403,"message":"You are not authorized to perform the requested action: identity:validate_token.","title":"Forbidden"}}`
	if r.Status != http.StatusForbidden || strings.TrimSpace(string(r.Body)) != forbidden || r.Header.Get("X-Subject-Token") != "" {
		t.Fatalf("trainee shows admin's token: %d %s", r.Status, r.Body)
	}
	if r := show(trainee, trainee2); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"name":"trainee"`) {
		t.Fatalf("trainee shows own token: %d %s", r.Status, r.Body)
	}
	if r := show(admin, trainee); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"name":"eu-de_trainee"`) {
		t.Fatalf("admin shows trainee's token: %d %s", r.Status, r.Body)
	}
	if r := show(trainee, "0123456789abcdef"); r.Status != http.StatusNotFound {
		t.Fatalf("unknown subject: %d %s", r.Status, r.Body)
	}
	// The refused caller's own token still works, and the admin's too.
	if r := show(admin, admin); r.Status != http.StatusOK {
		t.Fatalf("admin's own token: %d", r.Status)
	}
}
