package brokenretry

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// Retry libraries that retry every error unless told otherwise, and how to
// tell them. sethvargo/go-retry retries only errors marked retryable, k8s
// retry.OnError takes a classifier, and wait.* retry conditions, not
// errors: none of them is reported.
const (
	cenkaltiModule = "github.com/cenkalti/backoff" // v1–v3 at this path or /v3, v4, v5
	avastModule    = "github.com/avast/retry-go"   // v3 at this path (+incompatible), v4, v5
)

// inModule reports whether path is mod or one of its major versions or
// packages.
func inModule(path, mod string) bool {
	return path == mod || strings.HasPrefix(path, mod+"/")
}

// library reports a retry-library call around an API call that retries
// every error the call returns.
func (c *checker) library(l apicalls.Layer, s *apicalls.Site) {
	call, ok := l.Node.(*ast.CallExpr)
	if !ok {
		return
	}
	file := c.fileOf(call.Pos())
	if file == nil || !c.rep.Checked(file, false) {
		return
	}
	fn, ok := typeutil.Callee(c.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || len(call.Args) == 0 {
		return
	}
	path := fn.Pkg().Path()
	var opts []ast.Expr
	var permanent, advice string
	switch {
	case inModule(path, cenkaltiModule):
		permanent = "Permanent"
		advice = "return backoff.Permanent(err) for the errors oaiguard.IsRetryable rejects"
	case inModule(path, avastModule):
		permanent = "Unrecoverable"
		advice = "pass retry.RetryIf(oaiguard.IsRetryable) or return retry.Unrecoverable(err) for the errors it rejects"
		if fn.Signature().Recv() == nil {
			opts = call.Args[1:] // v3, v4: Do(fn, opts...)
		} else {
			// v5: retry.New(opts...).Do(fn)
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return
			}
			newCall := c.constructor(sel.X)
			if newCall == nil {
				return
			}
			opts = newCall.Args
		}
	default:
		return
	}
	for _, o := range opts {
		if c.isRetryIf(o) {
			return
		}
	}
	if call.Ellipsis.IsValid() {
		return // options we cannot see
	}
	// The retried function is the first argument of function type: v5 of
	// cenkalti/backoff takes a context first.
	var op ast.Expr
	for _, a := range call.Args {
		if t := c.info.TypeOf(a); t != nil {
			if _, isFunc := t.Underlying().(*types.Signature); isFunc {
				op = a
				break
			}
		}
	}
	if op == nil {
		return
	}
	// A method value of another package that leaves its API call to its
	// callers, handed to the library (backoff.Retry(ctx, b.Latest, …)):
	// the site stands for its call, and what it returns is that call's
	// error, retried whatever it is. A literal's body is read.
	if value := s.Via != nil && s.Expr.Fun == op; !value {
		body := c.funcBody(op)
		if body == nil || !(body.Pos() <= s.Expr.Pos() && s.Expr.End() <= body.End()) {
			return
		}
		if c.callsNamed(body, path, permanent) || !c.returnsOnlyCallError(body, s) {
			return
		}
	}
	callee := fixedit.Source(c.pass.Fset, s.Expr.Fun)
	c.rep.Report(file, analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.Lparen,
		Category: catRetryAll,
		Message: fmt.Sprintf("%s retries every error of %s, insufficient_quota, 400, 401, 403, 404 and context length included, which never succeed; %s",
			l.Name, callee, advice),
	})
}

// constructor returns the retry.New(...) call that made the receiver x,
// directly or through a local variable assigned once.
func (c *checker) constructor(x ast.Expr) *ast.CallExpr {
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		return call
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	cur, ok := c.defCursor(v)
	if !ok || cur.ParentEdgeKind() != edge.AssignStmt_Lhs {
		return nil
	}
	as := cur.Parent().Node().(*ast.AssignStmt)
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil
	}
	call, _ := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	return call
}

// isRetryIf reports an avast option that classifies errors: RetryIf.
func (c *checker) isRetryIf(o ast.Expr) bool {
	call, ok := ast.Unparen(o).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(c.info, call).(*types.Func)
	return ok && fn.Pkg() != nil && inModule(fn.Pkg().Path(), avastModule) && fn.Name() == "RetryIf"
}

// funcBody returns the body of the function value e: a literal, a local
// variable holding one, or a function of this package.
func (c *checker) funcBody(e ast.Expr) *ast.BlockStmt {
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return x.Body
	case *ast.Ident:
		switch obj := c.info.Uses[x].(type) {
		case *types.Func:
			if d := c.decl(obj); d != nil {
				return d.Body
			}
		case *types.Var:
			cur, ok := c.defCursor(obj)
			if !ok {
				return nil
			}
			switch cur.ParentEdgeKind() {
			case edge.AssignStmt_Lhs:
				if as := cur.Parent().Node().(*ast.AssignStmt); len(as.Lhs) == 1 && len(as.Rhs) == 1 {
					if lit, ok := ast.Unparen(as.Rhs[0]).(*ast.FuncLit); ok {
						return lit.Body
					}
				}
			case edge.ValueSpec_Names:
				if vs := cur.Parent().Node().(*ast.ValueSpec); len(vs.Names) == 1 && len(vs.Values) == 1 {
					if lit, ok := ast.Unparen(vs.Values[0]).(*ast.FuncLit); ok {
						return lit.Body
					}
				}
			}
		}
	}
	return nil
}

// callsNamed reports whether body calls the function name of a package
// whose path starts with the library's module path.
func (c *checker) callsNamed(body *ast.BlockStmt, libPath, name string) bool {
	mod := libPath
	if i := strings.Index(mod, "/v"); i >= 0 {
		mod = mod[:i]
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.info, call).(*types.Func); ok && fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path(), mod) && fn.Name() == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// returnsOnlyCallError reports whether every return of the retried
// function hands back nil, the API call's error (perhaps wrapped with
// fmt.Errorf), or the API call's results: then nothing classifies the
// error. Anything else, a helper's verdict say, might.
func (c *checker) returnsOnlyCallError(body *ast.BlockStmt, s *apicalls.Site) bool {
	var errObj types.Object
	if cur, ok := c.root.FindNode(s.Expr); ok && cur.ParentEdgeKind() == edge.AssignStmt_Rhs {
		as := cur.Parent().Node().(*ast.AssignStmt)
		if len(as.Rhs) == 1 {
			if id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident); ok {
				errObj = c.info.Defs[id]
				if errObj == nil {
					errObj = c.info.Uses[id]
				}
			}
		}
	}
	ok := true
	returns := 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			returns++
			if len(n.Results) == 0 {
				ok = false
				return false
			}
			last := ast.Unparen(n.Results[len(n.Results)-1])
			if len(n.Results) == 1 && last == s.Expr {
				return true // return client.X(...)
			}
			if !c.isCallError(last, errObj) {
				ok = false
			}
		}
		return ok
	})
	return ok && returns > 0
}

func (c *checker) isCallError(e ast.Expr, errObj types.Object) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		if x.Name == "nil" {
			return true
		}
		return errObj != nil && c.info.Uses[x] == errObj
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(c.info, x).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" || fn.Name() != "Errorf" {
			return false
		}
		for _, a := range x.Args[1:] {
			if c.isCallError(a, errObj) {
				return true
			}
		}
	}
	return false
}
