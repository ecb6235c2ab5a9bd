package views

import (
	"context"
	"fmt"
)

// The console speaks English (the default) and German. Every user-visible
// string of the templates goes through t (or tf for messages with values);
// the English text is the key and de holds its German translation
// (i18n_de.go). A key without a German entry shows in English; the test
// TestGermanCatalogueComplete makes sure none is missing.

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

// T translates msg into the language of ctx.
func T(ctx context.Context, msg string) string {
	if Lang(ctx) == "de" {
		if s, ok := de[msg]; ok {
			return s
		}
	}
	return msg
}

// Tf translates the format and fills in args (fmt.Sprintf).
func Tf(ctx context.Context, format string, args ...any) string {
	return fmt.Sprintf(T(ctx, format), args...)
}

// t and tf are the short names the templates use.
func t(ctx context.Context, msg string) string { return T(ctx, msg) }

func tf(ctx context.Context, format string, args ...any) string { return Tf(ctx, format, args...) }
