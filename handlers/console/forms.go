package console

import (
	"errors"
	"strconv"

	"dcconsole/store"
)

// FieldErrors maps a form field's name to the message shown under it.
type FieldErrors map[string]string

// merge adds the messages of a store error about the fields to fe. It
// reports false when err is not about input (then the caller returns it).
func (fe FieldErrors) merge(err error) bool {
	var ve *store.ValidationError
	var re *store.RuleError
	switch {
	case errors.As(err, &ve):
		for k, v := range ve.Fields {
			if _, ok := fe[k]; !ok {
				fe[k] = v
			}
		}
		return true
	case errors.As(err, &re) && re.Field != "":
		fe[re.Field] = re.Message
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
	if r := []rune(lp.Name); len(r) > 64 {
		lp.Name = string(r[:64]) // a search longer than any name cannot match more
	}
	return lp
}

func (lp listParams) filter() store.ListFilter {
	return store.ListFilter{Name: lp.Name, Offset: (lp.Page - 1) * lp.Size, Limit: lp.Size}
}
