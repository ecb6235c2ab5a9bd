package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Failover drill actions (operations log).
const (
	ActFail    = "fail"
	ActRestore = "restore"
)

// SimulateFailure marks a connection Down, as if its line were cut, and its
// virtual interfaces with it. Restore (down == false) brings both back to
// Normal. Only a Normal connection can fail and only a Down one be restored.
func (s *Store) SimulateFailure(ctx context.Context, projectID, id string, down bool) (Connection, error) {
	action, from, to, verb := ActFail, StatusActive, StatusDown, "fail"
	if !down {
		action, from, to, verb = ActRestore, StatusDown, StatusActive, "be restored"
	}
	err := s.tx(ctx, func(ctx context.Context, tx *writeTx) error {
		c, err := scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE c.project_id = ? AND c.id = ?`, projectID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if c.Status != from {
			return &RuleError{Code: "DC.0001", Message: fmt.Sprintf("Connection %s is %s; only a %s connection can %s.",
				c.Name, statusWord(c.Status), statusWord(from), verb)}
		}
		now := millis(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE connections SET status = ?, provider_status = ?, updated_at = ? WHERE id = ?`, to, to, now, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE virtual_interfaces SET status = ?, ready_at = NULL, updated_at = ? WHERE connection_id = ?`, to, now, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		detail := fmt.Sprintf("%s at %s: %s -> %s; %d virtual interface(s) followed", c.Name, c.Location, statusWord(from), statusWord(to), n)
		return s.logOp(ctx, tx, projectID, ResConnection, id, c.Name, action, detail)
	})
	var re *RuleError
	if errors.As(err, &re) {
		s.logRefused(ctx, projectID, ResConnection, id, "", action, err)
	}
	if err != nil {
		return Connection{}, err
	}
	return s.Connection(ctx, projectID, id)
}

// statusWord is the console's word for a status, in messages.
func statusWord(status string) string {
	switch status {
	case StatusActive:
		return "Normal"
	case StatusBuild, StatusPendingCreate:
		return "Creating"
	case StatusPendingUpdate:
		return "Updating"
	case StatusDown:
		return "Down"
	}
	return "Error"
}
