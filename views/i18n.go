package views

import (
	"context"
	"fmt"
)

// The console speaks English (the default) and German. Its own texts go
// through T: the English text is the key and de holds its German
// translation (i18n_de.go); TestGermanCatalogueComplete makes sure none is
// missing. What the store tells comes as a store.Message, worded by M from
// the catalogues of messages*.go. These are the only two ways text is
// translated.

// Languages the console offers, in the order of the language switch.
var Languages = []struct{ Code, Name string }{{"en", "English"}, {"de", "Deutsch"}}

type langKey struct{}

// WithLang returns ctx carrying the page language ("en" or "de").
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang is the language of ctx: "de" or "en" (the default).
func Lang(ctx context.Context) string {
	if l, _ := ctx.Value(langKey{}).(string); l == "de" {
		return "de"
	}
	return "en"
}

// SupportedLang reports whether code is a language of the console.
func SupportedLang(code string) bool { return code == "en" || code == "de" }

// T translates msg into the language of ctx and, with args, fills them in
// (fmt.Sprintf). Texts the store tells (rules, verdicts, log details) are
// Messages, worded by M; T is for the console's own texts.
func T(ctx context.Context, msg string, args ...any) string {
	if Lang(ctx) == "de" {
		if s, ok := de[msg]; ok {
			msg = s
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}
