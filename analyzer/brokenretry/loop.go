package brokenretry

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// Problem categories of a retry loop, in the order messages list them.
const (
	catStacked   = "stacked"   // retry layers multiply (stacked.go)
	catDeadTest  = "deadtest"  // its retry test can never hold
	catTerminal  = "terminal"  // retries errors that never succeed
	catRetryAll  = "retryall"  // retries every error
	catUnbounded = "unbounded" // no bound on attempts or time
	catSleepCtx  = "sleepctx"  // time.Sleep with a context in scope
	catNoWait    = "nowait"    // no wait between attempts
	catNoGrowth  = "nogrowth"  // a wait that never grows
	catNoJitter  = "nojitter"  // a wait with no jitter
)

// problem is one thing wrong with a loop; an empty text is said by the
// previous problem's.
type problem struct{ cat, text string }

// alone is what a problem whose text is empty says when the previous
// problem is not reported.
var alone = map[string]string{
	catNoJitter: "the wait has no jitter, so clients that failed together retry together",
}

// categoryRank is cat's place in Doc.Categories.
func categoryRank(cat string) int {
	for i, c := range Doc.Categories {
		if c.Name == cat {
			return i
		}
	}
	return len(Doc.Categories)
}

// loopCheck judges one hand-written retry loop.
type loopCheck struct {
	c    *checker
	file *ast.File
	cur  inspector.Cursor // the loop statement
	loop ast.Stmt
	body *ast.BlockStmt
	call *ast.CallExpr // the call the loop makes again
	// label is the label a loop made with goto jumps back to (nil for a
	// for loop); then loop and body are the statements from the label to
	// the last goto back to it.
	label types.Object
	site  *apicalls.Site
	fn    ast.Node // the enclosing function declaration or literal
	// module is the SDK module of the API calls the loop makes.
	module string

	errVar  types.Object
	derived map[types.Object]bool // errVar and what is computed from it
	assigns map[types.Object][]ast.Expr
	inLoop  map[types.Object]bool // assigned inside the loop statement
}

// loop reports the problems of the retry loop of layer l. site is the API
// call it retries directly (nil for a loop around a helper that makes the
// call). It returns whether it offered a fix.
func (c *checker) loop(l apicalls.Layer, site *apicalls.Site, module string) bool {
	file := c.fileOf(l.Node.Pos())
	if file == nil || !c.rep.Checked(file, false) || l.Retried == nil {
		return false
	}
	cur, ok := c.root.FindNode(l.Node)
	if !ok {
		return false
	}
	lc := &loopCheck{c: c, file: file, cur: cur, loop: l.Node.(ast.Stmt), call: l.Retried, site: site, module: module}
	end := token.NoPos // of the diagnostic: the loop's header
	switch n := l.Node.(type) {
	case *ast.ForStmt:
		lc.body = n.Body
	case *ast.RangeStmt:
		lc.body = n.Body
	case *ast.LabeledStmt:
		// A loop made with goto: judged like a for loop, its body the
		// statements from the label to the last goto back to it; falling
		// off them leaves the loop. No fix rewrites it.
		if lc.body, ok = c.gotoBody(cur, n); !ok {
			return false
		}
		lc.loop, lc.label, end = lc.body, c.info.Defs[n.Label], n.Colon+1
	}
	if lc.body == nil {
		return false
	}
	if end == token.NoPos {
		end = lc.body.Lbrace
	}
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		lc.fn = f.Node()
		break
	}
	if lc.fn == nil {
		return false
	}
	lc.index()
	problems, paths := lc.problems()
	// A problem whose category a directive names is left out; the others
	// are reported. The finding's category is its first problem's, in the
	// order of Doc.Categories.
	var texts []string
	cat, rank := "", len(Doc.Categories)
	carried := false // the previous problem's text was kept
	for _, p := range problems {
		if c.rep.Ignored(file, p.cat, lc.loop.Pos()) {
			carried = false
			continue
		}
		if i := categoryRank(p.cat); i < rank {
			cat, rank = p.cat, i
		}
		switch {
		case p.text != "":
			texts = append(texts, p.text)
			carried = true
		case !carried && alone[p.cat] != "":
			// An empty text rides on the previous problem's, which a
			// directive left out.
			texts = append(texts, alone[p.cat])
		}
	}
	if cat == "" {
		return false
	}
	callee := fixedit.Source(c.pass.Fset, lc.call.Fun)
	d := analysis.Diagnostic{
		Pos:      lc.loop.Pos(),
		End:      end,
		Category: cat,
	}
	var fix analysis.SuggestedFix
	var wrapper, attempts string
	ok = false
	if lc.label == nil {
		fix, wrapper, attempts, ok = lc.fix(paths)
	}
	if ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
		d.Message = fmt.Sprintf("retry loop around %s: %s; replace it with %s under a Policy of MaxAttempts %s", callee, strings.Join(texts, "; "), wrapper, attempts)
	} else {
		d.Message = fmt.Sprintf("retry loop around %s: %s; retry with oaiguard's runtime (oaiguard.Call or oaiguard.Do) instead", callee, strings.Join(texts, "; "))
	}
	if c.rep.Report(file, d) && ok {
		c.res.record(file, fix)
	}
	return ok
}

func (lc *loopCheck) info() *types.Info { return lc.c.info }

// gotoBody returns the statements of a loop made with goto, as a block:
// the labeled statement's own statement, and the statements after it in
// its block up to the last one that holds a goto back to the label.
func (c *checker) gotoBody(cur inspector.Cursor, ls *ast.LabeledStmt) (*ast.BlockStmt, bool) {
	block, ok := cur.Parent().Node().(*ast.BlockStmt)
	label := c.info.Defs[ls.Label]
	if !ok || label == nil {
		return nil, false
	}
	i := slices.Index(block.List, ast.Stmt(ls))
	last := -1
	for j := i; j >= 0 && j < len(block.List); j++ {
		ast.Inspect(block.List[j], func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO && b.Label != nil && c.info.Uses[b.Label] == label {
				last = j
			}
			return true
		})
	}
	if i < 0 || last < 0 {
		return nil, false
	}
	list := append([]ast.Stmt{ls.Stmt}, block.List[i+1:last+1]...)
	return &ast.BlockStmt{Lbrace: ls.Pos(), List: list, Rbrace: block.List[last].End()}, true
}

// gotoBounded reports whether every goto back to a goto loop's label is
// under an if whose condition bounds the loop (boundCond).
func (lc *loopCheck) gotoBounded() bool {
	all, some := true, false
	var visit func(n ast.Node, bounded bool)
	visit = func(n ast.Node, bounded bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IfStmt:
				if m.Init != nil {
					visit(m.Init, bounded)
				}
				visit(m.Body, bounded || lc.boundCond(m.Cond))
				if m.Else != nil {
					visit(m.Else, bounded)
				}
				return false
			case *ast.BranchStmt:
				if m.Tok == token.GOTO && m.Label != nil && lc.info().Uses[m.Label] == lc.label {
					some = true
					all = all && bounded
				}
			}
			return true
		})
	}
	visit(lc.body, false)
	return some && all
}

func (lc *loopCheck) objectOf(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := lc.info().Defs[e]; obj != nil {
			return obj
		}
		return lc.info().Uses[e]
	case *ast.SelectorExpr:
		if sel := lc.info().Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
	}
	return nil
}

// index finds the loop's error variable, what derives from it, and the
// assignments of the enclosing function.
func (lc *loopCheck) index() {
	lc.assigns = map[types.Object][]ast.Expr{}
	lc.inLoop = map[types.Object]bool{}
	record := func(lhs ast.Expr, rhs ast.Expr, pos token.Pos) {
		obj := lc.objectOf(lhs)
		if obj == nil {
			return
		}
		if rhs != nil {
			lc.assigns[obj] = append(lc.assigns[obj], rhs)
		}
		if lc.loop.Pos() <= pos && pos < lc.loop.End() && !lc.inInit(pos) {
			lc.inLoop[obj] = true
		}
	}
	ast.Inspect(lc.fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var rhs ast.Expr
				switch {
				case len(n.Lhs) == len(n.Rhs):
					rhs = n.Rhs[i]
				case len(n.Rhs) == 1:
					rhs = n.Rhs[0] // v, err := f(): both depend on the call
				}
				record(lhs, rhs, n.Pos())
			}
		case *ast.IncDecStmt:
			record(n.X, nil, n.Pos())
		case *ast.ValueSpec:
			for i, name := range n.Names {
				var rhs ast.Expr
				switch {
				case len(n.Names) == len(n.Values):
					rhs = n.Values[i]
				case len(n.Values) == 1:
					rhs = n.Values[0]
				}
				record(name, rhs, n.Pos())
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				record(n.Key, nil, n.Pos())
			}
			if n.Value != nil {
				record(n.Value, nil, n.Pos())
			}
		}
		return true
	})
	lc.errVar = lc.errorVar()
	lc.derived = map[types.Object]bool{}
	if lc.errVar == nil {
		return
	}
	lc.derived[lc.errVar] = true
	for range 4 { // a few rounds reach what chains of assignments derive
		ast.Inspect(lc.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					rhs := n.Rhs[min(i, len(n.Rhs)-1)]
					if obj := lc.objectOf(lhs); obj != nil && obj != lc.errVar && lc.mentionsDerived(rhs) {
						lc.derived[obj] = true
					}
				}
			case *ast.CallExpr:
				// errors.As(err, &target)
				if fn, ok := typeutil.Callee(lc.info(), n).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && fn.Name() == "As" && len(n.Args) == 2 && lc.mentionsDerived(n.Args[0]) {
					if u, ok := ast.Unparen(n.Args[1]).(*ast.UnaryExpr); ok && u.Op == token.AND {
						if obj := lc.objectOf(u.X); obj != nil {
							lc.derived[obj] = true
						}
					}
				}
			case *ast.TypeSwitchStmt:
				if as, ok := n.Assign.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && lc.mentionsDerived(as.Rhs[0]) {
					for _, cl := range n.Body.List {
						if obj := lc.info().Implicits[cl]; obj != nil {
							lc.derived[obj] = true
						}
					}
				}
			}
			return true
		})
	}
}

// inInit reports whether pos is in the loop's init statement, which runs
// once.
func (lc *loopCheck) inInit(pos token.Pos) bool {
	f, ok := lc.loop.(*ast.ForStmt)
	return ok && f.Init != nil && f.Init.Pos() <= pos && pos < f.Init.End()
}

// errorVar returns the variable that holds the retried call's error.
func (lc *loopCheck) errorVar() types.Object {
	c, ok := lc.cur.FindNode(lc.call)
	if !ok {
		return nil
	}
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	var last ast.Expr
	switch p := c.Parent().Node().(type) {
	case *ast.AssignStmt:
		if c.ParentEdgeKind() == edge.AssignStmt_Rhs && len(p.Rhs) == 1 {
			last = p.Lhs[len(p.Lhs)-1]
		}
	case *ast.ValueSpec:
		if c.ParentEdgeKind() == edge.ValueSpec_Values && len(p.Values) == 1 {
			last = p.Names[len(p.Names)-1]
		}
	}
	if last == nil {
		return nil
	}
	obj := lc.objectOf(last)
	if obj == nil || !types.Identical(obj.Type(), errorType) {
		return nil
	}
	return obj
}

var errorType = types.Universe.Lookup("error").Type()

// mentionsDerived reports whether e refers to the error or anything
// derived from it.
func (lc *loopCheck) mentionsDerived(e ast.Node) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && lc.derived[lc.info().Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

// isNilTest reports whether e is `v == nil` or `v != nil` (op) for a
// variable derived from the error.
func (lc *loopCheck) isNilTest(e ast.Expr) (token.Token, bool) {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return 0, false
	}
	isNil := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && id.Name == "nil" && lc.info().Uses[id] == types.Universe.Lookup("nil")
	}
	isErr := func(x ast.Expr) bool { return lc.derived[lc.objectOf(x)] }
	if isErr(b.X) && isNil(b.Y) || isNil(b.X) && isErr(b.Y) {
		return b.Op, true
	}
	return 0, false
}

// problems lists what is wrong with the loop, in message order, and
// returns the retry paths it found (for the fix).
func (lc *loopCheck) problems() ([]problem, *paths) {
	var out []problem
	var ps *paths
	if lc.errVar != nil {
		ps = lc.retryPaths() // without the error, no path can say what it retries
	}
	if ps != nil && !ps.unknown {
		v := lc.judgePaths(ps)
		if len(v.dead) > 0 {
			out = append(out, problem{catDeadTest, fmt.Sprintf("its retry test can never hold, as no error text of %s contains %s, so it never retries", lc.module, strings.Join(v.dead, " or "))})
		}
		if len(v.terminal) > 0 {
			out = append(out, problem{catTerminal, "it retries errors that never succeed: " + strings.Join(v.terminal, ", ")})
		}
		if v.retriesAll {
			out = append(out, problem{catRetryAll, "it retries every error, insufficient_quota, 400, 401, 403, 404 and context length included, which never succeed"})
		}
	}
	if !lc.bounded() {
		out = append(out, problem{catUnbounded, "nothing bounds its attempts or time, so it retries for as long as the error lasts"})
	}
	out = append(out, lc.waitProblems()...)
	return out, ps
}
