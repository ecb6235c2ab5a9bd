package store

import (
	"context"
	"maps"
	"testing"
)

// TestGatewayVerdicts: the project's verdicts, one per virtual gateway
// (the topology and the gateway list show them): redundant over two access
// locations, a single point of failure over one connection, no path without
// interfaces; another project's gateways are not judged.
func TestGatewayVerdicts(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	s.SetProvisionDelay(0)
	biere := testConnection(t, s, p, "dc-1", "Biere", 100)
	magdeburg := testConnection(t, s, p, "dc-2", "Magdeburg", 100)
	redundant := testGateway(t, s, p, "vgw-r", "10.0.0.0/16", "10.0.0.0/16")
	single := testGateway(t, s, p, "vgw-s", "10.1.0.0/16", "10.1.0.0/16")
	none := testGateway(t, s, p, "vgw-n", "10.2.0.0/16", "10.2.0.0/16")
	_, other, _, err := s.CreateTrainee(ctx, "trainee-1", "", "eu-de")
	if err != nil {
		t.Fatal(err)
	}
	testGateway(t, s, other, "vgw-o", "10.3.0.0/16", "10.3.0.0/16")
	for i, c := range []struct{ conn, gw string }{{biere.ID, redundant}, {magdeburg.ID, redundant}, {biere.ID, single}} {
		if _, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-" + string(rune('a'+i)), ConnectionID: c.conn, GatewayID: c.gw,
			Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GatewayVerdicts(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{}
	for id, v := range got {
		texts[id] = english(v.Message)
	}
	want := map[string]string{
		redundant: "Redundant: Biere + Magdeburg",
		single:    "Single point of failure: connection dc-1 at Biere",
		none:      "No path",
	}
	if !maps.Equal(texts, want) {
		t.Fatalf("GatewayVerdicts = %v, want %v", texts, want)
	}
	if n := len(got[redundant].Carrying); n != 2 {
		t.Fatalf("redundant gateway: %d interfaces carrying, want 2", n)
	}
}
