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

// VLAN IDs the system allocates to virtual interfaces.
const (
	MinVLAN = 1
	MaxVLAN = 3999
)

// MaxASN is the highest BGP AS number (4-byte AS numbers).
const MaxASN = 4294967295

// MaxMD5Len is the longest BGP MD5 key.
const MaxMD5Len = 255

// MaxChosenVLAN is the highest VLAN ID a client may choose.
const MaxChosenVLAN = 4063

// The rules of a virtual interface.
var (
	ruleIfConnNotFound      = newRule("interface.connection.not_found", "DC.1012", 0)
	ruleIfGatewayNotFound   = newRule("interface.gateway.not_found", "DC.1111", 0)
	ruleIfConnMissing       = newRule("interface.connection.missing", "DC.0001", 0)
	ruleIfGatewayMissing    = newRule("interface.gateway.missing", "DC.0001", 0)
	ruleRemoteIsGatewayCIDR = newRule("interface.remote_subnets.gateway_cidr", "DC.1105", 2)
	ruleASNMissing          = newRule("bgp_asn.missing", "DC.1203", 0)
	ruleASNIsGateway        = newRule("bgp_asn.is_gateway", "DC.1223", 2)
	ruleMD5Invalid          = newRule("bgp_md5.invalid", "DC.0001", 1)
	ruleIfBandwidthMin      = newRule("interface.bandwidth.min", "DC.0001", 1)
	ruleIfBandwidthRange    = newRule("interface.bandwidth.range", "DC.0001", 2)
	ruleIfBandwidthConn     = newRule("interface.bandwidth.connection", "DC.1000", 2)
	ruleIfBandwidthFree     = newRule("interface.bandwidth.free", "DC.1000", 4)
	ruleTwoConnections      = newRule("interface.connection.two_used", "DC.1117", 5)
	ruleSameLocation        = newRule("interface.connection.same_location", "DC.1117", 3)
	ruleNoFreeVLAN          = newRule("interface.vlan.none_free", "DC.1209", 0)
	ruleVLANRange           = newRule("interface.vlan.range", "DC.0001", 2)
	ruleVLANTaken           = newRule("interface.vlan.taken", "DC.1209", 2)
	ruleRouteMode           = newRule("interface.route_mode.invalid", "DC.0001", 0)
	ruleIfQuota             = newRule("interface.quota", "DC.1019", 3)
)

// Virtual interface bandwidth limits (Mbit/s); the upper limit is also the
// connection's bandwidth less what its other interfaces use.
const (
	MinInterfaceBandwidth = 2
	MaxInterfaceBandwidth = 10000
)

// VirtualInterface links a connection to a virtual gateway over a VLAN.
type VirtualInterface struct {
	ID               string
	ProjectID        string
	Name             string
	Description      string
	ConnectionID     string
	ConnectionName   string
	ConnectionStatus string
	Location         string // the connection's access location
	GatewayID        string
	GatewayName      string
	VLAN             int
	Bandwidth        int
	RemoteSubnets    []netip.Prefix
	RemoteGroupID    string // the endpoint group holding RemoteSubnets
	Type             string
	ServiceType      string
	RouteMode        string
	LocalGatewayIP   string
	RemoteGatewayIP  string
	BGPASN           int64  // the customer side's AS number (BGP), 0 for static
	BGPMD5           string // the BGP session's MD5 key, "" when none
	Status           string
	CreatedAt        time.Time
	UpdatedAt        time.Time
	// VPCOverlap lists remote subnets that overlap the gateway's VPC CIDR:
	// accepted, but worth a warning.
	VPCOverlap []netip.Prefix
	VPCCIDR    string
}

// InterfaceInput holds what a user chooses when creating a virtual interface.
type InterfaceInput struct {
	Name          string
	Description   string
	ConnectionID  string
	GatewayID     string
	Bandwidth     int    // 0: the connection's free bandwidth
	RemoteSubnets string // CIDR list as typed
	// RemoteGroupID (the API) names the endpoint group whose endpoints are
	// the remote subnets; RemoteSubnets is then not used. Without it the
	// store makes a group for RemoteSubnets (the console).
	RemoteGroupID string
	// VLAN 0 lets the system allocate one (the console); API clients give
	// it.
	VLAN int
	// Explicit (the API) says the client gave VLAN and Bandwidth: 0 is
	// then out of range, not "choose for me".
	Explicit        bool
	RouteMode       string // static (default) or bgp
	LocalGatewayIP  string
	RemoteGatewayIP string
	// BGPASN and BGPMD5 are the customer side's AS number and the session's
	// MD5 key of a BGP interface (the API).
	BGPASN int64
	BGPMD5 string
}

// InterfaceUpdate holds the fields a modify changes; nil leaves a field as it is.
type InterfaceUpdate struct {
	Name          *string
	Description   *string
	Bandwidth     *int
	RemoteSubnets *string
	// RemoteGroupID (the API) switches the interface to another endpoint
	// group; its endpoints become the remote subnets.
	RemoteGroupID *string
}

const interfaceColumns = `v.id, v.project_id, v.name, v.description, v.connection_id, c.name, c.status, c.location, v.gateway_id, g.name,
	v.vlan, v.bandwidth, v.remote_subnets, v.type, v.service_type, v.route_mode, v.local_gateway_ip, v.remote_gateway_ip,
	v.status, v.created_at, v.updated_at, p.cidr, COALESCE(v.remote_ep_group_id, ''), v.bgp_asn, v.bgp_md5`

const interfaceFrom = ` FROM virtual_interfaces v
	JOIN connections c ON c.id = v.connection_id
	JOIN virtual_gateways g ON g.id = v.gateway_id
	JOIN vpcs p ON p.id = g.vpc_id`

func scanInterface(row interface{ Scan(...any) error }) (VirtualInterface, error) {
	var v VirtualInterface
	var subnets string
	var created, updated int64
	err := row.Scan(&v.ID, &v.ProjectID, &v.Name, &v.Description, &v.ConnectionID, &v.ConnectionName, &v.ConnectionStatus, &v.Location,
		&v.GatewayID, &v.GatewayName, &v.VLAN, &v.Bandwidth, &subnets, &v.Type, &v.ServiceType, &v.RouteMode,
		&v.LocalGatewayIP, &v.RemoteGatewayIP, &v.Status, &created, &updated, &v.VPCCIDR, &v.RemoteGroupID, &v.BGPASN, &v.BGPMD5)
	if err != nil {
		return v, err
	}
	v.RemoteSubnets = splitStoredCIDRs(subnets)
	v.CreatedAt, v.UpdatedAt = fromMillis(created), fromMillis(updated)
	if vpc, perr := netip.ParsePrefix(v.VPCCIDR); perr == nil {
		v.VPCOverlap = PrefixesOverlapping(v.RemoteSubnets, []netip.Prefix{vpc})
	}
	return v, nil
}

// interfaceTarget is what the rules need to know about the chosen
// connection and gateway.
type interfaceTarget struct {
	connName, location, connStatus string
	connBandwidth, connUsed        int
	gwName                         string
	gwASN                          int64
	gwCIDRs                        []netip.Prefix
	vpcCIDR                        netip.Prefix
}

// loadTarget reads the connection and gateway of project projectID inside
// tx. A missing one (or one of another project) is a field error.
func loadTarget(ctx context.Context, tx *writeTx, projectID, connID, gwID, exceptVIF string, fe *fieldErrors) (interfaceTarget, error) {
	var t interfaceTarget
	err := tx.QueryRowContext(ctx, `SELECT c.name, c.location, c.status, c.bandwidth,
		(SELECT COALESCE(SUM(v.bandwidth), 0) FROM virtual_interfaces v WHERE v.connection_id = c.id AND v.id <> ?)
		FROM connections c WHERE c.project_id = ? AND c.id = ?`, exceptVIF, projectID, connID).
		Scan(&t.connName, &t.location, &t.connStatus, &t.connBandwidth, &t.connUsed)
	if errors.Is(err, sql.ErrNoRows) {
		fe.add(ruleIfConnNotFound.on(AttrConnection))
	} else if err != nil {
		return t, err
	}
	var cidrs, vpc string
	err = tx.QueryRowContext(ctx, `SELECT g.name, g.bgp_asn, g.cidrs, p.cidr FROM virtual_gateways g JOIN vpcs p ON p.id = g.vpc_id
		WHERE g.project_id = ? AND g.id = ?`, projectID, gwID).Scan(&t.gwName, &t.gwASN, &cidrs, &vpc)
	if errors.Is(err, sql.ErrNoRows) {
		fe.add(ruleIfGatewayNotFound.on(AttrGateway))
	} else if err != nil {
		return t, err
	}
	t.gwCIDRs = splitStoredCIDRs(cidrs)
	t.vpcCIDR, _ = netip.ParsePrefix(vpc)
	return t, nil
}

// checkRemoteSubnets parses the remote subnets and applies the rule that
// none may be the same as a CIDR block of the gateway.
func checkRemoteSubnets(fe *fieldErrors, typed string, t interfaceTarget) []netip.Prefix {
	subnets, err := ParseCIDRList(typed)
	if err != nil {
		fe.addErr(AttrRemoteSubnets, "DC.0004", err)
		return nil
	}
	var same []string
	for _, s := range subnets {
		for _, g := range t.gwCIDRs {
			if s == g {
				same = append(same, s.String())
			}
		}
	}
	if len(same) > 0 {
		fe.add(ruleRemoteIsGatewayCIDR.on(AttrRemoteSubnets, t.gwName, strings.Join(same, ", ")))
	}
	return subnets
}

// checkBGP applies the BGP session rules: a BGP interface needs the
// customer side's AS number (1 to 4294967295), which cannot be the
// gateway's own; the MD5 key is optional, up to 255 printable characters
// without spaces.
func checkBGP(fe *fieldErrors, route string, asn int64, md5 string, t interfaceTarget) {
	switch {
	case asn < 0 || asn > MaxASN:
		fe.add(ruleASNRange.on(AttrBGPASN, 1, MaxASN))
	case route == "bgp" && asn == 0:
		fe.add(ruleASNMissing.on(AttrBGPASN))
	case route == "bgp" && asn == t.gwASN:
		fe.add(ruleASNIsGateway.on(AttrBGPASN, asn, t.gwName))
	}
	if len(md5) > MaxMD5Len || strings.IndexFunc(md5, func(r rune) bool { return r <= ' ' || r == 0x7f || r > '~' }) >= 0 {
		fe.add(ruleMD5Invalid.on(AttrBGPMD5, MaxMD5Len))
	}
}

// checkInterfaceBandwidthRange applies the interface bandwidth limits that
// need no connection (MinInterfaceBandwidth to MaxInterfaceBandwidth).
func checkInterfaceBandwidthRange(fe *fieldErrors, bw int) {
	if bw < MinInterfaceBandwidth || bw > MaxInterfaceBandwidth {
		fe.add(ruleIfBandwidthRange.on(AttrBandwidth, MinInterfaceBandwidth, MaxInterfaceBandwidth))
	}
}

func checkInterfaceBandwidth(fe *fieldErrors, bw int, t interfaceTarget) {
	free := t.connBandwidth - t.connUsed
	switch {
	case bw < MinInterfaceBandwidth:
		fe.add(ruleIfBandwidthMin.on(AttrBandwidth, MinInterfaceBandwidth))
	case bw > t.connBandwidth:
		fe.add(ruleIfBandwidthConn.on(AttrBandwidth, t.connBandwidth, t.connName))
	case bw > free:
		fe.add(ruleIfBandwidthFree.on(AttrBandwidth, t.connName, t.connBandwidth, t.connUsed, max(free, 0)))
	}
}

// checkRedundancy applies the seed's rule: a virtual gateway's interfaces
// use at most two connections, at different access locations.
func checkRedundancy(ctx context.Context, tx *writeTx, fe *fieldErrors, gwID, connID string, t interfaceTarget) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT c.id, c.name, c.location FROM virtual_interfaces v
		JOIN connections c ON c.id = v.connection_id WHERE v.gateway_id = ?`, gwID)
	if err != nil {
		return err
	}
	defer rows.Close()
	type used struct{ id, name, location string }
	var us []used
	for rows.Next() {
		var u used
		if err := rows.Scan(&u.id, &u.name, &u.location); err != nil {
			return err
		}
		us = append(us, u)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, u := range us {
		if u.id == connID {
			return nil // the gateway already uses this connection
		}
	}
	switch {
	case len(us) >= 2:
		fe.add(ruleTwoConnections.on(AttrConnection, t.gwName, us[0].name, us[0].location, us[1].name, us[1].location))
	case len(us) == 1 && us[0].location == t.location:
		fe.add(ruleSameLocation.on(AttrConnection, t.gwName, us[0].name, us[0].location))
	}
	return nil
}

// allocateVLAN returns the lowest VLAN ID free on the connection. It runs
// inside the write transaction, so concurrent creates never get the same ID.
func allocateVLAN(ctx context.Context, tx *writeTx, connID string) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT vlan FROM virtual_interfaces WHERE connection_id = ? ORDER BY vlan`, connID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	next := MinVLAN
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return 0, err
		}
		if v > next {
			break
		}
		if v == next {
			next++
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if next > MaxVLAN {
		return 0, refuse(ruleNoFreeVLAN.on(AttrConnection))
	}
	return next, nil
}

// CreateInterface creates a virtual interface in project p after checking
// every rule (see the checks above); requestToken makes it idempotent.
func (s *Store) CreateInterface(ctx context.Context, p Project, in InterfaceInput, requestToken string) (v VirtualInterface, created bool, err error) {
	return s.createInterface(ctx, p, in, requestToken, false)
}

// CheckInterface applies every rule of CreateInterface and stores nothing.
// It returns nil when a create would succeed.
func (s *Store) CheckInterface(ctx context.Context, p Project, in InterfaceInput) error {
	_, _, err := s.createInterface(ctx, p, in, "", true)
	return err
}

// errDryRun rolls back a transaction that only checked the rules.
var errDryRun = errors.New("dry run")

func (s *Store) createInterface(ctx context.Context, p Project, in InterfaceInput, requestToken string, dryRun bool) (v VirtualInterface, created bool, err error) {
	var id string
	err = s.txIn(ctx, p.ID, func(ctx context.Context, tx *writeTx) error {
		created = false // this run may be a retry (postgres.go)
		if requestToken != "" {
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT id, project_id FROM virtual_interfaces WHERE request_token = ?`, requestToken).Scan(&id, &owner)
			switch {
			case err == nil && owner == p.ID:
				return nil
			case err == nil:
				return ErrNotFound
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		var fe fieldErrors
		checkName(&fe, AttrName, in.Name)
		checkDescription(&fe, AttrDescription, in.Description)
		if in.ConnectionID == "" {
			fe.add(ruleIfConnMissing.on(AttrConnection))
		}
		if in.GatewayID == "" {
			fe.add(ruleIfGatewayMissing.on(AttrGateway))
		}
		if (in.Explicit || in.VLAN != 0) && (in.VLAN < 1 || in.VLAN > MaxChosenVLAN) {
			fe.add(ruleVLANRange.on(AttrVLAN, 1, MaxChosenVLAN))
		}
		if in.Explicit || in.Bandwidth != 0 {
			checkInterfaceBandwidthRange(&fe, in.Bandwidth)
		}
		route := in.RouteMode
		if route == "" {
			route = "static"
		}
		if route != "static" && route != "bgp" {
			fe.add(ruleRouteMode.on(AttrRouteMode))
		}
		if route == "bgp" && in.BGPASN == 0 {
			fe.add(ruleASNMissing.on(AttrBGPASN)) // before the lookups, as the real service
		}
		var t interfaceTarget
		var subnets []netip.Prefix
		if in.ConnectionID != "" && in.GatewayID != "" {
			var err error
			if t, err = loadTarget(ctx, tx, p.ID, in.ConnectionID, in.GatewayID, "", &fe); err != nil {
				return err
			}
		}
		if !fe.has(AttrConnection) && in.ConnectionID != "" && in.GatewayID != "" {
			if !fe.has(AttrGateway) {
				if in.Bandwidth == 0 {
					in.Bandwidth = t.connBandwidth - t.connUsed
				}
				checkInterfaceBandwidth(&fe, in.Bandwidth, t)
				if err := checkRedundancy(ctx, tx, &fe, in.GatewayID, in.ConnectionID, t); err != nil {
					return err
				}
			}
		}
		groupOK := true
		if in.RemoteGroupID != "" {
			g, err := resolveGroup(ctx, tx, p.ID, in.RemoteGroupID, AttrRemoteSubnets, FamilyIPv4, "DC.1403")
			var re *RuleError
			switch {
			case errors.As(err, &re):
				fe.add(re.Problem) // beside the other problems
				groupOK = false
			case err != nil:
				return err
			}
			in.RemoteSubnets = FormatCIDRList(g.Endpoints)
		}
		if !fe.has(AttrGateway) && groupOK {
			subnets = checkRemoteSubnets(&fe, in.RemoteSubnets, t)
			checkBGP(&fe, route, in.BGPASN, in.BGPMD5, t)
		}
		var count, quota int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM virtual_interfaces WHERE project_id = ?), quota_interfaces FROM projects WHERE id = ?`,
			p.ID, p.ID).Scan(&count, &quota); err != nil {
			return err
		}
		if err := fe.err(); err != nil {
			return err
		}
		if count >= quota {
			return refuse(ruleIfQuota.on("", p.Name, count, quota))
		}
		vlan := in.VLAN
		if vlan == 0 {
			var err error
			if vlan, err = allocateVLAN(ctx, tx, in.ConnectionID); err != nil {
				return err
			}
		} else {
			var taken bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM virtual_interfaces WHERE connection_id = ? AND vlan = ?)`, in.ConnectionID, vlan).Scan(&taken); err != nil {
				return err
			}
			if taken {
				return refuse(ruleVLANTaken.on(AttrVLAN, vlan, t.connName))
			}
		}
		if dryRun {
			return errDryRun
		}
		now := s.now()
		status, readyAt := StatusActive, sql.NullInt64{}
		if s.provisionDelay > 0 {
			status, readyAt = StatusPendingCreate, sql.NullInt64{Int64: millis(now.Add(s.provisionDelay)), Valid: true}
		}
		if t.connStatus == StatusDown {
			status, readyAt = StatusDown, sql.NullInt64{}
		}
		id = s.newID()
		groupID := in.RemoteGroupID
		if groupID == "" {
			var err error
			if groupID, err = s.createOwnedGroup(ctx, tx, now, p.ID, id, "remote-"+in.Name,
				"Remote subnets of virtual interface "+in.Name, FamilyIPv4, subnets); err != nil {
				return err
			}
		}
		token := sql.NullString{String: requestToken, Valid: requestToken != ""}
		_, err := tx.ExecContext(ctx, `INSERT INTO virtual_interfaces (id, project_id, connection_id, gateway_id, name, description,
			vlan, bandwidth, remote_subnets, route_mode, local_gateway_ip, remote_gateway_ip, status, ready_at, request_token, created_at, updated_at,
			remote_ep_group_id, bgp_asn, bgp_md5)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.ID, in.ConnectionID, in.GatewayID, in.Name, in.Description, vlan, in.Bandwidth, FormatCIDRList(subnets),
			route, in.LocalGatewayIP, in.RemoteGatewayIP, status, readyAt, token, millis(now), millis(now), groupID, in.BGPASN, in.BGPMD5)
		if err != nil {
			return fmt.Errorf("store: create interface: %w", err)
		}
		created = true
		return s.logOp(ctx, tx, p.ID, ResVirtualInterface, id, in.Name, ActCreate,
			msg(keyLogIfCreate, t.connName, t.location, t.gwName, vlan, in.Bandwidth))
	})
	if dryRun {
		if errors.Is(err, errDryRun) {
			err = nil
		}
		return VirtualInterface{}, false, err
	}
	var re *RuleError
	var ve *ValidationError
	if errors.As(err, &re) || errors.As(err, &ve) {
		s.logRefused(ctx, p.ID, ResVirtualInterface, "", in.Name, ActCreate, err)
	}
	if err != nil {
		return VirtualInterface{}, false, err
	}
	v, err = s.Interface(ctx, p.ID, id)
	return v, created, err
}

// Interface returns the virtual interface id of project projectID.
// Returns ErrNotFound if it does not exist or belongs to another project.
func (s *Store) Interface(ctx context.Context, projectID, id string) (VirtualInterface, error) {
	v, err := scanInterface(s.r.QueryRowContext(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE v.project_id = ? AND v.id = ?`, projectID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return VirtualInterface{}, ErrNotFound
	}
	if err != nil {
		return VirtualInterface{}, fmt.Errorf("store: interface %s: %w", id, err)
	}
	return v, nil
}

// Interfaces lists a page of a project's virtual interfaces, newest first,
// and the number matching the filter.
func (s *Store) Interfaces(ctx context.Context, projectID string, f ListFilter) ([]VirtualInterface, int, error) {
	where, args := f.where("v", projectID)
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM virtual_interfaces v WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count interfaces: %w", err)
	}
	page, pargs := f.page()
	rows, err := s.r.QueryContext(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE `+where+
		` ORDER BY v.created_at DESC, v.id`+page, append(args, pargs...)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list interfaces: %w", err)
	}
	defer rows.Close()
	var out []VirtualInterface
	for rows.Next() {
		v, err := scanInterface(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list interfaces: %w", err)
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// InterfacesOf lists the interfaces bound to a gateway (gatewayID) or using a
// connection (connectionID), whichever is set.
func (s *Store) InterfacesOf(ctx context.Context, projectID, gatewayID, connectionID string) ([]VirtualInterface, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE v.project_id = ? AND (v.gateway_id = ? OR v.connection_id = ?)
		ORDER BY c.location, v.created_at`, projectID, gatewayID, connectionID)
	if err != nil {
		return nil, fmt.Errorf("store: interfaces of: %w", err)
	}
	defer rows.Close()
	var out []VirtualInterface
	for rows.Next() {
		v, err := scanInterface(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// InterfaceQuota returns how many virtual interfaces project p has and may have.
func (s *Store) InterfaceQuota(ctx context.Context, projectID string) (used, quota int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM virtual_interfaces WHERE project_id = ?), quota_interfaces FROM projects WHERE id = ?`,
		projectID, projectID).Scan(&used, &quota)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, ErrNotFound
	}
	return used, quota, err
}

// UpdateInterface changes the given fields of a virtual interface, with the
// same bandwidth and remote subnet rules as a create.
func (s *Store) UpdateInterface(ctx context.Context, projectID, id string, u InterfaceUpdate) (VirtualInterface, error) {
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		v, err := scanInterface(tx.QueryRowContext(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE v.project_id = ? AND v.id = ?`, projectID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		var fe fieldErrors
		t, err := loadTarget(ctx, tx, projectID, v.ConnectionID, v.GatewayID, v.ID, &fe)
		if err != nil {
			return err
		}
		if u.Name != nil {
			checkName(&fe, AttrName, *u.Name)
			v.Name = *u.Name
		}
		if u.Description != nil {
			checkDescription(&fe, AttrDescription, *u.Description)
			v.Description = *u.Description
		}
		if u.Bandwidth != nil {
			checkInterfaceBandwidthRange(&fe, *u.Bandwidth)
			checkInterfaceBandwidth(&fe, *u.Bandwidth, t)
			v.Bandwidth = *u.Bandwidth
		}
		groupID, replaced := v.RemoteGroupID, false
		if u.RemoteGroupID != nil {
			g, err := resolveGroup(ctx, tx, projectID, *u.RemoteGroupID, AttrRemoteSubnets, FamilyIPv4, "DC.1403")
			if err != nil {
				return err
			}
			groupID = g.ID
			v.RemoteSubnets = checkRemoteSubnets(&fe, FormatCIDRList(g.Endpoints), t)
		} else if u.RemoteSubnets != nil {
			old := v.RemoteSubnets
			v.RemoteSubnets = checkRemoteSubnets(&fe, *u.RemoteSubnets, t)
			replaced = fe.err() == nil && (!slices.Equal(old, v.RemoteSubnets) || groupID == "")
		}
		if err := fe.err(); err != nil {
			return err
		}
		if replaced {
			// Endpoints never change: new remote subnets are a new group.
			if groupID, err = s.createOwnedGroup(ctx, tx, s.now(), projectID, id, "remote-"+v.Name,
				"Remote subnets of virtual interface "+v.Name, FamilyIPv4, v.RemoteSubnets); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE virtual_interfaces SET name = ?, description = ?, bandwidth = ?, remote_subnets = ?, updated_at = ?,
			remote_ep_group_id = ? WHERE id = ?`,
			v.Name, v.Description, v.Bandwidth, FormatCIDRList(v.RemoteSubnets), millis(s.now()), nullIfEmpty(groupID), id)
		if err != nil {
			return err
		}
		if replaced {
			if err := dropOwnedGroups(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.logOp(ctx, tx, projectID, ResVirtualInterface, id, v.Name, ActModify,
			msg(keyLogIfModify, v.Bandwidth, JoinPrefixes(v.RemoteSubnets)))
	})
	var ve *ValidationError
	if errors.As(err, &ve) {
		s.logRefused(ctx, projectID, ResVirtualInterface, id, "", ActModify, err)
	}
	if err != nil {
		return VirtualInterface{}, err
	}
	return s.Interface(ctx, projectID, id)
}

// DeleteInterface deletes a virtual interface with the endpoint group the
// console made for it (the console). Returns ErrNotFound if it does not
// exist in the project.
func (s *Store) DeleteInterface(ctx context.Context, projectID, id string) (VirtualInterface, error) {
	return s.deleteInterface(ctx, projectID, id, true)
}

// DeleteInterfaceKeepGroups is DeleteInterface for the API: its remote
// endpoint group stays, as in the real service (Terraform deletes it next).
func (s *Store) DeleteInterfaceKeepGroups(ctx context.Context, projectID, id string) (VirtualInterface, error) {
	return s.deleteInterface(ctx, projectID, id, false)
}

func (s *Store) deleteInterface(ctx context.Context, projectID, id string, dropGroups bool) (VirtualInterface, error) {
	var v VirtualInterface
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		v, err = scanInterface(tx.QueryRowContext(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE v.project_id = ? AND v.id = ?`, projectID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM virtual_interfaces WHERE id = ?`, id); err != nil {
			return err
		}
		if dropGroups {
			if err := dropOwnedGroups(ctx, tx, id); err != nil {
				return err
			}
		}
		return s.logOp(ctx, tx, projectID, ResVirtualInterface, id, v.Name, ActDelete,
			msg(keyLogIfDelete, v.ConnectionName, v.GatewayName, v.VLAN))
	})
	return v, err
}

// ConnectionChoice is a connection as the interface form offers it.
type ConnectionChoice struct {
	ID, Name, Location, Status string
	Bandwidth, Used            int
}

// ConnectionChoices lists the project's connections for the interface form.
func (s *Store) ConnectionChoices(ctx context.Context, projectID string) ([]ConnectionChoice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.name, c.location, c.status, c.bandwidth,
		(SELECT COALESCE(SUM(v.bandwidth), 0) FROM virtual_interfaces v WHERE v.connection_id = c.id)
		FROM connections c WHERE c.project_id = ? ORDER BY c.name, c.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: connection choices: %w", err)
	}
	defer rows.Close()
	var out []ConnectionChoice
	for rows.Next() {
		var c ConnectionChoice
		if err := rows.Scan(&c.ID, &c.Name, &c.Location, &c.Status, &c.Bandwidth, &c.Used); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// GatewayChoice is a virtual gateway as the interface form offers it.
type GatewayChoice struct {
	ID, Name, VPCName, VPCCIDR string
	CIDRs                      []netip.Prefix
}

// GatewayChoices lists the project's virtual gateways for the interface form.
func (s *Store) GatewayChoices(ctx context.Context, projectID string) ([]GatewayChoice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT g.id, g.name, p.name, p.cidr, g.cidrs FROM virtual_gateways g
		JOIN vpcs p ON p.id = g.vpc_id WHERE g.project_id = ? ORDER BY g.name, g.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: gateway choices: %w", err)
	}
	defer rows.Close()
	var out []GatewayChoice
	for rows.Next() {
		var g GatewayChoice
		var cidrs string
		if err := rows.Scan(&g.ID, &g.Name, &g.VPCName, &g.VPCCIDR, &cidrs); err != nil {
			return nil, err
		}
		g.CIDRs = splitStoredCIDRs(cidrs)
		out = append(out, g)
	}
	return out, rows.Err()
}
