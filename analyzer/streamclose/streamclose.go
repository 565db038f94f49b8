package streamclose

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "streamclose",
	Title:   "SDK stream never closed",
	Default: true,
	Why: `A stream holds its HTTP response open, and with it a connection of the
client's pool (go-openai also keeps its reader and buffers), until Close or
until the server ends it and the body is read to the end. A stream left
open when the caller stops early, returns on an error in the middle, or
never reads it at all, leaks the connection; under load the pool runs dry
and new requests wait or open more connections.

Reported: a go-openai *ChatCompletionStream or *CompletionStream, or an
openai-go *ssestream.Stream, obtained from the SDK or from oaiguard's
runtime (oaiguard.Stream returns the SDK's stream) into a local variable
that is never closed: no stream.Close() call, and the stream is not
returned, stored in a field, a variable or a composite literal, sent, or
passed to a function, any of which hands the duty on. A Close call on some
paths only is taken as closing (a leak on the other paths is not seen).

The fix inserts defer stream.Close() right after the usual error check
(stream, err := ...; if err != nil { return ... }), or right after the
assignment when the call returns no error (openai-go); other shapes, and
streams opened in a loop (a defer there waits for the function's end), get
no fix.`,
	Bad: `stream, err := client.CreateChatCompletionStream(ctx, req)
if err != nil {
    return err
}
for { ... stream.Recv() ... }`,
	Good: `stream, err := client.CreateChatCompletionStream(ctx, req)
if err != nil {
    return err
}
defer stream.Close()
for { ... stream.Recv() ... }`,
}

// Config configures the check. It has no settings yet.
type Config struct{}

// Analyzer is the check with its default configuration.
var Analyzer = New(Config{})

// New returns the check with the given configuration.
func New(Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     Doc.Name,
		Doc:      Doc.String(),
		URL:      Doc.URL(),
		Requires: []*analysis.Analyzer{apicalls.Analyzer},
		Run:      run,
	}
}

// streamType reports whether t is one of the SDKs' stream types, and how
// to name it.
func streamType(t types.Type) (string, bool) {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return "", false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", false
	}
	mod, sub, ok := sdk.ModuleOf(n.Obj().Pkg().Path())
	if !ok {
		return "", false
	}
	name := n.Obj().Name()
	switch {
	case mod == sdk.GoOpenAIPath && sub == "" && (name == "ChatCompletionStream" || name == "CompletionStream"):
		return "*openai." + name, true
	case sdk.FamilyOfModule(mod) == sdk.OpenAIGo && sub == "packages/ssestream" && name == "Stream":
		return "*ssestream.Stream", true
	}
	return "", false
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if res.Inspector == nil {
		return nil, nil // the package reaches no SDK: nothing to find
	}
	rep := lint.NewReporter(pass, Doc.Name)
	for _, file := range pass.Files {
		if !rep.Checked(file, false) {
			continue
		}
		fc, ok := res.Inspector.Root().FindNode(file)
		if !ok {
			continue
		}
		for cur := range fc.Preorder((*ast.AssignStmt)(nil)) {
			check(pass, rep, file, cur)
		}
	}
	return nil, nil
}

// check looks at one assignment: stream, err := call(...).
func check(pass *analysis.Pass, rep *lint.Reporter, file *ast.File, cur inspector.Cursor) {
	as := cur.Node().(*ast.AssignStmt)
	if len(as.Rhs) != 1 || len(as.Lhs) == 0 || len(as.Lhs) > 2 {
		return
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return // a package variable: the stream outlives the function
	}
	spelling, ok := streamType(v.Type())
	if !ok {
		return
	}
	tv := pass.TypesInfo.Types[call]
	if tup, ok := tv.Type.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return
		}
		if _, ok := streamType(tup.At(0).Type()); !ok {
			return
		}
	} else if _, ok := streamType(tv.Type); !ok {
		return
	}
	body := enclosingBody(cur)
	if body == nil || handled(pass.TypesInfo, body, v, as) {
		return
	}
	d := analysis.Diagnostic{
		Pos: id.Pos(), End: call.End(), Category: Doc.Name,
		Message: fmt.Sprintf("%s (a %s from %s) is never closed: an open stream holds its HTTP connection until the server ends it, so each one that is left leaks a connection; defer %s.Close() after the error check",
			id.Name, spelling, fixedit.Source(pass.Fset, call.Fun), id.Name),
	}
	if fix, ok := deferFix(pass, cur, as, id.Name); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	rep.Report(file, d)
}

// enclosingBody returns the body of the function that encloses cur.
func enclosingBody(cur inspector.Cursor) *ast.BlockStmt {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch f := f.Node().(type) {
		case *ast.FuncDecl:
			return f.Body
		case *ast.FuncLit:
			return f.Body
		}
	}
	return nil
}

// handled reports whether the function closes v or lets it go: v.Close()
// anywhere (closures included), v returned, assigned or stored elsewhere,
// sent, or passed to a call.
func handled(info *types.Info, body *ast.BlockStmt, v *types.Var, def *ast.AssignStmt) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	// mentions reports whether e is v, or v taken into a composite
	// literal, an address or a conversion that keeps it.
	var mentions func(e ast.Expr) bool
	mentions = func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.Uses[e] == v
		case *ast.UnaryExpr:
			return mentions(e.X)
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if mentions(el) {
					return true
				}
			}
		case *ast.CallExpr:
			for _, a := range e.Args {
				if mentions(a) {
					return true
				}
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" && is(sel.X) {
				found = true
			}
			for _, a := range n.Args {
				if mentions(a) {
					found = true // passed on: the callee's duty now
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if mentions(r) {
					found = true
				}
			}
		case *ast.AssignStmt:
			if n == def {
				return true
			}
			for i, r := range n.Rhs {
				if len(n.Lhs) == len(n.Rhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
						continue // _ = stream keeps nothing
					}
				}
				if mentions(r) {
					found = true
				}
			}
		case *ast.ValueSpec:
			for _, r := range n.Values {
				if mentions(r) {
					found = true
				}
			}
		case *ast.SendStmt:
			if mentions(n.Value) {
				found = true
			}
		case *ast.CompositeLit:
			if mentions(n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferFix inserts defer name.Close() after the usual shape: the
// assignment followed by if err != nil { ...; return ... }, or the
// assignment alone when the call returns only the stream. Not in a loop:
// a defer there runs only when the function returns.
func deferFix(pass *analysis.Pass, cur inspector.Cursor, as *ast.AssignStmt, name string) (analysis.SuggestedFix, bool) {
	if inSameFunc(cur) {
		return analysis.SuggestedFix{}, false
	}
	block, ok := cur.Parent().Node().(*ast.BlockStmt)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	i := indexOf(block.List, as)
	if i < 0 {
		return analysis.SuggestedFix{}, false
	}
	after := ast.Stmt(as)
	if len(as.Lhs) == 2 {
		errID, ok := as.Lhs[1].(*ast.Ident)
		if !ok || i+1 >= len(block.List) {
			return analysis.SuggestedFix{}, false
		}
		ifs, ok := block.List[i+1].(*ast.IfStmt)
		if !ok || ifs.Init != nil || !errNotNil(pass.TypesInfo, ifs.Cond, errID) || !endsInReturn(ifs.Body) {
			return analysis.SuggestedFix{}, false
		}
		after = ifs
	}
	// At the end of the line, after any comment there.
	tf := pass.Fset.File(after.End())
	if tf == nil {
		return analysis.SuggestedFix{}, false
	}
	at := token.Pos(tf.Base() + tf.Size())
	if line := tf.Line(after.End()); line < tf.LineCount() {
		at = tf.LineStart(line+1) - 1
	}
	indent := "\n" + indentOf(pass.Fset, as.Pos())
	return analysis.SuggestedFix{
		Message:   "Close the stream when the function returns",
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(indent + "defer " + name + ".Close()")}},
	}, true
}

// inSameFunc reports whether the innermost loop around cur is inside the
// innermost function around it.
func inSameFunc(cur inspector.Cursor) bool {
	for c := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
		return false
	}
	return false
}

func indexOf(list []ast.Stmt, s ast.Stmt) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// errNotNil reports whether cond is err != nil for the err just assigned.
func errNotNil(info *types.Info, cond ast.Expr, errID *ast.Ident) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || b.Op != token.NEQ {
		return false
	}
	x, ok := ast.Unparen(b.X).(*ast.Ident)
	y, ok2 := ast.Unparen(b.Y).(*ast.Ident)
	return ok && ok2 && info.ObjectOf(x) == info.ObjectOf(errID) && info.ObjectOf(x) != nil && y.Name == "nil" && info.Uses[y] == types.Universe.Lookup("nil")
}

// endsInReturn reports whether the block's last statement is a return.
func endsInReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// indentOf returns the tabs that indent the line of pos, as gofmt writes
// them.
func indentOf(fset *token.FileSet, pos token.Pos) string {
	col := fset.Position(pos).Column
	s := ""
	for i := 1; i < col; i++ {
		s += "\t"
	}
	return s
}
