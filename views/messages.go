package views

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dcconsole/store"
)

// texts is one message's wording in each language of the console. The
// formats take the message's values in order (fmt verbs; a German sentence
// that needs another order uses explicit indexes such as %[2]s).
type texts struct{ en, de string }

// catalogues are the console's wordings of the store's message keys, one
// map per part of the product (see the messages_*.go files). A key is in
// exactly one of them; TestMessageCatalogueComplete checks that every key
// the store declares is worded in English and German.
var catalogues []map[string]texts

// lookupMessage finds the wording of key.
func lookupMessage(key string) (texts, bool) {
	for _, c := range catalogues {
		if t, ok := c[key]; ok {
			return t, true
		}
	}
	return texts{}, false
}

// M words a store message in the language of ctx. A key without a wording
// (a programming error the catalogue test catches) shows as the key itself,
// never as English inside a German page.
func M(ctx context.Context, m store.Message) string {
	t, ok := lookupMessage(m.Key)
	if !ok {
		return m.Key
	}
	format := t.en
	if Lang(ctx) == "de" {
		format = t.de
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = messageArg(ctx, a)
	}
	return fmt.Sprintf(format, args...)
}

// messageArg words one value of a message.
func messageArg(ctx context.Context, a any) any {
	switch v := a.(type) {
	case store.Word:
		return T(ctx, string(v))
	case store.Message:
		return M(ctx, v)
	case []store.Message:
		parts := make([]string, len(v))
		for i, m := range v {
			parts[i] = M(ctx, m)
		}
		return strings.Join(parts, " ")
	case time.Time:
		return FormatDate(ctx, v)
	default:
		return a
	}
}

// germanMonths are the month abbreviations of German dates.
var germanMonths = [...]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}

// FormatDate is a moment as the console shows it, in UTC, in the language
// of ctx: "Jan 02, 2006 15:04:05 GMT" or "02. Jan. 2006 15:04:05 GMT".
func FormatDate(ctx context.Context, t time.Time) string {
	t = t.UTC()
	if Lang(ctx) == "de" {
		return fmt.Sprintf("%02d. %s %d %s GMT", t.Day(), germanMonths[t.Month()-1], t.Year(), t.Format("15:04:05"))
	}
	return t.Format("Jan 02, 2006 15:04:05 GMT")
}

// attrLabels name the store's attributes as the console's forms label them.
var attrLabels = map[store.Attr]string{
	store.AttrName: "Name", store.AttrDescription: "Description", store.AttrLocation: "Location",
	store.AttrPeerLocation: "Peering Position", store.AttrBandwidth: "Bandwidth (Mbit/s)", store.AttrPortType: "Port Type",
	store.AttrProvider: "Provider", store.AttrProviderStatus: "Provider Status", store.AttrVPC: "VPC",
	store.AttrLocalCIDRs: "CIDR Block", store.AttrLocalIPv6CIDRs: "IPv6 CIDR Block", store.AttrBGPASN: "BGP ASN",
	store.AttrBGPMD5: "BGP MD5 Authentication Key", store.AttrConnection: "Connection", store.AttrGateway: "Virtual Gateway",
	store.AttrRemoteSubnets: "Remote Subnet", store.AttrVLAN: "VLAN", store.AttrRouteMode: "Routing Mode",
	store.AttrGroupType: "Type", store.AttrEndpoints: "Endpoints", store.AttrCIDR: "IPv4 CIDR Block", store.AttrGatewayIP: "Gateway",
	store.AttrPrimaryDNS: "Primary DNS Server", store.AttrSecondaryDNS: "Secondary DNS Server", store.AttrDNSList: "DNS Servers",
	store.AttrAvailabilityZone: "Availability Zone", store.AttrTags: "Tags", store.AttrRegion: "Region",
	store.AttrCount: "Trainees", store.AttrPrefix: "User Name Prefix", store.AttrPassword: "Password", store.AttrQuota: "Quotas",
}

// AttrLabel is the console's label of a store attribute, in the language
// of ctx.
func AttrLabel(ctx context.Context, a store.Attr) string {
	if l, ok := attrLabels[a]; ok {
		return T(ctx, l)
	}
	return string(a)
}

// ProblemText words a broken rule where no form field shows it (an error
// page, the operations log): the attribute's label, then the message.
func ProblemText(ctx context.Context, p store.Problem) string {
	if p.Attr == "" {
		return M(ctx, p.Message)
	}
	return AttrLabel(ctx, p.Attr) + ": " + M(ctx, p.Message)
}

// ProblemsText words a refusal's problems, one after the other.
func ProblemsText(ctx context.Context, ps []store.Problem) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = ProblemText(ctx, p)
	}
	return strings.Join(parts, " ")
}
