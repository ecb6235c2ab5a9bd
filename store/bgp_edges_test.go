package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestInterfaceBGPRules: a BGP interface needs the customer side's AS
// number, 1 to 4294967295 (DC.1203 without one, DC.0008 outside the
// range), and not the gateway's own (DC.1223); a static one needs none. The
// MD5 key is optional, up to 255 printable characters without spaces
// (README, API: "bgp_asn (required: DC.1203; 1–4294967295; not the
// gateway's own AS number: DC.1223) and bgp_md5 (optional, up to 255
// printable characters without spaces)").
func TestInterfaceBGPRules(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16") // the default AS number, 64512
	for _, c := range []struct {
		name  string
		route string
		asn   int64
		md5   string
		field string // "" when accepted
		code  string
	}{
		{"static without AS number", "static", 0, "", "", ""},
		{"static with the gateway's AS number", "static", 64512, "", "", ""},
		{"bgp without AS number", "bgp", 0, "", "bgp_asn", "DC.1203"},
		{"bgp AS number 1", "bgp", 1, "", "", ""},
		{"bgp AS number 65000", "bgp", 65000, "", "", ""},
		{"bgp largest AS number", "bgp", 4294967295, "", "", ""},
		{"bgp AS number past the largest", "bgp", 4294967296, "", "bgp_asn", "DC.0008"},
		{"bgp negative AS number", "bgp", -1, "", "bgp_asn", "DC.0008"},
		{"bgp the gateway's AS number", "bgp", 64512, "", "bgp_asn", "DC.1223"},
		{"MD5 key of 255 characters", "bgp", 65000, strings.Repeat("k", 255), "", ""},
		{"MD5 key of 256 characters", "bgp", 65000, strings.Repeat("k", 256), "bgp_md5", "DC.0001"},
		{"MD5 key of the printable edges", "bgp", 65000, "!~!~", "", ""},
		{"MD5 key starting with a space", "bgp", 65000, " key", "bgp_md5", "DC.0001"},
		{"MD5 key with a space", "bgp", 65000, "my key", "bgp_md5", "DC.0001"},
		{"MD5 key with a tab", "bgp", 65000, "my\tkey", "bgp_md5", "DC.0001"},
		{"MD5 key with DEL", "bgp", 65000, "key\x7f", "bgp_md5", "DC.0001"},
		{"MD5 key with a non-ASCII letter", "bgp", 65000, "schlüssel", "bgp_md5", "DC.0001"},
	} {
		err := s.CheckInterface(ctx, p, InterfaceInput{Name: "vif-1", ConnectionID: conn.ID, GatewayID: gw, Bandwidth: 2,
			RemoteSubnets: "172.16.0.0/24", RouteMode: c.route, BGPASN: c.asn, BGPMD5: c.md5})
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v, want accepted", c.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Code != c.code || len(ve.Problems) != 1 || ve.Problems[0].Attr != Attr(c.field) {
			t.Errorf("%s: %v, want %s about %s only", c.name, err, c.code, c.field)
		}
	}
}
