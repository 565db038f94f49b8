package brokenretry

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/astq"
)

// A retry path is a way through one iteration of the loop body, from the
// retried call to the next iteration, with the conditions that lead there.
// The loop retries an error when a path exists whose conditions can hold
// for it.

// cond is a condition on a path: x holds, or with neg, x does not.
type cond struct {
	x   ast.Expr
	neg bool
}

// paths is what retryPaths found.
type paths struct {
	retries [][]cond // paths that reach the next iteration
	unknown bool     // the body has shapes the walk does not follow
	steps   int
	label   *ast.Ident // the loop's label, if any
	start   int        // index in the body of the statement with the call
}

// retryPaths walks the loop body from the statement that makes the call.
// It returns nil when the call is not a statement of the body itself.
func (lc *loopCheck) retryPaths() *paths {
	ps := &paths{start: -1}
	if l, ok := lc.cur.Parent().Node().(*ast.LabeledStmt); ok {
		ps.label = l.Label
	}
	for i, s := range lc.body.List {
		if s.Pos() <= lc.call.Pos() && lc.call.End() <= s.End() {
			ps.start = i
			break
		}
	}
	if ps.start < 0 {
		return nil
	}
	stmts := lc.body.List[ps.start:]
	first := stmts[0]
	switch s := first.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt:
		stmts = stmts[1:]
	case *ast.IfStmt:
		// if resp, err := call(); err != nil { ... }
		if s.Init == nil || !(s.Init.Pos() <= lc.call.Pos() && lc.call.End() <= s.Init.End()) {
			return nil
		}
	default:
		return nil
	}
	end := func(cs []cond) { ps.retries = append(ps.retries, cs) } // falling off the body: the next iteration
	if lc.label != nil {
		end = func([]cond) {} // past the last goto: out of the loop
	}
	lc.walk(ps, stmts, nil, end, nil)
	return ps
}

func with(cs []cond, c ...cond) []cond { return append(slices.Clip(cs), c...) }

// walk follows stmts with the conditions cs so far. k continues after the
// list; brk is where an unlabeled break goes (nil: it leaves the loop).
func (lc *loopCheck) walk(ps *paths, stmts []ast.Stmt, cs []cond, k, brk func([]cond)) {
	ps.steps++
	if ps.steps > 2000 {
		ps.unknown = true
	}
	if ps.unknown {
		return
	}
	for i, s := range stmts {
		rest := stmts[i+1:]
		next := func(cs []cond) { lc.walk(ps, rest, cs, k, brk) }
		switch s := s.(type) {
		case *ast.ReturnStmt:
			return
		case *ast.BranchStmt:
			switch {
			case s.Tok == token.CONTINUE && lc.label == nil && (s.Label == nil || ps.label != nil && s.Label.Name == ps.label.Name),
				s.Tok == token.GOTO && lc.label != nil && s.Label != nil && lc.info().Uses[s.Label] == lc.label:
				ps.retries = append(ps.retries, cs)
			case s.Tok == token.BREAK && s.Label == nil && brk != nil:
				brk(cs)
			case s.Tok == token.FALLTHROUGH:
				ps.unknown = true
			}
			return // break, goto, and branches to outer statements leave
		case *ast.ExprStmt:
			if astq.IsExit(lc.info(), s.X) {
				return
			}
		case *ast.LabeledStmt:
			lc.walk(ps, append([]ast.Stmt{s.Stmt}, rest...), cs, k, brk)
			return
		case *ast.BlockStmt:
			lc.walk(ps, s.List, cs, next, brk)
			return
		case *ast.IfStmt:
			lc.walk(ps, s.Body.List, with(cs, cond{s.Cond, false}), next, brk)
			switch e := s.Else.(type) {
			case nil:
				next(with(cs, cond{s.Cond, true}))
			case *ast.BlockStmt:
				lc.walk(ps, e.List, with(cs, cond{s.Cond, true}), next, brk)
			case *ast.IfStmt:
				lc.walk(ps, []ast.Stmt{e}, with(cs, cond{s.Cond, true}), next, brk)
			}
			return
		case *ast.SwitchStmt:
			var all []cond
			hasDefault := false
			for _, cl := range s.Body.List {
				cc := cl.(*ast.CaseClause)
				if cc.List == nil {
					hasDefault = true
					continue
				}
				all = append(all, cond{caseCond(s.Tag, cc.List), false})
			}
			for _, cl := range s.Body.List {
				cc := cl.(*ast.CaseClause)
				var here []cond
				if cc.List == nil {
					for _, c := range all {
						here = append(here, cond{c.x, true})
					}
				} else {
					here = []cond{{caseCond(s.Tag, cc.List), false}}
				}
				lc.walk(ps, cc.Body, with(cs, here...), next, next)
			}
			if !hasDefault {
				var none []cond
				for _, c := range all {
					none = append(none, cond{c.x, true})
				}
				next(with(cs, none...))
			}
			return
		case *ast.TypeSwitchStmt:
			// A type switch on the error tests it; which case is which
			// class is not followed.
			x := typeSwitchX(s)
			for _, cl := range s.Body.List {
				lc.walk(ps, cl.(*ast.CaseClause).Body, with(cs, cond{x, false}), next, next)
			}
			next(with(cs, cond{x, true}))
			return
		case *ast.SelectStmt:
			for _, cl := range s.Body.List {
				lc.walk(ps, cl.(*ast.CommClause).Body, cs, next, next)
			}
			return
		}
		// Other statements, nested loops included, fall through.
	}
	k(cs)
}

// caseCond builds the condition of a case clause: tag == v1 || tag == v2,
// or c1 || c2 for a switch without tag. The nodes it creates only group
// real ones; nothing reads their types.
func caseCond(tag ast.Expr, list []ast.Expr) ast.Expr {
	var out ast.Expr
	for _, v := range list {
		var c ast.Expr = v
		if tag != nil {
			c = &ast.BinaryExpr{X: tag, OpPos: v.Pos(), Op: token.EQL, Y: v}
		}
		if out == nil {
			out = c
		} else {
			out = &ast.BinaryExpr{X: out, OpPos: v.Pos(), Op: token.LOR, Y: c}
		}
	}
	return out
}

func typeSwitchX(s *ast.TypeSwitchStmt) ast.Expr {
	var ta *ast.TypeAssertExpr
	switch a := s.Assign.(type) {
	case *ast.ExprStmt:
		ta, _ = a.X.(*ast.TypeAssertExpr)
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			ta, _ = a.Rhs[0].(*ast.TypeAssertExpr)
		}
	}
	if ta == nil {
		return &ast.Ident{Name: "_"}
	}
	return ta.X
}

// atom is a leaf of a condition with the polarity under which the path
// needs it to hold: positive atoms are what the loop retries on.
type atom struct {
	x        ast.Expr
	positive bool
}

// atoms splits c into leaves through !, && and ||, keeping polarity.
func atoms(c cond) []atom {
	var out []atom
	var walk func(e ast.Expr, pos bool)
	walk = func(e ast.Expr, pos bool) {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				walk(x.X, !pos)
				return
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				walk(x.X, pos)
				walk(x.Y, pos)
				return
			}
			if x.Op == token.NEQ && !isNilLit(x.X) && !isNilLit(x.Y) {
				// a != b is !(a == b); kept as one leaf with the flip.
				out = append(out, atom{x, !pos})
				return
			}
		}
		out = append(out, atom{e, pos})
	}
	walk(c.x, !c.neg)
	return out
}

func isNilLit(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// verdict is what the retry paths of a loop show.
type verdict struct {
	terminal   []string // classes that never succeed which it retries
	retriesAll bool     // some path retries an error without testing it
	// dead lists the text matches that no error of the SDK can satisfy,
	// when every tested retry path needs one: the loop never retries.
	dead []string
}

// judgePaths reads the retry paths.
func (lc *loopCheck) judgePaths(ps *paths) verdict {
	var v verdict
	seen := map[string]bool{}
	live, deadPaths := 0, 0
	var dead []string
	for _, p := range ps.retries {
		success, tested := false, false
		for _, c := range p {
			for _, a := range atoms(c) {
				if op, ok := lc.isNilTest(a.x); ok {
					// err == nil holding, or err != nil failing, is success.
					if (op == token.EQL) == a.positive {
						success = true
					}
					continue
				}
				if lc.mentionsDerived(a.x) {
					tested = true
				}
			}
		}
		if success {
			continue
		}
		if !tested {
			v.retriesAll = true
			continue
		}
		// The path's conditions all hold together: one that narrows the
		// retry to errors we cannot place (a message the developer knows
		// to be transient, a helper's verdict) clears the others, and one
		// that can never hold makes the path dead.
		var r reached
		for _, c := range p {
			r = r.and(lc.reach(c.x, !c.neg))
		}
		if r.dead != nil {
			deadPaths++
			dead = append(dead, r.dead...)
			continue
		}
		live++
		if r.narrowed {
			continue
		}
		for _, desc := range r.terms {
			if !seen[desc] {
				seen[desc] = true
				v.terminal = append(v.terminal, desc)
			}
		}
	}
	if deadPaths > 0 && live == 0 && !v.retriesAll {
		slices.Sort(dead)
		v.dead = slices.Compact(dead)
	}
	return v
}

// reached is what one condition lets through to a retry.
type reached struct {
	terms    []string // classes that never succeed
	narrowed bool     // limited to errors of no known class
	dead     []string // text matches that can never hold, when it needs one
}

// and combines the sides of a conjunction: both must hold.
func (a reached) and(b reached) reached {
	r := reached{terms: append(slices.Clip(a.terms), b.terms...), narrowed: a.narrowed || b.narrowed}
	if a.dead != nil || b.dead != nil {
		r.dead = append(slices.Clip(a.dead), b.dead...)
	}
	return r
}

// or combines the sides of a disjunction: each retries on its own.
func (a reached) or(b reached) reached {
	var r reached
	for _, s := range []reached{a, b} {
		if !s.narrowed && s.dead == nil {
			r.terms = append(r.terms, s.terms...)
		}
	}
	r.narrowed = (a.narrowed || a.dead != nil) && (b.narrowed || b.dead != nil) && !(a.dead != nil && b.dead != nil)
	if a.dead != nil && b.dead != nil {
		r.dead = append(slices.Clip(a.dead), b.dead...)
	}
	return r
}

// reach says what a condition lets through to a retry when it holds
// (positive) or fails.
func (lc *loopCheck) reach(e ast.Expr, positive bool) reached {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return lc.reach(x.X, !positive)
		}
	case *ast.BinaryExpr:
		if x.Op == token.LAND || x.Op == token.LOR {
			a, b := lc.reach(x.X, positive), lc.reach(x.Y, positive)
			if (x.Op == token.LAND) == positive {
				return a.and(b)
			}
			return a.or(b)
		}
		if x.Op == token.NEQ && !isNilLit(x.X) && !isNilLit(x.Y) {
			positive = !positive // a != b fails where a == b holds
		}
	}
	if !positive || !lc.mentionsDerived(e) {
		return reached{} // excluding errors, or no test of the error
	}
	if _, nilTest := lc.isNilTest(e); nilTest || lc.isTypeTest(e) {
		return reached{}
	}
	if text, ok := lc.deadText(e); ok {
		return reached{dead: []string{text}}
	}
	desc, class, ok := lc.classify(e)
	switch {
	case !ok:
		return reached{narrowed: true}
	case !class.Retryable():
		return reached{terms: []string{desc}}
	}
	return reached{}
}

// isTypeTest reports errors.As(err, &target): it selects by type, which
// narrows nothing by itself.
func (lc *loopCheck) isTypeTest(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(lc.info(), call).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && fn.Name() == "As"
}
