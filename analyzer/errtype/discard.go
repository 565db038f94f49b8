package errtype

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// discarded reports an API call whose error result is assigned to _ or
// dropped with the whole result.
// For a call of the runtime that wraps an SDK method, it is the runtime's
// result that must not be discarded.
func (c *checker) discarded(s *apicalls.Site, wrapped bool) {
	callee := c.src(s.Expr.Fun)
	if wrapped {
		sig, ok := c.info.TypeOf(s.Expr.Fun).Underlying().(*types.Signature)
		if !ok || sig.Results().Len() == 0 || !types.Identical(sig.Results().At(sig.Results().Len()-1).Type(), errorType) {
			return // openai-go's Stream: the error comes through Err()
		}
		callee = types.ExprString(s.Expr)
	} else if s.Call.Result == sdk.ValueOnly {
		return // openai-go streams and pagers: see errUnread
	}
	cur := s.Cursor
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	var how string
	switch p := cur.Parent().Node().(type) {
	case *ast.ExprStmt:
		how = "its result is dropped"
	case *ast.GoStmt, *ast.DeferStmt:
		how = "go and defer drop its result"
	case *ast.AssignStmt:
		if cur.ParentEdgeKind() != edge.AssignStmt_Rhs || len(p.Rhs) != 1 || !isBlank(p.Lhs[len(p.Lhs)-1]) {
			return
		}
		how = "it is assigned to _"
	case *ast.ValueSpec:
		if cur.ParentEdgeKind() != edge.ValueSpec_Values || len(p.Values) != 1 || !isBlank(p.Names[len(p.Names)-1]) {
			return
		}
		how = "it is assigned to _"
	default:
		return
	}
	c.report(analysis.Diagnostic{
		Pos: s.Expr.Pos(), End: s.Expr.End(), Category: catDiscarded,
		Message: fmt.Sprintf("the error of %s is discarded (%s): a failed call, a 429 included, goes unnoticed; handle the error", callee, how),
	})
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// errUnread reports an openai-go stream or auto-pager, held in a local
// variable, whose Err method is never called: the call itself returns no
// error, so a failure, the first request's included, looks like the end of
// the data. A variable that leaves the function (returned, passed, stored)
// may have its Err read elsewhere and is not reported.
func (c *checker) errUnread(s *apicalls.Site) {
	if s.Call.Family != sdk.OpenAIGo || s.Call.Result != sdk.ValueOnly || (s.Call.Kind != sdk.Stream && s.Call.Kind != sdk.Pager) {
		return
	}
	what := "stream"
	if s.Call.Kind == sdk.Pager {
		what = "auto-pager"
	}
	callee := c.src(s.Expr.Fun)
	cur := s.Cursor
	for cur.ParentEdgeKind() == edge.ParenExpr_X {
		cur = cur.Parent()
	}
	var v types.Object
	switch p := cur.Parent().Node().(type) {
	case *ast.ExprStmt:
		c.report(analysis.Diagnostic{
			Pos: s.Expr.Pos(), End: s.Expr.End(), Category: catErrUnread,
			Message: fmt.Sprintf("the %s returned by %s is dropped: nothing reads its events or its Err()", what, callee),
		})
		return
	case *ast.AssignStmt:
		if cur.ParentEdgeKind() == edge.AssignStmt_Rhs && len(p.Lhs) == 1 && len(p.Rhs) == 1 {
			if id, ok := p.Lhs[0].(*ast.Ident); ok {
				v = c.objectOf(id)
			}
		}
	case *ast.ValueSpec:
		if cur.ParentEdgeKind() == edge.ValueSpec_Values && len(p.Names) == 1 && len(p.Values) == 1 {
			v = c.info.Defs[p.Names[0]]
		}
	}
	lv, ok := v.(*types.Var)
	if !ok || lv.IsField() || lv.Parent() == c.pass.Pkg.Scope() {
		return
	}
	scope := outermostFunc(cur)
	if !scope.Valid() {
		return
	}
	for uc := range scope.Preorder((*ast.Ident)(nil)) {
		if c.info.Uses[uc.Node().(*ast.Ident)] != lv {
			continue
		}
		if uc.ParentEdgeKind() != edge.SelectorExpr_X || uc.Parent().ParentEdgeKind() != edge.CallExpr_Fun {
			return // the variable goes somewhere we do not follow
		}
		if uc.Parent().Node().(*ast.SelectorExpr).Sel.Name == "Err" {
			return
		}
	}
	c.report(analysis.Diagnostic{
		Pos: s.Expr.Pos(), End: s.Expr.End(), Category: catErrUnread,
		Message: fmt.Sprintf("%s.Err() is never read: %s returns no error, so a failed request ends the loop over %s.Next() as if the data had ended; check %s.Err() after the loop", lv.Name(), callee, lv.Name(), lv.Name()),
	})
}

func (c *checker) objectOf(id *ast.Ident) types.Object {
	if obj := c.info.Defs[id]; obj != nil {
		return obj
	}
	return c.info.Uses[id]
}

// outermostFunc returns the function declaration (or package-level function
// literal) that encloses cur, so that closures inside it are searched too.
func outermostFunc(cur inspector.Cursor) inspector.Cursor {
	var out inspector.Cursor
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		out = f
	}
	return out
}
