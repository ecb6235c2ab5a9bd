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

// VPC is a Virtual Private Cloud of a project: the network a virtual
// gateway attaches to.
type VPC struct {
	ID          string
	ProjectID   string
	Name        string
	Description string
	CIDR        netip.Prefix
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// The virtual gateway attached to the VPC; empty when none is.
	GatewayID   string
	GatewayName string
	// SubnetCount is how many subnets the VPC has.
	SubnetCount int
}

// InUse reports whether a virtual gateway is attached to the VPC.
func (v VPC) InUse() bool { return v.GatewayID != "" }

// DeleteRefusal says why the VPC cannot be deleted, and false when it can:
// a virtual gateway uses it, or it has subnets.
func (v VPC) DeleteRefusal() (Message, bool) {
	switch {
	case v.InUse():
		return VPCInUseReason(v.GatewayName), true
	case v.SubnetCount > 0:
		return VPCHasSubnetsReason(v.SubnetCount), true
	}
	return Message{}, false
}

// VPCHasSubnetsReason explains why a VPC with subnets cannot be deleted.
func VPCHasSubnetsReason(n int) Message {
	return msg(keyVPCHasSubnets, n)
}

// The rules of a VPC.
var (
	keyVPCHasSubnets      = newRule("vpc.has_subnets", CodeVPCHasSubnets, 1).Key
	keyVPCInUse           = newRule("vpc.in_use", "DC.1111", 1).Key
	keyVPCCIDRMissing     = newMessage("vpc.cidr.missing", 0)
	keyVPCCIDROnlyOne     = newMessage("vpc.cidr.only_one", 0)
	keyVPCPrefixRange     = newMessage("vpc.cidr.prefix_range", 3)
	keyVPCNotPrivate      = newMessage("vpc.cidr.not_private", 1)
	ruleVPCSubnetsOutside = newRule("vpc.cidr.subnets_outside", CodeVPCSubnetsOutside, 2)
)

// VPCInput holds what a user chooses when creating a VPC.
type VPCInput struct {
	Name        string
	CIDR        string // as typed, e.g. "172.16.0.0/16"
	Description string
}

// CodeVPCParam is the VPC service's code for invalid VPC parameters.
const CodeVPCParam = "VPC.0101"

// VPC CIDR limits: the prefix lengths a VPC may have, and the private
// ranges (RFC 1918) its block must lie in.
const (
	MinVPCPrefix = 8
	MaxVPCPrefix = 28
)

// PrivateRanges are the blocks a VPC's CIDR must lie inside.
var PrivateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// Validate checks the input against the rules of a VPC and returns its
// block. Returns a *ValidationError naming every broken field.
func (in VPCInput) Validate() (netip.Prefix, error) {
	var fe fieldErrors
	checkName(&fe, AttrName, in.Name)
	p, err := ParseVPCCIDR(in.CIDR)
	if err != nil {
		fe.addErr(AttrCIDR, "DC.0001", err)
	}
	checkDescriptionLimit(&fe, AttrDescription, in.Description, subnetDescLimit)
	fe.serviceCode(CodeVPCParam)
	return p, fe.err()
}

// ParseVPCCIDR reads a VPC's IPv4 CIDR block: canonical, with a prefix
// length of /8 to /28, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
func ParseVPCCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return netip.Prefix{}, errMsg(keyVPCCIDRMissing)
	case len(s) > 64 || strings.ContainsAny(s, ",\n"):
		return netip.Prefix{}, errMsg(keyVPCCIDROnlyOne)
	}
	p, err := ParseCIDR(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if p.Bits() < MinVPCPrefix || p.Bits() > MaxVPCPrefix {
		return netip.Prefix{}, errMsg(keyVPCPrefixRange, p.String(), MinVPCPrefix, MaxVPCPrefix)
	}
	for _, r := range PrivateRanges {
		if PrefixContains(r, p) {
			return p, nil
		}
	}
	return netip.Prefix{}, errMsg(keyVPCNotPrivate, p.String())
}

const vpcColumns = `v.id, v.project_id, v.name, v.description, v.cidr, v.created_at, v.updated_at,
	COALESCE((SELECT g.id FROM virtual_gateways g WHERE g.vpc_id = v.id), ''),
	COALESCE((SELECT g.name FROM virtual_gateways g WHERE g.vpc_id = v.id), ''),
	(SELECT COUNT(*) FROM subnets s WHERE s.vpc_id = v.id)`

func scanVPC(row interface{ Scan(...any) error }) (VPC, error) {
	var v VPC
	var cidr string
	var created, updated int64
	err := row.Scan(&v.ID, &v.ProjectID, &v.Name, &v.Description, &cidr, &created, &updated, &v.GatewayID, &v.GatewayName, &v.SubnetCount)
	if err != nil {
		return VPC{}, err
	}
	v.CIDR, _ = netip.ParsePrefix(cidr) // validated on the way in
	v.CreatedAt = fromMillis(created)
	v.UpdatedAt = fromMillis(max(updated, created))
	return v, nil
}

// CreateVPC creates a VPC in project p. requestToken, when not empty, makes
// the create idempotent as for CreateConnection.
func (s *Store) CreateVPC(ctx context.Context, p Project, in VPCInput, requestToken string) (v VPC, created bool, err error) {
	cidr, err := in.Validate()
	if err != nil {
		return VPC{}, false, err
	}
	var id string
	err = s.txIn(ctx, p.ID, func(ctx context.Context, tx *writeTx) error {
		created = false // this run may be a retry (postgres.go)
		if requestToken != "" {
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT id, project_id FROM vpcs WHERE request_token = ?`, requestToken).Scan(&id, &owner)
			switch {
			case err == nil && owner == p.ID:
				return nil
			case err == nil:
				return ErrNotFound
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		id = s.newID()
		token := sql.NullString{String: requestToken, Valid: requestToken != ""}
		now := millis(s.now())
		_, err := tx.ExecContext(ctx, `INSERT INTO vpcs (id, project_id, name, description, cidr, request_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, p.ID, in.Name, in.Description, cidr.String(), token, now, now)
		if err != nil {
			return fmt.Errorf("store: create vpc: %w", err)
		}
		created = true
		return s.logOp(ctx, tx, p.ID, ResVPC, id, in.Name, ActCreate, msg(keyLogValue, cidr.String()))
	})
	if err != nil {
		return VPC{}, false, err
	}
	v, err = s.VPC(ctx, p.ID, id)
	return v, created, err
}

// VPC returns the VPC id of project projectID.
// Returns ErrNotFound if it does not exist or belongs to another project.
func (s *Store) VPC(ctx context.Context, projectID, id string) (VPC, error) {
	return vpcQuery(ctx, s.r, projectID, id)
}

func vpcQuery(ctx context.Context, q queryRower, projectID, id string) (VPC, error) {
	v, err := scanVPC(q.QueryRowContext(ctx, `SELECT `+vpcColumns+` FROM vpcs v WHERE v.project_id = ? AND v.id = ?`, projectID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return VPC{}, ErrNotFound
	}
	if err != nil {
		return VPC{}, fmt.Errorf("store: vpc %s: %w", id, err)
	}
	return v, nil
}

// VPCs lists all VPCs of a project, oldest first (VPC-001 on top).
func (s *Store) VPCs(ctx context.Context, projectID string) ([]VPC, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+vpcColumns+` FROM vpcs v WHERE v.project_id = ? ORDER BY v.created_at, v.name, v.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: list vpcs: %w", err)
	}
	defer rows.Close()
	var out []VPC
	for rows.Next() {
		v, err := scanVPC(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list vpcs: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DeleteVPC deletes a VPC no virtual gateway uses and without subnets.
// Returns ErrNotFound, or a *RuleError: DC.1111 while a gateway is
// attached, VPC.0104 while it has subnets.
func (s *Store) DeleteVPC(ctx context.Context, projectID, id string) (VPC, error) {
	var v VPC
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		if v, err = vpcQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		if v.InUse() {
			return refuse(Problem{Code: "DC.1111", Message: VPCInUseReason(v.GatewayName)})
		}
		if v.SubnetCount > 0 {
			return refuse(Problem{Code: CodeVPCHasSubnets, Message: VPCHasSubnetsReason(v.SubnetCount)})
		}
		if _, err = tx.ExecContext(ctx, `DELETE FROM vpcs WHERE id = ?`, id); err != nil {
			return err
		}
		return s.logOp(ctx, tx, projectID, ResVPC, id, v.Name, ActDelete, noDetail)
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResVPC, id, v.Name, ActDelete, err)
	}
	return v, err
}

// VPCInUseReason explains why a VPC cannot be deleted.
func VPCInUseReason(gatewayName string) Message {
	return msg(keyVPCInUse, gatewayName)
}

// CodeVPCHasSubnets is the VPC service's refusal to delete a VPC that has
// subnets (HTTP 409 there).
const CodeVPCHasSubnets = "VPC.0104"

// CodeVPCSubnetsOutside is the VPC service's refusal of a new VPC block that
// does not hold all of the VPC's subnets.
const CodeVPCSubnetsOutside = "VPC.0117"

// VPCUpdate holds what may change on a VPC; nil leaves a value as it is.
type VPCUpdate struct {
	Name        *string
	Description *string
	CIDR        *string
}

// UpdateVPC changes a VPC of project projectID. A new block must still hold
// every subnet of the VPC. Returns ErrNotFound, a *ValidationError, or a
// *RuleError (VPC.0117).
func (s *Store) UpdateVPC(ctx context.Context, projectID, id string, u VPCUpdate) (VPC, error) {
	var v VPC
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		if v, err = vpcQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		var fe fieldErrors
		var newName, newCIDR string
		if u.Name != nil {
			checkName(&fe, AttrName, *u.Name)
			if *u.Name != v.Name {
				newName = *u.Name
			}
			v.Name = *u.Name
		}
		if u.Description != nil {
			checkDescriptionLimit(&fe, AttrDescription, *u.Description, subnetDescLimit)
			v.Description = *u.Description
		}
		cidr := v.CIDR
		if u.CIDR != nil {
			p, err := ParseVPCCIDR(*u.CIDR)
			if err != nil {
				fe.addErr(AttrCIDR, "DC.0001", err)
			}
			cidr = p
		}
		fe.serviceCode(CodeVPCParam)
		if err := fe.err(); err != nil {
			return err
		}
		if cidr != v.CIDR {
			rows, err := tx.QueryContext(ctx, `SELECT name, cidr FROM subnets WHERE vpc_id = ? ORDER BY created_at, id`, id)
			if err != nil {
				return err
			}
			var outside []string
			for rows.Next() {
				var name, c string
				if err := rows.Scan(&name, &c); err != nil {
					rows.Close()
					return err
				}
				if q, err := netip.ParsePrefix(c); err == nil && !PrefixContains(cidr, q) {
					outside = append(outside, name+" ("+c+")")
				}
			}
			rows.Close()
			if len(outside) > 0 {
				return refuse(ruleVPCSubnetsOutside.on(AttrCIDR, cidr.String(), strings.Join(outside, ", ")))
			}
			newCIDR = cidr.String()
			v.CIDR = cidr
		}
		if _, err := tx.ExecContext(ctx, `UPDATE vpcs SET name = ?, description = ?, cidr = ?, updated_at = ? WHERE id = ?`,
			v.Name, v.Description, v.CIDR.String(), millis(s.now()), id); err != nil {
			return fmt.Errorf("store: update vpc: %w", err)
		}
		detail := noDetail
		switch {
		case newName != "" && newCIDR != "":
			detail = msg(keyLogVPCNameCIDR, newName, newCIDR)
		case newName != "":
			detail = msg(keyLogVPCName, newName)
		case newCIDR != "":
			detail = msg(keyLogVPCCIDR, newCIDR)
		}
		return s.logOp(ctx, tx, projectID, ResVPC, id, v.Name, ActModify, detail)
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResVPC, id, v.Name, ActModify, err)
	}
	if err != nil {
		return VPC{}, err
	}
	return s.VPC(ctx, projectID, id)
}
