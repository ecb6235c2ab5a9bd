package api

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dcconsole/store"
)

// TestAPIMessagesComplete: the API words every message the store declares
// that can reach it (everything but the log details, verdicts and guide
// steps, which only pages show) in English, with exactly the values the
// key declares and no console instruction; and it names every attribute.
func TestAPIMessagesComplete(t *testing.T) {
	pageOnly := regexp.MustCompile(`^(log|verdict|guide)\.`)
	verb := regexp.MustCompile(`%(?:\[(\d+)\])?v`)
	instruction := regexp.MustCompile(`(?i)\b(select|refresh|enter|choose|click)\b`)
	n := 0
	for _, k := range store.MessageKeys() {
		if pageOnly.MatchString(k.Key) {
			continue
		}
		n++
		f, ok := apiTexts[k.Key]
		if !ok {
			t.Errorf("%s: no API wording", k.Key)
			continue
		}
		args, next := 0, 1
		for _, m := range verb.FindAllStringSubmatch(f, -1) {
			if m[1] != "" {
				next, _ = strconv.Atoi(m[1])
			}
			args = max(args, next)
			next++
		}
		if args != k.Args {
			t.Errorf("%s: %q takes %d values, the key declares %d", k.Key, f, args, k.Args)
		}
		if instruction.MatchString(f) {
			t.Errorf("%s: %q gives a console instruction", k.Key, f)
		}
	}
	if n < 100 {
		t.Fatalf("only %d keys checked", n)
	}
	for k := range apiTexts {
		found := false
		for _, d := range store.MessageKeys() {
			found = found || d.Key == k
		}
		if !found {
			t.Errorf("%s: worded, but the store declares no such key", k)
		}
	}
	for _, a := range store.Attrs {
		if name := apiAttr(a); name == "" || strings.ContainsAny(name, " :") {
			t.Errorf("attribute %s has API name %q", a, name)
		}
	}
}
