package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Resource types and actions recorded in the operations log.
const (
	ResConnection       = "connection"
	ResVirtualGateway   = "virtual_gateway"
	ResVirtualInterface = "virtual_interface"
	ResVPC              = "vpc"
	ResProject          = "project"

	ActCreate      = "create"
	ActModify      = "modify"
	ActDelete      = "delete"
	ActProvisioned = "provisioned"

	ResultSuccess = "success"
)

// Operation is one entry of the operations log.
type Operation struct {
	ID           int64
	At           time.Time
	User         string
	ProjectID    string
	ResourceType string
	ResourceID   string
	ResourceName string
	Action       string
	Result       string
	Detail       string
}

type actorKey struct{}

// WithActor returns a context whose store writes are logged as done by user.
func WithActor(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, actorKey{}, user)
}

func actorOf(ctx context.Context) string {
	if u, ok := ctx.Value(actorKey{}).(string); ok && u != "" {
		return u
	}
	return "system"
}

// logOp records a successful operation inside the transaction that made it,
// so the log and the data never disagree.
func (s *Store) logOp(ctx context.Context, tx *writeTx, projectID, resType, resID, resName, action, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO operations (at, user_name, project_id, resource_type, resource_id, resource_name, action, result, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, millis(s.now()), actorOf(ctx), projectID, resType, resID, resName, action, ResultSuccess, detail)
	if err != nil {
		return fmt.Errorf("store: log operation: %w", err)
	}
	return nil
}

// logRefused records an operation the rules refused, in its own
// transaction (the refused one was rolled back).
func (s *Store) logRefused(ctx context.Context, projectID, resType, resID, resName, action string, refusal error) {
	if len(resName) > 64 || !identOK(resName) {
		resName = "" // a refused name may be anything (1 MB, NUL, markup): it is not kept
	}
	s.tx(context.WithoutCancel(ctx), func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO operations (at, user_name, project_id, resource_type, resource_id, resource_name, action, result)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, millis(s.now()), actorOf(ctx), projectID, resType, resID, resName, action, "refused: "+refusal.Error())
		return err
	})
}

// OperationFilter selects log entries.
type OperationFilter struct {
	ResourceType string // empty: all
	Action       string // empty: all
	Offset       int
	Limit        int
}

// Operations lists a project's log, newest first, and the matching count.
func (s *Store) Operations(ctx context.Context, projectID string, f OperationFilter) ([]Operation, int, error) {
	where := []string{"project_id = ?"}
	args := []any{projectID}
	if f.ResourceType != "" {
		where = append(where, "resource_type = ?")
		args = append(args, f.ResourceType)
	}
	if f.Action != "" {
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM operations WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count operations: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, user_name, project_id, resource_type, resource_id, resource_name, action, result, detail
		FROM operations WHERE `+w+` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list operations: %w", err)
	}
	defer rows.Close()
	var out []Operation
	for rows.Next() {
		var o Operation
		var at int64
		if err := rows.Scan(&o.ID, &at, &o.User, &o.ProjectID, &o.ResourceType, &o.ResourceID, &o.ResourceName, &o.Action, &o.Result, &o.Detail); err != nil {
			return nil, 0, err
		}
		o.At = fromMillis(at)
		out = append(out, o)
	}
	return out, total, rows.Err()
}
