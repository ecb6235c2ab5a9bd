package store

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wantDefaultSubnet checks that a project holds exactly VPC-001 with
// subnet-001 (192.168.0.0/24, gateway 192.168.0.1) in it.
func wantDefaultSubnet(t *testing.T, s *Store, projectID, how string) {
	t.Helper()
	ctx := context.Background()
	vs, err := s.VPCs(ctx, projectID)
	if err != nil || len(vs) != 1 || vs[0].Name != "VPC-001" {
		t.Fatalf("%s: VPCs %+v %v", how, vs, err)
	}
	subs, err := s.Subnets(ctx, projectID, "")
	if err != nil || len(subs) != 1 {
		t.Fatalf("%s: subnets %+v %v", how, subs, err)
	}
	sn := subs[0]
	if sn.Name != DefaultSubnetName || sn.VPCID != vs[0].ID || sn.CIDR.String() != "192.168.0.0/24" || sn.GatewayIP.String() != "192.168.0.1" ||
		!sn.DHCPEnable || sn.PrimaryDNS != DefaultPrimaryDNS || sn.NeutronSubnetID == "" || vs[0].SubnetCount != 1 {
		t.Fatalf("%s: subnet %+v (VPC %+v)", how, sn, vs[0])
	}
}

// Every way a project comes to be gives it subnet-001 in VPC-001: the
// default projects, CreateProject, a trainee's project, the demo project,
// a project reset and the whole-console reset.
func TestSubnetDefaultInEveryNewProject(t *testing.T) {
	ctx := context.Background()
	s, de := bootstrapped(t)
	wantDefaultSubnet(t, s, de.ID, "bootstrap")
	p, err := s.CreateProject(ctx, "eu-nl_lab", "eu-nl")
	if err != nil {
		t.Fatal(err)
	}
	wantDefaultSubnet(t, s, p.ID, "CreateProject")
	_, tp, _, err := s.CreateTrainee(ctx, "trainee1", "trainee-password", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	wantDefaultSubnet(t, s, tp.ID, "CreateTrainee")
	demo, err := s.SeedDemo(ctx, DemoProjectName)
	if err != nil {
		t.Fatal(err)
	}
	if subs, err := s.Subnets(ctx, demo.ID, ""); err != nil || len(subs) != 1 || subs[0].Name != DefaultSubnetName {
		t.Fatalf("SeedDemo: subnets %+v %v", subs, err)
	}

	// A reset project: its own subnets are gone, subnet-001 is back.
	vpc := vpc001(t, s, tp.ID)
	if _, _, err := s.CreateSubnet(ctx, tp, SubnetInput{VPCID: vpc.ID, Name: "extra", CIDR: "192.168.7.0/24", GatewayIP: "192.168.7.1"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResetProject(ctx, tp.ID); err != nil {
		t.Fatal(err)
	}
	wantDefaultSubnet(t, s, tp.ID, "ResetProject")

	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	wantDefaultSubnet(t, s, de.ID, "Reset")
}

// Migration 0009 gives an existing project's VPC-001 its subnet-001 when it
// has none, and leaves other VPCs alone.
func TestSubnetMigrationGivesExistingVPC001ASubnet(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.CreateProject(ctx, "eu-de_old", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-other", CIDR: "10.0.0.0/16"}, "")
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0009: no subnets, no tags, no description.
	for _, q := range []string{
		`DROP TABLE subnets`, `DROP TABLE vpc_tags`,
		`ALTER TABLE vpcs DROP COLUMN description`, `ALTER TABLE vpcs DROP COLUMN updated_at`,
		`DELETE FROM schema_migrations WHERE version = 9`,
	} {
		if _, err := s.sqlExec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.Close()

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	subs, err := s.Subnets(ctx, p.ID, "")
	if err != nil || len(subs) != 1 {
		t.Fatalf("after migration: %+v %v", subs, err)
	}
	sn := subs[0]
	if sn.Name != DefaultSubnetName || sn.VPCName != "VPC-001" || sn.CIDR.String() != "192.168.0.0/24" || sn.GatewayIP.String() != "192.168.0.1" ||
		len(sn.ID) != 36 || sn.ID[14] != '4' || len(sn.NeutronSubnetID) != 36 || sn.NeutronSubnetID == sn.ID {
		t.Fatalf("migrated subnet %+v", sn)
	}
	if got, err := s.VPC(ctx, p.ID, other.ID); err != nil || got.SubnetCount != 0 || got.UpdatedAt.IsZero() {
		t.Fatalf("other VPC after migration: %+v %v", got, err)
	}
}

func TestSubnetRules(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	vpc := vpc001(t, s, p.ID)
	count := func() int {
		t.Helper()
		subs, err := s.Subnets(ctx, p.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(subs)
	}

	t.Run("OK", func(t *testing.T) {
		no := false
		sn, created, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: vpc.ID, Name: "web.tier-1", Description: "front", CIDR: "192.168.10.0/24",
			GatewayIP: "192.168.10.254", DHCPEnable: &no, DNSList: []string{"8.8.8.8"}, AvailabilityZone: "eu-de-02"}, "tok-1")
		if err != nil || !created {
			t.Fatalf("create: %v", err)
		}
		if sn.VPCID != vpc.ID || sn.GatewayIP.String() != "192.168.10.254" || sn.DHCPEnable || sn.PrimaryDNS != "8.8.8.8" || sn.SecondaryDNS != "" ||
			sn.AvailabilityZone != "eu-de-02" || sn.Description != "front" {
			t.Fatalf("subnet %+v", sn)
		}
		again, created, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: vpc.ID, Name: "web.tier-1", CIDR: "192.168.10.0/24"}, "tok-1")
		if err != nil || created || again.ID != sn.ID {
			t.Fatalf("same token made another subnet: %+v %v %v", again, created, err)
		}
		// Gateway defaults to the first address.
		d, _, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: vpc.ID, Name: "db", CIDR: "192.168.11.0/24"}, "")
		if err != nil || d.GatewayIP.String() != "192.168.11.1" || d.PrimaryDNS != DefaultPrimaryDNS || d.SecondaryDNS != DefaultSecondaryDNS {
			t.Fatalf("defaults: %+v %v", d, err)
		}
		name, desc, yes, dns := "db-renamed", "", true, "1.1.1.1"
		u, err := s.UpdateSubnet(ctx, p.ID, vpc.ID, d.ID, SubnetUpdate{Name: &name, Description: &desc, DHCPEnable: &yes, PrimaryDNS: &dns})
		if err != nil || u.Name != name || u.PrimaryDNS != dns || u.CIDR != d.CIDR {
			t.Fatalf("update: %+v %v", u, err)
		}
		if _, err := s.DeleteSubnet(ctx, p.ID, vpc.ID, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Subnet(ctx, p.ID, d.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("deleted subnet: %v", err)
		}
	})

	t.Run("ValidationError", func(t *testing.T) {
		before := count()
		for _, tc := range []struct {
			in          SubnetInput
			field, want string
		}{
			{SubnetInput{VPCID: vpc.ID, Name: "", CIDR: "192.168.20.0/24"}, "name", "Enter a name"},
			{SubnetInput{VPCID: vpc.ID, Name: "bad name", CIDR: "192.168.20.0/24"}, "name", "periods"},
			{SubnetInput{VPCID: vpc.ID, Name: strings.Repeat("n", 65), CIDR: "192.168.20.0/24"}, "name", "1 to 64"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: ""}, "cidr", "Enter an IPv4 CIDR block"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.7/24"}, "cidr", "the network is 192.168.20.0/24"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/30"}, "cidr", "/29 or shorter"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "nonsense"}, "cidr", "not a valid IPv4 CIDR"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", GatewayIP: "192.168.21.1"}, "gateway_ip", "is not in the subnet"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", GatewayIP: "192.168.20.0"}, "gateway_ip", "network or broadcast"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", GatewayIP: "192.168.20.255"}, "gateway_ip", "network or broadcast"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", GatewayIP: "gw"}, "gateway_ip", "not an IPv4 address"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", PrimaryDNS: "x"}, "primary_dns", "not an IPv4 address"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", SecondaryDNS: "8.8.4.4"}, "secondary_dns", "needs a primary"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", DNSList: []string{"1.1.1.1", "2.2.2.2", "3.3.3.3"}}, "dns_list", "at most two"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", PrimaryDNS: "1.1.1.1", DNSList: []string{"2.2.2.2"}}, "dns_list", "same servers"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", AvailabilityZone: "eu-nl-01"}, "availability_zone", "eu-de-01"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", Description: "<b>"}, "description", "angle brackets"},
			{SubnetInput{VPCID: vpc.ID, Name: "s", CIDR: "192.168.20.0/24", Description: strings.Repeat("d", 256)}, "description", "0 to 255"},
			{SubnetInput{VPCID: "", Name: "s", CIDR: "192.168.20.0/24"}, "vpc", "Select a VPC"},
		} {
			_, _, err := s.CreateSubnet(ctx, p, tc.in, "")
			wantFieldError(t, err, tc.field, tc.want)
			var ve *ValidationError
			if errors.As(err, &ve) && !strings.HasPrefix(ve.Code, "VPC.02") {
				t.Errorf("%+v: code %s, want a VPC.02xx code", tc.in, ve.Code)
			}
		}
		if n := count(); n != before {
			t.Fatalf("%d subnets after refused creates, want %d", n, before)
		}
	})

	t.Run("RuleError", func(t *testing.T) {
		before := count()
		_, _, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: vpc.ID, Name: "outside", CIDR: "10.0.0.0/24"}, "")
		if re := wantRuleError(t, err, "VPC.0203"); re.Attr != "cidr" || !strings.Contains(english(re.Message), "not inside the CIDR block of VPC VPC-001") {
			t.Fatalf("outside: %+v", re)
		}
		// subnet-001 is 192.168.0.0/24: a block holding it, or inside it, overlaps.
		for _, c := range []string{"192.168.0.0/23", "192.168.0.128/25", "192.168.0.0/24"} {
			_, _, err = s.CreateSubnet(ctx, p, SubnetInput{VPCID: vpc.ID, Name: "overlap", CIDR: c}, "")
			if re := wantRuleError(t, err, "VPC.0204"); !strings.Contains(english(re.Message), "subnet-001") {
				t.Fatalf("overlap %s: %+v", c, re)
			}
		}
		other, err := s.CreateProject(ctx, "eu-de_other", "eu-de")
		if err != nil {
			t.Fatal(err)
		}
		ov := vpc001(t, s, other.ID)
		_, _, err = s.CreateSubnet(ctx, p, SubnetInput{VPCID: ov.ID, Name: "stolen", CIDR: "192.168.30.0/24"}, "")
		wantRuleError(t, err, CodeVPCNotFound)
		if n := count(); n != before {
			t.Fatalf("%d subnets after refused creates, want %d", n, before)
		}
		osubs, _ := s.Subnets(ctx, other.ID, "")
		if len(osubs) != 1 {
			t.Fatalf("other project's subnets %+v", osubs)
		}
		// Another project's subnet: not found, whatever the call.
		if _, err := s.Subnet(ctx, p.ID, osubs[0].ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Subnet: %v", err)
		}
		name := "stolen"
		if _, err := s.UpdateSubnet(ctx, p.ID, ov.ID, osubs[0].ID, SubnetUpdate{Name: &name}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("UpdateSubnet: %v", err)
		}
		if _, err := s.DeleteSubnet(ctx, p.ID, ov.ID, osubs[0].ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("DeleteSubnet: %v", err)
		}
		// The right subnet under the wrong VPC is not found either.
		mine, _ := s.Subnets(ctx, p.ID, vpc.ID)
		v2, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-2", CIDR: "10.1.0.0/16"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteSubnet(ctx, p.ID, v2.ID, mine[0].ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("DeleteSubnet under another VPC: %v", err)
		}
		// Overlap is per VPC: the same block in another VPC of its own is fine.
		if _, _, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: v2.ID, Name: "a", CIDR: "10.1.0.0/24"}, ""); err != nil {
			t.Fatal(err)
		}
		bad := "bad name"
		_, err = s.UpdateSubnet(ctx, p.ID, vpc.ID, mine[0].ID, SubnetUpdate{Name: &bad})
		wantFieldError(t, err, "name", "periods")
		if got, _ := s.Subnet(ctx, p.ID, mine[0].ID); got.Name != mine[0].Name {
			t.Fatalf("refused update stored: %+v", got)
		}
	})
}

func TestVPCUpdateAndDescription(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	v, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-d", CIDR: "10.0.0.0/16", Description: "first"}, "")
	if err != nil || v.Description != "first" {
		t.Fatalf("create: %+v %v", v, err)
	}
	_, _, err = s.CreateVPC(ctx, p, VPCInput{Name: "vpc-e", CIDR: "10.0.0.0/16", Description: "a<b"}, "")
	wantFieldError(t, err, "description", "angle brackets")
	var ve *ValidationError
	if errors.As(err, &ve) && ve.Code != CodeVPCParam {
		t.Fatalf("code %s, want %s", ve.Code, CodeVPCParam)
	}
	if _, _, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: v.ID, Name: "s1", CIDR: "10.0.5.0/24"}, ""); err != nil {
		t.Fatal(err)
	}
	name, desc, cidr := "vpc-d2", "second", "10.0.0.0/8"
	u, err := s.UpdateVPC(ctx, p.ID, v.ID, VPCUpdate{Name: &name, Description: &desc, CIDR: &cidr})
	if err != nil || u.Name != name || u.Description != desc || u.CIDR.String() != cidr || u.SubnetCount != 1 {
		t.Fatalf("update: %+v %v", u, err)
	}
	// A block that no longer holds subnet s1 is refused, and nothing changes.
	small, other := "10.1.0.0/16", "vpc-x"
	_, err = s.UpdateVPC(ctx, p.ID, v.ID, VPCUpdate{Name: &other, CIDR: &small})
	if re := wantRuleError(t, err, CodeVPCSubnetsOutside); !strings.Contains(english(re.Message), "s1 (10.0.5.0/24)") {
		t.Fatalf("message %q", english(re.Message))
	}
	bad := "10.0.0.1/8"
	_, err = s.UpdateVPC(ctx, p.ID, v.ID, VPCUpdate{CIDR: &bad})
	wantFieldError(t, err, "cidr", "the network is 10.0.0.0/8")
	if got, _ := s.VPC(ctx, p.ID, v.ID); got.Name != name || got.CIDR.String() != cidr {
		t.Fatalf("refused update stored: %+v", got)
	}
	// The VPC with a subnet cannot be deleted.
	refusedToo := func(v VPC) bool { _, refused := v.DeleteRefusal(); return refused }
	_, err = s.DeleteVPC(ctx, p.ID, v.ID)
	wantRuleError(t, err, CodeVPCHasSubnets)
	if got, err := s.VPC(ctx, p.ID, v.ID); err != nil || !refusedToo(got) {
		t.Fatalf("after refused delete: %+v %v", got, err)
	}
	other2, err := s.CreateProject(ctx, "eu-de_other", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateVPC(ctx, other2.ID, v.ID, VPCUpdate{Name: &other}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project's update: %v", err)
	}
}

func TestVPCTags(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	v := vpc001(t, s, p.ID)
	if err := s.AddVPCTags(ctx, p.ID, v.ID, []Tag{{"env", "prod"}, {"owner", "team-a.net"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddVPCTags(ctx, p.ID, v.ID, []Tag{{"env", "test"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := s.VPCTags(ctx, p.ID, v.ID)
	if err != nil || len(tags) != 2 || tags[0] != (Tag{"env", "test"}) || tags[1] != (Tag{"owner", "team-a.net"}) {
		t.Fatalf("tags %+v %v", tags, err)
	}
	for _, tc := range []struct {
		tags []Tag
		want string
	}{
		{nil, "at least one"},
		{[]Tag{{"", "x"}}, "cannot be empty"},
		{[]Tag{{strings.Repeat("k", 37), ""}}, "1 to 36"},
		{[]Tag{{"a b", ""}}, "is not valid"},
		{[]Tag{{"k", strings.Repeat("v", 44)}}, "0 to 43"},
		{[]Tag{{"k", "<script>"}}, "0 to 43"},
		{[]Tag{{"k", "1"}, {"k", "2"}}, "more than once"},
	} {
		err := s.AddVPCTags(ctx, p.ID, v.ID, tc.tags)
		wantFieldError(t, err, "tags", tc.want)
	}
	many := make([]Tag, TagsPerVPC-1)
	for i := range many {
		many[i] = Tag{Key: "k" + strings.Repeat("x", i), Value: ""}
	}
	err = s.AddVPCTags(ctx, p.ID, v.ID, many)
	wantRuleError(t, err, CodeTagParam)
	if tags, _ := s.VPCTags(ctx, p.ID, v.ID); len(tags) != 2 {
		t.Fatalf("refused tags stored: %d tags", len(tags))
	}
	if err := s.DeleteVPCTags(ctx, p.ID, v.ID, []Tag{{Key: "env"}, {Key: "absent"}}); err != nil {
		t.Fatal(err)
	}
	if tags, _ := s.VPCTags(ctx, p.ID, v.ID); len(tags) != 1 || tags[0].Key != "owner" {
		t.Fatalf("after delete: %+v", tags)
	}
	other, err := s.CreateProject(ctx, "eu-de_other", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.VPCTags(ctx, other.ID, v.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project's tags: %v", err)
	}
	if err := s.AddVPCTags(ctx, other.ID, v.ID, []Tag{{"x", "y"}}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project's add: %v", err)
	}
}

// A VPC holds at most SubnetsPerVPC subnets; the next one is refused and
// nothing is stored.
func TestSubnetLimitPerVPC(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	v, _, err := s.CreateVPC(ctx, p, VPCInput{Name: "vpc-big", CIDR: "10.0.0.0/8"}, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range SubnetsPerVPC {
		cidr := "10." + strconv.Itoa(i) + ".0.0/24"
		if _, _, err := s.CreateSubnet(ctx, p, SubnetInput{VPCID: v.ID, Name: "s" + strconv.Itoa(i), CIDR: cidr}, ""); err != nil {
			t.Fatalf("subnet %d: %v", i, err)
		}
	}
	_, _, err = s.CreateSubnet(ctx, p, SubnetInput{VPCID: v.ID, Name: "one-more", CIDR: "10.200.0.0/24"}, "")
	if re := wantRuleError(t, err, "VPC.0201"); !strings.Contains(english(re.Message), "already has 100 subnets") {
		t.Fatalf("message %q", english(re.Message))
	}
	if subs, _ := s.Subnets(ctx, p.ID, v.ID); len(subs) != SubnetsPerVPC {
		t.Fatalf("%d subnets, want %d", len(subs), SubnetsPerVPC)
	}
}
