package unretried

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// assertedAt looks, within the function of the call at cur, for the type
// assertions and type switches on an SDK error type that read the error
// the call assigns: once the call is wrapped, that error is the runtime's
// *Error, which wraps the SDK's, so an assertion no longer matches (a bare
// one panics) and a switch's case no longer matches. errors.As finds it.
//
// A comma-ok assertion that fixedit.ErrorsAs can rewrite is returned in
// commaOK: the wrap carries that rewrite (the same edits as errtype's fix
// for it), so that the wrap applied alone leaves code that still matches.
// Any other (a bare assertion, a type switch, a comma-ok one in a shape
// ErrorsAs does not rewrite) holds the wrap back until the user changes
// it: its position is returned, with what it is; token.NoPos if none.
func assertedAt(pass *analysis.Pass, cur inspector.Cursor) (at token.Pos, what string, commaOK []inspector.Cursor) {
	info := pass.TypesInfo
	call := cur.Node()
	var errVar types.Object
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == call && len(p.Lhs) > 0 {
			errVar = objectOf(info, p.Lhs[len(p.Lhs)-1])
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == call && len(p.Names) > 0 {
			errVar = info.Defs[p.Names[len(p.Names)-1]]
		}
	}
	if errVar == nil {
		return token.NoPos, "", nil
	}
	var fn inspector.Cursor
	found := false
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn, found = c, true
		break
	}
	if !found {
		return token.NoPos, "", nil
	}
	file := fileOf(cur)
	reads := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == errVar
	}
	sdkType := func(e ast.Expr) bool {
		_, ok := sdk.ErrorTypeOf(info.TypeOf(e))
		return ok
	}
	hold := func(pos token.Pos, w string) {
		if !at.IsValid() {
			at, what = pos, w
		}
	}
	for c := range fn.Preorder((*ast.TypeAssertExpr)(nil), (*ast.TypeSwitchStmt)(nil)) {
		switch n := c.Node().(type) {
		case *ast.TypeAssertExpr:
			if n.Type == nil || !reads(n.X) || !sdkType(n.Type) {
				continue
			}
			if !isCommaOK(c) {
				hold(n.Pos(), "type assertion")
				continue
			}
			// A scratch Imports: only whether the rewrite exists matters here.
			if _, ok := fixedit.ErrorsAs(pass.Fset, info, file, c, fixedit.NewImports(pass.Fset, info, file)); !ok || !sdk.IsPointerToErrorType(info.TypeOf(n.Type)) {
				hold(n.Pos(), "comma-ok type assertion")
				continue
			}
			commaOK = append(commaOK, c)
		case *ast.TypeSwitchStmt:
			var x ast.Expr
			switch a := n.Assign.(type) {
			case *ast.ExprStmt:
				x = a.X
			case *ast.AssignStmt:
				if len(a.Rhs) == 1 {
					x = a.Rhs[0]
				}
			}
			ta, ok := x.(*ast.TypeAssertExpr)
			if !ok || !reads(ta.X) {
				continue
			}
			for _, s := range n.Body.List {
				for _, e := range s.(*ast.CaseClause).List {
					if sdkType(e) {
						hold(e.Pos(), "type switch")
					}
				}
			}
		}
	}
	return at, what, commaOK
}

// isCommaOK reports whether the assertion at cur is the two-result form.
func isCommaOK(cur inspector.Cursor) bool {
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		return cur.ParentEdgeKind() == edge.AssignStmt_Rhs && len(p.Lhs) == 2 && len(p.Rhs) == 1
	case *ast.ValueSpec:
		return cur.ParentEdgeKind() == edge.ValueSpec_Values && len(p.Names) == 2 && len(p.Values) == 1
	}
	return false
}

func fileOf(cur inspector.Cursor) *ast.File {
	for c := range cur.Enclosing((*ast.File)(nil)) {
		return c.Node().(*ast.File)
	}
	return nil
}

func objectOf(info *types.Info, e ast.Expr) types.Object {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	return info.Uses[id]
}
