package astq_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/oaiguard/oaiguard/internal/astq"
)

const src = `package p

import (
	"log"
	"time"
)

func f(err error, ok bool) {
	for {
		if ok { return }                                  // leaves
		if ok { break }                                   // leaves
		if ok { panic(err) }                              // leaves
		if ok { log.Fatal(err) }                          // leaves
		if ok { if err != nil { return } else { break } } // leaves
		if ok { if err != nil { return } }                // stays
		if ok { log.Print(err) }                          // stays
		if ok { time.Sleep(time.Second) }                 // stays, waits
		if ok { go func() { time.Sleep(1) }() }           // stays
	}
}
`

func TestLeavesAndWaits(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	loop := file.Decls[1].(*ast.FuncDecl).Body.List[0].(*ast.ForStmt)
	wantLeaves := []bool{true, true, true, true, true, false, false, false, false}
	wantWaits := []bool{false, false, false, false, false, false, false, true, false}
	for i, st := range loop.Body.List {
		body := st.(*ast.IfStmt).Body
		if got := astq.Leaves(info, body); got != wantLeaves[i] {
			t.Errorf("branch %d: Leaves = %v", i, got)
		}
		if got := astq.Waits(info, body); got != wantWaits[i] {
			t.Errorf("branch %d: Waits = %v", i, got)
		}
	}
}
