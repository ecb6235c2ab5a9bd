package views

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"dcconsole/store"
)

func regions() []store.Region { return store.Regions }

func flashRole(kind string) string {
	if kind == "error" {
		return "alert"
	}
	return "status"
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }

// stepIndex is the slider position of a bandwidth value: the first step not
// below it (the value the server would snap to).
func stepIndex(steps []int, value string) int {
	n, err := strconv.Atoi(value)
	if err != nil {
		return 0
	}
	for i, s := range steps {
		if n <= s {
			return i
		}
	}
	return len(steps) - 1
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

func itoa(n int) string { return strconv.Itoa(n) }
