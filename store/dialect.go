package store

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The SQL dialect, in one place. The store's queries are written once, in
// the SQL that SQLite and PostgreSQL share, with SQLite's `?` placeholders.
// On PostgreSQL every statement passes through pgSQL on its way to the
// driver (the reader pool and the write transaction call it; nothing else
// runs SQL), which rewrites the few spellings the two engines differ in:
//
//   - `?` placeholders become `$1`, `$2`, ... and `?NNN` becomes `$NNN`
//     (outside quoted text);
//   - LIKE becomes ILIKE: SQLite's LIKE ignores the case of ASCII letters,
//     PostgreSQL's does not, and the console's name search and the
//     throttle's 'ip:%' keys rely on SQLite's behaviour;
//   - `LIMIT -1` (SQLite's "no limit", needed before OFFSET) becomes
//     `LIMIT ALL`.
//
// and pgArgs passes Go booleans as 0 and 1, as the schema keeps flags in
// integer columns on both engines (SQLite has no boolean type), and
// strings PostgreSQL's text cannot hold in a form it can.
//
// The two tables whose queries order by SQLite's rowid (api_tokens and
// sessions, to break ties between rows of the same millisecond in the order
// they were written) have a column of that name in the PostgreSQL schema,
// filled from an identity sequence (migrations_pg).

// pgCache keeps each statement's rewrite: the console runs the same few
// dozen statements over and over.
var pgCache sync.Map // string -> string

// pgSQL returns query in PostgreSQL's spelling.
func pgSQL(query string) string {
	if q, ok := pgCache.Load(query); ok {
		return q.(string)
	}
	q := rewritePG(query)
	pgCache.Store(query, q)
	return q
}

func rewritePG(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			// Copy a quoted literal or identifier whole ('' and "" escape
			// the quote inside it).
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(query))
			b.WriteString(query[i:end])
			i = end - 1
		case c == '?' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9':
			b.WriteByte('$') // ?NNN, SQLite's numbered parameter, is $NNN
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		case word(query, i, "LIKE"):
			b.WriteString("ILIKE")
			i += len("LIKE") - 1
		case word(query, i, "LIMIT") && strings.HasPrefix(query[i+len("LIMIT"):], " -1"):
			b.WriteString("LIMIT ALL")
			i += len("LIMIT -1") - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// word reports whether query holds the keyword w at i, not as part of a
// longer name.
func word(query string, i int, w string) bool {
	if !strings.HasPrefix(query[i:], w) {
		return false
	}
	if i > 0 && isNameByte(query[i-1]) {
		return false
	}
	end := i + len(w)
	return end == len(query) || !isNameByte(query[end])
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// pgArgs converts arguments PostgreSQL would refuse; the caller's slice
// stays as it was. Booleans become 0 and 1 for the integer columns. A
// string that is not valid UTF-8 or holds a NUL byte (PostgreSQL's text
// cannot hold either, and refuses the whole statement) has those bytes
// replaced by U+FFFD: such a string only ever reaches the database as a
// value looked up (an ID in a URL, a name to check), the rules refuse it
// before anything is stored, and a lookup of it finds nothing, as on SQLite.
func pgArgs(args []any) []any {
	copied := false
	for i, a := range args {
		var v any
		switch a := a.(type) {
		case bool:
			v = int64(0)
			if a {
				v = int64(1)
			}
		case string:
			if utf8.ValidString(a) && strings.IndexByte(a, 0) < 0 {
				continue
			}
			v = strings.ReplaceAll(strings.ToValidUTF8(a, "\uFFFD"), "\x00", "\uFFFD")
		default:
			continue
		}
		if !copied {
			args, copied = append([]any(nil), args...), true
		}
		args[i] = v
	}
	return args
}
