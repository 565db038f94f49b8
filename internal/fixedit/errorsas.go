package fixedit

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

var errorType = types.Universe.Lookup("error").Type()

// ErrorsAs returns the edits that rewrite the comma-ok type assertion at
// cur, `v, ok := x.(*T)` with x an error and *T an error type, into the
// errors.As form, which looks through wrapping:
//
//	if e, ok := err.(*T); ok {  →  var e *T
//	                               if errors.As(err, &e) {
//
// or, where e cannot move out of the if (another e is in scope, the if is
// an else-if, or a forward goto crosses it), `if e := (*T)(nil);
// errors.As(err, &e) {`. A statement `e, ok := err.(*T)` becomes
// `var e *T` and `ok := errors.As(err, &e)`; `e, ok = err.(*T)` becomes
// `ok = errors.As(err, &e)`. It adds the errors import to im.
//
// errtype offers these edits as its fix for the assertion, and unretried
// carries the same edits in its fix that wraps the call whose error the
// assertion reads (wrapped, that error no longer asserts to *T): one
// function, so that the two fixes' edits are byte-identical and every
// driver takes them once. It returns false, and adds nothing, when the
// statement has another shape.
func ErrorsAs(fset *token.FileSet, info *types.Info, file *ast.File, cur inspector.Cursor, im *Imports) ([]analysis.TextEdit, bool) {
	ta, ok := cur.Node().(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil || cur.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return nil, false
	}
	t := info.TypeOf(ta.Type)
	if _, ptr := types.Unalias(t).(*types.Pointer); !ptr || t == nil || !types.AssignableTo(t, errorType) || !types.AssignableTo(info.TypeOf(ta.X), errorType) {
		return nil, false
	}
	stmt := cur.Parent()
	asg := stmt.Node().(*ast.AssignStmt)
	if len(asg.Lhs) != 2 || len(asg.Rhs) != 1 {
		return nil, false
	}
	v, ok1 := asg.Lhs[0].(*ast.Ident)
	okID, ok2 := asg.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 || okID.Name == "_" {
		return nil, false
	}
	typ := Source(fset, ta.Type)
	target := "&" + v.Name
	if v.Name == "_" {
		target = "new(" + typ + ")"
	}
	// First decide the form, then add the import: nothing is added for a
	// statement that gets no fix.
	var build func(as func(string) string) []analysis.TextEdit
	switch stmt.ParentEdgeKind() {
	case edge.IfStmt_Init:
		ifs := stmt.Parent().Node().(*ast.IfStmt)
		okObj := info.Defs[okID]
		if asg.Tok != token.DEFINE || okObj == nil {
			return nil, false
		}
		uses := UsesIn(info, okObj, ifs)
		if len(uses) != 1 || uses[0].Pos() < ifs.Cond.Pos() || uses[0].End() > ifs.Cond.End() {
			return nil, false // ok is read elsewhere: keep the user's structure
		}
		replaceOK := func(as func(string) string) analysis.TextEdit {
			return analysis.TextEdit{Pos: uses[0].Pos(), End: uses[0].End(), NewText: []byte(as(target))}
		}
		switch {
		case v.Name == "_":
			build = func(as func(string) string) []analysis.TextEdit {
				return []analysis.TextEdit{{Pos: asg.Pos(), End: ifs.Cond.Pos()}, replaceOK(as)}
			}
		case canHoist(info, stmt.Parent(), v.Name):
			decl := "var " + v.Name + " " + typ + "\n" + indentOf(fset, ifs.Pos())
			build = func(as func(string) string) []analysis.TextEdit {
				return []analysis.TextEdit{
					{Pos: ifs.Pos(), End: ifs.Pos(), NewText: []byte(decl)},
					{Pos: asg.Pos(), End: ifs.Cond.Pos()},
					replaceOK(as)}
			}
		default:
			build = func(as func(string) string) []analysis.TextEdit {
				return []analysis.TextEdit{
					{Pos: asg.Pos(), End: asg.End(), NewText: []byte(v.Name + " := (" + typ + ")(nil)")},
					replaceOK(as)}
			}
		}
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		var text func(as func(string) string) string
		switch asg.Tok {
		case token.DEFINE:
			if info.Defs[okID] == nil || (v.Name != "_" && info.Defs[v] == nil) {
				return nil, false // a redeclaration: the var form would clash
			}
			text = func(as func(string) string) string {
				s := okID.Name + " := " + as(target)
				if v.Name != "_" {
					s = "var " + v.Name + " " + typ + "\n" + indentOf(fset, asg.Pos()) + s
				}
				return s
			}
		case token.ASSIGN:
			if v.Name != "_" && !types.Identical(info.TypeOf(v), t) {
				return nil, false
			}
			text = func(as func(string) string) string { return okID.Name + " = " + as(target) }
		default:
			return nil, false
		}
		build = func(as func(string) string) []analysis.TextEdit {
			return []analysis.TextEdit{{Pos: asg.Pos(), End: asg.End(), NewText: []byte(text(as))}}
		}
	default:
		return nil, false
	}
	errorsName := im.Add("errors", "errors", ta.Pos())
	x := Source(fset, ta.X)
	return build(func(target string) string { return errorsName + ".As(" + x + ", " + target + ")" }), true
}

// canHoist reports whether `var name T` can be inserted before the if
// statement at ifCur: the if is a statement of a block, and no name is in
// scope there or declared anywhere in that block, so the new variable
// changes what no other identifier refers to.
func canHoist(info *types.Info, ifCur inspector.Cursor, name string) bool {
	var scope *types.Scope
	switch ifCur.ParentEdgeKind() {
	case edge.BlockStmt_List, edge.CaseClause_Body, edge.CommClause_Body:
		block := ifCur.Parent()
		scope = info.Scopes[block.Node()]
		// A function body shares the scope of the function's type.
		switch fn := block.Parent().Node().(type) {
		case *ast.FuncDecl:
			scope = info.Scopes[fn.Type]
		case *ast.FuncLit:
			scope = info.Scopes[fn.Type]
		}
	}
	if scope == nil || scope.Lookup(name) != nil {
		return false
	}
	if _, obj := scope.LookupParent(name, ifCur.Node().Pos()); obj != nil {
		return false
	}
	if gotoAcross(info, ifCur, ifCur.Node().Pos()) {
		return false // the goto would jump over the new declaration
	}
	// Another statement of the block that declares the name in a scope of
	// its own (another `if e, ok := err.(*T); ok`) could be hoisted by a
	// fix of its own: both together would declare it twice. Then neither
	// hoists.
	own := info.Scopes[ifCur.Node()]
	var declares func(*types.Scope) bool
	declares = func(s *types.Scope) bool {
		if s == own {
			return false
		}
		if s.Lookup(name) != nil {
			return true
		}
		for child := range s.Children() {
			if declares(child) {
				return true
			}
		}
		return false
	}
	for child := range scope.Children() {
		if declares(child) {
			return false
		}
	}
	return true
}

// gotoAcross reports whether a goto before pos, in the function around
// cur, jumps to a label after pos: a declaration inserted at pos would be
// jumped over, which Go forbids. Labels in other blocks count too; then
// the fix only takes a form that declares nothing.
func gotoAcross(info *types.Info, cur inspector.Cursor, pos token.Pos) bool {
	var fn ast.Node
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn = f.Node()
		break
	}
	if fn == nil {
		return false
	}
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == fn // a literal's labels are its own
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil && n.Pos() < pos {
				if l := info.Uses[n.Label]; l != nil && l.Pos() > pos {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// UsesIn returns the identifiers inside n that refer to obj.
func UsesIn(info *types.Info, obj types.Object, n ast.Node) []*ast.Ident {
	var out []*ast.Ident
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == obj {
			out = append(out, id)
		}
		return true
	})
	return out
}

// indentOf returns the tabs that indent the line of pos, as gofmt writes
// them: one tab per level, so column c means c-1 tabs.
func indentOf(fset *token.FileSet, pos token.Pos) string {
	col := fset.Position(pos).Column
	if col < 1 {
		col = 1
	}
	return strings.Repeat("\t", col-1)
}
