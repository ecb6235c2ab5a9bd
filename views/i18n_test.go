package views

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"dcconsole/store"
)

// catalogueCall finds the message keys given to the catalogue: T(ctx, "…")
// in the templates and views.T(ctx, "…") in the handlers.
var catalogueCall = regexp.MustCompile(`\b(?:T|views\.T)\((?:ctx|c\.Request\(\)\.Context\(\)), ("(?:[^"\\]|\\.)*")`)

// usedKeys returns every literal key used in the files matching the globs.
func usedKeys(t *testing.T, globs ...string) map[string]string {
	t.Helper()
	keys := map[string]string{}
	for _, g := range globs {
		files, err := filepath.Glob(g)
		if err != nil || len(files) == 0 {
			t.Fatalf("no files for %s (%v)", g, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range catalogueCall.FindAllStringSubmatch(string(b), -1) {
				k, err := strconv.Unquote(m[1])
				if err != nil {
					t.Fatalf("%s: key %s: %v", f, m[1], err)
				}
				keys[k] = f
			}
		}
	}
	return keys
}

// labelKeys are the words the views translate through a variable: status,
// type, action and resource labels, option lists, region names.
func labelKeys() []string {
	var out []string
	for _, s := range []string{store.StatusActive, store.StatusBuild, store.StatusPendingCreate, store.StatusPendingUpdate, store.StatusDown, store.StatusError} {
		out = append(out, StatusLabel(s))
	}
	for _, o := range resourceTypeOptions {
		out = append(out, o.Label)
		if o.Value != "" {
			out = append(out, ResourceTypeLabel(o.Value))
		}
	}
	for _, o := range actionOptions {
		out = append(out, o.Label)
		if o.Value != "" {
			out = append(out, ActionLabel(o.Value))
		}
	}
	for _, r := range store.Regions {
		out = append(out, r.Name)
	}
	out = append(out, GatewayTypeLabel(store.GatewayTypeDefault), routeModeLabel("bgp"), routeModeLabel("static"),
		"Configure", "Confirm", "Finish", "Refresh connections", "Refresh virtual gateways")
	for _, l := range attrLabels {
		out = append(out, l)
	}
	return out
}

// TestGermanCatalogueComplete: every catalogue key used in the templates and
// handlers has a German entry with the same formatting verbs.
func TestGermanCatalogueComplete(t *testing.T) {
	keys := usedKeys(t, "*.templ", "../handlers/*.go")
	if len(keys) < 150 {
		t.Fatalf("found only %d keys; is the pattern still right?", len(keys))
	}
	for _, k := range labelKeys() {
		keys[k] = "label"
	}
	verbs := regexp.MustCompile(`%[sdv]`)
	for k, where := range keys {
		de, ok := de[k]
		if !ok {
			t.Errorf("%s: no German entry for %q", where, k)
			continue
		}
		if a, b := verbs.FindAllString(k, -1), verbs.FindAllString(de, -1); strings.Join(a, "") != strings.Join(b, "") {
			t.Errorf("%q: German %q has verbs %v, want %v", k, de, b, a)
		}
	}
}

func TestLanguageFromContext(t *testing.T) {
	ctx := context.Background()
	if got := T(ctx, "Connections"); got != "Connections" {
		t.Errorf("default: %q", got)
	}
	de := WithLang(ctx, "de")
	if Lang(de) != "de" || T(de, "Connections") != "Verbindungen" || T(de, "Create Now") != "Jetzt erstellen" {
		t.Errorf("German: %q %q", T(de, "Connections"), T(de, "Create Now"))
	}
	if got := T(de, "Connection %s has been deleted.", "dc-1"); got != "Verbindung dc-1 wurde gelöscht." {
		t.Errorf("T with values: %q", got)
	}
	if got := T(de, "100% sure"); got != "100% sure" {
		t.Errorf("T without values formats: %q", got)
	}
	if got := T(WithLang(ctx, "fr"), "Connections"); got != "Connections" {
		t.Errorf("unknown language: %q", got)
	}
}

// storeMessages returns the messages of a store error: every field
// message of a *store.ValidationError, or a *store.RuleError's message. It
// fails the test for any other error (or none): the operation was meant to
// be refused.
func storeMessages(t *testing.T, what string, err error) []store.Message {
	t.Helper()
	var ve *store.ValidationError
	var re *store.RuleError
	switch {
	case errors.As(err, &ve):
		var out []store.Message
		for _, p := range ve.Problems {
			out = append(out, p.Message)
		}
		return out
	case errors.As(err, &re):
		return []store.Message{re.Message}
	}
	t.Fatalf("%s: want a refusal, got %v", what, err)
	return nil
}

// TestStoreMessagesInGerman: the messages the store makes with values in
// them (field errors, CIDR problems, rule refusals) reach a German page in
// German, values kept. Every message is made by the store itself, from its
// validators and from refused operations on a real store, so a store
// message whose wording changes without its German entry fails here.
func TestStoreMessagesInGerman(t *testing.T) {
	var msgs []store.Message
	add := func(what string, err error) {
		t.Helper()
		msgs = append(msgs, storeMessages(t, what, err)...)
	}
	_, err := store.ParseCIDRList("1.2.3.4/24, 10.0.0.0/8, 10.0.0.0/8, 2001:db8::/32, 10.1.1.1, 10.2.0.0/33, 010.3.0.0/16, 10.4.0.0 /16, nonsense")
	if err == nil {
		t.Fatal("bad CIDR list accepted")
	}
	cidrProblems, _ := store.MessageOf(err)
	msgs = append(msgs, cidrProblems)
	region, _ := store.RegionByID("eu-de")
	add("connection input", store.ConnectionInput{Name: "dc-1", Location: "Paris", Bandwidth: 5000, Description: strings.Repeat("d", 129)}.Validate(region))
	add("connection bandwidth", store.ConnectionInput{Name: "dc-1", Location: "Biere", Bandwidth: 0}.Validate(region))
	_, err = store.GatewayInput{Name: "vgw-1", VPCID: "x", CIDRs: strings.Repeat("10.0.0.0/24,", 51)}.Validate()
	add("gateway CIDRs", err)
	_, err = store.VPCInput{Name: "vpc-1", CIDR: "8.8.0.0/16"}.Validate()
	add("public VPC", err)
	_, err = store.VPCInput{Name: "vpc-1", CIDR: "10.0.0.0/30"}.Validate()
	add("small VPC", err)
	add("subnet name", store.SubnetInput{VPCID: "x", Name: "bad name", CIDR: "192.168.1.0/30"}.Validate("eu-de"))
	add("subnet fields", store.SubnetInput{VPCID: "x", Name: "", CIDR: "192.168.1.0/24", GatewayIP: "192.168.2.1", PrimaryDNS: "dns", AvailabilityZone: "x"}.Validate("eu-de"))
	add("subnet gateway", store.SubnetInput{VPCID: "", Name: "s", CIDR: "192.168.1.0/24", GatewayIP: "192.168.1.255"}.Validate("eu-de"))

	// Refusals of a real store: project eu-de with its VPC-001
	// (192.168.0.0/16) and subnet-001 (192.168.0.0/24).
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "i18n.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetProvisionDelay(0)
	p, err := st.CreateProject(ctx, "eu-de", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	vpcs, err := st.VPCs(ctx, p.ID)
	must(err)
	if len(vpcs) != 1 {
		t.Fatalf("%d VPCs in a new project", len(vpcs))
	}
	vpc := vpcs[0]
	_, _, err = st.CreateSubnet(ctx, p, store.SubnetInput{VPCID: vpc.ID, Name: "s-out", CIDR: "10.0.0.0/24"}, "")
	add("subnet outside the VPC", err)
	_, _, err = st.CreateSubnet(ctx, p, store.SubnetInput{VPCID: vpc.ID, Name: "s-over", CIDR: "192.168.0.0/23"}, "")
	add("overlapping subnet", err)
	_, err = st.DeleteVPC(ctx, p.ID, vpc.ID)
	add("VPC with a subnet", err)

	conn := func(name, loc string) store.Connection {
		t.Helper()
		c, _, err := st.CreateConnection(ctx, p, store.ConnectionInput{Name: name, Location: loc, Bandwidth: 100}, "")
		must(err)
		return c
	}
	biere, biere2, magdeburg, magdeburg2 := conn("dc-123", "Biere"), conn("dc-124", "Biere"), conn("dc-456", "Magdeburg"), conn("dc-457", "Magdeburg")
	gw, _, err := st.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-123", VPCID: vpc.ID, CIDRs: "192.168.0.0/16"}, "")
	must(err)
	vif := func(name string, c store.Connection, g store.Gateway, bw int) error {
		_, _, err := st.CreateInterface(ctx, p, store.InterfaceInput{Name: name, ConnectionID: c.ID, GatewayID: g.ID, Bandwidth: bw, RemoteSubnets: "172.16.0.0/24"}, "")
		return err
	}
	must(vif("vif-123", biere, gw, 60))
	add("second connection at the same location", vif("vif-124", biere2, gw, 10))
	must(vif("vif-456", magdeburg, gw, 10))
	add("third connection", vif("vif-457", magdeburg2, gw, 10))
	vpc2, _, err := st.CreateVPC(ctx, p, store.VPCInput{Name: "vpc-2", CIDR: "10.1.0.0/16"}, "")
	must(err)
	gw2, _, err := st.CreateGateway(ctx, p, store.GatewayInput{Name: "vgw-2", VPCID: vpc2.ID, CIDRs: "10.1.0.0/24"}, "")
	must(err)
	add("bandwidth left on the connection", vif("vif-2", biere, gw2, 50))
	_, err = st.DeleteConnection(ctx, p.ID, biere.ID)
	add("connection in use", err)
	_, err = st.DeleteGateway(ctx, p.ID, gw.ID)
	add("gateway in use", err)
	_, err = st.DeleteVPC(ctx, p.ID, vpc2.ID)
	add("VPC with a gateway", err)
	must(st.SetQuotas(ctx, p.ID, store.Quotas{Connections: 4, Gateways: 2, Interfaces: 10}))
	_, _, err = st.CreateConnection(ctx, p, store.ConnectionInput{Name: "dc-5", Location: "Biere", Bandwidth: 100}, "")
	add("connection quota", err)
	st.SetProvisionDelay(time.Hour)
	must(st.SetQuotas(ctx, p.ID, store.Quotas{Connections: 10, Gateways: 2, Interfaces: 10}))
	creating := conn("dc-789", "Biere")
	_, err = st.SimulateFailure(ctx, p.ID, creating.ID, true)
	add("failing a connection being created", err)
	if len(msgs) < 25 {
		t.Fatalf("only %d messages", len(msgs))
	}

	de := WithLang(context.Background(), "de")
	en := context.Background()
	english := regexp.MustCompile(`\b(the|is|are|must|cannot|can|only|of|and|more|has|use|uses|already|its|at|first)\b`)
	for _, m := range msgs {
		got := M(de, m)
		if got == M(en, m) || english.MatchString(got) {
			t.Errorf("not (all) German:\n  %s\n  %s", M(en, m), got)
		}
	}
	if got := M(de, cidrProblems); !strings.Contains(got, `"1.2.3.4/24" hat gesetzte Host-Bits`) || !strings.Contains(got, "weitere Probleme") {
		t.Errorf("CIDR problems: %s", got)
	}
	if got := M(de, msgs[len(msgs)-1]); !strings.Contains(got, "„Wird erstellt“") || !strings.Contains(got, "dc-789") {
		t.Errorf("status words: %s", got)
	}
}
