package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
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
	ResultRefused = "refused"
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
	Result       string    // ResultSuccess or ResultRefused
	Detail       Message   // what was done; zero when there is nothing to add
	Problems     []Problem // why a refused operation was refused
	// Legacy is the English text of an entry logged before the log kept
	// messages (migration 0012): its detail, or its refusal's reason.
	Legacy string
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
// detail is what was done (noDetail when there is nothing to add).
func (s *Store) logOp(ctx context.Context, tx *writeTx, projectID, resType, resID, resName, action string, detail Message) error {
	var detailJSON string
	if detail.Key != "" {
		b, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("store: log operation: %w", err)
		}
		detailJSON = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO operations (at, user_name, project_id, resource_type, resource_id, resource_name, action, result, detail_msg)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, millis(s.now()), actorOf(ctx), projectID, resType, resID, resName, action, ResultSuccess, detailJSON)
	if err != nil {
		return fmt.Errorf("store: log operation: %w", err)
	}
	return nil
}

// noDetail is the detail of an entry with nothing to add.
var noDetail Message

// The details of log entries.
var (
	keyLogValue        = newMessage("log.value", 1)
	keyLogForUser      = newMessage("log.for_user", 1)
	keyLogReset        = newMessage("log.reset", 4)
	keyLogConnCreate   = newMessage("log.connection.create", 2)
	keyLogBandwidth    = newMessage("log.bandwidth", 1)
	keyLogProvisioned  = newMessage("log.provisioned", 1)
	keyLogGatewayVPC   = newMessage("log.gateway.vpc", 2)
	keyLogCIDRs        = newMessage("log.cidrs", 1)
	keyLogNoCIDRs      = newMessage("log.cidrs.none", 0)
	keyLogCIDRsIPv6    = newMessage("log.cidrs.ipv6", 2)
	keyLogNoCIDRsIPv6  = newMessage("log.cidrs.none_ipv6", 1)
	keyLogIfCreate     = newMessage("log.interface.create", 5)
	keyLogIfModify     = newMessage("log.interface.modify", 2)
	keyLogIfDelete     = newMessage("log.interface.delete", 3)
	keyLogQuotas       = newMessage("log.quotas", 3)
	keyLogSubnetCreate = newMessage("log.subnet.create", 2)
	keyLogVPCName      = newMessage("log.vpc.name", 1)
	keyLogVPCCIDR      = newMessage("log.vpc.cidr", 1)
	keyLogVPCNameCIDR  = newMessage("log.vpc.name_cidr", 2)
	keyLogTagsSet      = newMessage("log.tags.set", 1)
	keyLogTagsRemoved  = newMessage("log.tags.removed", 1)
	keyLogFailover     = newMessage("log.failover", 5)
)

// logRefused records an operation the rules refused, in its own
// transaction (the refused one was rolled back).
func (s *Store) logRefused(ctx context.Context, projectID, resType, resID, resName, action string, refusal error) {
	if len(resName) > 64 || !identOK(resName) {
		resName = "" // a refused name may be anything (1 MB, NUL, markup): it is not kept
	}
	problems, err := json.Marshal(ProblemsOf(refusal))
	if err != nil {
		return // cannot happen for the store's own values; the refusal stands
	}
	s.tx(context.WithoutCancel(ctx), func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO operations (at, user_name, project_id, resource_type, resource_id, resource_name, action, result, problems)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, millis(s.now()), actorOf(ctx), projectID, resType, resID, resName, action, ResultRefused, string(problems))
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
		limit = math.MaxInt64 // no limit (SQLite's -1 is an error on PostgreSQL)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, user_name, project_id, resource_type, resource_id, resource_name, action, result, detail,
			detail_msg, problems
		FROM operations WHERE `+w+` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list operations: %w", err)
	}
	defer rows.Close()
	var out []Operation
	for rows.Next() {
		var o Operation
		var at int64
		var detail, detailJSON, problems string
		if err := rows.Scan(&o.ID, &at, &o.User, &o.ProjectID, &o.ResourceType, &o.ResourceID, &o.ResourceName, &o.Action, &o.Result,
			&detail, &detailJSON, &problems); err != nil {
			return nil, 0, err
		}
		o.At = fromMillis(at)
		o.Legacy = detail
		if reason, ok := strings.CutPrefix(o.Result, ResultRefused+": "); ok {
			o.Result, o.Legacy = ResultRefused, reason
		}
		if detailJSON != "" {
			if err := json.Unmarshal([]byte(detailJSON), &o.Detail); err != nil {
				return nil, 0, fmt.Errorf("store: operation %d detail: %w", o.ID, err)
			}
		}
		if problems != "" {
			if err := json.Unmarshal([]byte(problems), &o.Problems); err != nil {
				return nil, 0, fmt.Errorf("store: operation %d problems: %w", o.ID, err)
			}
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}
