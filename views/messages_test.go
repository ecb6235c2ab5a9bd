package views

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"dcconsole/store"
)

// verbs finds the fmt verbs of a format (%% is not one).
var verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[vsdqxXf]`)

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
			if n := len(verbs.FindAllString(f, -1)); n != k.Args {
				t.Errorf("%s (%s): %q takes %d values, the key declares %d", k.Key, lang, f, n, k.Args)
			}
		}
		if tx.en == tx.de {
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
