package views

// logTexts words the details of operations-log entries.
var logTexts = map[string]texts{
	"log.value":             {"%v", "%v"},
	"log.for_user":          {"for user %v", "für Benutzer %v"},
	"log.reset":             {"deleted %v interface(s), %v gateway(s), %v connection(s), %v VPC(s); VPC-001 created", "%v Schnittstelle(n), %v Gateway(s), %v Verbindung(en), %v VPC(s) gelöscht; VPC-001 erstellt"},
	"log.connection.create": {"%v, %v Mbit/s", "%v, %v Mbit/s"},
	"log.bandwidth":         {"%v Mbit/s", "%v Mbit/s"},
	"log.provisioned":       {"status %v -> ACTIVE", "Status %v -> ACTIVE"},
	"log.gateway.vpc":       {"VPC %v, %v", "VPC %v, %v"},
	"log.cidrs":             {"CIDR blocks %v", "CIDR-Blöcke %v"},
	"log.cidrs.none":        {"no IPv4 CIDR blocks", "keine IPv4-CIDR-Blöcke"},
	"log.cidrs.ipv6":        {"CIDR blocks %v, IPv6 CIDR blocks %v", "CIDR-Blöcke %v, IPv6-CIDR-Blöcke %v"},
	"log.cidrs.none_ipv6":   {"no IPv4 CIDR blocks, IPv6 CIDR blocks %v", "keine IPv4-CIDR-Blöcke, IPv6-CIDR-Blöcke %v"},
	"log.interface.create":  {"connection %v (%v), gateway %v, VLAN %v, %v Mbit/s", "Verbindung %v (%v), Gateway %v, VLAN %v, %v Mbit/s"},
	"log.interface.modify":  {"%v Mbit/s, remote subnets %v", "%v Mbit/s, Remote-Subnetze %v"},
	"log.interface.delete":  {"connection %v, gateway %v, VLAN %v", "Verbindung %v, Gateway %v, VLAN %v"},
	"log.quotas":            {"quotas: %v connections, %v virtual gateways, %v virtual interfaces", "Kontingente: %v Verbindungen, %v virtuelle Gateways, %v virtuelle Schnittstellen"},
	"log.subnet.create":     {"%v in VPC %v", "%v in VPC %v"},
	"log.vpc.name":          {"name %v", "Name %v"},
	"log.vpc.cidr":          {"CIDR %v", "CIDR %v"},
	"log.vpc.name_cidr":     {"name %v, CIDR %v", "Name %v, CIDR %v"},
	"log.tags.set":          {"tags set: %v", "Tags gesetzt: %v"},
	"log.tags.removed":      {"tags removed: %v", "Tags entfernt: %v"},
	"log.failover":          {"%v at %v: %v -> %v; %v virtual interface(s) followed", "%v in %v: %v -> %v; %v virtuelle Schnittstelle(n) folgten"},
}

func init() { catalogues = append(catalogues, logTexts) }
