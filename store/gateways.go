package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// GatewayTypeDefault is the only virtual gateway type (shown as "Default").
const GatewayTypeDefault = "default"

// Gateway is a virtual gateway: the router that links a project's VPC to its
// connections' virtual interfaces.
type Gateway struct {
	ID          string
	ProjectID   string
	Name        string
	Description string
	VPCID       string
	VPCName     string
	VPCCIDR     netip.Prefix
	CIDRs       []netip.Prefix // the CIDR blocks (local subnets) reachable through the gateway
	// IPv6CIDRs are the IPv6 local subnets (set through the API only).
	IPv6CIDRs []netip.Prefix
	// LocalGroupID and LocalIPv6GroupID are the endpoint groups holding
	// CIDRs and IPv6CIDRs (empty when the gateway has none of the family).
	LocalGroupID     string
	LocalIPv6GroupID string
	Type             string
	Status           string
	BGPASN           int
	CreatedAt        time.Time
	UpdatedAt        time.Time
	// InterfaceCount is the number of virtual interfaces bound to the
	// gateway; Interfaces lists them (filled by Gateway and Gateways).
	InterfaceCount int
	Interfaces     []InterfaceRef
}

// InterfaceRef names a virtual interface bound to a gateway.
type InterfaceRef struct {
	ID   string
	Name string
}

// OutsideVPC returns the gateway's CIDR blocks that are not inside its VPC's
// CIDR. The service accepts them (the real API does, and clients rely on
// it), but the console warns about them.
func (g Gateway) OutsideVPC() []netip.Prefix { return PrefixesOutside(g.VPCCIDR, g.CIDRs) }

// OutsideVPCWarning is the warning shown for CIDR blocks outside the VPC's
// CIDR block, or "" when there are none.
func OutsideVPCWarning(vpcName string, vpcCIDR netip.Prefix, outside []netip.Prefix) (Message, bool) {
	switch len(outside) {
	case 0:
		return Message{}, false
	case 1:
		return msg(keyOutsideVPCOne, outside[0].String(), vpcName, vpcCIDR.String()), true
	}
	return msg(keyOutsideVPC, JoinPrefixes(outside), vpcName, vpcCIDR.String()), true
}

var (
	keyOutsideVPCOne = newMessage("gateway.warning.outside_vpc.one", 3)
	keyOutsideVPC    = newMessage("gateway.warning.outside_vpc", 3)
)

// GatewayInput holds what a user chooses when creating a virtual gateway.
type GatewayInput struct {
	Name        string
	VPCID       string
	CIDRs       string // as typed: commas and/or new lines, see ParseCIDRList
	Description string
	// LocalGroupID and LocalIPv6GroupID (the API) name endpoint groups whose
	// endpoints are the gateway's IPv4 and IPv6 local subnets; at least one
	// is given, and CIDRs is not used. With neither, the gateway takes CIDRs
	// and the store makes a group for them (the console).
	LocalGroupID     string
	LocalIPv6GroupID string
	// BGPASN is the gateway's BGP AS number; 0 means the default, 64512.
	BGPASN int
}

// usesGroups reports whether the input names endpoint groups (the API).
func (in GatewayInput) usesGroups() bool { return in.LocalGroupID != "" || in.LocalIPv6GroupID != "" }

// Validate checks the fields that need no database and returns the parsed
// CIDR blocks. Returns a *ValidationError naming every broken field.
func (in GatewayInput) Validate() ([]netip.Prefix, error) {
	var fe fieldErrors
	checkName(&fe, AttrName, in.Name)
	if strings.TrimSpace(in.VPCID) == "" {
		fe.add(ruleGatewayVPCMissing.on(AttrVPC))
	}
	var cidrs []netip.Prefix
	if !in.usesGroups() {
		cidrs = checkGatewayCIDRs(&fe, in.CIDRs)
	}
	checkDescription(&fe, AttrDescription, in.Description)
	if in.BGPASN < 0 || in.BGPASN > MaxASN {
		fe.add(ruleASNRange.on(AttrBGPASN, 1, MaxASN))
	}
	return cidrs, fe.err()
}

func checkGatewayCIDRs(fe *fieldErrors, s string) []netip.Prefix {
	ps, err := ParseCIDRList(s)
	if err != nil {
		code := "DC.0001"
		var le *CIDRListError
		if errors.As(err, &le) && le.TooMany {
			code = "DC.1101" // number of local subnets exceeds the limit
		}
		fe.addErr(AttrLocalCIDRs, code, err)
	}
	return ps
}

// GatewayUpdate holds the fields a modify changes; nil leaves a field as it is.
type GatewayUpdate struct {
	Name        *string
	CIDRs       *string
	Description *string
	// LocalGroupID and LocalIPv6GroupID (the API) switch the gateway to
	// other endpoint groups; their endpoints become its local subnets.
	LocalGroupID     *string
	LocalIPv6GroupID *string
}

func (u GatewayUpdate) validate() ([]netip.Prefix, error) {
	var fe fieldErrors
	var cidrs []netip.Prefix
	if u.Name != nil {
		checkName(&fe, AttrName, *u.Name)
	}
	if u.CIDRs != nil {
		cidrs = checkGatewayCIDRs(&fe, *u.CIDRs)
	}
	if u.Description != nil {
		checkDescription(&fe, AttrDescription, *u.Description)
	}
	return cidrs, fe.err()
}

const gatewayColumns = `g.id, g.project_id, g.name, g.description, g.vpc_id, v.name, v.cidr, g.cidrs, g.type, g.status,
	g.bgp_asn, g.created_at, g.updated_at,
	(SELECT COUNT(*) FROM virtual_interfaces i WHERE i.gateway_id = g.id),
	COALESCE(g.local_ep_group_id, ''), COALESCE(g.local_ep_group_ipv6_id, ''), g.ipv6_cidrs`

const gatewayFrom = ` FROM virtual_gateways g JOIN vpcs v ON v.id = g.vpc_id`

func scanGateway(row interface{ Scan(...any) error }) (Gateway, error) {
	var g Gateway
	var vpcCIDR, cidrs, ipv6 string
	var created, updated int64
	err := row.Scan(&g.ID, &g.ProjectID, &g.Name, &g.Description, &g.VPCID, &g.VPCName, &vpcCIDR, &cidrs, &g.Type, &g.Status,
		&g.BGPASN, &created, &updated, &g.InterfaceCount, &g.LocalGroupID, &g.LocalIPv6GroupID, &ipv6)
	if err != nil {
		return Gateway{}, err
	}
	g.VPCCIDR, _ = netip.ParsePrefix(vpcCIDR)
	g.CIDRs = splitStoredCIDRs(cidrs)
	if ipv6 != "" {
		g.IPv6CIDRs = splitStoredCIDRs(ipv6)
	}
	g.CreatedAt, g.UpdatedAt = fromMillis(created), fromMillis(updated)
	return g, nil
}

type queryRower interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func gatewayQuery(ctx context.Context, q queryRower, projectID, id string) (Gateway, error) {
	g, err := scanGateway(q.QueryRowContext(ctx, `SELECT `+gatewayColumns+gatewayFrom+` WHERE g.project_id = ? AND g.id = ?`, projectID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Gateway{}, ErrNotFound
	}
	if err != nil {
		return Gateway{}, fmt.Errorf("store: virtual gateway %s: %w", id, err)
	}
	return g, nil
}

// CreateGateway creates a virtual gateway in project p. The VPC must be one
// of the project's (else a *ValidationError on vpc_id), have no gateway yet
// (*RuleError DC.1110) and the project's gateway quota must allow one more
// (*RuleError DC.1019). requestToken, when not empty, makes the create
// idempotent as for CreateConnection. New gateways are PENDING_CREATE until
// the provisioning delay has passed (ACTIVE at once with no delay).
func (s *Store) CreateGateway(ctx context.Context, p Project, in GatewayInput, requestToken string) (g Gateway, created bool, err error) {
	cidrs, err := in.Validate()
	if err != nil {
		return Gateway{}, false, err
	}
	var id string
	err = s.txIn(ctx, p.ID, func(ctx context.Context, tx *writeTx) error {
		created = false // this run may be a retry (postgres.go)
		if requestToken != "" {
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT id, project_id FROM virtual_gateways WHERE request_token = ?`, requestToken).Scan(&id, &owner)
			switch {
			case err == nil && owner == p.ID:
				return nil
			case err == nil:
				return ErrNotFound
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		vpc, err := vpcQuery(ctx, tx, p.ID, in.VPCID)
		if errors.Is(err, ErrNotFound) {
			return invalid(ruleGatewayVPCNotFound.on(AttrVPC))
		}
		if err != nil {
			return err
		}
		used, quota, err := gatewayQuota(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if used >= quota {
			return refuse(ruleGatewayQuota.on("", p.Name, used, quota))
		}
		if vpc.InUse() {
			return refuse(ruleVPCHasGateway.on(AttrVPC, vpc.Name, vpc.GatewayName))
		}
		now := s.now()
		status, readyAt := StatusActive, sql.NullInt64{}
		if s.provisionDelay > 0 {
			status, readyAt = StatusPendingCreate, sql.NullInt64{Int64: millis(now.Add(s.provisionDelay)), Valid: true}
		}
		id = s.newID()
		var local gatewayGroups
		if in.usesGroups() {
			if local, err = resolveLocalGroups(ctx, tx, p.ID, in.LocalGroupID, in.LocalIPv6GroupID); err != nil {
				return err
			}
			cidrs = local.v4
		} else {
			local.v4 = cidrs
			if local.v4ID, err = s.createOwnedGroup(ctx, tx, now, p.ID, id, "local-"+in.Name,
				"CIDR blocks of virtual gateway "+in.Name, FamilyIPv4, cidrs); err != nil {
				return err
			}
		}
		asn := in.BGPASN
		if asn == 0 {
			asn = 64512
		}
		token := sql.NullString{String: requestToken, Valid: requestToken != ""}
		_, err = tx.ExecContext(ctx, `INSERT INTO virtual_gateways (id, project_id, vpc_id, name, description, cidrs, type,
			status, ready_at, request_token, created_at, updated_at, bgp_asn, local_ep_group_id, local_ep_group_ipv6_id, ipv6_cidrs)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.ID, vpc.ID, in.Name, in.Description, FormatCIDRList(cidrs), GatewayTypeDefault,
			status, readyAt, token, millis(now), millis(now), asn, nullIfEmpty(local.v4ID), nullIfEmpty(local.v6ID), FormatCIDRList(local.v6))
		if err != nil {
			return fmt.Errorf("store: create virtual gateway: %w", err)
		}
		created = true
		return s.logOp(ctx, tx, p.ID, ResVirtualGateway, id, in.Name, ActCreate,
			msg(keyLogGatewayVPC, vpc.Name, local.describe()))
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, p.ID, ResVirtualGateway, "", in.Name, ActCreate, err)
	}
	if err != nil {
		return Gateway{}, false, err
	}
	g, err = s.Gateway(ctx, p.ID, id)
	return g, created, err
}

// Gateway returns the virtual gateway id of project projectID with its
// interfaces. Returns ErrNotFound if it does not exist or belongs to another
// project.
func (s *Store) Gateway(ctx context.Context, projectID, id string) (Gateway, error) {
	g, err := gatewayQuery(ctx, s.r, projectID, id)
	if err != nil {
		return Gateway{}, err
	}
	gs := []Gateway{g}
	if err := s.addInterfaceRefs(ctx, projectID, gs); err != nil {
		return Gateway{}, err
	}
	return gs[0], nil
}

// Gateways lists a page of a project's virtual gateways, newest first, with
// their interfaces, and the number of gateways matching the filter.
func (s *Store) Gateways(ctx context.Context, projectID string, f ListFilter) ([]Gateway, int, error) {
	where, args := f.where("g", projectID)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM virtual_gateways g WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count virtual gateways: %w", err)
	}
	page, pargs := f.page()
	rows, err := s.r.QueryContext(ctx, `SELECT `+gatewayColumns+gatewayFrom+` WHERE `+where+
		` ORDER BY g.created_at DESC, g.id`+page, append(args, pargs...)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list virtual gateways: %w", err)
	}
	defer rows.Close()
	var out []Gateway
	for rows.Next() {
		g, err := scanGateway(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list virtual gateways: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	if err := s.addInterfaceRefs(ctx, projectID, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// addInterfaceRefs fills the Interfaces of gs with one query.
func (s *Store) addInterfaceRefs(ctx context.Context, projectID string, gs []Gateway) error {
	idx := map[string]int{}
	var args []any
	for i, g := range gs {
		if g.InterfaceCount > 0 {
			idx[g.ID] = i
			args = append(args, g.ID)
		}
	}
	if len(idx) == 0 {
		return nil
	}
	// The gateways come from the project already; naming the project here
	// too made SQLite walk all of the project's interfaces instead of the
	// gateway index (TestListQueryPlans).
	rows, err := s.r.QueryContext(ctx, `SELECT gateway_id, id, name FROM virtual_interfaces WHERE gateway_id IN (?`+
		strings.Repeat(", ?", len(idx)-1)+`) ORDER BY created_at, name, id`, args...)
	if err != nil {
		return fmt.Errorf("store: virtual gateway interfaces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var gid string
		var ref InterfaceRef
		if err := rows.Scan(&gid, &ref.ID, &ref.Name); err != nil {
			return fmt.Errorf("store: virtual gateway interfaces: %w", err)
		}
		if i, ok := idx[gid]; ok {
			gs[i].Interfaces = append(gs[i].Interfaces, ref)
		}
	}
	return rows.Err()
}

func gatewayQuota(ctx context.Context, q queryRower, projectID string) (used, quota int, err error) {
	err = q.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM virtual_gateways WHERE project_id = ?), quota_gateways FROM projects WHERE id = ?`,
		projectID, projectID).Scan(&used, &quota)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, ErrNotFound
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: virtual gateway quota: %w", err)
	}
	return used, quota, nil
}

// GatewayQuota returns how many virtual gateways a project has and may have.
func (s *Store) GatewayQuota(ctx context.Context, projectID string) (used, quota int, err error) {
	return gatewayQuota(ctx, s.r, projectID)
}

// UpdateGateway changes the given fields of a virtual gateway. A CIDR block
// equal to a remote subnet of one of its virtual interfaces is refused
// (*RuleError DC.1105 on cidrs). Returns ErrNotFound if the gateway does not
// exist in the project.
func (s *Store) UpdateGateway(ctx context.Context, projectID, id string, u GatewayUpdate) (Gateway, error) {
	cidrs, err := u.validate()
	if err != nil {
		return Gateway{}, err
	}
	var g Gateway
	err = s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		if g, err = gatewayQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		if u.Name != nil {
			g.Name = *u.Name
		}
		if u.Description != nil {
			g.Description = *u.Description
		}
		local := gatewayGroups{v4ID: g.LocalGroupID, v4: g.CIDRs, v6ID: g.LocalIPv6GroupID, v6: g.IPv6CIDRs}
		if u.LocalGroupID != nil || u.LocalIPv6GroupID != nil {
			next, err := resolveLocalGroups(ctx, tx, projectID, deref(u.LocalGroupID), deref(u.LocalIPv6GroupID))
			if err != nil {
				return err
			}
			if u.LocalGroupID != nil {
				local.v4ID, local.v4 = next.v4ID, next.v4
			}
			if u.LocalIPv6GroupID != nil {
				local.v6ID, local.v6 = next.v6ID, next.v6
			}
		}
		if u.CIDRs != nil && (!slices.Equal(cidrs, g.CIDRs) || g.LocalGroupID == "") {
			// Endpoints never change: new CIDR blocks are a new group.
			if local.v4ID, err = s.createOwnedGroup(ctx, tx, s.now(), projectID, id, "local-"+g.Name,
				"CIDR blocks of virtual gateway "+g.Name, FamilyIPv4, cidrs); err != nil {
				return err
			}
			local.v4 = cidrs
		}
		if !slices.Equal(local.v4, g.CIDRs) {
			if err := checkRemoteSubnetClash(ctx, tx, id, local.v4); err != nil {
				return err
			}
		}
		g.CIDRs = local.v4
		_, err = tx.ExecContext(ctx, `UPDATE virtual_gateways SET name = ?, description = ?, cidrs = ?, updated_at = ?,
			local_ep_group_id = ?, local_ep_group_ipv6_id = ?, ipv6_cidrs = ? WHERE id = ?`,
			g.Name, g.Description, FormatCIDRList(g.CIDRs), millis(s.now()),
			nullIfEmpty(local.v4ID), nullIfEmpty(local.v6ID), FormatCIDRList(local.v6), id)
		if err != nil {
			return err
		}
		if u.CIDRs != nil {
			// The console replaced its own group: the old one goes.
			if err := dropOwnedGroups(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.logOp(ctx, tx, projectID, ResVirtualGateway, id, g.Name, ActModify, local.describe())
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResVirtualGateway, id, g.Name, ActModify, err)
	}
	if err != nil {
		return Gateway{}, err
	}
	return s.Gateway(ctx, projectID, id)
}

// checkRemoteSubnetClash refuses gateway CIDR blocks that equal a remote
// subnet of an interface bound to the gateway: the interface rule "a remote
// subnet may not be the same as a CIDR block of the gateway" must keep
// holding when the gateway changes.
func checkRemoteSubnetClash(ctx context.Context, tx *writeTx, gatewayID string, cidrs []netip.Prefix) error {
	rows, err := tx.QueryContext(ctx, `SELECT name, remote_subnets FROM virtual_interfaces WHERE gateway_id = ? ORDER BY created_at, name`, gatewayID)
	if err != nil {
		return fmt.Errorf("store: virtual gateway interfaces: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, remote string
		if err := rows.Scan(&name, &remote); err != nil {
			return err
		}
		for _, r := range splitStoredCIDRs(remote) {
			for _, c := range cidrs {
				if r == c {
					return refuse(ruleGatewayCIDRIsRemote.on(AttrLocalCIDRs, c.String(), name))
				}
			}
		}
	}
	return rows.Err()
}

// DeleteGateway deletes a virtual gateway no virtual interface is bound to,
// with the endpoint groups the console made for it (the console). Returns
// ErrNotFound, or a *RuleError (DC.1106) while interfaces are bound.
func (s *Store) DeleteGateway(ctx context.Context, projectID, id string) (Gateway, error) {
	return s.deleteGateway(ctx, projectID, id, true)
}

// DeleteGatewayKeepGroups is DeleteGateway for the API: every endpoint group
// stays, as in the real service, where clients delete the groups themselves
// (Terraform deletes a gateway, then its groups).
func (s *Store) DeleteGatewayKeepGroups(ctx context.Context, projectID, id string) (Gateway, error) {
	return s.deleteGateway(ctx, projectID, id, false)
}

func (s *Store) deleteGateway(ctx context.Context, projectID, id string, dropGroups bool) (Gateway, error) {
	var g Gateway
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		if g, err = gatewayQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		if g.InterfaceCount > 0 {
			return refuse(Problem{Code: "DC.1106", Message: GatewayInUseReason(g.InterfaceCount)})
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM virtual_gateways WHERE id = ?`, id); err != nil {
			return err
		}
		if dropGroups {
			if err := dropOwnedGroups(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.logOp(ctx, tx, projectID, ResVirtualGateway, id, g.Name, ActDelete, noDetail)
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResVirtualGateway, id, g.Name, ActDelete, err)
	}
	return g, err
}

// GatewayInUseReason explains why a virtual gateway cannot be deleted.
func GatewayInUseReason(interfaces int) Message {
	if interfaces == 1 {
		return msg(keyGatewayInUseOne)
	}
	return msg(keyGatewayInUse, interfaces)
}

// The rules of a virtual gateway.
var (
	ruleGatewayVPCMissing   = newRule("gateway.vpc.missing", "DC.0001", 0)
	ruleGatewayVPCNotFound  = newRule("gateway.vpc.not_found", "DC.0007", 0)
	ruleASNRange            = newRule("bgp_asn.range", "DC.0008", 2)
	ruleGatewayQuota        = newRule("gateway.quota", "DC.1019", 3)
	ruleVPCHasGateway       = newRule("gateway.vpc.has_gateway", "DC.1110", 2)
	ruleGatewayCIDRIsRemote = newRule("gateway.cidr.is_remote_subnet", "DC.1105", 2)
	keyGatewayInUseOne      = newMessage("gateway.in_use.one", 0)
	keyGatewayInUse         = newRule("gateway.in_use", "DC.1106", 1).Key
)
