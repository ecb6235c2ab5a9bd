package store

import (
	"context"
	"testing"
)

func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	s, _ := bootstrapped(t)
	p, err := s.SeedDemo(ctx, DemoProjectName)
	if err != nil {
		t.Fatal(err)
	}
	gws, _, _ := s.Gateways(ctx, p.ID, ListFilter{})
	if len(gws) != 1 {
		t.Fatalf("%d gateways", len(gws))
	}
	vifs, _ := s.InterfacesOf(ctx, p.ID, gws[0].ID, "")
	if got := english(GatewayVerdict(vifs).Message); got != "Redundant: Biere + Magdeburg" {
		t.Fatalf("demo verdict %q", got)
	}
	// The admin can open it.
	u, _ := s.Authenticate(ctx, "admin", "admin-password")
	if _, err := s.ProjectForUser(ctx, u.ID, p.ID); err != nil {
		t.Fatalf("admin cannot use the demo project: %v", err)
	}
	// A second seed into the same project is refused and changes nothing.
	if _, err := s.SeedDemo(ctx, DemoProjectName); err == nil {
		t.Fatal("second seed accepted")
	}
	if _, n, _ := s.Connections(ctx, p.ID, ListFilter{}); n != 2 {
		t.Fatalf("%d connections after a refused second seed", n)
	}
}
