package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestSetQuotasEdges: quotas are admin-configurable (SPEC §3-§5); zero is a
// quota (it stops further creates), a negative one is refused and changes
// nothing, and an unknown project is not found.
func TestSetQuotasEdges(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	for _, q := range []Quotas{{-1, 5, 50}, {10, -1, 50}, {10, 5, -1}} {
		var ve *ValidationError
		if err := s.SetQuotas(ctx, p.ID, q); !errors.As(err, &ve) || ve.at("quota") == "" {
			t.Errorf("SetQuotas(%+v) = %v, want a ValidationError about the quota", q, err)
		}
	}
	if _, quota, err := s.ConnectionQuota(ctx, p.ID); err != nil || quota != 10 {
		t.Fatalf("connection quota after refused changes: %d, %v; want 10", quota, err)
	}
	if err := s.SetQuotas(ctx, p.ID, Quotas{0, 0, 0}); err != nil {
		t.Fatalf("zero quotas: %v", err)
	}
	for what, f := range map[string]func(context.Context, string) (int, int, error){
		"connections": s.ConnectionQuota, "gateways": s.GatewayQuota, "interfaces": s.InterfaceQuota,
	} {
		if _, quota, err := f(ctx, p.ID); err != nil || quota != 0 {
			t.Errorf("%s quota: %d, %v; want 0", what, quota, err)
		}
	}
	if err := s.SetQuotas(ctx, "no-such-project", Quotas{1, 1, 1}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown project: %v, want ErrNotFound", err)
	}
}

// TestInterfaceQuotaIsExact: a project creates virtual interfaces up to its
// quota, and the one that would go beyond it is refused with DC.1019 (SPEC
// §5: quota 50 per project and region, admin-configurable).
func TestInterfaceQuotaIsExact(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	if err := s.SetQuotas(ctx, p.ID, Quotas{Connections: 10, Gateways: 5, Interfaces: 2}); err != nil {
		t.Fatal(err)
	}
	conn := testConnection(t, s, p, "dc-1", "Biere", 100)
	gw := testGateway(t, s, p, "vgw-1", "10.0.0.0/16", "10.0.0.0/16")
	for i := 1; i <= 3; i++ {
		_, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: fmt.Sprintf("vif-%d", i), ConnectionID: conn.ID, GatewayID: gw,
			Bandwidth: 10, RemoteSubnets: "172.16.0.0/24"}, "")
		var re *RuleError
		switch {
		case i <= 2 && err != nil:
			t.Fatalf("interface %d of a quota of 2: %v", i, err)
		case i == 3 && (!errors.As(err, &re) || re.Code != "DC.1019"):
			t.Fatalf("interface 3 of a quota of 2: %v, want DC.1019", err)
		}
	}
	if used, quota, err := s.InterfaceQuota(ctx, p.ID); used != 2 || quota != 2 || err != nil {
		t.Fatalf("interface quota %d/%d, %v; want 2/2", used, quota, err)
	}
}
