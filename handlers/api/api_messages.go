package api

import (
	"fmt"
	"strings"

	"dcconsole/store"
)

// apiTexts words the store's rules for API clients: English, with the
// values in order, and no console instructions (no "select", no "refresh
// the list"); the attribute the client sent is named before it (apiAttrs).
var apiTexts = map[string]string{
	"input.invalid":                         "The value is not valid.",
	"bandwidth.missing":                     "A bandwidth is required.",
	"bandwidth.not_number":                  "The bandwidth must be a whole number of Mbit/s.",
	"bandwidth.not_positive":                "The bandwidth must be a positive number of Mbit/s.",
	"name.missing":                          "A name is required: %v to %v digits, letters, underscores (_) and hyphens (-).",
	"name.invalid":                          "The name can have %v to %v characters: digits, letters, underscores (_) and hyphens (-).",
	"description.encoding":                  "The description contains invalid characters.",
	"description.too_long":                  "The description can contain 0 to %v characters.",
	"description.angle_brackets":            "The description cannot contain angle brackets (< or >).",
	"description.control":                   "The description cannot contain control characters.",
	"connection.location.missing":           "A location is required.",
	"connection.location.unknown":           "The location must be one of region %v: %v or %v.",
	"connection.provider.invalid":           "The provider can have %v to %v printable characters.",
	"connection.port_type.unknown":          "The port type must be 1G, 10G, 40G or 100G.",
	"connection.bandwidth.port":             "The bandwidth of a %v port can be at most %v Mbit/s.",
	"connection.peer_location.invalid":      "The peer location can have %v to %v characters: digits, letters, underscores (_) and hyphens (-).",
	"connection.bandwidth.range":            "The bandwidth must be %v to %v Mbit/s.",
	"connection.provider_status.invalid":    "The provider status must be ACTIVE or DOWN.",
	"connection.quota":                      "The connection quota of project %v is used up (%v of %v).",
	"connection.bandwidth.in_use":           "The bandwidth cannot be less than the %v Mbit/s its %v virtual interface(s) use.",
	"connection.in_use.one":                 "The connection cannot be deleted: 1 virtual interface uses it.",
	"connection.in_use":                     "The connection cannot be deleted: %v virtual interfaces use it.",
	"gateway.vpc.missing":                   "A VPC ID is required.",
	"gateway.vpc.not_found":                 "The VPC does not exist in this project.",
	"bgp_asn.range":                         "The BGP AS number must be %v to %v.",
	"gateway.quota":                         "The virtual gateway quota of project %v is used up (%v of %v).",
	"gateway.vpc.has_gateway":               "VPC %v already has virtual gateway %v; a VPC can have only one virtual gateway.",
	"gateway.cidr.is_remote_subnet":         "%v is a remote subnet of virtual interface %v. A CIDR block of the gateway cannot be the same as a remote subnet of its interfaces.",
	"gateway.in_use.one":                    "The virtual gateway cannot be deleted: 1 virtual interface is bound to it.",
	"gateway.in_use":                        "The virtual gateway cannot be deleted: %v virtual interfaces are bound to it.",
	"gateway.warning.outside_vpc.one":       "%v is outside the CIDR block of VPC %v (%v). It is accepted, but traffic to it will not reach the VPC.",
	"gateway.warning.outside_vpc":           "%v are outside the CIDR block of VPC %v (%v). They are accepted, but traffic to them will not reach the VPC.",
	"interface.connection.not_found":        "The connection does not exist in this project.",
	"interface.gateway.not_found":           "The virtual gateway does not exist in this project.",
	"interface.remote_subnets.gateway_cidr": "A remote subnet cannot be the same as a CIDR block of virtual gateway %v: %v.",
	"bgp_asn.missing":                       "A BGP interface needs the BGP AS number of your data center.",
	"bgp_asn.is_gateway":                    "The BGP AS number of your data center cannot be %v, the AS number of virtual gateway %v.",
	"bgp_md5.invalid":                       "The BGP MD5 key can have up to %v printable characters without spaces.",
	"interface.bandwidth.min":               "The bandwidth must be at least %v Mbit/s.",
	"interface.bandwidth.connection":        "The bandwidth cannot exceed the %v Mbit/s of connection %v.",
	"interface.bandwidth.free":              "Connection %v has %v Mbit/s; its other virtual interfaces use %v Mbit/s, so at most %v Mbit/s is left.",
	"interface.connection.two_used":         "Virtual gateway %v already uses two connections (%v at %v and %v at %v). A virtual gateway can have interfaces on at most two connections, at different locations.",
	"interface.connection.same_location":    "Virtual gateway %v already has an interface on connection %v at %v; its second connection must be at another access location.",
	"interface.connection.missing":          "A connection ID is required.",
	"interface.gateway.missing":             "A virtual gateway ID is required.",
	"interface.bandwidth.range":             "The bandwidth must be %v to %v Mbit/s.",
	"interface.vlan.none_free":              "The connection has no free VLAN ID left.",
	"interface.vlan.range":                  "The VLAN ID must be %v to %v.",
	"interface.vlan.taken":                  "VLAN %v is already used on connection %v.",
	"interface.route_mode.invalid":          "The routing mode must be static or bgp.",
	"interface.quota":                       "The virtual interface quota of project %v is used up (%v of %v).",
	"endpoint_group.name.invalid":           "The name can have %v to %v characters: digits, letters, underscores (_), hyphens (-) and periods (.).",
	"endpoint_group.type.invalid":           "The type of an endpoint group can only be \"cidr\".",
	"endpoint_group.quota":                  "Project %v has %v endpoint groups, the most it may have.",
	"endpoint_group.in_use.both":            "Endpoint group %v is in use by virtual gateway %v and virtual interface %v and cannot be deleted.",
	"endpoint_group.in_use.gateways":        "Endpoint group %v is in use by virtual gateway %v and cannot be deleted.",
	"endpoint_group.in_use.interfaces":      "Endpoint group %v is in use by virtual interface %v and cannot be deleted.",
	"endpoint_group.not_found":              "Endpoint group %v does not exist in this project.",
	"endpoint_group.family":                 "Endpoint group %v holds %v blocks; an %v group is required.",
	"cidr.ipv6.invalid":                     "%v is not a valid IPv6 CIDR block such as 2a07:8700:2:4::/64.",
	"cidr.ipv6.mixed":                       "%v is not an IPv6 CIDR block; an endpoint group holds IPv4 or IPv6 blocks, not both.",
	"cidr.ipv6.not_canonical":               "%v is not written in canonical form; write %v.",
	"cidr.problems":                         "%v",
	"cidr.problems.more":                    "%v (and %v more problems)",
	"cidr.list_too_long":                    "The list is too long: at most %v CIDR blocks.",
	"cidr.none":                             "At least one CIDR block is required.",
	"cidr.too_many":                         "At most %v CIDR blocks are allowed; %v were given.",
	"cidr.duplicate":                        "%v is given more than once; each CIDR block must be unique.",
	"cidr.not_ipv4":                         "%v is not an IPv4 CIDR block; only IPv4 is supported.",
	"cidr.host_bits":                        "%v has host bits set beyond the prefix length; the network is %v.",
	"cidr.space":                            "%v contains a space.",
	"cidr.no_prefix":                        "%v has no prefix length; for this one address write %v.",
	"cidr.prefix_above_32":                  "%v has a prefix length above 32.",
	"cidr.leading_zeros":                    "%v has leading zeros; write %v.",
	"cidr.invalid":                          "%v is not a valid IPv4 CIDR block such as 192.168.0.0/16.",
	"vpc.has_subnets":                       "The VPC cannot be deleted: it has %v subnet(s).",
	"vpc.in_use":                            "The VPC cannot be deleted: virtual gateway %v uses it.",
	"vpc.cidr.missing":                      "An IPv4 CIDR block is required.",
	"vpc.cidr.only_one":                     "Exactly one IPv4 CIDR block is required.",
	"vpc.cidr.prefix_range":                 "The prefix length of %v must be /%v to /%v.",
	"vpc.cidr.not_private":                  "%v is not in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16).",
	"vpc.cidr.subnets_outside":              "The CIDR block %v does not hold every subnet of the VPC: %v lies outside it.",
	"subnet.vpc.missing":                    "A VPC ID is required.",
	"subnet.dns_list.too_long":              "At most two DNS servers are allowed.",
	"subnet.dns_list.mismatch":              "dnsList must name the same servers as primary_dns and secondary_dns, in that order.",
	"subnet.dns.secondary_alone":            "A secondary DNS server needs a primary DNS server.",
	"subnet.zone.unknown":                   "The availability zone must be one of region %v: %v.",
	"subnet.name.missing":                   "A name is required: %v to %v digits, letters, underscores (_), hyphens (-) and periods (.).",
	"subnet.name.invalid":                   "The name can have %v to %v characters: digits, letters, underscores (_), hyphens (-) and periods (.).",
	"subnet.address.not_ipv4":               "%v is not an IPv4 address such as %v.",
	"subnet.cidr.missing":                   "An IPv4 CIDR block is required.",
	"subnet.cidr.only_one":                  "Exactly one IPv4 CIDR block is required.",
	"subnet.cidr.prefix_max":                "The prefix length of %v must be /%v or shorter.",
	"subnet.gateway_ip.outside":             "The gateway %v is not in the subnet %v.",
	"subnet.gateway_ip.reserved":            "The gateway %v is the network or broadcast address of %v; use an address between %v and %v.",
	"subnet.vpc.not_found":                  "The VPC does not exist in this project.",
	"subnet.cidr.outside_vpc":               "The subnet %v is not inside the CIDR block of VPC %v (%v).",
	"subnet.cidr.overlap":                   "The subnet %v overlaps subnet %v (%v) of VPC %v. Subnets of a VPC cannot overlap.",
	"subnet.quota":                          "VPC %v already has %v subnets, the most a VPC can have.",
	"tags.none":                             "At least one tag is required.",
	"tags.key.empty":                        "A tag key cannot be empty.",
	"tags.key.invalid":                      "The tag key %v is not valid: use 1 to %v letters, digits, underscores (_) and hyphens (-).",
	"tags.key.twice":                        "The tag key %v is given more than once.",
	"tags.value.invalid":                    "The value of tag %v is not valid: use 0 to %v letters, digits, underscores (_), periods (.) and hyphens (-).",
	"tags.too_many":                         "A VPC can have at most %v tags; this would give VPC %v %v.",
	"class.region.unknown":                  "Region %v does not exist; the regions are eu-de and eu-nl.",
	"class.count.range":                     "The number of trainees must be %v to %v.",
	"class.prefix.invalid":                  "The user-name prefix can have 1 to %v characters: letters, digits, underscores (_) and hyphens (-).",
	"class.name.taken":                      "A class named %v already exists.",
	"class.prefix.taken":                    "The prefix would make the name %v, which already exists.",
	"trainee.region.unknown":                "The region must be eu-de or eu-nl.",
	"user.name.taken":                       "A user named %v already exists.",
	"project.name.taken":                    "A project named %v already exists.",
	"user.last_admin":                       "The last enabled administrator cannot be disabled.",
	"user.name.spaces":                      "The user name cannot begin or end with a space.",
	"user.password.rule":                    "The password must be %v to %v characters long, must not consist only of spaces and must not contain control characters.",
	"project.region.unknown":                "Unknown region %v.",
	"project.quota.negative":                "A quota cannot be negative.",
	"failover.cannot_fail":                  "Connection %v is %v; only a %v connection can fail.",
	"failover.cannot_restore":               "Connection %v is %v; only a %v connection can be restored.",
}

// apiAttrs are the JSON attributes API clients send for the store's
// attributes, where the name is not the attribute's.
var apiAttrs = map[store.Attr]string{
	store.AttrConnection:     "direct_connect_id",
	store.AttrGateway:        "vgw_id",
	store.AttrRemoteSubnets:  "remote_ep_group_id",
	store.AttrLocalCIDRs:     "local_ep_group_id",
	store.AttrLocalIPv6CIDRs: "local_ep_group_ipv6_id",
	store.AttrVPC:            "vpc_id",
	store.AttrGroupType:      "type",
	store.AttrDNSList:        "dnsList",
}

// apiAttr is the JSON attribute of attr.
func apiAttr(attr store.Attr) string {
	if a, ok := apiAttrs[attr]; ok {
		return a
	}
	return string(attr)
}

// apiText words a store message for API clients, in English.
func apiText(m store.Message) string {
	format, ok := apiTexts[m.Key]
	if !ok {
		return m.Key // a programming error TestAPIMessagesComplete catches
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case store.Message:
			args[i] = apiText(v)
		case []store.Message:
			parts := make([]string, len(v))
			for j, x := range v {
				parts[j] = apiText(x)
			}
			args[i] = strings.Join(parts, " ")
		case store.Word:
			args[i] = string(v)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// apiProblems words a refusal's problems for API clients: each with the
// attribute the client sent, "vgw_id: The virtual gateway does not exist
// in this project."
func apiProblems(ps []store.Problem) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		if p.Attr == "" {
			parts[i] = apiText(p.Message)
		} else {
			parts[i] = apiAttr(p.Attr) + ": " + apiText(p.Message)
		}
	}
	return strings.Join(parts, "; ")
}
