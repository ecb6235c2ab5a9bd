package views

import (
	"context"
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
