package console

import (
	"context"
	"errors"
	"strconv"

	"dcconsole/store"
	"dcconsole/views"
)

// FieldErrors maps a form field's name to the message shown under it.
type FieldErrors map[string]string

// formFields are the console's form fields of the store's attributes where
// the field's name is not the attribute's.
var formFields = map[store.Attr]string{
	store.AttrVPC:        "vpc_id",
	store.AttrLocalCIDRs: "cidrs",
}

// formField is the form field showing problems about attr.
func formField(attr store.Attr) string {
	if f, ok := formFields[attr]; ok {
		return f
	}
	return string(attr)
}

// merge adds the problems of a store error that concern fields to fe,
// worded in the request's language. It reports false when err is not about
// a field (then the caller returns it, or shows it above the form).
func (fe FieldErrors) merge(ctx context.Context, err error) bool {
	var ve *store.ValidationError
	var re *store.RuleError
	switch {
	case errors.As(err, &ve):
		for _, p := range ve.Problems {
			if f := formField(p.Attr); fe[f] == "" {
				fe[f] = views.M(ctx, p.Message)
			}
		}
		return true
	case errors.As(err, &re) && re.Attr != "":
		fe[formField(re.Attr)] = views.M(ctx, re.Message)
		return true
	}
	return false
}

// listParams reads the page, page size and name search of a list request.
type listParams struct {
	Page, Size int
	Name       string
}

func parseListParams(page, size, name string) listParams {
	lp := listParams{Page: 1, Size: 10, Name: name}
	if n, err := strconv.Atoi(page); err == nil && n > 0 && n < 1_000_000 {
		lp.Page = n
	}
	if n, err := strconv.Atoi(size); err == nil && (n == 10 || n == 20 || n == 50) {
		lp.Size = n
	}
	if r := []rune(lp.Name); len(r) > store.NameMaxLen {
		lp.Name = string(r[:store.NameMaxLen]) // a search longer than any name cannot match more
	}
	return lp
}

func (lp listParams) filter() store.ListFilter {
	return store.ListFilter{Name: lp.Name, Offset: (lp.Page - 1) * lp.Size, Limit: lp.Size}
}
