package store

import "sort"

// GuideSteps is the number of steps of the Redundant Connection Access
// flowchart: two connections at different locations, a virtual gateway, two
// virtual interfaces on it.
const GuideSteps = 5

// GuideProgress is how far a project has come along the guide's flowchart.
// The trainee's guide page (handlers.Guide) and the class board judge a
// project with it, so both tick the same steps.
type GuideProgress struct {
	// Connections are the project's connections, newest first.
	Connections []Connection
	// Locations maps each access location with a connection to the first
	// connection listed there; LocationNames are its keys, sorted.
	Locations     map[string]string
	LocationNames []string
	// Gateways is the number of virtual gateways.
	Gateways int
	// Gateway is the gateway closest to done (the most interface
	// locations, then the most interfaces); ID "" when there is none.
	Gateway Gateway
	// GatewayLocations are the access locations of its interfaces, in the
	// order of its interfaces; GatewayInterfaces is how many it has.
	GatewayLocations  []string
	GatewayInterfaces int
	// Verdict is the gateway's redundancy verdict (zero without a gateway).
	Verdict Verdict
}

// NewGuideProgress judges a project from its connections (newest first), its
// gateways (newest first) and the interfaces of each gateway (by gateway ID,
// ordered by location then creation, as InterfacesOf lists them).
func NewGuideProgress(conns []Connection, gws []Gateway, vifsByGateway map[string][]VirtualInterface) GuideProgress {
	g := GuideProgress{Connections: conns, Locations: map[string]string{}, Gateways: len(gws)}
	for _, c := range conns {
		if _, ok := g.Locations[c.Location]; !ok {
			g.Locations[c.Location] = c.Name
			g.LocationNames = append(g.LocationNames, c.Location)
		}
	}
	sort.Strings(g.LocationNames)
	for _, gw := range gws {
		vifs := vifsByGateway[gw.ID]
		seen := map[string]bool{}
		var ls []string
		for _, v := range vifs {
			if !seen[v.Location] {
				seen[v.Location] = true
				ls = append(ls, v.Location)
			}
		}
		if g.Gateway.ID == "" || len(ls) > len(g.GatewayLocations) || (len(ls) == len(g.GatewayLocations) && len(vifs) > g.GatewayInterfaces) {
			g.Gateway, g.GatewayLocations, g.GatewayInterfaces, g.Verdict = gw, ls, len(vifs), GatewayVerdict(vifs)
		}
	}
	return g
}

// Done reports which steps of the flowchart are done, in order.
func (g GuideProgress) Done() [GuideSteps]bool {
	return [GuideSteps]bool{
		len(g.Connections) > 0,
		len(g.Locations) >= 2,
		g.Gateways > 0,
		g.GatewayInterfaces > 0,
		len(g.GatewayLocations) >= 2,
	}
}

// StepsDone is the number of steps done.
func (g GuideProgress) StepsDone() int {
	n := 0
	for _, d := range g.Done() {
		if d {
			n++
		}
	}
	return n
}
