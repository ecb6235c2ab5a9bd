package store

// The domain attributes problems concern. Each edge maps them to its own
// names: the console to its form fields (handlers), the API to the JSON
// attributes its clients send.
const (
	AttrName             Attr = "name"
	AttrDescription      Attr = "description"
	AttrLocation         Attr = "location"
	AttrPeerLocation     Attr = "peer_location"
	AttrBandwidth        Attr = "bandwidth"
	AttrPortType         Attr = "port_type"
	AttrProvider         Attr = "provider"
	AttrProviderStatus   Attr = "provider_status"
	AttrVPC              Attr = "vpc"
	AttrLocalCIDRs       Attr = "local_cidrs"
	AttrLocalIPv6CIDRs   Attr = "local_ipv6_cidrs"
	AttrBGPASN           Attr = "bgp_asn"
	AttrBGPMD5           Attr = "bgp_md5"
	AttrConnection       Attr = "connection"
	AttrGateway          Attr = "gateway"
	AttrRemoteSubnets    Attr = "remote_subnets"
	AttrVLAN             Attr = "vlan"
	AttrRouteMode        Attr = "route_mode"
	AttrGroupType        Attr = "group_type"
	AttrEndpoints        Attr = "endpoints"
	AttrCIDR             Attr = "cidr"
	AttrGatewayIP        Attr = "gateway_ip"
	AttrPrimaryDNS       Attr = "primary_dns"
	AttrSecondaryDNS     Attr = "secondary_dns"
	AttrDNSList          Attr = "dns_list"
	AttrAvailabilityZone Attr = "availability_zone"
	AttrTags             Attr = "tags"
	AttrRegion           Attr = "region"
	AttrCount            Attr = "count"
	AttrPrefix           Attr = "prefix"
	AttrPassword         Attr = "password"
	AttrQuota            Attr = "quota"
)

// Attrs lists every attribute, for the edges' tests that each one has a
// name there.
var Attrs = []Attr{AttrName, AttrDescription, AttrLocation, AttrPeerLocation, AttrBandwidth, AttrPortType,
	AttrProvider, AttrProviderStatus, AttrVPC, AttrLocalCIDRs, AttrLocalIPv6CIDRs, AttrBGPASN, AttrBGPMD5,
	AttrConnection, AttrGateway, AttrRemoteSubnets, AttrVLAN, AttrRouteMode, AttrGroupType, AttrEndpoints,
	AttrCIDR, AttrGatewayIP, AttrPrimaryDNS, AttrSecondaryDNS, AttrDNSList, AttrAvailabilityZone, AttrTags,
	AttrRegion, AttrCount, AttrPrefix, AttrPassword, AttrQuota}
