package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Verdict kinds.
const (
	VerdictRedundant = "redundant"
	VerdictSPOF      = "spof"
	VerdictNoPath    = "none"
)

// Verdict says whether a virtual gateway survives the loss of one
// connection: the point of the Redundant Connection Access scenario.
type Verdict struct {
	Kind string
	// Message tells the verdict, e.g. "Redundant: Biere + Magdeburg".
	Message Message
	// Carrying lists the IDs of the interfaces that carry traffic now.
	Carrying map[string]bool
}

// The verdicts.
var (
	keyVerdictRedundant = newMessage("verdict.redundant", 1)
	keyVerdictSPOFConn  = newMessage("verdict.spof.connection", 2)
	keyVerdictSPOFLoc   = newMessage("verdict.spof.location", 1)
	keyVerdictNoPath    = newMessage("verdict.no_path", 0)
)

// Healthy reports whether an interface carries traffic: its connection and
// the interface itself are Normal.
func (v VirtualInterface) Healthy() bool {
	return v.Status == StatusActive && v.ConnectionStatus == StatusActive
}

// GatewayVerdict judges a gateway's redundancy from its interfaces:
// "Redundant: A + B" when healthy interfaces reach it over connections at two
// different access locations; "Single point of failure: ..." naming the one
// connection (or location) everything depends on; "No path" when nothing is up.
func GatewayVerdict(vifs []VirtualInterface) Verdict {
	v := Verdict{Carrying: map[string]bool{}}
	locs := map[string]map[string]bool{} // location -> connection names
	for _, i := range vifs {
		if !i.Healthy() {
			continue
		}
		v.Carrying[i.ID] = true
		if locs[i.Location] == nil {
			locs[i.Location] = map[string]bool{}
		}
		locs[i.Location][i.ConnectionName] = true
	}
	names := make([]string, 0, len(locs))
	for l := range locs {
		names = append(names, l)
	}
	sort.Strings(names)
	switch {
	case len(names) >= 2:
		v.Kind, v.Message = VerdictRedundant, msg(keyVerdictRedundant, strings.Join(names, " + "))
	case len(names) == 1:
		conns := make([]string, 0, len(locs[names[0]]))
		for c := range locs[names[0]] {
			conns = append(conns, c)
		}
		sort.Strings(conns)
		v.Kind = VerdictSPOF
		if len(conns) == 1 {
			v.Message = msg(keyVerdictSPOFConn, conns[0], names[0])
		} else {
			v.Message = msg(keyVerdictSPOFLoc, names[0])
		}
	default:
		v.Kind, v.Message = VerdictNoPath, msg(keyVerdictNoPath)
	}
	return v
}

// GatewayVerdicts judges every virtual gateway of a project, by gateway ID.
func (s *Store) GatewayVerdicts(ctx context.Context, projectID string) (map[string]Verdict, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+interfaceColumns+interfaceFrom+` WHERE v.project_id = ?`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: gateway verdicts: %w", err)
	}
	defer rows.Close()
	byGW := map[string][]VirtualInterface{}
	for rows.Next() {
		v, err := scanInterface(rows)
		if err != nil {
			return nil, err
		}
		byGW[v.GatewayID] = append(byGW[v.GatewayID], v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	gws, err := s.r.QueryContext(ctx, `SELECT id FROM virtual_gateways WHERE project_id = ?`, projectID)
	if err != nil {
		return nil, err
	}
	defer gws.Close()
	out := map[string]Verdict{}
	for gws.Next() {
		var id string
		if err := gws.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = GatewayVerdict(byGW[id])
	}
	return out, gws.Err()
}
