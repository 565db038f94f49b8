package errtype

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

var errorType = types.Universe.Lookup("error").Type()

// typeAssert reports x.(*openai.Error) and the like.
func (c *checker) typeAssert(cur inspector.Cursor) {
	ta := cur.Node().(*ast.TypeAssertExpr)
	if ta.Type == nil {
		return // x.(type): see typeSwitch
	}
	if c.codeAssert(cur) {
		return
	}
	t := c.info.TypeOf(ta.Type)
	if _, ok := sdk.ErrorTypeOf(t); !ok {
		return
	}
	x, typ := c.src(ta.X), c.src(ta.Type)
	d := analysis.Diagnostic{Pos: ta.Pos(), End: ta.End(), Category: catAssert}
	if commaOK(cur) {
		d.Message = fmt.Sprintf("type assertion %s.(%s) misses a wrapped %s (fmt.Errorf with %%w, retry helpers, oaiguard's runtime); use errors.As", x, typ, typ)
	} else {
		d.Message = fmt.Sprintf("type assertion %s.(%s) panics when %s holds another error and misses a wrapped %s; use errors.As", x, typ, x, typ)
	}
	if fix, ok := c.assertFix(cur, ta, t); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// commaOK reports whether the assertion at cur is the two-result form,
// which does not panic.
func commaOK(cur inspector.Cursor) bool {
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		return cur.ParentEdgeKind() == edge.AssignStmt_Rhs && len(p.Lhs) == 2 && len(p.Rhs) == 1
	case *ast.ValueSpec:
		return cur.ParentEdgeKind() == edge.ValueSpec_Values && len(p.Names) == 2 && len(p.Values) == 1
	}
	return false
}

// assertFix rewrites `e, ok := err.(*T)` into the errors.As form
// (fixedit.ErrorsAs, which unretried's wrap carries too).
func (c *checker) assertFix(cur inspector.Cursor, ta *ast.TypeAssertExpr, t types.Type) (analysis.SuggestedFix, bool) {
	if !sdk.IsPointerToErrorType(t) || !commaOK(cur) {
		return analysis.SuggestedFix{}, false
	}
	im := fixedit.NewImports(c.fset, c.info, c.file)
	edits, ok := fixedit.ErrorsAs(c.fset, c.info, c.file, cur, im)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: "Use errors.As", TextEdits: append(im.Edits(), edits...)}, true
}

// typeSwitch reports a type switch with a case for an SDK error type.
func (c *checker) typeSwitch(cur inspector.Cursor) {
	ts := cur.Node().(*ast.TypeSwitchStmt)
	var typ ast.Expr
	for _, cl := range ts.Body.List {
		for _, e := range cl.(*ast.CaseClause).List {
			if _, ok := sdk.ErrorTypeOf(c.info.TypeOf(e)); ok && typ == nil {
				typ = e
			}
		}
	}
	if typ == nil {
		return
	}
	v, ta := typeSwitchParts(ts)
	if ta == nil {
		return
	}
	d := analysis.Diagnostic{
		Pos:      ts.Pos(),
		End:      ts.Assign.End(),
		Category: catAssert,
		Message:  fmt.Sprintf("type switch on %s takes the %s case only when the error is not wrapped (fmt.Errorf with %%w, retry helpers, oaiguard's runtime); use errors.As", c.src(ta.X), c.src(typ)),
	}
	if fix, ok := c.switchFix(cur, v, ta); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// typeSwitchParts returns the bound variable (nil if none) and the
// x.(type) expression of a type switch.
func typeSwitchParts(ts *ast.TypeSwitchStmt) (*ast.Ident, *ast.TypeAssertExpr) {
	switch a := ts.Assign.(type) {
	case *ast.ExprStmt:
		ta, _ := a.X.(*ast.TypeAssertExpr)
		return nil, ta
	case *ast.AssignStmt:
		if len(a.Lhs) == 1 && len(a.Rhs) == 1 {
			v, _ := a.Lhs[0].(*ast.Ident)
			ta, _ := a.Rhs[0].(*ast.TypeAssertExpr)
			return v, ta
		}
	}
	return nil, nil
}

// switchFix rewrites the simple type switch, one case for a pointer to an
// SDK error type and an optional default after it, into an if/else:
//
//	switch e := err.(type) {     if e := (*T)(nil); errors.As(err, &e) {
//	case *T:                 →       ...
//	    ...                      } else {
//	default:                         ...
//	    ...                      }
//	}
func (c *checker) switchFix(cur inspector.Cursor, v *ast.Ident, ta *ast.TypeAssertExpr) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	ts := cur.Node().(*ast.TypeSwitchStmt)
	if ts.Init != nil || cur.ParentEdgeKind() == edge.LabeledStmt_Stmt || !types.AssignableTo(c.info.TypeOf(ta.X), errorType) {
		return none, false
	}
	list := ts.Body.List
	if len(list) == 0 || len(list) > 2 {
		return none, false
	}
	first := list[0].(*ast.CaseClause)
	if len(first.List) != 1 || !sdk.IsPointerToErrorType(c.info.TypeOf(first.List[0])) {
		return none, false
	}
	var def *ast.CaseClause
	if len(list) == 2 {
		def = list[1].(*ast.CaseClause)
		if def.List != nil {
			return none, false
		}
		if v != nil && len(fixedit.UsesIn(c.info, c.info.Implicits[def], def)) > 0 {
			return none, false // the default case reads v as an error
		}
	}
	for _, cl := range list {
		if breaksOut(cl.(*ast.CaseClause).Body) {
			return none, false // break would leave the if's enclosing loop instead
		}
	}
	// The header becomes the if's; the case line goes, keeping a comment
	// that ends the header's line.
	afterBrace := ts.Body.Lbrace + 1
	line := c.fset.Position(ts.Body.Lbrace).Line
	for _, cg := range c.file.Comments {
		if cg.Pos() > ts.Body.Lbrace && c.fset.Position(cg.Pos()).Line == line {
			afterBrace = cg.End()
		}
	}
	if c.hasComment(ts.Pos(), ts.Body.Lbrace) || c.hasComment(afterBrace, first.Colon) || (def != nil && c.hasComment(def.Pos(), def.Colon)) {
		return none, false
	}
	errorsName, edits := fixedit.AddImport(c.fset, c.info, c.file, "errors", "errors", ts.Pos())
	typ := c.src(first.List[0])
	head := "if " + errorsName + ".As(" + c.src(ta.X) + ", new(" + typ + ")) {"
	if v != nil {
		head = "if " + v.Name + " := (" + typ + ")(nil); " + errorsName + ".As(" + c.src(ta.X) + ", &" + v.Name + ") {"
	}
	edits = append(edits,
		analysis.TextEdit{Pos: ts.Pos(), End: ts.Body.Lbrace + 1, NewText: []byte(head)},
		analysis.TextEdit{Pos: afterBrace, End: first.Colon + 1})
	if def != nil {
		edits = append(edits, analysis.TextEdit{Pos: def.Pos(), End: def.Colon + 1, NewText: []byte("} else {")})
	}
	return analysis.SuggestedFix{Message: "Use errors.As", TextEdits: edits}, true
}

// breaksOut reports whether stmts hold a break that leaves the statement
// they belong to (an unlabeled break outside nested loops, switches and
// selects, or any labeled break).
func breaksOut(stmts []ast.Stmt) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if !nested {
					walk(n, true)
					return false
				}
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && (n.Label != nil || !nested) {
					found = true
				}
			}
			return !found
		})
	}
	for _, s := range stmts {
		walk(s, false)
	}
	return found
}

// hasComment reports whether a comment of the file lies in [from, to).
func (c *checker) hasComment(from, to token.Pos) bool {
	for _, cg := range c.file.Comments {
		if cg.Pos() < to && cg.End() > from {
			return true
		}
	}
	return false
}
