package views

import (
	"context"
	"sort"
	"strconv"

	"dcconsole/store"
)

// GatewayTopology is what the topology picture of one virtual gateway shows:
// the data center, the connections by location, the interfaces, the gateway
// and its VPC, and the redundancy verdict.
type GatewayTopology struct {
	Gateway    store.Gateway
	Interfaces []store.VirtualInterface
	Verdict    store.Verdict
}

// NewGatewayTopology judges the gateway and orders its interfaces by
// location and connection, as the picture draws them.
func NewGatewayTopology(g store.Gateway, vifs []store.VirtualInterface) GatewayTopology {
	vs := append([]store.VirtualInterface(nil), vifs...)
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Location != vs[j].Location {
			return vs[i].Location < vs[j].Location
		}
		if vs[i].ConnectionName != vs[j].ConnectionName {
			return vs[i].ConnectionName < vs[j].ConnectionName
		}
		return vs[i].Name < vs[j].Name
	})
	return GatewayTopology{Gateway: g, Interfaces: vs, Verdict: store.GatewayVerdict(vs)}
}

// Picture geometry (SVG user units).
const (
	topoWidth  = 1080
	topoRowH   = 92
	topoTop    = 64
	topoNodeH  = 58
	topoDCX    = 16
	topoDCW    = 150
	topoConnX  = 226
	topoConnW  = 190
	topoVIFX   = 470
	topoVIFW   = 180
	topoGWX    = 706
	topoGWW    = 160
	topoVPCX   = 906
	topoVPCW   = 158
	topoBottom = 28
)

// topoBox is one node of the picture.
type topoBox struct {
	X, Y, W, H int
	Title      string
	Lines      []string
	State      string // CSS state: ok, busy, down, idle
	Label      string // accessible label of the node
}

// topoLine joins two nodes.
type topoLine struct {
	X1, Y1, X2, Y2 int
	State          string
	Carrying       bool
}

// topoGroup is a dashed frame around the connections of one location.
type topoGroup struct {
	X, Y, W, H int
	Label      string
}

// topoLayout is the computed picture.
type topoLayout struct {
	Height int
	Boxes  []topoBox
	Lines  []topoLine
	Groups []topoGroup
}

func stateOf(status string) string {
	switch status {
	case store.StatusActive:
		return "ok"
	case store.StatusDown, store.StatusError:
		return "down"
	}
	return "busy"
}

func mid(y int) int { return y + topoNodeH/2 }

// layout places the nodes: one row per interface, each connection beside
// its interfaces, each location framed, gateway and VPC in the middle.
func (t GatewayTopology) layout(ctx context.Context) topoLayout {
	rows := max(len(t.Interfaces), 1)
	h := topoTop + rows*topoRowH + topoBottom
	l := topoLayout{Height: h}
	centre := topoTop + (rows*topoRowH-topoRowH)/2 + (topoRowH-topoNodeH)/2

	dc := topoBox{X: topoDCX, Y: centre, W: topoDCW, H: topoNodeH, Title: T(ctx, "Data center"), Lines: []string{T(ctx, "on-premises")}, State: "idle", Label: T(ctx, "On-premises data center")}
	gwState := stateOf(t.Gateway.Status)
	gw := topoBox{X: topoGWX, Y: centre, W: topoGWW, H: topoNodeH, Title: t.Gateway.Name, Lines: []string{T(ctx, "Virtual gateway")}, State: gwState,
		Label: T(ctx, "Virtual gateway %s, %s", t.Gateway.Name, T(ctx, StatusLabel(t.Gateway.Status)))}
	vpc := topoBox{X: topoVPCX, Y: centre, W: topoVPCW, H: topoNodeH, Title: t.Gateway.VPCName, Lines: []string{t.Gateway.VPCCIDR.String()}, State: "idle",
		Label: "VPC " + t.Gateway.VPCName + " " + t.Gateway.VPCCIDR.String()}
	l.Boxes = append(l.Boxes, dc, gw, vpc)
	l.Lines = append(l.Lines, topoLine{X1: topoGWX + topoGWW, Y1: mid(centre), X2: topoVPCX, Y2: mid(centre), State: gwState, Carrying: len(t.Verdict.Carrying) > 0})

	// Connections: one box per connection, centred on its interfaces' rows.
	type connRows struct {
		first, last int
		v           store.VirtualInterface
	}
	var order []string
	conns := map[string]*connRows{}
	for i, v := range t.Interfaces {
		if c, ok := conns[v.ConnectionID]; ok {
			c.last = i
			continue
		}
		conns[v.ConnectionID] = &connRows{first: i, last: i, v: v}
		order = append(order, v.ConnectionID)
	}
	// Location frames.
	type locRows struct{ first, last int }
	var locOrder []string
	locs := map[string]*locRows{}
	for i, v := range t.Interfaces {
		if r, ok := locs[v.Location]; ok {
			r.last = i
			continue
		}
		locs[v.Location] = &locRows{first: i, last: i}
		locOrder = append(locOrder, v.Location)
	}
	for _, name := range locOrder {
		r := locs[name]
		// The frame starts a little above its first row (room for the
		// label) and ends just before the next location's frame.
		y := topoTop + r.first*topoRowH - 8
		l.Groups = append(l.Groups, topoGroup{X: topoConnX - 10, Y: y, W: topoConnW + 20, H: (r.last-r.first+1)*topoRowH - 4, Label: name})
	}
	for _, id := range order {
		c := conns[id]
		y := topoTop + (c.first*topoRowH+c.last*topoRowH)/2 + (topoRowH-topoNodeH)/2
		st := stateOf(c.v.ConnectionStatus)
		l.Boxes = append(l.Boxes, topoBox{X: topoConnX, Y: y, W: topoConnW, H: topoNodeH, Title: c.v.ConnectionName,
			Lines: []string{c.v.Location + " · " + T(ctx, StatusLabel(c.v.ConnectionStatus))}, State: st,
			Label: T(ctx, "Connection %s at %s, %s", c.v.ConnectionName, c.v.Location, T(ctx, StatusLabel(c.v.ConnectionStatus)))})
		carrying := false
		for i := c.first; i <= c.last; i++ {
			carrying = carrying || t.Verdict.Carrying[t.Interfaces[i].ID]
		}
		l.Lines = append(l.Lines, topoLine{X1: topoDCX + topoDCW, Y1: mid(centre), X2: topoConnX, Y2: mid(y), State: st, Carrying: carrying})
		for i := c.first; i <= c.last; i++ {
			vy := topoTop + i*topoRowH + (topoRowH-topoNodeH)/2
			l.Lines = append(l.Lines, topoLine{X1: topoConnX + topoConnW, Y1: mid(y), X2: topoVIFX, Y2: mid(vy), State: st, Carrying: t.Verdict.Carrying[t.Interfaces[i].ID]})
		}
	}
	for i, v := range t.Interfaces {
		y := topoTop + i*topoRowH + (topoRowH-topoNodeH)/2
		st := stateOf(v.Status)
		l.Boxes = append(l.Boxes, topoBox{X: topoVIFX, Y: y, W: topoVIFW, H: topoNodeH, Title: v.Name,
			Lines: []string{"VLAN " + strconv.Itoa(v.VLAN) + " · " + strconv.Itoa(v.Bandwidth) + " Mbit/s"}, State: st,
			Label: T(ctx, "Virtual interface %s, VLAN %d, %d Mbit/s, %s", v.Name, v.VLAN, v.Bandwidth, T(ctx, StatusLabel(v.Status)))})
		l.Lines = append(l.Lines, topoLine{X1: topoVIFX + topoVIFW, Y1: mid(y), X2: topoGWX, Y2: mid(centre), State: st, Carrying: t.Verdict.Carrying[v.ID]})
	}
	return l
}

// PathState describes one interface's path in words, for the table that
// accompanies the picture.
func (t GatewayTopology) PathState(ctx context.Context, v store.VirtualInterface) string {
	if t.Verdict.Carrying[v.ID] {
		return T(ctx, "Carrying traffic")
	}
	if v.ConnectionStatus == store.StatusDown {
		return T(ctx, "Down: connection %s is down", v.ConnectionName)
	}
	if v.Status == store.StatusDown {
		return T(ctx, "Down")
	}
	return T(ctx, StatusLabel(v.Status))
}

// VerdictClass colours the verdict.
func VerdictClass(kind string) string {
	switch kind {
	case store.VerdictRedundant:
		return "verdict verdict-ok"
	case store.VerdictSPOF:
		return "verdict verdict-warn"
	}
	return "verdict verdict-bad"
}

func itoaSVG(n int) string { return strconv.Itoa(n) }
