package store

import (
	"context"
	"errors"
	"testing"
)

func vif(id, conn, loc, connStatus, status string) VirtualInterface {
	return VirtualInterface{ID: id, ConnectionName: conn, Location: loc, ConnectionStatus: connStatus, Status: status}
}

func TestGatewayVerdict(t *testing.T) {
	const up, down, building = StatusActive, StatusDown, StatusPendingCreate
	for _, tc := range []struct {
		name     string
		vifs     []VirtualInterface
		kind     string
		text     string
		carrying []string
	}{
		{"no interfaces", nil, VerdictNoPath, "No path", nil},
		{"one connection up", []VirtualInterface{vif("a", "dc-1", "Biere", up, up)}, VerdictSPOF,
			"Single point of failure: connection dc-1 at Biere", []string{"a"}},
		{"one connection down", []VirtualInterface{vif("a", "dc-1", "Biere", down, down)}, VerdictNoPath, "No path", nil},
		{"two locations up", []VirtualInterface{vif("a", "dc-1", "Biere", up, up), vif("b", "dc-2", "Magdeburg", up, up)},
			VerdictRedundant, "Redundant: Biere + Magdeburg", []string{"a", "b"}},
		{"two locations, Biere down", []VirtualInterface{vif("a", "dc-1", "Biere", down, down), vif("b", "dc-2", "Magdeburg", up, up)},
			VerdictSPOF, "Single point of failure: connection dc-2 at Magdeburg", []string{"b"}},
		{"two locations, Magdeburg down", []VirtualInterface{vif("a", "dc-1", "Biere", up, up), vif("b", "dc-2", "Magdeburg", down, down)},
			VerdictSPOF, "Single point of failure: connection dc-1 at Biere", []string{"a"}},
		{"two locations, both down", []VirtualInterface{vif("a", "dc-1", "Biere", down, down), vif("b", "dc-2", "Magdeburg", down, down)},
			VerdictNoPath, "No path", nil},
		{"same location, two connections", []VirtualInterface{vif("a", "dc-1", "Biere", up, up), vif("b", "dc-2", "Biere", up, up)},
			VerdictSPOF, "Single point of failure: location Biere", []string{"a", "b"}},
		{"same location, one down", []VirtualInterface{vif("a", "dc-1", "Biere", up, up), vif("b", "dc-2", "Biere", down, down)},
			VerdictSPOF, "Single point of failure: connection dc-1 at Biere", []string{"a"}},
		{"two interfaces on one connection", []VirtualInterface{vif("a", "dc-1", "Biere", up, up), vif("b", "dc-1", "Biere", up, up)},
			VerdictSPOF, "Single point of failure: connection dc-1 at Biere", []string{"a", "b"}},
		{"second interface still creating", []VirtualInterface{vif("a", "dc-1", "Biere", up, up), vif("b", "dc-2", "Magdeburg", up, building)},
			VerdictSPOF, "Single point of failure: connection dc-1 at Biere", []string{"a"}},
		{"connection still being built", []VirtualInterface{vif("a", "dc-1", "Biere", StatusBuild, up)}, VerdictNoPath, "No path", nil},
		{"eu-nl locations", []VirtualInterface{vif("a", "dc-1", "Amsterdam-Almere", up, up), vif("b", "dc-2", "Amsterdam-Aalsmeer", up, up)},
			VerdictRedundant, "Redundant: Amsterdam-Aalsmeer + Amsterdam-Almere", []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := GatewayVerdict(tc.vifs)
			if v.Kind != tc.kind || english(v.Message) != tc.text {
				t.Fatalf("got %s %q, want %s %q", v.Kind, english(v.Message), tc.kind, tc.text)
			}
			if len(v.Carrying) != len(tc.carrying) {
				t.Fatalf("carrying %v, want %v", v.Carrying, tc.carrying)
			}
			for _, id := range tc.carrying {
				if !v.Carrying[id] {
					t.Fatalf("%s not carrying", id)
				}
			}
		})
	}
}

func TestSimulateFailureAndRestore(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	biere := testConnection(t, s, p, "dc-123", "Biere", 100)
	magdeburg := testConnection(t, s, p, "dc-456", "Magdeburg", 100)
	gw := testGateway(t, s, p, "vgw-123", "192.168.0.0/16", "192.168.0.0/16")
	for _, c := range []Connection{biere, magdeburg} {
		if _, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: "vif-" + c.Name, ConnectionID: c.ID, GatewayID: gw, RemoteSubnets: "10.0.0.0/8"}, ""); err != nil {
			t.Fatal(err)
		}
	}
	verdict := func() string {
		vs, err := s.InterfacesOf(ctx, p.ID, gw, "")
		if err != nil {
			t.Fatal(err)
		}
		return english(GatewayVerdict(vs).Message)
	}
	if got := verdict(); got != "Redundant: Biere + Magdeburg" {
		t.Fatalf("before: %q", got)
	}
	c, err := s.SimulateFailure(WithActor(ctx, "trainer"), p.ID, biere.ID, true)
	if err != nil || c.Status != StatusDown {
		t.Fatalf("fail: %+v %v", c, err)
	}
	if got := verdict(); got != "Single point of failure: connection dc-456 at Magdeburg" {
		t.Fatalf("after the cut: %q", got)
	}
	vs, _ := s.InterfacesOf(ctx, p.ID, "", biere.ID)
	if len(vs) != 1 || vs[0].Status != StatusDown {
		t.Fatalf("interface did not follow: %+v", vs)
	}
	var re *RuleError
	if _, err := s.SimulateFailure(ctx, p.ID, biere.ID, true); !errors.As(err, &re) {
		t.Fatalf("failing a Down connection: %v", err)
	}
	if _, err := s.SimulateFailure(ctx, p.ID, biere.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := verdict(); got != "Redundant: Biere + Magdeburg" {
		t.Fatalf("after restore: %q", got)
	}
	if _, err := s.SimulateFailure(ctx, "other", biere.ID, true); !errors.Is(err, ErrNotFound) {
		t.Fatalf("other project: %v", err)
	}
	ops, _, _ := s.Operations(ctx, p.ID, OperationFilter{})
	// Newest first: the restore, the refused second failure, the failure.
	if ops[0].Action != ActRestore || ops[1].Action != ActFail || ops[1].Result == ResultSuccess ||
		ops[2].Action != ActFail || ops[2].User != "trainer" || ops[2].Result != ResultSuccess {
		t.Fatalf("log: %+v\n%+v\n%+v", ops[0], ops[1], ops[2])
	}
}
