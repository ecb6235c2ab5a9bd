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
	// The store's field and rule messages with values (numbers are %s here:
	// tDyn finds them as text).
	"Select a location of region %s: %s.",
	"The bandwidth of a %s port can be at most %s Mbit/s.",
	"The bandwidth must be %s to %s Mbit/s.",
	"The bandwidth must be at least %s Mbit/s.",
	"The bandwidth cannot exceed the %s Mbit/s of connection %s.",
	"The description can contain 0 to %s characters.",
	"The connection quota of project %s is used up (%s of %s). Delete a connection you no longer need, or ask an administrator to raise the quota.",
	"The virtual gateway quota of project %s is used up (%s of %s). Delete a virtual gateway you no longer need, or ask an administrator to raise the quota.",
	"The virtual interface quota of project %s is used up (%s of %s). Delete a virtual interface you no longer need, or ask an administrator to raise the quota.",
	"The bandwidth cannot be less than the %s Mbit/s its %s virtual interface(s) use. Reduce or delete those interfaces first.",
	"VPC %s already has virtual gateway %s. A VPC can have only one virtual gateway; select another VPC.",
	"%s is a remote subnet of virtual interface %s. A CIDR block of the gateway cannot be the same as a remote subnet of its interfaces.",
	"The remote subnet cannot be the same as a CIDR block of virtual gateway %s: %s. Enter the subnets of your data center.",
	"Connection %s has %s Mbit/s; its other virtual interfaces use %s Mbit/s, so at most %s Mbit/s is left.",
	"Virtual gateway %s already uses two connections (%s at %s and %s at %s). A virtual gateway can have interfaces on at most two connections, at different locations.",
	"Virtual gateway %s already has an interface on connection %s at %s. For redundancy its second connection must be at a different access location than %s.",
	"VLAN %s is already used on connection %s.",
	"Connection %s is %s; only a %s connection can fail.",
	"Connection %s is %s; only a %s connection can be restored.",
	"The list is too long. Enter at most %s CIDR blocks.",
	"You can add a maximum of %s CIDR blocks; %s were entered.",
	"%s is entered more than once; each CIDR block must be unique.",
	"%s is not an IPv4 CIDR block; only IPv4 is supported.",
	"%s has host bits set beyond the prefix length; the network is %s.",
	"%s contains a space; separate CIDR blocks with commas or new lines.",
	"%s has no prefix length; for this one address write %s.",
	"%s has a prefix length above 32.",
	"%s has leading zeros; write %s.",
	"%s is not a valid IPv4 CIDR block such as 192.168.0.0/16.",
	"The prefix length of %s must be /%s to /%s.",
	"%s is not in a private range. Use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.",
	// Subnets and VPCs.
	"The prefix length of %s must be /%s or shorter.",
	"%s is not an IPv4 address such as %s.",
	"The gateway %s is not in the subnet %s.",
	"The gateway %s is the network or broadcast address of %s; use an address between %s and %s.",
	"The subnet %s is not inside the CIDR block of VPC %s (%s).",
	"The subnet %s overlaps subnet %s (%s) of VPC %s. Subnets of a VPC cannot overlap.",
	"VPC %s already has %s subnets, the most a VPC can have.",
	"This VPC cannot be deleted because it has %s subnet(s). Delete its subnets first.",
	"Select an availability zone of region %s: %s.",
	"A user named %s already exists.",
	// Classes.
	"A class named %s already exists.",
	"Region %s does not exist. Select eu-de or eu-nl.",
	"The number of trainees must be %s to %s.",
	"The prefix would make the name %s, which already exists. Choose another prefix.",
	"The user-name prefix (the class name when left empty) can contain 1 to %s characters: letters, digits, underscores (_), and hyphens (-).",
	// Operations log details.
	"for user %s",
	"%s in VPC %s",
	"tags set: %s",
	"tags removed: %s",
	"deleted %s interface(s), %s gateway(s), %s connection(s), %s VPC(s); VPC-001 created",
	"status %s -> ACTIVE",
	"%s at %s: %s -> %s; %s virtual interface(s) followed",
	"connection %s (%s), gateway %s, VLAN %s, %s Mbit/s",
	"%s Mbit/s, remote subnets %s",
	"connection %s, gateway %s, VLAN %s",
	"quotas: %s connections, %s virtual gateways, %s virtual interfaces",
	// (the longer of two formats with the same start comes first)
	"VPC %s, CIDR blocks %s, IPv6 CIDR blocks %s",
	"VPC %s, no IPv4 CIDR blocks, IPv6 CIDR blocks %s",
	"VPC %s, CIDR blocks %s",
	"CIDR blocks %s, IPv6 CIDR blocks %s",
	"no IPv4 CIDR blocks, IPv6 CIDR blocks %s",
	"CIDR blocks %s",
}

var dynamicPatterns = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(dynamicFormats))
	for i, f := range dynamicFormats {
		out[i] = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(f), "%s", "(.+?)") + "$")
	}
	return out
}()

// tDyn translates msg when it is in the catalogue or matches one of the
// dynamicFormats; a list of such sentences (the CIDR parser names one
// problem per item, and may end with "(and N more problems)") is translated
// sentence by sentence. What it does not recognise stays as it is.
func tDyn(ctx context.Context, msg string) string {
	if Lang(ctx) == "en" {
		return msg
	}
	if s, ok := tOne(ctx, msg); ok {
		return s
	}
	rest, more := msg, ""
	if m := moreProblems.FindStringSubmatch(msg); m != nil {
		rest, more = m[1], Tf(ctx, " (and %s more problems)", m[2])
	}
	parts := strings.SplitAfter(rest, ". ")
	if len(parts) < 2 && more == "" {
		return msg
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if s, ok := tOne(ctx, p); ok {
			p = s
		}
		parts[i] = p
	}
	return strings.Join(parts, " ") + more
}

var moreProblems = regexp.MustCompile(`^(.*) \(and (\d+) more problems\)$`)

// statusWords are the status values messages name; tDyn translates them
// where they stand in for a %s.
var statusWords = map[string]bool{"Normal": true, "Creating": true, "Updating": true, "Down": true, "Error": true}

// tOne translates one message: from the catalogue, or by a dynamic format
// with its values kept.
func tOne(ctx context.Context, msg string) (string, bool) {
	if s, ok := de[msg]; ok {
		return s, true
	}
	for i, re := range dynamicPatterns {
		if m := re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for j, a := range m[1:] {
				if statusWords[a] {
					a = T(ctx, a)
				}
				args[j] = a
			}
			return Tf(ctx, dynamicFormats[i], args...), true
		}
	}
	return "", false
}
