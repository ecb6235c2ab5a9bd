package views

import (
	"context"
	"fmt"
	"regexp"
	"strings"
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

// dynamicFormats are messages made elsewhere (the store's redundancy
// verdicts, the topology's path states) with values inside; tDyn recognises
// them and translates them with their values kept.
var dynamicFormats = []string{
	"Single point of failure: connection %s at %s",
	"Single point of failure: location %s",
	"Redundant: %s",
	"Down: connection %s is down",
	"%s: Redundant: %s",
	"%s: Single point of failure: connection %s at %s",
	"%s: Single point of failure: location %s",
	"%s: No path",
	"This connection cannot be deleted because %s virtual interfaces use it. Delete the virtual interfaces first.",
	"This virtual gateway cannot be deleted because %s virtual interfaces are bound to it. Delete the virtual interfaces first.",
	"This VPC cannot be deleted because virtual gateway %s uses it. Delete the virtual gateway first.",
	"%s is outside the CIDR block of VPC %s (%s). It is accepted, but traffic to it will not reach the VPC.",
	"%s are outside the CIDR block of VPC %s (%s). They are accepted, but traffic to them will not reach the VPC.",
	"Remote subnet %s overlaps the VPC CIDR %s. Traffic to addresses in both may not reach your data center.",
}

var dynamicPatterns = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(dynamicFormats))
	for i, f := range dynamicFormats {
		out[i] = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(f), "%s", "(.+?)") + "$")
	}
	return out
}()

// tDyn translates msg when it is in the catalogue or matches one of the
// dynamicFormats; otherwise it returns msg.
func tDyn(ctx context.Context, msg string) string {
	if Lang(ctx) == "en" {
		return msg
	}
	if s, ok := de[msg]; ok {
		return s
	}
	for i, re := range dynamicPatterns {
		if m := re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for j, a := range m[1:] {
				args[j] = a
			}
			return Tf(ctx, dynamicFormats[i], args...)
		}
	}
	return msg
}
