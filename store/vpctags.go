package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tag is a key and value on a resource.
type Tag struct {
	Key   string
	Value string
}

// Tag rules of the VPC service's tag API.
const (
	TagKeyLimit   = 36
	TagValueLimit = 43
	// TagsPerVPC is how many tags one VPC may carry.
	TagsPerVPC = 20
)

// CodeTagParam is the code the console answers for invalid tags (the VPC
// service's "invalid parameters").
const CodeTagParam = CodeVPCParam

// checkTags checks the tags of one request: keys 1 to 36 letters, digits,
// '_' and '-'; values up to 43 letters, digits, '_', '.' and '-'; each key
// once. withValues is false for a delete, whose values are not checked.
func checkTags(tags []Tag, withValues bool) error {
	var fe fieldErrors
	if len(tags) == 0 {
		fe.add(problemAt(CodeTagParam, AttrTags, keyTagsNone))
	}
	seen := map[string]bool{}
	for _, t := range tags {
		switch {
		case t.Key == "":
			fe.add(problemAt(CodeTagParam, AttrTags, keyTagKeyEmpty))
		case !utf8.ValidString(t.Key) || utf8.RuneCountInString(t.Key) > TagKeyLimit || !tagChars(t.Key, false):
			fe.add(problemAt(CodeTagParam, AttrTags, keyTagKeyInvalid, quoteItem(t.Key), TagKeyLimit))
		case seen[t.Key]:
			fe.add(problemAt(CodeTagParam, AttrTags, keyTagKeyTwice, quoteItem(t.Key)))
		case withValues && (!utf8.ValidString(t.Value) || utf8.RuneCountInString(t.Value) > TagValueLimit || !tagChars(t.Value, true)):
			fe.add(problemAt(CodeTagParam, AttrTags, keyTagValueInvalid, quoteItem(t.Key), TagValueLimit))
		}
		seen[t.Key] = true
	}
	return fe.err()
}

// The rules of tags.
var (
	keyTagsNone        = newMessage("tags.none", 0)
	keyTagKeyEmpty     = newMessage("tags.key.empty", 0)
	keyTagKeyInvalid   = newMessage("tags.key.invalid", 2)
	keyTagKeyTwice     = newMessage("tags.key.twice", 1)
	keyTagValueInvalid = newMessage("tags.value.invalid", 2)
	keyTagsTooMany     = newMessage("tags.too_many", 3)
)

func tagChars(s string, value bool) bool {
	return !strings.ContainsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || value && r == '.')
	})
}

// VPCTags returns the tags of a VPC of project projectID, by key.
// Returns ErrNotFound if the VPC is not one of the project's.
func (s *Store) VPCTags(ctx context.Context, projectID, vpcID string) ([]Tag, error) {
	if _, err := vpcQuery(ctx, s.r, projectID, vpcID); err != nil {
		return nil, err
	}
	return vpcTags(ctx, s.r, vpcID)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func vpcTags(ctx context.Context, q querier, vpcID string) ([]Tag, error) {
	rows, err := q.QueryContext(ctx, `SELECT key, value FROM vpc_tags WHERE vpc_id = ? ORDER BY key`, vpcID)
	if err != nil {
		return nil, fmt.Errorf("store: vpc tags: %w", err)
	}
	defer rows.Close()
	out := []Tag{}
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.Key, &t.Value); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// AddVPCTags sets tags on a VPC: a new key is added, an existing key gets
// the new value. Returns ErrNotFound, a *ValidationError, or a *RuleError
// when the VPC would carry more than TagsPerVPC tags.
func (s *Store) AddVPCTags(ctx context.Context, projectID, vpcID string, tags []Tag) error {
	if err := checkTags(tags, true); err != nil {
		return err
	}
	return s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		v, err := vpcQuery(ctx, tx, projectID, vpcID)
		if err != nil {
			return err
		}
		var parts []string
		for _, t := range tags {
			if _, err := tx.ExecContext(ctx, `INSERT INTO vpc_tags (vpc_id, key, value) VALUES (?, ?, ?)
				ON CONFLICT (vpc_id, key) DO UPDATE SET value = excluded.value`, vpcID, t.Key, t.Value); err != nil {
				return fmt.Errorf("store: add vpc tags: %w", err)
			}
			parts = append(parts, t.Key+"="+t.Value)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM vpc_tags WHERE vpc_id = ?`, vpcID).Scan(&n); err != nil {
			return err
		}
		if n > TagsPerVPC {
			return refuse(problemAt(CodeTagParam, AttrTags, keyTagsTooMany, TagsPerVPC, v.Name, n))
		}
		return s.logOp(ctx, tx, projectID, ResVPC, vpcID, v.Name, ActModify, msg(keyLogTagsSet, strings.Join(parts, ", ")))
	})
}

// DeleteVPCTags removes the tags with the given keys from a VPC; a key the
// VPC does not carry is no error. Returns ErrNotFound or a *ValidationError.
func (s *Store) DeleteVPCTags(ctx context.Context, projectID, vpcID string, tags []Tag) error {
	if err := checkTags(tags, false); err != nil {
		return err
	}
	return s.txIn(ctx, projectID, func(ctx context.Context, tx *writeTx) error {
		v, err := vpcQuery(ctx, tx, projectID, vpcID)
		if err != nil {
			return err
		}
		var keys []string
		for _, t := range tags {
			if _, err := tx.ExecContext(ctx, `DELETE FROM vpc_tags WHERE vpc_id = ? AND key = ?`, vpcID, t.Key); err != nil {
				return fmt.Errorf("store: delete vpc tags: %w", err)
			}
			keys = append(keys, t.Key)
		}
		return s.logOp(ctx, tx, projectID, ResVPC, vpcID, v.Name, ActModify, msg(keyLogTagsRemoved, strings.Join(keys, ", ")))
	})
}
