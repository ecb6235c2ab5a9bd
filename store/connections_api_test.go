package store

import (
	"context"
	"errors"
	"testing"
)

// The fields only the API sets: port type, provider and provider status.
func TestConnectionAPIFields(t *testing.T) {
	ctx := context.Background()
	s, p := bootstrapped(t)
	in := ConnectionInput{Name: "dc-api", Location: "Biere", Bandwidth: 5000, PortType: "10G", Provider: "Carrier-X"}
	c, _, err := s.CreateConnection(ctx, p, in, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.PortType != "10G" || c.Provider != "Carrier-X" {
		t.Fatalf("port %s provider %s", c.PortType, c.Provider)
	}
	t.Run("DefaultsOK", func(t *testing.T) {
		d, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-def", Location: "Biere", Bandwidth: 50}, "")
		if err != nil || d.PortType != "1G" || d.Provider != "OTC" {
			t.Fatalf("%+v, %v", d, err)
		}
	})
	for name, bad := range map[string]ConnectionInput{
		"port_type": {Name: "x", Location: "Biere", Bandwidth: 50, PortType: "2G"},
		"bandwidth": {Name: "x", Location: "Biere", Bandwidth: 2000, PortType: "1G"},
		"provider":  {Name: "x", Location: "Biere", Bandwidth: 50, Provider: "<script>"},
	} {
		t.Run("Invalid_"+name, func(t *testing.T) {
			_, _, err := s.CreateConnection(ctx, p, bad, "")
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.at(Attr(name)) == "" {
				t.Fatalf("err %v, want a ValidationError on %s", err, name)
			}
		})
	}
	t.Run("UpdateKeepsPort", func(t *testing.T) {
		bw, down := 100, StatusDown
		u, err := s.UpdateConnection(ctx, p.ID, c.ID, ConnectionUpdate{Bandwidth: &bw, ProviderStatus: &down})
		if err != nil || u.PortType != "10G" || u.Bandwidth != 100 || u.ProviderStatus != StatusDown {
			t.Fatalf("%+v, %v", u, err)
		}
	})
	t.Run("UpdateBeyondPort", func(t *testing.T) {
		bw := 20000
		_, err := s.UpdateConnection(ctx, p.ID, c.ID, ConnectionUpdate{Bandwidth: &bw})
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.at("bandwidth") == "" {
			t.Fatalf("err %v, want a bandwidth error", err)
		}
	})
	t.Run("UpdateBadProviderStatus", func(t *testing.T) {
		up := "UP"
		_, err := s.UpdateConnection(ctx, p.ID, c.ID, ConnectionUpdate{ProviderStatus: &up})
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.at("provider_status") == "" {
			t.Fatalf("err %v, want a provider_status error", err)
		}
	})
}
