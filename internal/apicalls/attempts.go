package apicalls

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/oaiguard/oaiguard/internal/retrylib"
)

// configuredAttempts returns the attempts a call of a retry library makes
// as it is configured (retrylib.AttemptsConfig): the constant of
// retry.Attempts(4) among its options, of backoff.WithMaxRetries(b, 5) in
// its policy (6 attempts), one for a policy that never retries
// (&backoff.StopBackOff{}), and so on; 0 when the configuration sets them
// to something other than a constant, or to no bound, which unbounded
// tells apart where the library retries until the function succeeds
// (retry-go's Attempts(0), UntilSucceeded()). The last result is false when
// the call leaves the library's default.
func (a *finder) configuredAttempts(call *ast.CallExpr, h *retrylib.Helper) (n int, unbounded, set bool) {
	cfg := h.Config
	var opts []ast.Expr
	if cfg.Option != "" {
		opts = append(opts, call.Args...)
		if len(cfg.Constructor) > 0 {
			// A method: the options went to the receiver's constructor.
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				defs, _ := a.definitions(sel.X)
				for _, d := range defs {
					if c, ok := d.(*ast.CallExpr); ok && a.isLibFunc(c, h.Pkg, cfg.Constructor...) {
						opts = append(opts, c.Args...)
					}
				}
			}
		}
		stop := false
		for _, arg := range opts {
			if !a.isLibType(arg, h.Pkg) {
				continue // the function retried, a context
			}
			for _, o := range a.optionCalls(arg, call) {
				switch {
				case o == nil:
					// Options out of sight may set the attempts.
					n, unbounded, set = 0, false, true
				case a.isLibFunc(o, h.Pkg, cfg.Option) && len(o.Args) == 1:
					n, unbounded, set = a.constInt(o.Args[0]), false, true
					if n == 0 && a.info().Types[o.Args[0]].Value != nil {
						switch cfg.Zero {
						case retrylib.ZeroUnbounded:
							unbounded = true
						case retrylib.ZeroNoCall:
							n = 1 // no call at all: nothing retried
						}
					}
				case cfg.Unbounded != "" && a.isLibFunc(o, h.Pkg, cfg.Unbounded):
					n, unbounded, set = 0, true, true
				case cfg.PolicyOption != "" && a.isLibFunc(o, h.Pkg, cfg.PolicyOption) && len(o.Args) == 1:
					// backoff v5's WithBackOff(&backoff.StopBackOff{}).
					pn, _ := a.policyAttempts(o.Args[0], h.Pkg, cfg, 0)
					stop = pn == 1
				}
			}
		}
		if stop {
			return 1, false, true
		}
		return n, unbounded, set
	}
	if cfg.BackOff && len(call.Args) > 1 {
		n, set := a.policyAttempts(call.Args[1], h.Pkg, cfg, 0)
		return n, false, set
	}
	return 0, false, false
}

// policyAttempts reads a backoff policy: WithMaxRetries(b, n) bounds it
// to n+1 attempts, a policy that never retries (cfg.Stops) to one,
// through the wrappers that keep the bound and local variables.
func (a *finder) policyAttempts(e ast.Expr, pkg string, cfg retrylib.AttemptsConfig, depth int) (int, bool) {
	if depth > 4 {
		return 0, false
	}
	defs, _ := a.definitions(e)
	if len(defs) != 1 {
		return 0, false
	}
	if a.isStopPolicy(defs[0], pkg, cfg) {
		return 1, true
	}
	c, ok := defs[0].(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	switch {
	case a.isLibFunc(c, pkg, cfg.MaxRetries) && len(c.Args) == 2:
		if n, _ := a.policyAttempts(c.Args[0], pkg, cfg, depth+1); n == 1 {
			return 1, true // a bound on a policy that never retries
		}
		if n := a.constInt(c.Args[1]); n > 0 || a.info().Types[c.Args[1]].Value != nil {
			return n + 1, true
		}
		return 0, true
	case a.isLibFunc(c, pkg, cfg.Wrappers...) && len(c.Args) > 0:
		return a.policyAttempts(c.Args[0], pkg, cfg, depth+1)
	}
	return 0, false
}

// isStopPolicy reports whether e is a new value of one of the policy types
// of the package at path that never retry: &backoff.StopBackOff{},
// new(backoff.StopBackOff).
func (a *finder) isStopPolicy(e ast.Expr, path string, cfg retrylib.AttemptsConfig) bool {
	if len(cfg.Stops) == 0 {
		return false
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit: // definitions strips the & of &T{}
	case *ast.UnaryExpr:
		if _, ok := ast.Unparen(x.X).(*ast.CompositeLit); !ok || x.Op != token.AND {
			return false
		}
	case *ast.CallExpr:
		id, ok := ast.Unparen(x.Fun).(*ast.Ident)
		if !ok || len(x.Args) != 1 {
			return false
		}
		if b, ok := a.info().Uses[id].(*types.Builtin); !ok || b.Name() != "new" {
			return false
		}
	default:
		return false
	}
	t := types.Unalias(a.info().TypeOf(e))
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path && slices.Contains(cfg.Stops, n.Obj().Name())
}

// optionCalls returns the calls that build the options an argument holds:
// the argument itself, what a variable holding it was assigned, the
// elements of a slice literal spread with ...; nil for one out of sight.
func (a *finder) optionCalls(arg ast.Expr, call *ast.CallExpr) []*ast.CallExpr {
	defs, complete := a.definitions(arg)
	var out []*ast.CallExpr
	if !complete {
		out = append(out, nil)
	}
	spread := call.Ellipsis.IsValid() && arg == call.Args[len(call.Args)-1]
	for _, d := range defs {
		if spread {
			lit, ok := ast.Unparen(d).(*ast.CompositeLit)
			if !ok {
				out = append(out, nil)
				continue
			}
			for _, elt := range lit.Elts {
				out = append(out, a.optionCalls(elt, &ast.CallExpr{})...)
			}
			continue
		}
		if c, ok := ast.Unparen(d).(*ast.CallExpr); ok {
			out = append(out, c)
		}
	}
	return out
}

// isLibType reports whether e is of a named type of the package at path,
// or a slice of one (options spread with ...).
func (a *finder) isLibType(e ast.Expr, path string) bool {
	t := a.info().TypeOf(e)
	if s, ok := types.Unalias(t).(*types.Slice); ok {
		t = s.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path
}

// isLibFunc reports whether call calls one of the named functions of the
// package at path.
func (a *finder) isLibFunc(call *ast.CallExpr, path string, names ...string) bool {
	fn := a.calleeFunc(call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == path && fn.Signature().Recv() == nil && slices.Contains(names, fn.Name())
}

// constInt returns the value of a constant integer expression, or 0.
func (a *finder) constInt(e ast.Expr) int {
	tv := a.info().Types[e]
	if tv.Value == nil {
		return 0
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok || n < 0 || n > 1<<30 {
		return 0
	}
	return int(n)
}

// constInt64 returns the value of a constant integer expression.
func (a *finder) constInt64(e ast.Expr) (int64, bool) {
	tv := a.info().Types[e]
	if tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
}
