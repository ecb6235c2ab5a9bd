package store

import (
	"context"
	"database/sql"
	"errors"
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
	action, from, to, rule := ActFail, StatusActive, StatusDown, ruleCannotFail
	if !down {
		action, from, to, rule = ActRestore, StatusDown, StatusActive, ruleCannotRestore
	}
	err := s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		c, err := scanConnection(tx.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections c WHERE c.project_id = ? AND c.id = ?`, projectID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if c.Status != from {
			return refuse(rule.on("", c.Name, Word(statusWord(c.Status)), Word(statusWord(from))))
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
		detail := msg(keyLogFailover, c.Name, c.Location, Word(statusWord(from)), Word(statusWord(to)), int(n))
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
// The rules of a failover drill.
var (
	ruleCannotFail    = newRule("failover.cannot_fail", "DC.0001", 3)
	ruleCannotRestore = newRule("failover.cannot_restore", "DC.0001", 3)
)

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
