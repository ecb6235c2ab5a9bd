package store

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// english words a message as the console's English catalogue does
// (views/messages_*.go, read from source: the store cannot import views),
// so the store's tests can check what users read.
func english(m Message) string {
	cat := englishCatalogue()
	format, ok := cat[m.Key]
	if !ok {
		panic("store test: no English wording for " + m.Key)
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case Message:
			args[i] = english(v)
		case []Message:
			parts := make([]string, len(v))
			for j, x := range v {
				parts[j] = english(x)
			}
			args[i] = strings.Join(parts, " ")
		case Word:
			args[i] = string(v)
		case time.Time:
			args[i] = v.UTC().Format(time.RFC3339)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

var englishCatalogue = sync.OnceValue(func() map[string]string {
	files, err := filepath.Glob("../views/messages_*.go")
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("store test: no catalogue files (%v)", err))
	}
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			panic(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			kv, ok := n.(*ast.KeyValueExpr)
			if !ok {
				return true
			}
			key, ok1 := kv.Key.(*ast.BasicLit)
			val, ok2 := kv.Value.(*ast.CompositeLit)
			if !ok1 || !ok2 || key.Kind != token.STRING || len(val.Elts) != 2 {
				return true
			}
			en, ok := val.Elts[0].(*ast.BasicLit)
			if !ok || en.Kind != token.STRING {
				return true
			}
			k, _ := strconv.Unquote(key.Value)
			out[k], _ = strconv.Unquote(en.Value)
			return false
		})
	}
	return out
})

// englishErr words the message an error of the store carries, in English:
// a parser's problem, or every problem of a rule error.
func englishErr(err error) string {
	if ps := ProblemsOf(err); ps != nil {
		parts := make([]string, len(ps))
		for i, p := range ps {
			parts[i] = english(p.Message)
		}
		return strings.Join(parts, " ")
	}
	return english(messageOf(err))
}
