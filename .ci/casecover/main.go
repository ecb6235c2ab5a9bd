// Command casecover completes a Go coverage profile for mutation testing
// (.ci/mutation.sh). Go's coverage blocks leave out the expressions of a
// switch's case clauses ("case bw > free:") and package-level var and const
// declarations, so gremlins calls every mutant there NOT COVERED and never
// tests it: most of the rule checks would escape. casecover adds a block
// for each case clause's "case ...:" whose switch statement was reached,
// and one for each package-level declaration of a file that has a reached
// block (it is evaluated when the package loads). This errs towards
// testing: a case after the one taken was not evaluated, and its mutant,
// tested anyway, can only be killed or live, never inflate the score.
//
// Usage: casecover PROFILE MODULE-PATH (in the module's root folder).
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
)

type block struct{ sl, sc, el, ec, count int }

func (b block) contains(p token.Position) bool {
	after := p.Line > b.sl || p.Line == b.sl && p.Column >= b.sc
	before := p.Line < b.el || p.Line == b.el && p.Column <= b.ec
	return after && before
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: casecover PROFILE MODULE-PATH")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "casecover:", err)
		os.Exit(1)
	}
}

func run(profile, module string) error {
	data, err := os.ReadFile(profile)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "mode: ") {
		return fmt.Errorf("%s: no mode line", profile)
	}
	blocks := map[string][]block{}
	var order []string
	for _, l := range lines[1:] {
		name, b, err := parseLine(l)
		if err != nil {
			return fmt.Errorf("%s: %w", profile, err)
		}
		if _, ok := blocks[name]; !ok {
			order = append(order, name)
		}
		blocks[name] = append(blocks[name], b)
	}
	out := lines
	for _, name := range order {
		rel, ok := strings.CutPrefix(name, module+"/")
		if !ok {
			continue
		}
		extra, err := extraBlocks(rel, blocks[name])
		if err != nil {
			return err
		}
		for _, b := range extra {
			out = append(out, fmt.Sprintf("%s:%d.%d,%d.%d 1 %d", name, b.sl, b.sc, b.el, b.ec, b.count))
		}
	}
	return os.WriteFile(profile, []byte(strings.Join(out, "\n")+"\n"), 0o644)
}

// parseLine reads "name.go:12.3,14.5 2 1".
func parseLine(l string) (string, block, error) {
	colon := strings.LastIndex(l, ":")
	f := strings.Fields(l[colon+1:])
	if colon < 0 || len(f) != 3 {
		return "", block{}, fmt.Errorf("bad line %q", l)
	}
	var b block
	if _, err := fmt.Sscanf(f[0], "%d.%d,%d.%d", &b.sl, &b.sc, &b.el, &b.ec); err != nil {
		return "", block{}, fmt.Errorf("bad line %q: %w", l, err)
	}
	n, err := strconv.Atoi(f[2])
	if err != nil {
		return "", block{}, fmt.Errorf("bad line %q: %w", l, err)
	}
	b.count = n
	return l[:colon], b, nil
}

func extraBlocks(file string, bs []block) ([]block, error) {
	reached := func(p token.Position) bool {
		for _, b := range bs {
			if b.count > 0 && b.contains(p) {
				return true
			}
		}
		return false
	}
	anyReached := false
	for _, b := range bs {
		anyReached = anyReached || b.count > 0
	}
	if !anyReached {
		return nil, nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return nil, err
	}
	span := func(from, to token.Pos) block {
		a, z := fset.Position(from), fset.Position(to)
		return block{a.Line, a.Column, z.Line, z.Column, 1}
	}
	var out []block
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.VAR || g.Tok == token.CONST) {
			out = append(out, span(g.Pos(), g.End()))
		}
	}
	var visit func(sw ast.Node, body *ast.BlockStmt)
	visit = func(sw ast.Node, body *ast.BlockStmt) {
		if !reached(fset.Position(sw.Pos())) {
			return
		}
		for _, st := range body.List {
			if cc, ok := st.(*ast.CaseClause); ok && cc.List != nil {
				out = append(out, span(cc.Case, cc.Colon+1))
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.SwitchStmt:
			visit(s, s.Body)
		case *ast.TypeSwitchStmt:
			visit(s, s.Body)
		}
		return true
	})
	return out, nil
}
