package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// ResSubnet is the operations log's resource type of subnets.
const ResSubnet = "subnet"

// Subnet is a subnet of a VPC, as the VPC v1 API has it.
type Subnet struct {
	ID               string
	ProjectID        string
	VPCID            string
	VPCName          string
	Name             string
	Description      string
	CIDR             netip.Prefix
	GatewayIP        netip.Addr
	DHCPEnable       bool
	PrimaryDNS       string
	SecondaryDNS     string
	AvailabilityZone string
	// NeutronSubnetID is the id of the subnet's Neutron subnet; the id of its
	// Neutron network is the subnet's own ID, as on the real service.
	NeutronSubnetID string
	CreatedAt       time.Time
}

// DNSList is the subnet's DNS servers, primary first.
func (s Subnet) DNSList() []string {
	out := []string{}
	for _, d := range []string{s.PrimaryDNS, s.SecondaryDNS} {
		if d != "" {
			out = append(out, d)
		}
	}
	return out
}

// Subnet rules and defaults.
const (
	// MaxSubnetPrefix is the longest prefix a subnet may have (/29: eight
	// addresses, of which the network, the gateway and the broadcast address
	// leave five).
	MaxSubnetPrefix = 29
	// SubnetsPerVPC is how many subnets one VPC may have.
	SubnetsPerVPC = 100
	// subnetDescLimit is the length of a subnet's or VPC's description.
	subnetDescLimit = 255

	// DefaultPrimaryDNS and DefaultSecondaryDNS are the cloud's internal DNS
	// servers, which a subnet gets when the client names none.
	DefaultPrimaryDNS   = "100.125.4.25"
	DefaultSecondaryDNS = "100.125.129.199"

	// Names of what every project starts with.
	DefaultSubnetName = "subnet-001"
)

// The real VPC service's error codes for subnets.
const (
	codeSubnetParam   = "VPC.0201" // incorrect subnet parameters
	codeSubnetCIDR    = "VPC.0212" // invalid subnet CIDR block
	codeSubnetOutside = "VPC.0203" // subnet not in the range of the VPC
	codeSubnetOverlap = "VPC.0204" // subnet conflicts with another of the VPC
	// CodeVPCNotFound is the VPC service's "VPC does not exist" (404).
	CodeVPCNotFound = "VPC.0003"
)

// AvailabilityZones returns the availability zones of a region
// (eu-de-01 to eu-de-03).
func AvailabilityZones(region string) []string {
	return []string{region + "-01", region + "-02", region + "-03"}
}

// SubnetInput holds what a client chooses when creating a subnet.
type SubnetInput struct {
	VPCID       string
	Name        string
	Description string
	CIDR        string // as typed, e.g. "192.168.1.0/24"
	// GatewayIP is the gateway's address in the subnet; empty means the
	// first address after the network address.
	GatewayIP    string
	DHCPEnable   *bool // nil: enabled
	PrimaryDNS   string
	SecondaryDNS string
	// DNSList may name the DNS servers instead of PrimaryDNS and
	// SecondaryDNS (at most two; when both forms are given they must agree).
	DNSList          []string
	AvailabilityZone string
}

// subnetValues is a subnet input checked and normalised.
type subnetValues struct {
	cidr          netip.Prefix
	gateway       netip.Addr
	dhcp          bool
	primary, sec  string
	zone          string
	name, desc    string
	vpcID         string
	dnsWasDefault bool
}

// Validate checks the input on its own (the VPC's block and the other
// subnets are checked by CreateSubnet) for a subnet in region. Returns a
// *ValidationError naming every broken field.
func (in SubnetInput) Validate(region string) error {
	_, err := in.values(region)
	return err
}

func (in SubnetInput) values(region string) (subnetValues, error) {
	var fe fieldErrors
	v := subnetValues{name: in.Name, desc: in.Description, vpcID: strings.TrimSpace(in.VPCID), dhcp: in.DHCPEnable == nil || *in.DHCPEnable}
	checkSubnetName(&fe, AttrName, in.Name)
	checkDescriptionLimit(&fe, AttrDescription, in.Description, subnetDescLimit)
	if v.vpcID == "" {
		fe.add(problemAt(codeSubnetParam, AttrVPC, keySubnetVPCMissing))
	}
	p, err := parseSubnetCIDR(in.CIDR)
	if err != nil {
		fe.addErr(AttrCIDR, codeSubnetCIDR, err)
	} else {
		v.cidr = p
		gw, err := subnetGateway(p, in.GatewayIP)
		if err != nil {
			fe.addErr(AttrGatewayIP, codeSubnetParam, err)
		}
		v.gateway = gw
	}
	v.primary, v.sec = strings.TrimSpace(in.PrimaryDNS), strings.TrimSpace(in.SecondaryDNS)
	if len(in.DNSList) > 2 {
		fe.add(problemAt(codeSubnetParam, AttrDNSList, keyDNSListTooLong))
	} else if len(in.DNSList) > 0 {
		list := append([]string{}, in.DNSList...)
		for len(list) < 2 {
			list = append(list, "")
		}
		switch {
		case v.primary == "" && v.sec == "":
			v.primary, v.sec = strings.TrimSpace(list[0]), strings.TrimSpace(list[1])
		case v.primary != strings.TrimSpace(list[0]) || v.sec != strings.TrimSpace(list[1]):
			fe.add(problemAt(codeSubnetParam, AttrDNSList, keyDNSListMismatch))
		}
	}
	checkDNS(&fe, AttrPrimaryDNS, v.primary)
	checkDNS(&fe, AttrSecondaryDNS, v.sec)
	if v.primary == "" && v.sec != "" {
		fe.add(problemAt(codeSubnetParam, AttrSecondaryDNS, keyDNSSecondaryAlone))
	}
	if v.primary == "" && v.sec == "" {
		v.primary, v.sec, v.dnsWasDefault = DefaultPrimaryDNS, DefaultSecondaryDNS, true
	}
	v.zone = strings.TrimSpace(in.AvailabilityZone)
	if v.zone != "" && !containsString(AvailabilityZones(region), v.zone) {
		fe.add(problemAt(codeSubnetParam, AttrAvailabilityZone, keyZoneUnknown, region, strings.Join(AvailabilityZones(region), ", ")))
	}
	fe.serviceCode(codeSubnetParam)
	return v, fe.err()
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkSubnetName: 1 to 64 letters, digits, '_', '-' and '.', as the VPC
// service allows for subnets.
func checkSubnetName(fe *fieldErrors, attr Attr, name string) {
	ok := name != "" && len(name) <= NameMaxLen
	for i := 0; ok && i < len(name); i++ {
		c := name[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
	}
	switch {
	case name == "":
		fe.add(problemAt(codeSubnetParam, attr, keySubnetNameMissing, 1, NameMaxLen))
	case !ok:
		fe.add(problemAt(codeSubnetParam, attr, keySubnetNameInvalid, 1, NameMaxLen))
	}
}

// The rules of a subnet (all with the VPC service's codes).
var (
	keySubnetVPCMissing  = newMessage("subnet.vpc.missing", 0)
	keyDNSListTooLong    = newMessage("subnet.dns_list.too_long", 0)
	keyDNSListMismatch   = newMessage("subnet.dns_list.mismatch", 0)
	keyDNSSecondaryAlone = newMessage("subnet.dns.secondary_alone", 0)
	keyZoneUnknown       = newMessage("subnet.zone.unknown", 2)
	keySubnetNameMissing = newMessage("subnet.name.missing", 2)
	keySubnetNameInvalid = newMessage("subnet.name.invalid", 2)
	keyNotIPv4Address    = newMessage("subnet.address.not_ipv4", 2)
	keySubnetCIDRMissing = newMessage("subnet.cidr.missing", 0)
	keySubnetCIDROnlyOne = newMessage("subnet.cidr.only_one", 0)
	keySubnetPrefixMax   = newMessage("subnet.cidr.prefix_max", 2)
	keyGatewayIPOutside  = newMessage("subnet.gateway_ip.outside", 2)
	keyGatewayIPReserved = newMessage("subnet.gateway_ip.reserved", 4)
	keySubnetVPCNotFound = newMessage("subnet.vpc.not_found", 0)
	keySubnetOutside     = newMessage("subnet.cidr.outside_vpc", 3)
	keySubnetOverlap     = newMessage("subnet.cidr.overlap", 4)
	keySubnetQuota       = newMessage("subnet.quota", 2)
)

// checkDNS: empty, or one IPv4 address.
func checkDNS(fe *fieldErrors, attr Attr, s string) {
	if s == "" {
		return
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() || len(s) > 15 {
		fe.add(problemAt(codeSubnetParam, attr, keyNotIPv4Address, quoteItem(s), DefaultPrimaryDNS))
	}
}

// parseSubnetCIDR reads a subnet's block: one canonical IPv4 CIDR with a
// prefix length of at most /29.
func parseSubnetCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return netip.Prefix{}, errMsg(keySubnetCIDRMissing)
	case len(s) > 64 || strings.ContainsAny(s, ",\n"):
		return netip.Prefix{}, errMsg(keySubnetCIDROnlyOne)
	}
	p, err := ParseCIDR(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if p.Bits() > MaxSubnetPrefix {
		return netip.Prefix{}, errMsg(keySubnetPrefixMax, p.String(), MaxSubnetPrefix)
	}
	return p, nil
}

// subnetGateway reads the gateway address of subnet p: an IPv4 address in
// p other than its network and broadcast addresses. Empty means the first
// address after the network address.
func subnetGateway(p netip.Prefix, s string) (netip.Addr, error) {
	s = strings.TrimSpace(s)
	network := p.Addr()
	broadcast := lastAddr(p)
	if s == "" {
		return network.Next(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() || len(s) > 15 {
		return netip.Addr{}, errMsg(keyNotIPv4Address, quoteItem(s), network.Next().String())
	}
	switch {
	case !p.Contains(a):
		return netip.Addr{}, errMsg(keyGatewayIPOutside, a.String(), p.String())
	case a == network || a == broadcast:
		return netip.Addr{}, errMsg(keyGatewayIPReserved, a.String(), p.String(), network.Next().String(), broadcast.Prev().String())
	}
	return a, nil
}

// lastAddr is the last (broadcast) address of an IPv4 block.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	n := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	n |= host
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

const subnetColumns = `s.id, s.project_id, s.vpc_id, v.name, s.name, s.description, s.cidr, s.gateway_ip, s.dhcp_enable,
	s.primary_dns, s.secondary_dns, s.availability_zone, s.neutron_subnet_id, s.created_at`

func scanSubnet(row interface{ Scan(...any) error }) (Subnet, error) {
	var sn Subnet
	var cidr, gw string
	var created int64
	err := row.Scan(&sn.ID, &sn.ProjectID, &sn.VPCID, &sn.VPCName, &sn.Name, &sn.Description, &cidr, &gw, &sn.DHCPEnable,
		&sn.PrimaryDNS, &sn.SecondaryDNS, &sn.AvailabilityZone, &sn.NeutronSubnetID, &created)
	if err != nil {
		return Subnet{}, err
	}
	sn.CIDR, _ = netip.ParsePrefix(cidr) // validated on the way in
	sn.GatewayIP, _ = netip.ParseAddr(gw)
	sn.CreatedAt = fromMillis(created)
	return sn, nil
}

// CreateSubnet creates a subnet in a VPC of project p. The block must lie
// inside the VPC's block and overlap no other subnet of the VPC.
// requestToken, when not empty, makes the create idempotent as for
// CreateConnection. Returns a *ValidationError for bad input, and a
// *RuleError with CodeVPCNotFound when the VPC is not one of the project's.
func (s *Store) CreateSubnet(ctx context.Context, p Project, in SubnetInput, requestToken string) (sn Subnet, created bool, err error) {
	v, err := in.values(p.Region)
	if err != nil {
		return Subnet{}, false, err
	}
	var id string
	err = s.txIn(ctx, p.ID, func(ctx context.Context, tx *writeTx) error {
		created = false // this run may be a retry (postgres.go)
		if requestToken != "" {
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT id, project_id FROM subnets WHERE request_token = ?`, requestToken).Scan(&id, &owner)
			switch {
			case err == nil && owner == p.ID:
				return nil
			case err == nil:
				return ErrNotFound
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		vpc, err := vpcQuery(ctx, tx, p.ID, v.vpcID)
		if errors.Is(err, ErrNotFound) {
			return refuse(problemAt(CodeVPCNotFound, AttrVPC, keySubnetVPCNotFound))
		}
		if err != nil {
			return err
		}
		if err := checkSubnetPlace(ctx, tx, vpc, v.cidr, ""); err != nil {
			return err
		}
		id = s.newID()
		token := sql.NullString{String: requestToken, Valid: requestToken != ""}
		_, err = tx.ExecContext(ctx, `INSERT INTO subnets (id, project_id, vpc_id, name, description, cidr, gateway_ip, dhcp_enable,
				primary_dns, secondary_dns, availability_zone, neutron_subnet_id, request_token, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.ID, vpc.ID, v.name, v.desc, v.cidr.String(), v.gateway.String(), v.dhcp, v.primary, v.sec, v.zone, s.newID(), token, millis(s.now()))
		if err != nil {
			return fmt.Errorf("store: create subnet: %w", err)
		}
		created = true
		return s.logOp(ctx, tx, p.ID, ResSubnet, id, v.name, ActCreate, msg(keyLogSubnetCreate, v.cidr.String(), vpc.Name))
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, p.ID, ResSubnet, "", in.Name, ActCreate, err)
	}
	if err != nil {
		return Subnet{}, false, err
	}
	sn, err = s.Subnet(ctx, p.ID, id)
	return sn, created, err
}

// checkSubnetPlace refuses a block outside the VPC's, one that overlaps
// another subnet of the VPC (except the subnet except), and a VPC whose
// subnet quota is used up.
func checkSubnetPlace(ctx context.Context, tx *writeTx, vpc VPC, cidr netip.Prefix, except string) error {
	if !PrefixContains(vpc.CIDR, cidr) {
		return refuse(problemAt(codeSubnetOutside, AttrCIDR, keySubnetOutside, cidr.String(), vpc.Name, vpc.CIDR.String()))
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, cidr FROM subnets WHERE vpc_id = ? AND id <> ?`, vpc.ID, except)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, name, c string
		if err := rows.Scan(&id, &name, &c); err != nil {
			return err
		}
		n++
		if q, err := netip.ParsePrefix(c); err == nil && q.Overlaps(cidr) {
			return refuse(problemAt(codeSubnetOverlap, AttrCIDR, keySubnetOverlap, cidr.String(), name, q.String(), vpc.Name))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n >= SubnetsPerVPC {
		return refuse(problemAt(codeSubnetParam, AttrVPC, keySubnetQuota, vpc.Name, SubnetsPerVPC))
	}
	return nil
}

// Subnet returns the subnet id of project projectID.
// Returns ErrNotFound if it does not exist or belongs to another project.
func (s *Store) Subnet(ctx context.Context, projectID, id string) (Subnet, error) {
	return subnetQuery(ctx, s.r, projectID, id)
}

func subnetQuery(ctx context.Context, q queryRower, projectID, id string) (Subnet, error) {
	sn, err := scanSubnet(q.QueryRowContext(ctx, `SELECT `+subnetColumns+` FROM subnets s JOIN vpcs v ON v.id = s.vpc_id
		WHERE s.project_id = ? AND s.id = ?`, projectID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Subnet{}, ErrNotFound
	}
	if err != nil {
		return Subnet{}, fmt.Errorf("store: subnet %s: %w", id, err)
	}
	return sn, nil
}

// Subnets lists the subnets of a project, or of one of its VPCs when vpcID
// is not empty, oldest first.
func (s *Store) Subnets(ctx context.Context, projectID, vpcID string) ([]Subnet, error) {
	q := `SELECT ` + subnetColumns + ` FROM subnets s JOIN vpcs v ON v.id = s.vpc_id WHERE s.project_id = ?`
	args := []any{projectID}
	if vpcID != "" {
		q += ` AND s.vpc_id = ?`
		args = append(args, vpcID)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY s.created_at, s.name, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list subnets: %w", err)
	}
	defer rows.Close()
	var out []Subnet
	for rows.Next() {
		sn, err := scanSubnet(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list subnets: %w", err)
		}
		out = append(out, sn)
	}
	return out, rows.Err()
}

// SubnetUpdate holds what may change on a subnet; nil leaves a value as it
// is. The block, gateway, VPC and availability zone never change.
type SubnetUpdate struct {
	Name         *string
	Description  *string
	DHCPEnable   *bool
	PrimaryDNS   *string
	SecondaryDNS *string
}

// UpdateSubnet changes subnet id of VPC vpcID in project projectID.
// Returns ErrNotFound (also when the subnet is not in that VPC) or a
// *ValidationError.
func (s *Store) UpdateSubnet(ctx context.Context, projectID, vpcID, id string, u SubnetUpdate) (Subnet, error) {
	var sn Subnet
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		if sn, err = subnetQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		if sn.VPCID != vpcID {
			return ErrNotFound
		}
		var fe fieldErrors
		if u.Name != nil {
			checkSubnetName(&fe, AttrName, *u.Name)
			sn.Name = *u.Name
		}
		if u.Description != nil {
			checkDescriptionLimit(&fe, AttrDescription, *u.Description, subnetDescLimit)
			sn.Description = *u.Description
		}
		if u.DHCPEnable != nil {
			sn.DHCPEnable = *u.DHCPEnable
		}
		if u.PrimaryDNS != nil {
			sn.PrimaryDNS = strings.TrimSpace(*u.PrimaryDNS)
			checkDNS(&fe, AttrPrimaryDNS, sn.PrimaryDNS)
		}
		if u.SecondaryDNS != nil {
			sn.SecondaryDNS = strings.TrimSpace(*u.SecondaryDNS)
			checkDNS(&fe, AttrSecondaryDNS, sn.SecondaryDNS)
		}
		if sn.PrimaryDNS == "" && sn.SecondaryDNS != "" {
			fe.add(problemAt(codeSubnetParam, AttrSecondaryDNS, keyDNSSecondaryAlone))
		}
		fe.serviceCode(codeSubnetParam)
		if err := fe.err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE subnets SET name = ?, description = ?, dhcp_enable = ?, primary_dns = ?, secondary_dns = ?
			WHERE id = ?`, sn.Name, sn.Description, sn.DHCPEnable, sn.PrimaryDNS, sn.SecondaryDNS, id); err != nil {
			return fmt.Errorf("store: update subnet: %w", err)
		}
		return s.logOp(ctx, tx, projectID, ResSubnet, id, sn.Name, ActModify, noDetail)
	})
	if err != nil {
		return Subnet{}, err
	}
	return sn, nil
}

// DeleteSubnet deletes subnet id of VPC vpcID. Returns ErrNotFound (also
// when the subnet is not in that VPC).
func (s *Store) DeleteSubnet(ctx context.Context, projectID, vpcID, id string) (Subnet, error) {
	var sn Subnet
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		if sn, err = subnetQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		if sn.VPCID != vpcID {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM subnets WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete subnet: %w", err)
		}
		return s.logOp(ctx, tx, projectID, ResSubnet, id, sn.Name, ActDelete, msg(keyLogValue, sn.CIDR.String()))
	})
	return sn, err
}
