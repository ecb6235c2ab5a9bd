package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// DemoProjectName is the project `dcconsole seed-demo` fills by default.
const DemoProjectName = "eu-de_demo"

// SeedDemo fills the named eu-de project (created when missing, and granted
// to every admin) with the complete Redundant Connection Access scenario:
// dc-123 at Biere and dc-456 at Magdeburg, vgw-123 on VPC-001, and the
// interfaces vif-123 and vif-456 bound to it. A project that already has
// connections is refused, so a demo never mixes with other work.
func (s *Store) SeedDemo(ctx context.Context, projectName string) (Project, error) {
	ctx = WithActor(ctx, "seed-demo")
	var p Project
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		err := tx.QueryRowContext(ctx, `SELECT id, name, region FROM projects WHERE name = ?`, projectName).Scan(&p.ID, &p.Name, &p.Region)
		if errors.Is(err, sql.ErrNoRows) {
			if p, err = s.createProject(ctx, tx, projectName, "eu-de", millis(s.now())); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		if p.Region != "eu-de" {
			return fmt.Errorf("project %s is in %s; the demo needs eu-de (Biere and Magdeburg)", p.Name, p.Region)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO user_projects (user_id, project_id) SELECT id, ? FROM users WHERE is_admin = 1 ON CONFLICT DO NOTHING`, p.ID)
		return err
	})
	if err != nil {
		return Project{}, fmt.Errorf("store: seed demo: %w", err)
	}
	if _, n, err := s.Connections(ctx, p.ID, ListFilter{}); err != nil || n > 0 {
		if err == nil {
			err = fmt.Errorf("project %s already has %d connection(s); reset it first or name another project", p.Name, n)
		}
		return Project{}, fmt.Errorf("store: seed demo: %w", err)
	}
	biere, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-123", Location: "Biere", PeerLocation: "Marderbug-DC01",
		Bandwidth: 100, Description: "This is a connection."}, "")
	if err != nil {
		return Project{}, err
	}
	magdeburg, _, err := s.CreateConnection(ctx, p, ConnectionInput{Name: "dc-456", Location: "Magdeburg", Bandwidth: 100,
		Description: "The redundant connection."}, "")
	if err != nil {
		return Project{}, err
	}
	vpcs, err := s.VPCs(ctx, p.ID)
	if err != nil {
		return Project{}, err
	}
	var vpcID string
	for _, v := range vpcs {
		if v.Name == "VPC-001" {
			vpcID = v.ID
		}
	}
	if vpcID == "" {
		return Project{}, fmt.Errorf("store: seed demo: project %s has no VPC-001", p.Name)
	}
	gw, _, err := s.CreateGateway(ctx, p, GatewayInput{Name: "vgw-123", VPCID: vpcID, CIDRs: "192.168.0.0/16", Description: "This is a virtual gateway."}, "")
	if err != nil {
		return Project{}, err
	}
	for _, v := range []struct{ name, conn, desc string }{
		{"vif-123", biere.ID, "This is a virtual interface."},
		{"vif-456", magdeburg.ID, "The redundant virtual interface."},
	} {
		if _, _, err := s.CreateInterface(ctx, p, InterfaceInput{Name: v.name, ConnectionID: v.conn, GatewayID: gw.ID, Bandwidth: 100,
			RemoteSubnets: "192.168.51.0/24", Description: v.desc}, ""); err != nil {
			return Project{}, err
		}
	}
	return p, nil
}
