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
		if err == nil && d.IsDir() && (d.Name() == "handlertest" || d.Name() == "apitest") {
			return filepath.SkipDir // test support, not handlers
		}
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
	if files < 30 {
		t.Fatalf("only %d handler files read", files)
	}
}
