package store

import "sort"

// GuideSteps is the number of steps of the Redundant Connection Access
// flowchart: two connections at different locations, a virtual gateway, two
// virtual interfaces on it.
const GuideSteps = 5

// GuideProgress is how far a project has come along the guide's flowchart.
// The trainee's guide page (console.Guide) and the class board judge a
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

// The guide's messages: what a step has, worded by the console.
var (
	msgGuideConnectionDone = newMessage("guide.connection.done", 2) // name, location
	msgGuideLocationsDone  = newMessage("guide.locations.done", 4)  // name, location, name, location
	msgGuideGatewayDone    = newMessage("guide.gateway.done", 2)    // gateway, VPC
	msgGuideInterfaceDone  = newMessage("guide.interface.done", 2)  // gateway, location
	msgGuideInterfacesDone = newMessage("guide.interfaces.done", 3) // gateway, location, location
	msgGuideConnectionTodo = newMessage("guide.connection.todo", 2) // the region's two locations
)

// StepDetails says, for each step of the flowchart that is done, what the
// project has there (the zero Message for a step not done), and for the
// first step not done with its region's locations what to make.
func (g GuideProgress) StepDetails(region Region) [GuideSteps]Message {
	var out [GuideSteps]Message
	done := g.Done()
	if !done[0] && len(region.Locations) >= 2 {
		out[0] = msg(msgGuideConnectionTodo, region.Locations[0], region.Locations[1])
	}
	if done[0] {
		first := g.Connections[len(g.Connections)-1]
		out[0] = msg(msgGuideConnectionDone, first.Name, first.Location)
	}
	if done[1] {
		a, b := g.LocationNames[0], g.LocationNames[1]
		out[1] = msg(msgGuideLocationsDone, g.Locations[a], a, g.Locations[b], b)
	}
	if g.Gateway.ID != "" {
		out[2] = msg(msgGuideGatewayDone, g.Gateway.Name, g.Gateway.VPCName)
	}
	if done[3] {
		out[3] = msg(msgGuideInterfaceDone, g.Gateway.Name, g.GatewayLocations[0])
	}
	if done[4] {
		out[4] = msg(msgGuideInterfacesDone, g.Gateway.Name, g.GatewayLocations[0], g.GatewayLocations[1])
	}
	return out
}
