package brokenretry

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/astq"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// bounded reports whether something ends the loop other than success or
// an error it does not retry: a loop condition or a counted range, or an
// exit on a counter, the clock or the context.
func (lc *loopCheck) bounded() bool {
	switch n := lc.loop.(type) {
	case *ast.RangeStmt:
		return true // apicalls only takes `for range n` as a retry loop
	case *ast.ForStmt:
		if n.Cond != nil && lc.boundCond(n.Cond) {
			return true
		}
	}
	if lc.label != nil && lc.gotoBounded() {
		return true
	}
	found := false
	inspectLoopBody(lc.body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IfStmt:
			if astq.Leaves(lc.info(), n.Body) && lc.boundCond(n.Cond) {
				found = true
			}
		case *ast.CommClause:
			if lc.receivesDone(n.Comm) && astq.Leaves(lc.info(), &ast.BlockStmt{List: n.Body}) {
				found = true
			}
		}
	})
	return found
}

// boundCond reports whether a condition that ends the loop depends on
// something other than the call's outcome: a variable the loop changes
// (a counter), the clock, or the context.
func (lc *loopCheck) boundCond(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			obj := lc.info().Uses[n]
			if obj != nil && lc.inLoop[obj] && !lc.derived[obj] && !lc.resultOfCall(obj) {
				found = true
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(lc.info(), n).(*types.Func); ok && fn.Pkg() != nil {
				if fn.Pkg().Path() == "time" || fn.Pkg().Path() == "context" && (fn.Name() == "Err" || fn.Name() == "Done" || fn.Name() == "Deadline") {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// resultOfCall reports whether obj receives a result of the retried call.
func (lc *loopCheck) resultOfCall(obj types.Object) bool {
	for _, v := range lc.assigns[obj] {
		if ast.Unparen(v) == lc.call {
			return true
		}
	}
	return false
}

// receivesDone reports whether a select case receives from ctx.Done().
func (lc *loopCheck) receivesDone(comm ast.Stmt) bool {
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	u, ok := ast.Unparen(x).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	call, ok := ast.Unparen(u.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(lc.info(), call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "Done"
}

// inspectLoopBody calls f for every node of the body, except inside
// function literals, which run elsewhere.
func inspectLoopBody(body ast.Node, f func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if n != nil {
			f(n)
		}
		return true
	})
}

// wait is one way the loop waits between attempts.
type wait struct {
	call  *ast.CallExpr
	name  string   // "time.Sleep", "time.After", or the helper's name
	delay ast.Expr // nil when unknown
	blind bool     // it waits whatever the context says
	// helper is the same-package function that waits, when the loop
	// calls one.
	helper *ast.FuncDecl
}

// waits finds how the loop waits.
func (lc *loopCheck) waits() []wait {
	ctxSelect := false
	inspectLoopBody(lc.body, func(n ast.Node) {
		if cc, ok := n.(*ast.CommClause); ok && lc.receivesDone(cc.Comm) {
			ctxSelect = true
		}
	})
	var out []wait
	inspectLoopBody(lc.body, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok || call == lc.call {
			return
		}
		if fn, ok := astq.TimerWait(lc.info(), call); ok && len(call.Args) == 1 {
			out = append(out, wait{call: call, name: "time." + fn.Name(), delay: call.Args[0], blind: fn.Name() == "Sleep" || !ctxSelect})
			return
		}
		fn, ok := typeutil.Callee(lc.info(), call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return
		}
		switch {
		case fn.Name() == "Wait" && fn.Signature().Recv() != nil && len(call.Args) == 1 && isContext(lc.info().TypeOf(call.Args[0])):
			out = append(out, wait{call: call, name: fn.Name()}) // a rate limiter's Wait(ctx)
		default:
			decl := lc.c.decl(fn)
			if decl == nil || decl.Body == nil || !astq.Waits(lc.info(), decl.Body) {
				return
			}
			w := wait{call: call, name: fn.Name(), helper: decl, blind: !takesContext(fn)}
			for _, arg := range call.Args {
				if isDuration(lc.info().TypeOf(arg)) {
					w.delay = arg
				}
			}
			out = append(out, w)
		}
	})
	return out
}

func takesContext(fn *types.Func) bool {
	params := fn.Signature().Params()
	for i := range params.Len() {
		if isContext(params.At(i).Type()) {
			return true
		}
	}
	return false
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

func isDuration(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Duration"
}

// waitProblems judges the waits: none at all, one that never grows, one
// that grows with no jitter, a sleep blind to a context in scope.
func (lc *loopCheck) waitProblems() []problem {
	ws := lc.waits()
	if len(ws) == 0 {
		if lc.onlyKnownCalls() {
			return []problem{{catNoWait, "it retries at once, with no wait between attempts"}}
		}
		return nil
	}
	var out []problem
	for _, w := range ws {
		if w.name == "time.Sleep" && w.blind {
			if name, ok := lc.ctxInScope(w.call.Pos()); ok {
				out = append(out, problem{catSleepCtx, fmt.Sprintf("time.Sleep ignores %s, so a canceled or expired call still waits", name)})
				break
			}
		}
	}
	for _, w := range ws {
		if w.delay == nil {
			continue
		}
		f := lc.delayFacts(w.delay, w.helper)
		switch {
		case f.growth == steady && f.jitter == no:
			out = append(out,
				problem{catNoGrowth, "the wait never grows and has no jitter, so clients that failed together retry together at the same pace"},
				problem{catNoJitter, ""})
		case f.growth == steady:
			out = append(out, problem{catNoGrowth, "the wait never grows, so an outage gets the same load throughout"})
		case f.growth == grows && f.jitter == no:
			out = append(out, problem{catNoJitter, "the wait grows with no jitter, so clients that failed together retry together"})
		default:
			continue
		}
		break // one wait's verdict is enough
	}
	return out
}

// ctxInScope returns the name of a context.Context variable visible at
// pos, declared before it.
func (lc *loopCheck) ctxInScope(pos token.Pos) (string, bool) {
	pkgScope := lc.c.pass.Pkg.Scope()
	for s := pkgScope.Innermost(pos); s != nil && s != pkgScope; s = s.Parent() {
		for _, name := range s.Names() {
			if v, ok := s.Lookup(name).(*types.Var); ok && v.Pos() < pos && isContext(v.Type()) && name != "_" {
				return name, true
			}
		}
	}
	return "", false
}

// onlyKnownCalls reports whether every call in the loop body, but the
// retried one, is one that cannot wait: so the absence of a wait is sure.
func (lc *loopCheck) onlyKnownCalls() bool {
	ok := true
	inspectLoopBody(lc.body, func(n ast.Node) {
		call, isCall := n.(*ast.CallExpr)
		if !isCall || call == lc.call || !ok {
			return
		}
		if tv, found := lc.info().Types[call.Fun]; found && (tv.IsType() || tv.IsBuiltin()) {
			return // conversions and builtins
		}
		fn, isFunc := typeutil.Callee(lc.info(), call).(*types.Func)
		if !isFunc || fn.Pkg() == nil {
			if isFunc && fn.Name() == "Error" {
				return // err.Error()
			}
			ok = false
			return
		}
		path := fn.Pkg().Path()
		if _, _, isSDK := sdk.ModuleOf(path); isSDK || quietPackages[path] || fn.Pkg().Name() == runtimeapi.PackageName {
			return
		}
		ok = false
	})
	return ok
}

// quietPackages are standard packages whose functions do not wait.
var quietPackages = map[string]bool{
	"fmt": true, "log": true, "log/slog": true, "errors": true, "strings": true, "strconv": true,
	"math": true, "context": true, "sort": true, "slices": true, "maps": true, "bytes": true,
	"unicode": true, "regexp": true, "encoding/json": true, "net/http": true,
}
