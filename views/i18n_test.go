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

	"dcconsole/store"
)

// catalogueCall finds the message keys given to the catalogue: t(ctx, "…")
// and tf(ctx, "…") in the templates, tr(c, "…") and views.T/Tf in the handlers.
var catalogueCall = regexp.MustCompile(`\b(?:t|tf|tr|views\.T|views\.Tf)\((?:ctx|c), ("(?:[^"\\]|\\.)*")`)

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
	return out
}

// TestGermanCatalogueComplete: every catalogue key used in the templates and
// handlers has a German entry with the same formatting verbs.
func TestGermanCatalogueComplete(t *testing.T) {
	keys := usedKeys(t, "*.templ", "../handlers/*.go")
	if len(keys) < 150 {
		t.Fatalf("found only %d keys; is the pattern still right?", len(keys))
	}
	for _, k := range dynamicFormats {
		keys[k] = "dynamicFormats"
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
	if got := Tf(de, "Connection %s has been deleted.", "dc-1"); got != "Verbindung dc-1 wurde gelöscht." {
		t.Errorf("Tf: %q", got)
	}
	if got := tDyn(de, "Single point of failure: connection dc-456 at Magdeburg"); got != "Single Point of Failure: Verbindung dc-456 in Magdeburg" {
		t.Errorf("tDyn: %q", got)
	}
	if got := tDyn(de, "vgw-123: Redundant: Biere + Magdeburg"); got != "vgw-123: Redundant: Biere + Magdeburg" {
		t.Errorf("tDyn: %q", got)
	}
	if got := T(WithLang(ctx, "fr"), "Connections"); got != "Connections" {
		t.Errorf("unknown language: %q", got)
	}
}

// TestStoreMessagesInGerman: the messages the store makes with values in
// them (field errors, CIDR problems, rule refusals) reach a German page in
// German, values kept. The messages come from the store's own validators.
func TestStoreMessagesInGerman(t *testing.T) {
	var msgs []string
	addFields := func(err error) {
		t.Helper()
		var ve *store.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("not a ValidationError: %v", err)
		}
		for _, m := range ve.Fields {
			msgs = append(msgs, m)
		}
	}
	_, err := store.ParseCIDRList("1.2.3.4/24, 10.0.0.0/8, 10.0.0.0/8, 2001:db8::/32, 10.1.1.1, 10.2.0.0/33, 010.3.0.0/16, 10.4.0.0 /16, nonsense")
	if err == nil {
		t.Fatal("bad CIDR list accepted")
	}
	msgs = append(msgs, err.Error())
	region, _ := store.RegionByID("eu-de")
	addFields(store.ConnectionInput{Name: "dc-1", Location: "Paris", Bandwidth: 5000, Description: strings.Repeat("d", 129)}.Validate(region))
	addFields(store.ConnectionInput{Name: "dc-1", Location: "Biere", Bandwidth: 0}.Validate(region))
	_, err = store.GatewayInput{Name: "vgw-1", VPCID: "x", CIDRs: strings.Repeat("10.0.0.0/24,", 51)}.Validate()
	addFields(err)
	_, err = store.VPCInput{Name: "vpc-1", CIDR: "8.8.0.0/16"}.Validate()
	addFields(err)
	_, err = store.VPCInput{Name: "vpc-1", CIDR: "10.0.0.0/30"}.Validate()
	addFields(err)
	// Subnets: field errors from the store's validator, and its refusals.
	addFields(store.SubnetInput{VPCID: "x", Name: "bad name", CIDR: "192.168.1.0/30"}.Validate("eu-de"))
	addFields(store.SubnetInput{VPCID: "x", Name: "", CIDR: "192.168.1.0/24", GatewayIP: "192.168.2.1", PrimaryDNS: "dns", AvailabilityZone: "x"}.Validate("eu-de"))
	addFields(store.SubnetInput{VPCID: "", Name: "s", CIDR: "192.168.1.0/24", GatewayIP: "192.168.1.255"}.Validate("eu-de"))
	msgs = append(msgs, store.VPCHasSubnetsReason(2),
		"The subnet 10.0.0.0/24 is not inside the CIDR block of VPC VPC-001 (192.168.0.0/16).",
		"The subnet 192.168.0.0/23 overlaps subnet subnet-001 (192.168.0.0/24) of VPC VPC-001. Subnets of a VPC cannot overlap.")
	// Rule refusals, as the store writes them (store tests make them).
	msgs = append(msgs,
		"Virtual gateway vgw-123 already has an interface on connection dc-123 at Biere. For redundancy its second connection must be at a different access location than Biere.",
		"Virtual gateway vgw-123 already uses two connections (dc-123 at Biere and dc-456 at Magdeburg). A virtual gateway can have interfaces on at most two connections, at different locations.",
		"Connection dc-123 has 100 Mbit/s; its other virtual interfaces use 60 Mbit/s, so at most 40 Mbit/s is left.",
		"The connection quota of project eu-de is used up (10 of 10). Delete a connection you no longer need, or ask an administrator to raise the quota.",
		"Connection dc-123 is Creating; only a Normal connection can fail.",
	)

	de := WithLang(context.Background(), "de")
	english := regexp.MustCompile(`\b(the|is|are|must|cannot|can|only|of|and|more)\b`)
	for _, m := range msgs {
		got := tDyn(de, m)
		if got == m || english.MatchString(got) {
			t.Errorf("not (all) German:\n  %s\n  %s", m, got)
		}
	}
	if got := tDyn(de, msgs[0]); !strings.Contains(got, `"1.2.3.4/24" hat gesetzte Host-Bits`) || !strings.Contains(got, "weitere Probleme") {
		t.Errorf("CIDR problems: %s", got)
	}
	if got := tDyn(de, "Connection dc-123 is Creating; only a Normal connection can fail."); !strings.Contains(got, "„Wird erstellt“") {
		t.Errorf("status words: %s", got)
	}
}
