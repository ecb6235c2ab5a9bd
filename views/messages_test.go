package views

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dcconsole/store"
)

// TestMessageCatalogueComplete: every message key the store declares is
// worded in English and in German, each format takes exactly the values the
// key declares, and worded with sample values neither language shows a fmt
// error or the key.
func TestMessageCatalogueComplete(t *testing.T) {
	keys := store.MessageKeys()
	if len(keys) == 0 {
		t.Fatal("the store declares no message keys")
	}
	en, de := WithLang(context.Background(), "en"), WithLang(context.Background(), "de")
	for _, k := range keys {
		tx, ok := lookupMessage(k.Key)
		if !ok {
			t.Errorf("%s: no wording in the catalogues", k.Key)
			continue
		}
		for lang, f := range map[string]string{"en": tx.en, "de": tx.de} {
			if f == "" {
				t.Errorf("%s: no %s wording", k.Key, lang)
			}
			if n := formatArgs(f); n != k.Args {
				t.Errorf("%s (%s): %q takes %d values, the key declares %d", k.Key, lang, f, n, k.Args)
			}
		}
		if tx.en == tx.de && !sameInGerman(tx.en) {
			t.Errorf("%s: the German wording is the English one: %q", k.Key, tx.en)
		}
		args := make([]any, k.Args)
		for i := range args {
			args[i] = "v" + string(rune('1'+i))
		}
		for _, ctx := range []context.Context{en, de} {
			got := M(ctx, store.Message{Key: k.Key, Args: args})
			if strings.Contains(got, "%!") || got == k.Key {
				t.Errorf("%s (%s): worded %q", k.Key, Lang(ctx), got)
			}
		}
	}
}

// formatArgs is how many values a format takes: %v takes the next one,
// %[n]v the n-th (and the next is n+1), as fmt counts them.
func formatArgs(f string) int {
	n, next := 0, 1
	for _, m := range argVerb.FindAllStringSubmatch(f, -1) {
		if m[1] != "" {
			next, _ = strconv.Atoi(m[1])
		}
		n = max(n, next)
		next++
	}
	return n
}

var argVerb = regexp.MustCompile(`%(?:\[(\d+)\])?[vsd]`)

// sameInGerman reports whether a wording reads the same in German: only
// values and words both languages write alike (a log detail "VPC %v, %v").
func sameInGerman(f string) bool {
	for _, w := range regexp.MustCompile(`[A-Za-z]{2,}`).FindAllString(argVerb.ReplaceAllString(f, ""), -1) {
		if !slices.Contains([]string{"VPC", "CIDR", "Mbit", "Redundant", "in"}, w) {
			return false
		}
	}
	return true
}

// TestFormatDate: dates in the reader's language.
func TestFormatDate(t *testing.T) {
	at := time.Date(2026, time.March, 5, 14, 7, 9, 0, time.FixedZone("CET", 3600))
	for lang, want := range map[string]string{
		"en": "Mar 05, 2026 13:07:09 GMT",
		"de": "05. März 2026 13:07:09 GMT",
	} {
		if got := FormatDate(WithLang(context.Background(), lang), at); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// TestEveryRuleErrorRendersInBothLanguages: each rule the store declares
// has a real service code, and the error it makes (with sample values) is
// worded from the catalogue in English and German, never as its key.
func TestEveryRuleErrorRendersInBothLanguages(t *testing.T) {
	rules := store.Rules()
	if len(rules) < 50 {
		t.Fatalf("only %d rules", len(rules))
	}
	code := regexp.MustCompile(`^(DC|VPC)\.\d{4}$`)
	declared := map[string]int{}
	for _, k := range store.MessageKeys() {
		declared[k.Key] = k.Args
	}
	for _, r := range rules {
		if !code.MatchString(r.Code) {
			t.Errorf("%s: code %q", r.Key, r.Code)
		}
		args := make([]any, declared[r.Key])
		for i := range args {
			args[i] = i + 1
		}
		err := &store.RuleError{Problem: store.Problem{Code: r.Code, Message: store.Message{Key: r.Key, Args: args}}}
		for _, lang := range []string{"en", "de"} {
			ctx := WithLang(context.Background(), lang)
			got := ProblemText(ctx, err.Problem)
			if got == "" || got == r.Key || strings.Contains(got, "%!") {
				t.Errorf("%s (%s): %q", r.Key, lang, got)
			}
		}
		if en, de := ProblemText(context.Background(), err.Problem), ProblemText(WithLang(context.Background(), "de"), err.Problem); en == de {
			t.Errorf("%s: German %q is the English", r.Key, de)
		}
	}
}
