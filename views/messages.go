package views

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dcconsole/store"
)

// texts is one message's wording in each language of the console. The
// formats take the message's values in order (fmt verbs; a German sentence
// that needs another order uses explicit indexes such as %[2]s).
type texts struct{ en, de string }

// catalogues are the console's wordings of the store's message keys, one
// map per part of the product (see the messages_*.go files). A key is in
// exactly one of them; TestMessageCatalogueComplete checks that every key
// the store declares is worded in English and German.
var catalogues []map[string]texts

// lookupMessage finds the wording of key.
func lookupMessage(key string) (texts, bool) {
	for _, c := range catalogues {
		if t, ok := c[key]; ok {
			return t, true
		}
	}
	return texts{}, false
}

// M words a store message in the language of ctx. A key without a wording
// (a programming error the catalogue test catches) shows as the key itself,
// never as English inside a German page.
func M(ctx context.Context, m store.Message) string {
	t, ok := lookupMessage(m.Key)
	if !ok {
		return m.Key
	}
	format := t.en
	if Lang(ctx) == "de" {
		format = t.de
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		args[i] = messageArg(ctx, a)
	}
	return fmt.Sprintf(format, args...)
}

// messageArg words one value of a message.
func messageArg(ctx context.Context, a any) any {
	switch v := a.(type) {
	case store.Word:
		return T(ctx, string(v))
	case store.Message:
		return M(ctx, v)
	case []store.Message:
		parts := make([]string, len(v))
		for i, m := range v {
			parts[i] = M(ctx, m)
		}
		return strings.Join(parts, " ")
	case time.Time:
		return FormatDate(ctx, v)
	default:
		return a
	}
}

// germanMonths are the month abbreviations of German dates.
var germanMonths = [...]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}

// FormatDate is a moment as the console shows it, in UTC, in the language
// of ctx: "Jan 02, 2006 15:04:05 GMT" or "02. Jan. 2006 15:04:05 GMT".
func FormatDate(ctx context.Context, t time.Time) string {
	t = t.UTC()
	if Lang(ctx) == "de" {
		return fmt.Sprintf("%02d. %s %d %s GMT", t.Day(), germanMonths[t.Month()-1], t.Year(), t.Format("15:04:05"))
	}
	return t.Format("Jan 02, 2006 15:04:05 GMT")
}
