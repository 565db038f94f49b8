package brokenretry

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// growth says how a wait changes from one attempt to the next.
type growth int

const (
	unknownGrowth growth = iota
	steady               // the same every time
	grows                // depends on something the loop changes
)

// jitter says whether a wait has randomness in it.
type jitter int

const (
	unknownJitter jitter = iota
	no
	yes
)

type delayFacts struct {
	growth growth
	jitter jitter
}

// delayScan accumulates what the expressions that make up a delay show.
type delayScan struct {
	grows, jitter, unknown bool
	seen                   map[types.Object]bool
}

// delayFacts follows a delay expression through the variables it reads:
// those the loop changes make it grow, math/rand or crypto/rand anywhere
// in their definitions (or in a same-package helper) give it jitter, and
// calls to functions it cannot see make both unknown.
func (lc *loopCheck) delayFacts(d ast.Expr, helper *ast.FuncDecl) delayFacts {
	st := &delayScan{seen: map[types.Object]bool{}}
	lc.scanDelay(d, st, 0)
	if helper != nil && lc.usesRand(helper.Body) {
		st.jitter = true
	}
	var f delayFacts
	switch {
	case st.grows:
		f.growth = grows
	case !st.unknown:
		f.growth = steady
	}
	switch {
	case st.jitter:
		f.jitter = yes
	case !st.unknown:
		f.jitter = no
	}
	return f
}

func (lc *loopCheck) scanDelay(e ast.Node, st *delayScan, depth int) {
	info := lc.info()
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			st.unknown = true
			return false
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
				return true // conversions, min, max
			}
			fn, ok := typeutil.Callee(info, n).(*types.Func)
			if !ok || fn.Pkg() == nil {
				st.unknown = true
				return false
			}
			switch path := fn.Pkg().Path(); {
			case randPackages[path]:
				st.jitter = true
			case path == "time" || path == "math":
			default:
				decl := lc.c.decl(fn)
				if decl == nil || decl.Body == nil {
					st.unknown = true
					return false
				}
				if lc.usesRand(decl.Body) {
					st.jitter = true
				}
			}
			return true // the arguments
		case *ast.SelectorExpr:
			if s := info.Selections[n]; s != nil && s.Kind() == types.FieldVal && lc.inLoop[s.Obj()] {
				st.grows = true
			}
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok || st.seen[v] {
				return true
			}
			st.seen[v] = true
			if v.Pkg() != nil && randPackages[v.Pkg().Path()] {
				st.jitter = true
			}
			if depth > 4 {
				return true
			}
			inBody := lc.body.Pos() <= v.Pos() && v.Pos() < lc.body.End()
			switch {
			case inBody:
				// Set afresh in each iteration: what it is made of counts.
				for _, val := range lc.assigns[v] {
					lc.scanDelay(val, st, depth+1)
				}
			default:
				if lc.inLoop[v] {
					st.grows = true
				}
				// Set before the loop (or changed in it): only jitter in its
				// definitions counts; they run once or are the growth.
				sub := &delayScan{seen: st.seen}
				for _, val := range lc.assigns[v] {
					lc.scanDelay(val, sub, depth+1)
				}
				if sub.jitter {
					st.jitter = true
				}
				if sub.grows {
					st.grows = true
				}
			}
		}
		return true
	})
}

var randPackages = map[string]bool{"math/rand": true, "math/rand/v2": true, "crypto/rand": true}

// usesRand reports whether a function body refers to a random source.
func (lc *loopCheck) usesRand(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := lc.info().Uses[id]; obj != nil && obj.Pkg() != nil && randPackages[obj.Pkg().Path()] {
				found = true
			}
		}
		return !found
	})
	return found
}
