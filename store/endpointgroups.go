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

// Endpoint groups are the API's CIDR lists (see migration 0004): a virtual
// gateway's local subnets and a virtual interface's remote subnets are the
// endpoints of groups. Endpoints never change; name and description may.

// Address families of an endpoint group.
const (
	FamilyIPv4 = "ipv4"
	FamilyIPv6 = "ipv6"
)

// EndpointGroupTypeCIDR is the only endpoint group type.
const EndpointGroupTypeCIDR = "cidr"

// MaxEndpointGroups is how many endpoint groups a project may create
// through the API (the real service's DC.1400); the groups the console
// makes for its gateways and interfaces do not count.
const MaxEndpointGroups = 200

// ResEndpointGroup is the operations log's resource type of endpoint groups.
const ResEndpointGroup = "endpoint_group"

// EndpointGroup is a list of CIDR blocks of one address family.
type EndpointGroup struct {
	ID          string
	ProjectID   string
	Name        string
	Description string
	Type        string
	Family      string // FamilyIPv4 or FamilyIPv6
	Endpoints   []netip.Prefix
	// OwnerID is the gateway or interface the console made the group for;
	// empty for groups made through the API.
	OwnerID   string
	CreatedAt time.Time
}

// EndpointGroupInput holds what a client sends to create an endpoint group.
type EndpointGroupInput struct {
	Name        string
	Description string
	Type        string // "" or "cidr"
	Endpoints   []string
}

// EndpointGroupUpdate holds the fields an update changes (nil: unchanged).
// Endpoints cannot change.
type EndpointGroupUpdate struct {
	Name        *string
	Description *string
}

// checkGroupName applies the API's rule for endpoint group names: 0 to 64
// letters, digits, '_', '-' and '.'.
func checkGroupName(fe *fieldErrors, name string) {
	if len(name) > NameMaxLen || !identOK(strings.ReplaceAll(name, ".", "")) {
		fe.add(ruleGroupName.on(AttrName, 0, NameMaxLen))
	}
}

// Validate checks the input and returns the endpoints and their family.
// Returns a *ValidationError (duplicate endpoints: DC.1401).
func (in EndpointGroupInput) Validate() (string, []netip.Prefix, error) {
	var fe fieldErrors
	checkGroupName(&fe, in.Name)
	checkDescription(&fe, AttrDescription, in.Description)
	if in.Type != "" && in.Type != EndpointGroupTypeCIDR {
		fe.add(ruleGroupType.on(AttrGroupType))
	}
	family, eps, err := ParseEndpoints(in.Endpoints)
	if err != nil {
		code := "DC.0001"
		var le *CIDRListError
		if errors.As(err, &le) && le.Duplicate {
			code = "DC.1401"
		}
		fe.addErr(AttrEndpoints, code, err)
	}
	return family, eps, fe.err()
}

// ParseEndpoints reads an endpoint group's CIDR blocks: 1 to MaxCIDRs,
// unique, all IPv4 (with ParseCIDRItems's rules) or all IPv6 (canonical
// text, no host bits). Returns the family and the blocks in order, or a
// *CIDRListError.
func ParseEndpoints(items []string) (string, []netip.Prefix, error) {
	v6 := false
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			v6 = strings.Contains(it, ":")
			break
		}
	}
	if !v6 {
		ps, err := ParseCIDRItems(items)
		return FamilyIPv4, ps, err
	}
	var texts []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			texts = append(texts, it)
		}
	}
	if len(texts) > MaxCIDRs {
		return "", nil, &CIDRListError{TooMany: true, Problems: []Message{msg(keyCIDRTooMany, MaxCIDRs, len(texts))}}
	}
	le := &CIDRListError{}
	seen := map[netip.Prefix]bool{}
	out := make([]netip.Prefix, 0, len(texts))
	for _, t := range texts {
		q := quoteItem(t)
		p, err := netip.ParsePrefix(t)
		switch {
		case err != nil:
			le.Problems = append(le.Problems, msg(keyIPv6Invalid, q))
		case !p.Addr().Is6() || p.Addr().Is4In6():
			le.Problems = append(le.Problems, msg(keyIPv6Mixed, q))
		case p.Masked() != p:
			le.Problems = append(le.Problems, msg(keyCIDRHostBits, q, p.Masked().String()))
		case p.String() != t:
			le.Problems = append(le.Problems, msg(keyIPv6NotCanonical, q, p.String()))
		case seen[p]:
			le.Duplicate = true
			le.Problems = append(le.Problems, msg(keyCIDRDuplicate, p.String()))
		default:
			seen[p] = true
			out = append(out, p)
		}
	}
	if len(le.Problems) > 0 {
		return "", nil, le
	}
	return FamilyIPv6, out, nil
}

const endpointGroupColumns = `e.id, e.project_id, e.name, e.description, e.type, e.family, e.endpoints, COALESCE(e.owner_id, ''), e.created_at`

func scanEndpointGroup(row interface{ Scan(...any) error }) (EndpointGroup, error) {
	var g EndpointGroup
	var eps string
	var created int64
	if err := row.Scan(&g.ID, &g.ProjectID, &g.Name, &g.Description, &g.Type, &g.Family, &eps, &g.OwnerID, &created); err != nil {
		return EndpointGroup{}, err
	}
	g.Endpoints = splitStoredCIDRs(eps)
	g.CreatedAt = fromMillis(created)
	return g, nil
}

func endpointGroupQuery(ctx context.Context, q queryRower, projectID, id string) (EndpointGroup, error) {
	g, err := scanEndpointGroup(q.QueryRowContext(ctx, `SELECT `+endpointGroupColumns+` FROM endpoint_groups e WHERE e.project_id = ? AND e.id = ?`, projectID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return EndpointGroup{}, ErrNotFound
	}
	if err != nil {
		return EndpointGroup{}, fmt.Errorf("store: endpoint group %s: %w", id, err)
	}
	return g, nil
}

// EndpointGroup returns the endpoint group id of project projectID.
// Returns ErrNotFound if it does not exist or belongs to another project.
func (s *Store) EndpointGroup(ctx context.Context, projectID, id string) (EndpointGroup, error) {
	return endpointGroupQuery(ctx, s.r, projectID, id)
}

// EndpointGroups lists a project's endpoint groups, newest first; ids, when
// not empty, selects some of them.
func (s *Store) EndpointGroups(ctx context.Context, projectID string, ids []string) ([]EndpointGroup, error) {
	where, args := `e.project_id = ?`, []any{projectID}
	if len(ids) > 0 {
		where += ` AND e.id IN (?` + strings.Repeat(", ?", len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+endpointGroupColumns+` FROM endpoint_groups e WHERE `+where+` ORDER BY e.created_at DESC, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list endpoint groups: %w", err)
	}
	defer rows.Close()
	var out []EndpointGroup
	for rows.Next() {
		g, err := scanEndpointGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list endpoint groups: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// CreateEndpointGroup creates an endpoint group in project p. Returns a
// *ValidationError for bad input, or a *RuleError (DC.1400) when the project
// has MaxEndpointGroups groups already.
func (s *Store) CreateEndpointGroup(ctx context.Context, p Project, in EndpointGroupInput) (EndpointGroup, error) {
	family, eps, err := in.Validate()
	if err != nil {
		return EndpointGroup{}, err
	}
	id := s.newID()
	err = s.txIn(ctx, p.ID, func(ctx context.Context, tx *writeTx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM endpoint_groups WHERE project_id = ? AND owner_id IS NULL`, p.ID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxEndpointGroups {
			return refuse(ruleGroupQuota.on("", p.Name, n))
		}
		if err := insertEndpointGroup(ctx, tx, s.now(), id, p.ID, in.Name, in.Description, family, eps, ""); err != nil {
			return err
		}
		return s.logOp(ctx, tx, p.ID, ResEndpointGroup, id, in.Name, ActCreate, msg(keyLogValue, JoinPrefixes(eps)))
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, p.ID, ResEndpointGroup, "", in.Name, ActCreate, err)
	}
	if err != nil {
		return EndpointGroup{}, err
	}
	return s.EndpointGroup(ctx, p.ID, id)
}

func insertEndpointGroup(ctx context.Context, tx *writeTx, now time.Time, id, projectID, name, desc, family string, eps []netip.Prefix, owner string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO endpoint_groups (id, project_id, name, description, type, family, endpoints, owner_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, projectID, name, desc, EndpointGroupTypeCIDR, family, FormatCIDRList(eps),
		sql.NullString{String: owner, Valid: owner != ""}, millis(now))
	if err != nil {
		return fmt.Errorf("store: create endpoint group: %w", err)
	}
	return nil
}

// createOwnedGroup makes the endpoint group the console needs for the
// subnets of a gateway or interface (ownerID) and returns its ID.
func (s *Store) createOwnedGroup(ctx context.Context, tx *writeTx, now time.Time, projectID, ownerID, name, desc, family string, eps []netip.Prefix) (string, error) {
	id := s.newID()
	if len(name) > 64 {
		name = name[:64]
	}
	return id, insertEndpointGroup(ctx, tx, now, id, projectID, name, desc, family, eps, ownerID)
}

// dropOwnedGroups deletes the groups the console made for ownerID that no
// gateway or interface uses any more.
func dropOwnedGroups(ctx context.Context, tx *writeTx, ownerID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM endpoint_groups WHERE owner_id = ? AND `+groupUnused, ownerID)
	if err != nil {
		return fmt.Errorf("store: drop endpoint groups of %s: %w", ownerID, err)
	}
	return nil
}

// groupUnused is true for an endpoint_groups row no gateway or interface uses.
const groupUnused = `NOT EXISTS (SELECT 1 FROM virtual_gateways g WHERE g.local_ep_group_id = endpoint_groups.id OR g.local_ep_group_ipv6_id = endpoint_groups.id)
	AND NOT EXISTS (SELECT 1 FROM virtual_interfaces v WHERE v.remote_ep_group_id = endpoint_groups.id)`

// resolveGroup reads, inside tx, the group id that a gateway or interface
// is to use for attr, which must hold family's blocks. A group that does not
// exist in the project is a *RuleError with code.
func resolveGroup(ctx context.Context, tx *writeTx, projectID, id string, attr Attr, family, code string) (EndpointGroup, error) {
	g, err := endpointGroupQuery(ctx, tx, projectID, id)
	if errors.Is(err, ErrNotFound) {
		return EndpointGroup{}, refuse(Problem{Code: code, Attr: attr, Message: msg(keyGroupNotFound, id)})
	}
	if err != nil {
		return EndpointGroup{}, err
	}
	if g.Family != family {
		return EndpointGroup{}, refuse(Problem{Code: code, Attr: attr, Message: msg(keyGroupFamily, id, familyLabel(g.Family), familyLabel(family))})
	}
	return g, nil
}

// The rules of an endpoint group.
var (
	ruleGroupName            = newRule("endpoint_group.name.invalid", "DC.0001", 2)
	ruleGroupType            = newRule("endpoint_group.type.invalid", "DC.0001", 0)
	ruleGroupQuota           = newRule("endpoint_group.quota", "DC.1400", 2)
	ruleGroupInUseBoth       = newRule("endpoint_group.in_use.both", "DC.1402", 3)
	ruleGroupInUseGateways   = newRule("endpoint_group.in_use.gateways", "DC.1402", 2)
	ruleGroupInUseInterfaces = newRule("endpoint_group.in_use.interfaces", "DC.1402", 2)
	keyGroupNotFound         = newMessage("endpoint_group.not_found", 1)
	keyGroupFamily           = newMessage("endpoint_group.family", 3)
)

func familyLabel(f string) string {
	if f == FamilyIPv6 {
		return "IPv6"
	}
	return "IPv4"
}

// UpdateEndpointGroup changes an endpoint group's name and description.
// Returns ErrNotFound if it does not exist in the project.
func (s *Store) UpdateEndpointGroup(ctx context.Context, projectID, id string, u EndpointGroupUpdate) (EndpointGroup, error) {
	var fe fieldErrors
	if u.Name != nil {
		checkGroupName(&fe, *u.Name)
	}
	if u.Description != nil {
		checkDescription(&fe, AttrDescription, *u.Description)
	}
	if err := fe.err(); err != nil {
		return EndpointGroup{}, err
	}
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		g, err := endpointGroupQuery(ctx, tx, projectID, id)
		if err != nil {
			return err
		}
		if u.Name != nil {
			g.Name = *u.Name
		}
		if u.Description != nil {
			g.Description = *u.Description
		}
		if _, err := tx.ExecContext(ctx, `UPDATE endpoint_groups SET name = ?, description = ? WHERE id = ?`, g.Name, g.Description, id); err != nil {
			return err
		}
		return s.logOp(ctx, tx, projectID, ResEndpointGroup, id, g.Name, ActModify, noDetail)
	})
	if err != nil {
		return EndpointGroup{}, err
	}
	return s.EndpointGroup(ctx, projectID, id)
}

// DeleteEndpointGroup deletes an endpoint group no gateway or interface
// uses. Returns ErrNotFound, or a *RuleError (DC.1402) while it is in use.
func (s *Store) DeleteEndpointGroup(ctx context.Context, projectID, id string) (EndpointGroup, error) {
	var g EndpointGroup
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		var err error
		if g, err = endpointGroupQuery(ctx, tx, projectID, id); err != nil {
			return err
		}
		var gateways, interfaces []string
		rows, err := tx.QueryContext(ctx, `SELECT 'g', name FROM virtual_gateways WHERE local_ep_group_id = ?1 OR local_ep_group_ipv6_id = ?1
			UNION ALL SELECT 'i', name FROM virtual_interfaces WHERE remote_ep_group_id = ?1`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind, name string
			if err := rows.Scan(&kind, &name); err != nil {
				return err
			}
			if kind == "g" {
				gateways = append(gateways, name)
			} else {
				interfaces = append(interfaces, name)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		switch {
		case len(gateways) > 0 && len(interfaces) > 0:
			return refuse(ruleGroupInUseBoth.on("", id, strings.Join(gateways, ", "), strings.Join(interfaces, ", ")))
		case len(gateways) > 0:
			return refuse(ruleGroupInUseGateways.on("", id, strings.Join(gateways, ", ")))
		case len(interfaces) > 0:
			return refuse(ruleGroupInUseInterfaces.on("", id, strings.Join(interfaces, ", ")))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM endpoint_groups WHERE id = ?`, id); err != nil {
			return err
		}
		return s.logOp(ctx, tx, projectID, ResEndpointGroup, id, g.Name, ActDelete, noDetail)
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResEndpointGroup, id, g.Name, ActDelete, err)
	}
	return g, err
}

// gatewayGroups are a gateway's local endpoint groups and their blocks.
type gatewayGroups struct {
	v4ID, v6ID string
	v4, v6     []netip.Prefix
}

// describe tells the operations log the gateway's local subnets.
func (l gatewayGroups) describe() Message {
	switch {
	case len(l.v4) > 0 && len(l.v6) > 0:
		return msg(keyLogCIDRsIPv6, JoinPrefixes(l.v4), JoinPrefixes(l.v6))
	case len(l.v6) > 0:
		return msg(keyLogNoCIDRsIPv6, JoinPrefixes(l.v6))
	case len(l.v4) > 0:
		return msg(keyLogCIDRs, JoinPrefixes(l.v4))
	}
	return msg(keyLogNoCIDRs)
}

// resolveLocalGroups reads the local endpoint groups a gateway is to use:
// v4ID must hold IPv4 blocks, v6ID IPv6 blocks; an empty ID is no group. A
// missing or wrong group is a *RuleError DC.1100 (invalid local endpoint
// group).
func resolveLocalGroups(ctx context.Context, tx *writeTx, projectID, v4ID, v6ID string) (gatewayGroups, error) {
	var l gatewayGroups
	if v4ID != "" {
		g, err := resolveGroup(ctx, tx, projectID, v4ID, AttrLocalCIDRs, FamilyIPv4, "DC.1100")
		if err != nil {
			return l, err
		}
		l.v4ID, l.v4 = g.ID, g.Endpoints
	}
	if v6ID != "" {
		g, err := resolveGroup(ctx, tx, projectID, v6ID, AttrLocalIPv6CIDRs, FamilyIPv6, "DC.1100")
		if err != nil {
			return l, err
		}
		l.v6ID, l.v6 = g.ID, g.Endpoints
	}
	return l, nil
}

func nullIfEmpty(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func deref[T any](p *T) T {
	var zero T
	if p != nil {
		return *p
	}
	return zero
}
