package unretried

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// assertedAt returns the position of a bare type assertion, or a type
// switch, on an SDK error type that reads the error the call at cur
// assigns, within its function: once the call is wrapped, that error is
// the runtime's *Error, which wraps the SDK's, and the assertion panics
// (the switch's case no longer matches). errors.As finds it; so the wrap
// waits for the user's change. It
// returns token.NoPos when there is none, and says which it is.
func assertedAt(info *types.Info, cur inspector.Cursor) (token.Pos, string) {
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
		return token.NoPos, ""
	}
	var body ast.Node
	for c := cur.Parent(); c.Node() != nil; c = c.Parent() {
		if f, ok := c.Node().(*ast.FuncDecl); ok {
			body = f.Body
			break
		}
		if f, ok := c.Node().(*ast.FuncLit); ok {
			body = f.Body
			break
		}
	}
	if body == nil {
		return token.NoPos, ""
	}
	reads := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == errVar
	}
	sdkType := func(e ast.Expr) bool {
		_, ok := sdk.ErrorTypeOf(info.TypeOf(e))
		return ok
	}
	// A comma-ok assertion does not panic, and errtype's fix (errors.As)
	// merges with the wrap; a bare one panics, and a type switch has no
	// fix: those hold the wrap back. The walk meets a comma-ok assignment
	// before the assertion it holds.
	commaOK := map[ast.Expr]bool{}
	at, what := token.NoPos, ""
	ast.Inspect(body, func(n ast.Node) bool {
		if at.IsValid() {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				commaOK[ast.Unparen(n.Rhs[0])] = true
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				commaOK[ast.Unparen(n.Values[0])] = true
			}
		case *ast.TypeAssertExpr:
			if n.Type != nil && !commaOK[n] && reads(n.X) && sdkType(n.Type) {
				at, what = n.Pos(), "type assertion"
			}
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
				return true
			}
			for _, s := range n.Body.List {
				for _, e := range s.(*ast.CaseClause).List {
					if sdkType(e) && !at.IsValid() {
						at, what = e.Pos(), "type switch"
					}
				}
			}
		}
		return true
	})
	return at, what
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
