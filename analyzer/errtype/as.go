package errtype

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// errorsAs reports errors.As calls whose target makes errors.As panic
// because it does not point to a pointer to an SDK error type.
func (c *checker) errorsAs(cur inspector.Cursor) {
	call := cur.Node().(*ast.CallExpr)
	fn, ok := typeutil.Callee(c.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" || fn.Name() != "As" || len(call.Args) != 2 {
		return
	}
	target := call.Args[1]
	tt := c.info.TypeOf(target)
	if tt == nil {
		return
	}
	ptr, isPtr := types.Unalias(tt).(*types.Pointer)
	if !isPtr {
		return // go vet's errorsas reports non-pointers, whatever the type
	}
	if sdk.IsPointerToErrorType(ptr.Elem()) {
		return // **openai.Error: right
	}
	et, ok := sdk.ErrorTypeOf(ptr.Elem())
	if !ok {
		return // an interface, or a type of no SDK
	}
	if _, ptrToPtr := types.Unalias(ptr.Elem()).(*types.Pointer); ptrToPtr {
		return // unreachable: ErrorTypeOf looks through one pointer only
	}
	name := et.Spelling()
	switch t := ptr.Elem().(type) {
	case *types.Named, *types.Alias:
		name = types.TypeString(t, c.qualifier()) // as the file spells it: goopenai.APIError
	}
	d := analysis.Diagnostic{
		Pos: target.Pos(), End: target.End(), Category: catAsTarget,
		Message: fmt.Sprintf("errors.As target %s is a *%s, so errors.As panics: only *%s implements error; the target must be a **%s", c.src(target), name, name, name),
	}
	if fix, ok := c.asTargetFix(cur, target); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(d)
}

// asTargetFix makes the target a pointer to a pointer where that is
// mechanical:
//
//	var e openai.Error; errors.As(err, &e)   →  var e *openai.Error
//	e := openai.Error{}; errors.As(err, &e)  →  e := &openai.Error{}
//	errors.As(err, e) with e a *openai.Error  →  errors.As(err, &e)
//
// In the first two forms every other use of e must be e.Field or e.Method(),
// which read the same through a pointer; in the first, e is nil when
// errors.As fails, so those uses must also be guarded by it: in the body of
// `if errors.As(err, &e) {` or after it in an && chain.
func (c *checker) asTargetFix(cur inspector.Cursor, target ast.Expr) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	target = ast.Unparen(target)
	if id, ok := target.(*ast.Ident); ok {
		if v, ok := c.info.Uses[id].(*types.Var); ok && !v.IsField() {
			return analysis.SuggestedFix{
				Message:   "Pass a pointer to the variable",
				TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.Pos(), NewText: []byte("&")}},
			}, true
		}
		return none, false
	}
	u, ok := target.(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return none, false
	}
	id, ok := ast.Unparen(u.X).(*ast.Ident)
	if !ok {
		return none, false
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return none, false // fields and package variables may be used elsewhere
	}
	fn := innermostFunc(cur)
	if fn == nil {
		return none, false
	}
	guard := asGuard(cur)
	selX := map[*ast.Ident]bool{}
	ast.Inspect(fn, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				selX[x] = true
			}
		}
		return true
	})
	var edit *analysis.TextEdit
	guarded := true
	ok = true
	ast.Inspect(fn, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			for _, name := range n.Names {
				if c.info.Defs[name] != v {
					continue
				}
				if len(n.Names) != 1 || n.Type == nil || len(n.Values) != 0 {
					ok = false
					return false
				}
				edit = &analysis.TextEdit{Pos: n.Type.Pos(), End: n.Type.Pos(), NewText: []byte("*")}
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				lid, isID := lhs.(*ast.Ident)
				if !isID || c.info.Defs[lid] != v {
					continue
				}
				lit, isLit := ast.Unparen(n.Rhs[0]).(*ast.CompositeLit)
				if len(n.Lhs) != 1 || len(n.Rhs) != 1 || !isLit {
					ok = false
					return false
				}
				edit = &analysis.TextEdit{Pos: lit.Pos(), End: lit.Pos(), NewText: []byte("&")}
			}
		case *ast.Ident:
			if c.info.Uses[n] != v || n == id {
				return true
			}
			if !selX[n] {
				ok = false
			}
			if guard == nil || n.Pos() < guard.Pos() || n.End() > guard.End() {
				guarded = false
			}
		}
		return true
	})
	if !ok || edit == nil || (edit.NewText[0] == '*' && !guarded) {
		return none, false
	}
	return analysis.SuggestedFix{Message: "Declare the target as a pointer", TextEdits: []analysis.TextEdit{*edit}}, true
}

// asGuard returns the code that runs only when the errors.As call at cur
// returned true: the body of the if whose condition is the call, or the
// right operands of the && chain that starts with it, with the body.
// It returns nil when the call is not used that way.
func asGuard(cur inspector.Cursor) ast.Node {
	c := cur
	for c.ParentEdgeKind() == edge.ParenExpr_X || (c.ParentEdgeKind() == edge.BinaryExpr_X || c.ParentEdgeKind() == edge.BinaryExpr_Y) && c.Parent().Node().(*ast.BinaryExpr).Op == token.LAND {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.IfStmt_Cond {
		return nil
	}
	ifs := c.Parent().Node().(*ast.IfStmt)
	return &span{cur.Node().End(), ifs.Body.End()}
}

// span is a range of positions, as an ast.Node.
type span struct{ from, to token.Pos }

func (s *span) Pos() token.Pos { return s.from }
func (s *span) End() token.Pos { return s.to }

// qualifier names packages as the checked file imports them.
func (c *checker) qualifier() types.Qualifier {
	return func(p *types.Package) string {
		for _, spec := range c.file.Imports {
			if pn := c.info.PkgNameOf(spec); pn != nil && pn.Imported() == p {
				return pn.Name()
			}
		}
		return p.Name()
	}
}
