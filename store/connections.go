package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Connection statuses (the real API's values).
const (
	StatusActive        = "ACTIVE"
	StatusBuild         = "BUILD"
	StatusDown          = "DOWN"
	StatusError         = "ERROR"
	StatusPendingCreate = "PENDING_CREATE"
	StatusPendingUpdate = "PENDING_UPDATE"
)

// Connection is a Direct Connect connection: the line from an access location
// to the customer's data center.
type Connection struct {
	ID             string
	ProjectID      string
	Name           string
	Description    string
	Location       string
	PeerLocation   string
	Bandwidth      int // Mbit/s
	PortType       string
	Provider       string
	Type           string
	Status         string
	ProviderStatus string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	InterfaceCount int // virtual interfaces using the connection
	UsedBandwidth  int // sum of their bandwidths
}

// ConnectionInput holds what a user chooses when creating a connection.
type ConnectionInput struct {
	Name         string
	Location     string
	PeerLocation string
	Bandwidth    int
	Description  string
	// PortType and Provider are set through the API; empty means the port
	// the bandwidth needs (PortTypeFor) and the carrier "OTC".
	PortType string
	Provider string
}

// Validate checks the input against the rules of a connection in region.
// Returns a *ValidationError naming every broken field.
func (in ConnectionInput) Validate(region Region) error {
	var fe fieldErrors
	checkName(&fe, AttrName, in.Name)
	switch {
	case in.Location == "":
		fe.add(ruleLocationMissing.on(AttrLocation))
	case !region.HasLocation(in.Location):
		fe.add(ruleLocationUnknown.on(AttrLocation, region.ID, region.Locations[0], region.Locations[1]))
	}
	checkPeerLocation(&fe, in.PeerLocation)
	checkConnectionBandwidth(&fe, in.Bandwidth)
	checkPortType(&fe, in.PortType, in.Bandwidth)
	if len(in.Provider) > NameMaxLen || !printableOK(in.Provider) {
		fe.add(ruleProviderInvalid.on(AttrProvider, 0, NameMaxLen))
	}
	checkDescription(&fe, AttrDescription, in.Description)
	return fe.err()
}

// portType is the port the connection gets.
func (in ConnectionInput) portType() string {
	if in.PortType != "" {
		return in.PortType
	}
	return PortTypeFor(in.Bandwidth)
}

func (in ConnectionInput) provider() string {
	if in.Provider != "" {
		return in.Provider
	}
	return "OTC"
}

// portCapacity is the largest bandwidth (Mbit/s) of each port type.
var portCapacity = map[string]int{"1G": 1000, "10G": 10000, "40G": 40000, "100G": 100000}

// checkPortType checks a requested port type and that the bandwidth fits it.
func checkPortType(fe *fieldErrors, portType string, bw int) {
	if portType == "" {
		return
	}
	capacity, ok := portCapacity[portType]
	switch {
	case !ok:
		fe.add(rulePortTypeUnknown.on(AttrPortType))
	case bw > capacity:
		fe.add(rulePortCapacity.on(AttrBandwidth, portType, capacity))
	}
}

// printableOK reports whether s has only printable ASCII and no angle brackets.
func printableOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e || s[i] == '<' || s[i] == '>' {
			return false
		}
	}
	return true
}

func checkPeerLocation(fe *fieldErrors, s string) {
	if len(s) > NameMaxLen || !identOK(s) {
		fe.add(rulePeerLocationInvalid.on(AttrPeerLocation, 0, NameMaxLen))
	}
}

// Connection bandwidth limits of the real API (Mbit/s).
const (
	MinConnectionBandwidth = 2
	MaxConnectionBandwidth = 20000
)

func checkConnectionBandwidth(fe *fieldErrors, bw int) {
	if bw < MinConnectionBandwidth || bw > MaxConnectionBandwidth {
		fe.add(ruleConnBandwidthRange.on(AttrBandwidth, MinConnectionBandwidth, MaxConnectionBandwidth))
	}
}

// ConnectionUpdate holds the fields a modify changes; nil leaves a field as it is.
type ConnectionUpdate struct {
	Name         *string
	PeerLocation *string
	Bandwidth    *int
	Description  *string
	// ProviderStatus is the leased line's status, ACTIVE or DOWN (API only).
	ProviderStatus *string
}

func (u ConnectionUpdate) validate() error {
	var fe fieldErrors
	if u.Name != nil {
		checkName(&fe, AttrName, *u.Name)
	}
	if u.PeerLocation != nil {
		checkPeerLocation(&fe, *u.PeerLocation)
	}
	if u.Bandwidth != nil {
		checkConnectionBandwidth(&fe, *u.Bandwidth)
	}
	if u.Description != nil {
		checkDescription(&fe, AttrDescription, *u.Description)
	}
	if u.ProviderStatus != nil && *u.ProviderStatus != StatusActive && *u.ProviderStatus != StatusDown {
		fe.add(ruleProviderStatusInvalid.on(AttrProviderStatus))
	}
	return fe.err()
}

// SetProvisionDelay sets how long new resources stay in their creating state.
func (s *Store) SetProvisionDelay(d time.Duration) { s.provisionDelay = d }

const connectionColumns = `c.id, c.project_id, c.name, c.description, c.location, c.peer_location, c.bandwidth,
	c.port_type, c.provider, c.type, c.status, c.provider_status, c.created_at, c.updated_at,
	c.interface_count, c.used_bandwidth` // kept by triggers, migration 0007

// connectionReturning is connectionColumns for a RETURNING clause, which
// takes no table names.
var connectionReturning = strings.ReplaceAll(connectionColumns, "c.", "")

func scanConnection(row interface{ Scan(...any) error }) (Connection, error) {
	var c Connection
	var created, updated int64
	err := row.Scan(&c.ID, &c.ProjectID, &c.Name, &c.Description, &c.Location, &c.PeerLocation, &c.Bandwidth,
		&c.PortType, &c.Provider, &c.Type, &c.Status, &c.ProviderStatus, &created, &updated,
		&c.InterfaceCount, &c.UsedBandwidth)
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	return c, err
}

// CreateConnection creates a connection in project p. requestToken, when not
// empty, makes the create idempotent: a second call with the same token
// returns the connection the first call made, with created == false, so a
// double click, a reload or a resubmitted form creates one connection only.
func (s *Store) CreateConnection(ctx context.Context, p Project, in ConnectionInput, requestToken string) (c Connection, created bool, err error) {
	region, ok := RegionByID(p.Region)
	if !ok {
		return Connection{}, false, fmt.Errorf("store: project %s has unknown region %q", p.ID, p.Region)
	}
	if err := in.Validate(region); err != nil {
		return Connection{}, false, err
	}
	var id string
	err = s.txIn(ctx, p.ID, func(ctx context.Context, tx *writeTx) error {
		created = false // this run may be a retry (postgres.go)
		if requestToken != "" {
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT id, project_id FROM connections WHERE request_token = ?`, requestToken).Scan(&id, &owner)
			switch {
			case err == nil && owner == p.ID:
				return nil
			case err == nil:
				return ErrNotFound
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		var count, quota int
		if err := tx.QueryRowContext(ctx, connectionQuotaSQL, p.ID).Scan(&count, &quota); err != nil {
			return fmt.Errorf("store: connection quota: %w", err)
		}
		if count >= quota {
			return refuse(ruleConnQuota.on("", p.Name, count, quota))
		}
		now := s.now()
		status, readyAt := StatusActive, sql.NullInt64{}
		if s.provisionDelay > 0 {
			status, readyAt = StatusBuild, sql.NullInt64{Int64: millis(now.Add(s.provisionDelay)), Valid: true}
		}
		id = s.newID()
		token := sql.NullString{String: requestToken, Valid: requestToken != ""}
		// RETURNING gives the row as stored (defaults included), so the
		// answer needs no second query.
		c, err = scanConnection(tx.QueryRowContext(ctx, `INSERT INTO connections (id, project_id, name, description, location, peer_location,
			bandwidth, port_type, provider, status, ready_at, request_token, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING `+connectionReturning,
			id, p.ID, in.Name, in.Description, in.Location, in.PeerLocation, in.Bandwidth, in.portType(), in.provider(),
			status, readyAt, token, millis(now), millis(now)))
		if err != nil {
			return fmt.Errorf("store: create connection: %w", err)
		}
		created = true
		return s.logOp(ctx, tx, p.ID, ResConnection, id, in.Name, ActCreate,
			msg(keyLogConnCreate, in.Location, in.Bandwidth))
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, p.ID, ResConnection, "", in.Name, ActCreate, err)
	}
	if err != nil {
		return Connection{}, false, err
	}
	if created {
		return c, true, nil
	}
	c, err = s.Connection(ctx, p.ID, id) // the one an earlier submit of the form made
	return c, false, err
}

// Connection returns the connection id of project projectID.
// Returns ErrNotFound if it does not exist or belongs to another project.
func (s *Store) Connection(ctx context.Context, projectID, id string) (Connection, error) {
	c, err := scanConnection(s.r.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE c.project_id = ? AND c.id = ?`, projectID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Connection{}, ErrNotFound
	}
	if err != nil {
		return Connection{}, fmt.Errorf("store: connection %s: %w", id, err)
	}
	return c, nil
}

// ListFilter selects a page of a project's resources.
type ListFilter struct {
	Name   string   // substring of the name, case-insensitive; empty matches all
	IDs    []string // when not empty, only these IDs
	Offset int
	Limit  int // 0 means no limit
}

// likePattern turns a search text into a LIKE pattern that matches it literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// where builds the WHERE clause shared by the list queries.
func (f ListFilter) where(alias, projectID string) (string, []any) {
	clause := alias + ".project_id = ?"
	args := []any{projectID}
	if f.Name != "" {
		clause += " AND " + alias + `.name LIKE ? ESCAPE '\'`
		args = append(args, likePattern(f.Name))
	}
	if len(f.IDs) > 0 {
		clause += " AND " + alias + ".id IN (?" + strings.Repeat(", ?", len(f.IDs)-1) + ")"
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	return clause, args
}

func (f ListFilter) page() (string, []any) {
	if f.Limit <= 0 {
		return "", nil
	}
	return " LIMIT ? OFFSET ?", []any{f.Limit, max(f.Offset, 0)}
}

// connectionQuotaSQL reads how many connections a project has (kept by
// triggers, see migration 0003) and may have: one row, whatever the size.
const connectionQuotaSQL = `SELECT connection_count, quota_connections FROM projects WHERE id = ?`

// connectionListSQL builds the two queries of a list of connections: the
// number matching f and the page itself. Without a search the number is the
// project's connection_count, so a page costs the same in a project of 10
// or 100,000 connections; the page walks connections_by_project in its
// order and stops after LIMIT rows (TestListQueryPlans checks both).
func connectionListSQL(projectID string, f ListFilter) (countQ string, countArgs []any, listQ string, listArgs []any) {
	where, args := f.where("c", projectID)
	if f.Name == "" && len(f.IDs) == 0 {
		countQ, countArgs = `SELECT COALESCE((SELECT connection_count FROM projects WHERE id = ?), 0)`, []any{projectID}
	} else {
		countQ, countArgs = `SELECT COUNT(*) FROM connections c WHERE `+where, args
	}
	page, pargs := f.page()
	listQ = `SELECT ` + connectionColumns + ` FROM connections c WHERE ` + where + ` ORDER BY c.created_at DESC, c.id` + page
	return countQ, countArgs, listQ, append(append([]any{}, args...), pargs...)
}

// Connections lists a page of a project's connections, newest first, and the
// number of connections matching the filter.
func (s *Store) Connections(ctx context.Context, projectID string, f ListFilter) ([]Connection, int, error) {
	countQ, countArgs, listQ, listArgs := connectionListSQL(projectID, f)
	var total int
	if err := s.r.QueryRowContext(ctx, countQ, countArgs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count connections: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, listQ, listArgs...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list connections: %w", err)
	}
	defer rows.Close()
	var out []Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: list connections: %w", err)
		}
		out = append(out, c)
	}
	return out, total, rows.Err()
}

// ConnectionQuota returns how many connections project p has and may have.
func (s *Store) ConnectionQuota(ctx context.Context, projectID string) (used, quota int, err error) {
	st, err := s.ConnectionListState(ctx, projectID)
	return st.Used, st.Quota, err
}

// ListState is what a Connections page reads before its rows: the
// project's connection count and quota, and Version, a number that changes
// whenever anything the list shows changes (kept by triggers, migration
// 0006; never repeated within a database).
type ListState struct {
	Used, Quota int
	Version     int64
}

// ConnectionListState reads the project's ListState in one row. Read it
// before the rows: rows read afterwards are at least as new as Version, so a
// cache keyed by Version never keeps rows older than their key.
func (s *Store) ConnectionListState(ctx context.Context, projectID string) (ListState, error) {
	var st ListState
	err := s.r.QueryRowContext(ctx, connectionListStateSQL, projectID).Scan(&st.Used, &st.Quota, &st.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return ListState{}, ErrNotFound
	}
	return st, err
}

const connectionListStateSQL = `SELECT connection_count, quota_connections, list_version FROM projects WHERE id = ?`

// UpdateConnection changes the given fields of a connection. A bandwidth
// below what the connection's virtual interfaces already use is refused.
func (s *Store) UpdateConnection(ctx context.Context, projectID, id string, u ConnectionUpdate) (Connection, error) {
	if err := u.validate(); err != nil {
		return Connection{}, err
	}
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		c, err := scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE c.project_id = ? AND c.id = ?`, projectID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if u.Name != nil {
			c.Name = *u.Name
		}
		if u.PeerLocation != nil {
			c.PeerLocation = *u.PeerLocation
		}
		if u.Description != nil {
			c.Description = *u.Description
		}
		if u.Bandwidth != nil {
			if *u.Bandwidth < c.UsedBandwidth {
				return refuse(ruleConnBandwidthInUse.on(AttrBandwidth, c.UsedBandwidth, c.InterfaceCount))
			}
			// The port is physical: a bandwidth it cannot carry is refused.
			var fe fieldErrors
			checkPortType(&fe, c.PortType, *u.Bandwidth)
			if err := fe.err(); err != nil {
				return err
			}
			c.Bandwidth = *u.Bandwidth
		}
		if u.ProviderStatus != nil {
			c.ProviderStatus = *u.ProviderStatus
		}
		_, err = tx.ExecContext(ctx, `UPDATE connections SET name = ?, peer_location = ?, description = ?, bandwidth = ?, provider_status = ?, updated_at = ?
			WHERE id = ?`, c.Name, c.PeerLocation, c.Description, c.Bandwidth, c.ProviderStatus, millis(s.now()), id)
		if err != nil {
			return err
		}
		return s.logOp(ctx, tx, projectID, ResConnection, id, c.Name, ActModify, msg(keyLogBandwidth, c.Bandwidth))
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResConnection, id, "", ActModify, err)
	}
	if err != nil {
		return Connection{}, err
	}
	return s.Connection(ctx, projectID, id)
}

// DeleteConnection deletes a connection that no virtual interface uses.
// Returns ErrNotFound, or a *RuleError (DC.1007) while it is in use.
func (s *Store) DeleteConnection(ctx context.Context, projectID, id string) (Connection, error) {
	var c Connection
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		// One statement on the usual path: the delete itself, refused by its
		// WHERE when interfaces use the connection, and answering the row.
		var err error
		c, err = scanConnection(tx.QueryRowContext(ctx, `DELETE FROM connections
			WHERE project_id = ? AND id = ? AND interface_count = 0 RETURNING `+connectionReturning, projectID, id))
		if errors.Is(err, sql.ErrNoRows) { // not there, or in use: which one?
			c, err = scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE c.project_id = ? AND c.id = ?`, projectID, id))
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err == nil {
				err = refuse(Problem{Code: "DC.1007", Message: ConnectionInUseReason(c.InterfaceCount)})
			}
		}
		if err != nil {
			return err
		}
		return s.logOp(ctx, tx, projectID, ResConnection, id, c.Name, ActDelete, noDetail)
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResConnection, id, c.Name, ActDelete, err)
	}
	return c, err
}

// ConnectionInUseReason explains why a connection cannot be deleted.
func ConnectionInUseReason(interfaces int) Message {
	if interfaces == 1 {
		return msg(keyConnInUseOne)
	}
	return msg(keyConnInUse, interfaces)
}

// The rules of a connection.
var (
	ruleLocationMissing       = newRule("connection.location.missing", "DC.0001", 0)
	ruleLocationUnknown       = newRule("connection.location.unknown", "DC.0001", 3)
	ruleProviderInvalid       = newRule("connection.provider.invalid", "DC.0001", 2)
	rulePortTypeUnknown       = newRule("connection.port_type.unknown", "DC.0001", 0)
	rulePortCapacity          = newRule("connection.bandwidth.port", "DC.0001", 2)
	rulePeerLocationInvalid   = newRule("connection.peer_location.invalid", "DC.0001", 2)
	ruleConnBandwidthRange    = newRule("connection.bandwidth.range", "DC.0001", 2)
	ruleProviderStatusInvalid = newRule("connection.provider_status.invalid", "DC.0001", 0)
	ruleConnQuota             = newRule("connection.quota", "DC.1019", 3)
	ruleConnBandwidthInUse    = newRule("connection.bandwidth.in_use", "DC.1010", 2)
	keyConnInUseOne           = newMessage("connection.in_use.one", 0)
	keyConnInUse              = newRule("connection.in_use", "DC.1007", 1).Key
)

// PromoteProvisioned moves resources whose provisioning delay has passed from
// their creating state to ACTIVE, logs each move, and reports how many moved.
func (s *Store) PromoteProvisioned(ctx context.Context) (int64, error) {
	var n int64
	now := millis(s.now())
	// A cheap read first, so an idle console takes no write lock.
	anyDue := false
	for _, t := range provisioned {
		var due bool
		if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+t.table+` WHERE `+dueClause(t.from)+`)`, now).Scan(&due); err != nil {
			return 0, fmt.Errorf("store: promote: %w", err)
		}
		anyDue = anyDue || due
	}
	if !anyDue {
		return 0, nil
	}
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		// This run may be a retry (postgres.go: another instance promoted
		// the same rows meanwhile, and this run finds them moved).
		n = 0
		for _, t := range provisioned {
			rows, err := tx.QueryContext(ctx, `SELECT id, project_id, name FROM `+t.table+` WHERE `+dueClause(t.from), now)
			if err != nil {
				return err
			}
			type due struct{ id, project, name string }
			var ds []due
			for rows.Next() {
				var d due
				if err := rows.Scan(&d.id, &d.project, &d.name); err != nil {
					rows.Close()
					return err
				}
				ds = append(ds, d)
			}
			rows.Close()
			for _, d := range ds {
				if _, err := tx.ExecContext(ctx, `UPDATE `+t.table+` SET status = 'ACTIVE', ready_at = NULL WHERE id = ?`, d.id); err != nil {
					return err
				}
				if err := s.logOp(WithActor(ctx, "system"), tx, d.project, t.resource, d.id, d.name, ActProvisioned, msg(keyLogProvisioned, t.from)); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: promote: %w", err)
	}
	return n, nil
}

// dueClause selects the rows in status from whose ready_at (the one
// parameter) has passed. The status is written into the SQL, not bound: only
// then can SQLite use the partial indexes (WHERE status = 'BUILD', ...) and
// skip the rest of the table, which the provisioning loop reads twice a
// second. from is one of the constants in provisioned, never user input.
func dueClause(from string) string {
	return `status = '` + from + `' AND ready_at <= ?`
}

// provisioned lists the tables whose rows leave a creating state by
// themselves once ready_at has passed.
var provisioned = []struct{ table, from, resource string }{
	{"connections", StatusBuild, ResConnection},
	{"virtual_interfaces", StatusPendingCreate, ResVirtualInterface},
	{"virtual_gateways", StatusPendingCreate, ResVirtualGateway},
}
