package store

import (
	"context"
	"fmt"
)

// Quotas are how many resources of each kind a project may have.
type Quotas struct {
	Connections int
	Gateways    int
	Interfaces  int
}

// SetQuotas sets a project's quotas; it is an administrator's action (a
// class that needs more, a load test). A quota below what the project
// already has is allowed: it only stops further creates.
// Returns ErrNotFound if the project does not exist.
func (s *Store) SetQuotas(ctx context.Context, projectID string, q Quotas) error {
	if q.Connections < 0 || q.Gateways < 0 || q.Interfaces < 0 {
		return invalid(ruleQuotaNegative.on(AttrQuota))
	}
	return s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE projects SET quota_connections = ?, quota_gateways = ?, quota_interfaces = ? WHERE id = ?`,
			q.Connections, q.Gateways, q.Interfaces, projectID)
		if err != nil {
			return fmt.Errorf("store: set quotas: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.logOp(ctx, tx, projectID, ResProject, projectID, "", ActModify,
			msg(keyLogQuotas, q.Connections, q.Gateways, q.Interfaces))
	})
}
