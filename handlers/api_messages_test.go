package handlers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dcconsole/store"
)

// TestAPIMessagesComplete: the API words every message the store declares
// that can reach it (everything but the log details, verdicts and guide
// steps, which only pages show) in English, with exactly the values the
// key declares and no console instruction; and it names every attribute.
func TestAPIMessagesComplete(t *testing.T) {
	pageOnly := regexp.MustCompile(`^(log|verdict|guide)\.`)
	verb := regexp.MustCompile(`%(?:\[(\d+)\])?v`)
	instruction := regexp.MustCompile(`(?i)\b(select|refresh|enter|choose|click)\b`)
	n := 0
	for _, k := range store.MessageKeys() {
		if pageOnly.MatchString(k.Key) {
			continue
		}
		n++
		f, ok := apiTexts[k.Key]
		if !ok {
			t.Errorf("%s: no API wording", k.Key)
			continue
		}
		args, next := 0, 1
		for _, m := range verb.FindAllStringSubmatch(f, -1) {
			if m[1] != "" {
				next, _ = strconv.Atoi(m[1])
			}
			args = max(args, next)
			next++
		}
		if args != k.Args {
			t.Errorf("%s: %q takes %d values, the key declares %d", k.Key, f, args, k.Args)
		}
		if instruction.MatchString(f) {
			t.Errorf("%s: %q gives a console instruction", k.Key, f)
		}
	}
	if n < 100 {
		t.Fatalf("only %d keys checked", n)
	}
	for k := range apiTexts {
		found := false
		for _, d := range store.MessageKeys() {
			found = found || d.Key == k
		}
		if !found {
			t.Errorf("%s: worded, but the store declares no such key", k)
		}
	}
	for _, a := range store.Attrs {
		if name := apiAttr(a); name == "" || strings.ContainsAny(name, " :") {
			t.Errorf("attribute %s has API name %q", a, name)
		}
	}
}

// ruleNumbers are the numbers of the store's rules (ranges, limits and
// quotas) that no handler may repeat: they are worded from the store's
// values.
var ruleNumbers = map[string]string{}

func init() {
	for name, v := range map[string]int64{
		"MaxChosenVLAN": store.MaxChosenVLAN, "MaxVLAN": store.MaxVLAN, "MaxASN": store.MaxASN,
		"MaxInterfaceBandwidth": store.MaxInterfaceBandwidth, "MaxConnectionBandwidth": store.MaxConnectionBandwidth,
		"NameMaxLen": store.NameMaxLen, "MaxMD5Len": store.MaxMD5Len, "ClassMaxTrainees": store.ClassMaxTrainees,
		"PasswordMaxChars": store.PasswordMaxChars, "MaxEndpointGroups": store.MaxEndpointGroups,
		"SubnetsPerVPC": store.SubnetsPerVPC,
		// (TagsPerVPC, 20, is left out: it is also a page size and a shift.)
	} {
		ruleNumbers[strconv.FormatInt(v, 10)] = name
	}
}

// TestNoRuleNumbersInHandlers: no handler (console, API or wiring) repeats
// a rule's number, as a number or inside a text ("1 to 4063", "at least 2
// Mbit/s"): every rule lives once, in the store. Comments may explain a
// rule; strconv's bit sizes (ParseInt(s, 10, 64)) and the prefix lengths
// of example blocks ("2a07:8700:2:4::/64") are not rules.
func TestNoRuleNumbersInHandlers(t *testing.T) {
	bandwidth := regexp.MustCompile(`\b\d+ ?Mbit/s`)
	block := regexp.MustCompile(`[0-9a-fA-F:.]+/\d+`)
	number := regexp.MustCompile(`\b\d+\b`)
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		files++
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "strconv" {
						return false // bit sizes and bases
					}
				}
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok {
				return true
			}
			where := fset.Position(lit.Pos())
			switch lit.Kind {
			case token.INT:
				if rule, ok := ruleNumbers[lit.Value]; ok {
					t.Errorf("%s: %s repeats store.%s", where, lit.Value, rule)
				}
			case token.STRING:
				s, _ := strconv.Unquote(lit.Value)
				if m := bandwidth.FindString(s); m != "" {
					t.Errorf("%s: %q states a bandwidth rule (%q)", where, s, m)
				}
				for _, num := range number.FindAllString(block.ReplaceAllString(s, ""), -1) {
					if rule, ok := ruleNumbers[num]; ok {
						t.Errorf("%s: %q repeats store.%s", where, s, rule)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("only %d handler files read", files)
	}
}
