package brokenretry

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/format"
	"go/printer"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/astq"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// The fix replaces a retry loop of the canonical shape
//
//	for attempt := 0; attempt < N; attempt++ {
//		resp, err := client.X(ctx, req)
//		if err == nil {
//			S...   // ends in break (dropped) or return
//		}
//		if TEST {  // a test of the error
//			...    // wait, grow the delay; no return
//		} else {
//			F...   // ends in return
//		}
//	}
//
// (or `if TEST { ...; continue }; F...`, or `if !TEST { F... }; ...`) with
//
//	resp, err := oaiguard.Call(oaiguard.WithPolicy(ctx, oaiguard.Policy{MaxAttempts: N}), client.X, req)
//	if err != nil {
//		F...
//	}
//	S...
//
// The runtime retries what can succeed and keeps the loop's bound. What the
// loop did between attempts (waits, logging) goes; variables and imports
// that only it used go too, so that the result compiles. S and F are
// printed from the syntax tree with their comments, re-indented by whole
// tabs, so the fix needs no file contents (nogo gives none).

// shape is a canonical loop taken apart.
type shape struct {
	callStmt *ast.AssignStmt
	success  *ast.BlockStmt // S's block
	s        []ast.Stmt     // S without its final break
	sReturns bool
	// The tested form: F, the branch that gives up.
	fBlock *ast.BlockStmt // F's block (synthetic for `if TEST {...}; F...`)
	f      []ast.Stmt
	// The retry-everything form: what the failure part does besides
	// waiting, which then runs once, before the code after the loop.
	everything bool
	kept       []ast.Stmt
}

// fix returns the fix, the wrapper it uses and the attempts it keeps.
func (lc *loopCheck) fix(ps *paths) (analysis.SuggestedFix, string, string, bool) {
	var none analysis.SuggestedFix
	c := lc.c
	if lc.site == nil || ps == nil || ps.unknown || ps.label != nil || ps.start != 0 || lc.errVar == nil {
		return none, "", "", false
	}
	path, wrapper, ok := c.wrapper(lc.site)
	if !ok {
		return none, "", "", false
	}
	if _, ok := fixedit.WrapMethodCall(c.pass.Fset, c.info, lc.file, lc.call, "x", "y"); !ok {
		return none, "", "", false // not a method value whose types infer
	}
	attempts, ok := lc.attempts()
	if !ok {
		return none, "", "", false
	}
	sh, ok := lc.shape()
	if !ok || !lc.scopesOK(sh) {
		return none, "", "", false
	}
	block, ok := lc.cur.Parent().Node().(*ast.BlockStmt)
	if !ok || lc.cur.ParentEdgeKind() != edge.BlockStmt_List {
		return none, "", "", false
	}
	if !sh.sReturns && !sh.everything && lc.readAfter(block) {
		// Retries that run out leave the loop, and the code after it
		// tests the error; the runtime gives up into the error branch
		// instead, which would leave that code dead.
		return none, "", "", false
	}
	// What the fix replaces: the loop, and after a loop whose success
	// returns, the rest of its block, which the fix makes unreachable.
	from, to := lc.loop.Pos(), lc.loop.End()
	if sh.sReturns && !sh.everything {
		for _, st := range block.List {
			if st.Pos() >= lc.loop.End() {
				if _, labeled := st.(*ast.LabeledStmt); labeled {
					return none, "", "", false
				}
				to = st.End()
			}
		}
	}
	kept := []ast.Node{lc.call, sh.success}
	if sh.fBlock != nil {
		kept = append(kept, sh.fBlock)
	}
	for _, k := range sh.kept {
		kept = append(kept, k)
	}
	if f, ok := lc.loop.(*ast.ForStmt); ok {
		kept = append(kept, f.Cond.(*ast.BinaryExpr).Y)
	} else {
		kept = append(kept, lc.loop.(*ast.RangeStmt).X)
	}
	for _, l := range sh.callStmt.Lhs {
		kept = append(kept, l)
	}
	removed := region{from: from, to: to, kept: kept}

	im := fixedit.NewImports(c.pass.Fset, c.info, lc.file)
	rtName := im.Add(path, runtimeapi.ImportName(lc.site.Call.Module, lc.file), lc.loop.Pos())
	declEdits, extra, ok := lc.dropUnused(&removed)
	if !ok {
		return none, "", "", false
	}
	if !lc.dropImports(im, removed, extra) {
		return none, "", "", false
	}
	var edits []analysis.TextEdit
	text, ok := lc.replacement(sh, rtName, wrapper, attempts)
	if !ok {
		return none, "", "", false
	}
	edits = append(edits, analysis.TextEdit{Pos: from, End: to, NewText: []byte(text)})
	edits = append(edits, declEdits...)
	edits = append(edits, im.Edits()...)
	fix := analysis.SuggestedFix{
		Message:   "Replace the loop with " + runtimeapi.PackageName + "." + wrapper,
		TextEdits: edits,
	}
	return fix, runtimeapi.PackageName + "." + wrapper, attempts, true
}

// wrapper returns the runtime's import path and the wrapper for the call:
// only plain requests, since the loop's replacement assigns the call's
// results as the loop did.
func (c *checker) wrapper(s *apicalls.Site) (path, fn string, ok bool) {
	path = runtimeapi.Path(c.cfg.Runtime, s.Call.Module)
	if path == "" || (s.Call.Kind != sdk.Request && s.Call.Kind != sdk.Raw) {
		return "", "", false
	}
	fn, ok = runtimeapi.WrapperFor(s.Call)
	return path, fn, ok
}

// attempts returns the loop's bound as the text of MaxAttempts.
func (lc *loopCheck) attempts() (string, bool) {
	info := lc.info()
	var n ast.Expr
	lo, inclusive := int64(0), false
	switch l := lc.loop.(type) {
	case *ast.RangeStmt:
		if l.Value != nil {
			return "", false
		}
		n = l.X
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return "", false
		}
		i := lc.objectOf(init.Lhs[0])
		tv, ok := info.Types[init.Rhs[0]]
		if i == nil || !ok || tv.Value == nil {
			return "", false
		}
		lo, ok = constant.Int64Val(constant.ToInt(tv.Value))
		if !ok {
			return "", false
		}
		cond, ok := l.Cond.(*ast.BinaryExpr)
		if !ok || lc.objectOf(cond.X) != i || (cond.Op != token.LSS && cond.Op != token.LEQ) {
			return "", false
		}
		inclusive = cond.Op == token.LEQ
		if !isIncrement(l.Post, i, lc) || lc.assignedIn(lc.body, i) {
			return "", false
		}
		n = cond.Y
	}
	tv, ok := info.Types[n]
	if !ok {
		return "", false
	}
	if tv.Value != nil {
		hi, ok := constant.Int64Val(constant.ToInt(tv.Value))
		if !ok {
			return "", false
		}
		if inclusive {
			hi++
		}
		if hi-lo < 1 || hi-lo > 1000 {
			return "", false
		}
		return strconv.FormatInt(hi-lo, 10), true
	}
	if lc.hasEffects(n) {
		return "", false // the bound is evaluated once now, not per iteration
	}
	src := fixedit.Source(lc.c.pass.Fset, n)
	if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return "", false
	} else if b.Kind() != types.Int || types.Unalias(tv.Type) != types.Typ[types.Int] {
		src = "int(" + src + ")"
	}
	switch {
	case lo == 0 && !inclusive, lo == 1 && inclusive:
		return src, true
	case lo == 0 && inclusive:
		return src + " + 1", true
	}
	return "", false
}

func isIncrement(post ast.Stmt, i types.Object, lc *loopCheck) bool {
	switch p := post.(type) {
	case *ast.IncDecStmt:
		return p.Tok == token.INC && lc.objectOf(p.X) == i
	case *ast.AssignStmt:
		if p.Tok != token.ADD_ASSIGN || len(p.Lhs) != 1 || lc.objectOf(p.Lhs[0]) != i {
			return false
		}
		tv := lc.info().Types[p.Rhs[0]]
		return tv.Value != nil && tv.Value.ExactString() == "1"
	}
	return false
}

// assignedIn reports whether n assigns to obj.
func (lc *loopCheck) assignedIn(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if lc.objectOf(l) == obj {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if lc.objectOf(s.X) == obj {
				found = true
			}
		case *ast.UnaryExpr:
			if s.Op == token.AND && lc.objectOf(s.X) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// hasEffects reports a call other than a conversion or len in e.
func (lc *loopCheck) hasEffects(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			tv, known := lc.info().Types[call.Fun]
			if !known || !(tv.IsType() || tv.IsBuiltin() && isIdent(call.Fun, "len")) {
				found = true
			}
		}
		return !found
	})
	return found
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == name
}

// shape takes the loop body apart, or reports that it is not canonical.
func (lc *loopCheck) shape() (shape, bool) {
	var sh shape
	list := lc.body.List
	if len(list) < 2 {
		return sh, false
	}
	as, ok := list[0].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != lc.call {
		return sh, false
	}
	for _, l := range as.Lhs {
		if _, ok := l.(*ast.Ident); !ok {
			return sh, false
		}
	}
	sh.callStmt = as
	succ, ok := list[1].(*ast.IfStmt)
	if !ok || succ.Init != nil || succ.Else != nil || len(succ.Body.List) == 0 {
		return sh, false
	}
	if op, ok := lc.isNilTest(succ.Cond); !ok || op != token.EQL || lc.objectOf(nilTestVar(succ.Cond)) != lc.errVar {
		return sh, false
	}
	sh.success = succ.Body
	sh.s = succ.Body.List
	switch last := sh.s[len(sh.s)-1].(type) {
	case *ast.BranchStmt:
		if last.Tok != token.BREAK || last.Label != nil {
			return sh, false
		}
		sh.s = sh.s[:len(sh.s)-1]
	case *ast.ReturnStmt:
		sh.sReturns = true
	default:
		return sh, false
	}
	if branchesToLoop(sh.s) {
		return sh, false
	}
	rest := list[2:]
	if len(rest) == 0 {
		return lc.shapeEverything(sh, rest)
	}
	retry, ok := rest[0].(*ast.IfStmt)
	if !ok || retry.Init != nil || !lc.testsError(retry.Cond) {
		return lc.shapeEverything(sh, rest)
	}
	var retryPart []ast.Stmt
	switch {
	case len(rest) == 1 && retry.Else != nil:
		eb, ok := retry.Else.(*ast.BlockStmt)
		if !ok {
			return sh, false
		}
		retryPart, sh.fBlock, sh.f = retry.Body.List, eb, eb.List
	case len(rest) > 1 && retry.Else == nil && !astq.Leaves(lc.info(), retry.Body):
		retryPart = retry.Body.List
		sh.f = rest[1:]
		sh.fBlock = &ast.BlockStmt{Lbrace: retry.End(), List: sh.f, Rbrace: lc.body.Rbrace}
	case len(rest) > 1 && retry.Else == nil && astq.Leaves(lc.info(), retry.Body):
		// if !TEST { F... }; retry...
		sh.fBlock, sh.f = retry.Body, retry.Body.List
		retryPart = rest[1:]
	default:
		return sh, false
	}
	if len(sh.f) == 0 || !endsInReturn(lc.info(), sh.f) || returnsOrBreaks(retryPart) {
		// F must give up; the retry part must not leave the loop.
		return sh, false
	}
	if branchesToLoop(sh.s) || branchesToLoop(sh.f) {
		return sh, false
	}
	return sh, true
}

// shapeEverything takes apart the retry-everything form
//
//	for attempt := 0; attempt < N; attempt++ {
//		resp, err := client.X(ctx, req)
//		if err == nil {
//			S...          // ends in break or return
//		}
//		lastErr = err     // the failure part: no return, break or test
//		time.Sleep(delay) // that leaves; its waits go
//		delay *= 2
//	}
//	AFTER...              // runs when the attempts run out
//
// which becomes the runtime's call, then S on success, else what the
// failure part does besides waiting, then AFTER as before.
func (lc *loopCheck) shapeEverything(sh shape, rest []ast.Stmt) (shape, bool) {
	sh.everything = true
	if n := len(rest); n > 0 {
		if b, ok := rest[n-1].(*ast.BranchStmt); ok && b.Tok == token.CONTINUE && b.Label == nil {
			rest = rest[:n-1] // continue at the end changes nothing
		}
	}
	drop := map[ast.Stmt]bool{}
	delayVars := map[types.Object]bool{}
	for _, w := range lc.waits() {
		found := false
		for _, st := range rest {
			if es, ok := st.(*ast.ExprStmt); ok && ast.Unparen(es.X) == w.call {
				drop[st], found = true, true
			}
		}
		if !found {
			return sh, false // a wait inside another statement: keep out
		}
		if w.delay != nil {
			ast.Inspect(w.delay, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if v, ok := lc.info().Uses[id].(*types.Var); ok {
						delayVars[v] = true
					}
				}
				return true
			})
		}
	}
	// Statements that only grow the delay go with the waits.
	for _, st := range rest {
		switch st := st.(type) {
		case *ast.AssignStmt:
			all := st.Tok != token.DEFINE
			for _, l := range st.Lhs {
				all = all && delayVars[lc.objectOf(l)]
			}
			if all {
				drop[st] = true
			}
		case *ast.IncDecStmt:
			if delayVars[lc.objectOf(st.X)] {
				drop[st] = true
			}
		}
	}
	for _, st := range rest {
		if !drop[st] {
			sh.kept = append(sh.kept, st)
		}
	}
	if returnsOrBreaks(sh.kept) || branchesToLoop(sh.kept) {
		return sh, false
	}
	for _, st := range sh.kept {
		if _, ok := st.(*ast.DeclStmt); ok {
			return sh, false
		}
	}
	return sh, true
}

func nilTestVar(e ast.Expr) ast.Expr {
	b := ast.Unparen(e).(*ast.BinaryExpr)
	if isNilLit(b.X) {
		return b.Y
	}
	return b.X
}

// testsError reports whether a condition tests the error beyond nil.
func (lc *loopCheck) testsError(e ast.Expr) bool {
	for _, a := range atoms(cond{x: e}) {
		if _, nilTest := lc.isNilTest(a.x); !nilTest && lc.mentionsDerived(a.x) {
			return true
		}
	}
	return false
}

func endsInReturn(info *types.Info, stmts []ast.Stmt) bool {
	switch s := stmts[len(stmts)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		return astq.IsExit(info, s.X)
	}
	return false
}

// returnsOrBreaks reports a return, goto or break in stmts that would
// leave the loop early (outside function literals).
func returnsOrBreaks(stmts []ast.Stmt) bool {
	found := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Tok == token.GOTO {
					found = true
				}
			}
			return !found
		})
	}
	breaks, _ := loopBranches(stmts)
	return found || breaks
}

// branchesToLoop reports a break or continue in stmts that refers to the
// loop being replaced.
func branchesToLoop(stmts []ast.Stmt) bool {
	breaks, continues := loopBranches(stmts)
	return breaks || continues
}

// loopBranches reports the breaks and continues in stmts that refer to the
// enclosing loop: unlabeled ones outside nested loops (and, for break,
// switches and selects), and labeled ones, whose label we do not follow.
func loopBranches(stmts []ast.Stmt) (breaks, continues bool) {
	var walk func(n ast.Node, inLoop, inSwitch bool)
	walk = func(n ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(m, true, inSwitch)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, inLoop, true)
				return false
			case *ast.BranchStmt:
				switch {
				case m.Tok == token.BREAK && (m.Label != nil || !inLoop && !inSwitch):
					breaks = true
				case m.Tok == token.CONTINUE && (m.Label != nil || !inLoop):
					continues = true
				}
			}
			return true
		})
	}
	for _, s := range stmts {
		walk(&ast.BlockStmt{List: []ast.Stmt{s}}, false, false)
	}
	return breaks, continues
}

// scopesOK checks that moving the call statement and S out of the loop
// changes what no identifier refers to, and that S and F read nothing
// declared by the loop but the call's results.
func (lc *loopCheck) scopesOK(sh shape) bool {
	info := lc.info()
	inLoopDecl := func(obj types.Object) bool {
		return obj != nil && lc.loop.Pos() <= obj.Pos() && obj.Pos() < lc.loop.End()
	}
	results := map[types.Object]bool{}
	for _, l := range sh.callStmt.Lhs {
		if obj := lc.objectOf(l); obj != nil {
			results[obj] = true
		}
	}
	for _, part := range [][]ast.Stmt{sh.s, sh.f, sh.kept} {
		for _, st := range part {
			bad := false
			ast.Inspect(st, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					obj := info.Uses[id]
					if inLoopDecl(obj) && !results[obj] && !(st.Pos() <= obj.Pos() && obj.Pos() < st.End()) && !lc.declaredIn(part, obj) {
						bad = true
					}
				}
				return !bad
			})
			if bad {
				return false
			}
		}
	}
	block := lc.cur.Parent().Node()
	scope := info.Scopes[block]
	switch fn := lc.cur.Parent().Parent().Node().(type) {
	case *ast.FuncDecl:
		scope = info.Scopes[fn.Type]
	case *ast.FuncLit:
		scope = info.Scopes[fn.Type]
	}
	if scope == nil {
		return false
	}
	// Names the fix declares in the loop's block: the call's results (for
	// :=) and S's top-level declarations.
	var names []*ast.Ident
	if sh.callStmt.Tok == token.DEFINE {
		for _, l := range sh.callStmt.Lhs {
			if id := l.(*ast.Ident); id.Name != "_" {
				names = append(names, id)
			}
		}
	}
	atTop := sh.s
	if sh.everything && sh.sReturns {
		atTop = append(slices.Clip(sh.s), sh.kept...) // both end up in the loop's block
	} else if sh.everything {
		atTop = nil // S and the kept part go into branches of an if
	}
	for _, st := range atTop {
		switch s := st.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						names = append(names, id)
					}
				}
			}
		case *ast.DeclStmt:
			return false // var/const/type declarations: keep it simple
		}
	}
	for _, id := range names {
		if scope.Lookup(id.Name) != nil {
			return false
		}
		if _, outer := scope.LookupParent(id.Name, lc.loop.Pos()); outer != nil {
			return false
		}
	}
	return true
}

func (lc *loopCheck) declaredIn(stmts []ast.Stmt, obj types.Object) bool {
	for _, s := range stmts {
		if s.Pos() <= obj.Pos() && obj.Pos() < s.End() {
			return true
		}
	}
	return false
}

// region is the text the fix removes: [from, to) except the kept nodes,
// which it prints again, plus declarations it deletes.
type region struct {
	from, to token.Pos
	kept     []ast.Node
	extra    []ast.Node
}

func (r region) contains(pos token.Pos) bool {
	in := r.from <= pos && pos < r.to
	for _, k := range r.kept {
		if k != nil && k.Pos() <= pos && pos < k.End() {
			in = false
		}
	}
	for _, e := range r.extra {
		if e.Pos() <= pos && pos < e.End() {
			in = true
		}
	}
	return in
}

// dropUnused finds the local variables that only the removed code read
// and returns edits deleting their declarations, which must be simple
// statements of a block around the loop with side-effect-free values. A
// deleted declaration may leave another variable unread: it repeats until
// nothing changes.
func (lc *loopCheck) dropUnused(r *region) ([]analysis.TextEdit, []ast.Node, bool) {
	var edits []analysis.TextEdit
	var extra []ast.Node
	done := map[*types.Var]bool{}
	for {
		vars, ok := lc.unread(r, done)
		if !ok {
			return nil, nil, false
		}
		if len(vars) == 0 {
			return edits, extra, true
		}
		for _, v := range vars {
			done[v] = true
			decl, block := lc.declOf(v)
			if decl == nil || !simpleDecl(lc.info(), decl, v) {
				return nil, nil, false
			}
			edit, ok := lc.deleteLines(block, decl)
			if !ok {
				return nil, nil, false
			}
			extra = append(extra, decl)
			r.extra = append(r.extra, decl)
			edits = append(edits, edit)
		}
	}
}

// unread returns the local variables, declared outside the loop and not yet
// handled, that the removed code refers to and nothing else reads. It fails
// for one that is still written but no longer read, which would not compile.
func (lc *loopCheck) unread(r *region, done map[*types.Var]bool) ([]*types.Var, bool) {
	info := lc.info()
	var candidates []*types.Var
	seen := map[*types.Var]bool{}
	ast.Inspect(lc.fn, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || !r.contains(id.Pos()) {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || seen[v] || done[v] || v.IsField() || v.Pos() < lc.fn.Pos() || v.Pos() >= lc.fn.End() || lc.isParam(v) {
			return true
		}
		if lc.loop.Pos() <= v.Pos() && v.Pos() < lc.loop.End() {
			return true // declared by the loop: goes with it
		}
		seen[v] = true
		candidates = append(candidates, v)
		return true
	})
	var out []*types.Var
	for _, v := range candidates {
		reads, writes := 0, 0
		ast.Inspect(lc.fn, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if info.Uses[n] == v && !r.contains(n.Pos()) {
					reads++
				}
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && info.Uses[id] == v && !r.contains(id.Pos()) {
							writes++
						}
					}
				}
			}
			return true
		})
		switch {
		case reads-writes > 0:
			// Still read: stays.
		case reads > 0:
			return nil, false // written but never read
		default:
			out = append(out, v)
		}
	}
	return out, true
}

// declOf returns the statement that declares v and the block that holds
// it, when that block encloses the loop and the statement comes before it.
func (lc *loopCheck) declOf(v *types.Var) (ast.Stmt, *ast.BlockStmt) {
	dc, ok := lc.c.defCursor(v)
	if !ok {
		return nil, nil
	}
	for sc := range dc.Enclosing() {
		if sc.ParentEdgeKind() != edge.BlockStmt_List {
			continue
		}
		block := sc.Parent().Node().(*ast.BlockStmt)
		st, _ := sc.Node().(ast.Stmt)
		if st == nil || st.End() > lc.loop.Pos() || !(block.Pos() <= lc.loop.Pos() && lc.loop.End() <= block.End()) {
			return nil, nil
		}
		return st, block
	}
	return nil, nil
}

// deleteLines deletes the line of st, a one-line statement of block, and a
// blank line after it when it stands between blank lines or at the top of
// the block, as gofmt would not keep two blank lines or a leading one.
func (lc *loopCheck) deleteLines(block *ast.BlockStmt, st ast.Stmt) (analysis.TextEdit, bool) {
	tf := lc.c.pass.Fset.File(st.Pos())
	line := tf.Line(st.Pos())
	if tf.Line(st.End()) != line || line+2 > tf.LineCount() {
		return analysis.TextEdit{}, false
	}
	i := slices.Index(block.List, st)
	prevLine := tf.Line(block.Lbrace)
	if i > 0 {
		prevLine = tf.Line(block.List[i-1].End())
	}
	nextLine := tf.Line(block.Rbrace)
	if i+1 < len(block.List) {
		nextLine = tf.Line(block.List[i+1].Pos())
	}
	commented := map[int]bool{}
	for _, cg := range lc.file.Comments {
		for l := tf.Line(cg.Pos()); l <= tf.Line(cg.End()); l++ {
			commented[l] = true
		}
	}
	if commented[line] {
		return analysis.TextEdit{}, false // a comment on the line would go too
	}
	blankBefore := line-1 > prevLine && !commented[line-1]
	blankAfter := line+1 < nextLine && !commented[line+1]
	end := tf.LineStart(line + 1)
	if blankAfter && (blankBefore || i == 0) {
		end = tf.LineStart(line + 2)
	}
	return analysis.TextEdit{Pos: tf.LineStart(line), End: end}, true
}

func (lc *loopCheck) isParam(v *types.Var) bool {
	var ft *ast.FuncType
	switch f := lc.fn.(type) {
	case *ast.FuncDecl:
		ft = f.Type
	case *ast.FuncLit:
		ft = f.Type
	}
	return ft != nil && ft.Pos() <= v.Pos() && v.Pos() < ft.End()
}

// simpleDecl reports whether st declares only v, with a value that has no
// effect to keep: constants, conversions and arithmetic of them.
func simpleDecl(info *types.Info, st ast.Stmt, v *types.Var) bool {
	var values []ast.Expr
	switch s := st.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE || len(s.Lhs) != 1 || info.Defs[s.Lhs[0].(*ast.Ident)] != v {
			return false
		}
		values = s.Rhs
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return false
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != 1 || info.Defs[vs.Names[0]] != v {
			return false
		}
		values = vs.Values
	default:
		return false
	}
	for _, val := range values {
		pure := true
		ast.Inspect(val, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
					pure = false
				}
			}
			return pure
		})
		if !pure {
			return false
		}
	}
	return true
}

// dropImports deletes the imports that only the removed code used.
func (lc *loopCheck) dropImports(im *fixedit.Imports, r region, extra []ast.Node) bool {
	info := lc.info()
	used := map[*types.PkgName]int{}
	removed := map[*types.PkgName]int{}
	ast.Inspect(lc.file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		pn, ok := info.Uses[id].(*types.PkgName)
		if !ok {
			return true
		}
		if r.contains(id.Pos()) {
			removed[pn]++
		} else {
			used[pn]++
		}
		return true
	})
	var pkgs []*types.PkgName
	for pn := range removed {
		if used[pn] == 0 {
			pkgs = append(pkgs, pn)
		}
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Pos() < pkgs[j].Pos() })
	for _, pn := range pkgs {
		var spec *ast.ImportSpec
		for _, s := range lc.file.Imports {
			if info.PkgNameOf(s) == pn {
				spec = s
			}
		}
		if spec == nil || !im.Delete(spec) {
			return false
		}
	}
	return true
}

// replacement prints the code that takes the loop's place, indented for
// the loop's column.
func (lc *loopCheck) replacement(sh shape, rtName, wrapper, attempts string) (string, bool) {
	fset := lc.c.pass.Fset
	if tv, ok := lc.c.pass.TypesInfo.Types[lc.call.Args[0]]; ok && tv.IsNil() {
		return "", false // WithPolicy(nil, …) panics, as context.WithValue does
	}
	var b strings.Builder
	var lhs []string
	for _, l := range sh.callStmt.Lhs {
		lhs = append(lhs, l.(*ast.Ident).Name)
	}
	tok := sh.callStmt.Tok.String()
	b.WriteString(strings.Join(lhs, ", ") + " " + tok + " " + rtName + "." + wrapper + "(" +
		rtName + ".WithPolicy(" + fixedit.Source(fset, lc.call.Args[0]) + ", " + rtName + ".Policy{MaxAttempts: " + attempts + "}), " +
		fixedit.Source(fset, lc.call.Fun))
	for _, a := range lc.call.Args[1:] {
		b.WriteString(", " + fixedit.Source(fset, a))
	}
	b.WriteString(")\n")
	errName := lhs[len(lhs)-1]
	if !sh.everything {
		f, ok := lc.printStmts(sh.fBlock, sh.f, 1)
		if !ok {
			return "", false
		}
		b.WriteString("if " + errName + " != nil {\n" + f + "}\n")
		if len(sh.s) > 0 {
			s, ok := lc.printStmts(sh.success, sh.s, 0)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
	} else {
		s, ok1 := lc.printStmts(sh.success, sh.s, 1)
		keptDepth := 1
		if sh.sReturns {
			keptDepth = 0
		}
		kept, ok2 := lc.printEach(sh.kept, keptDepth)
		if !ok1 || !ok2 {
			return "", false
		}
		switch {
		case sh.sReturns:
			b.WriteString("if " + errName + " == nil {\n" + s + "}\n" + kept)
		case s != "" && kept != "":
			b.WriteString("if " + errName + " == nil {\n" + s + "} else {\n" + kept + "}\n")
		case s != "":
			b.WriteString("if " + errName + " == nil {\n" + s + "}\n")
		case kept != "":
			b.WriteString("if " + errName + " != nil {\n" + kept + "}\n")
		}
	}
	text := strings.TrimSuffix(b.String(), "\n")
	if strings.Contains(text, "/*") || strings.Contains(text, "`") {
		return "", false // re-indenting could change a raw string or block comment
	}
	// Every line but the first (which starts where the loop did) gets the
	// loop's indentation.
	indent := strings.Repeat("\t", fset.Position(lc.loop.Pos()).Column-1)
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, "\n"), true
}

// printStmts prints stmts, which stand in block, with the comments among
// them, at the given depth (in tabs) and ending in a newline.
func (lc *loopCheck) printStmts(block *ast.BlockStmt, stmts []ast.Stmt, depth int) (string, bool) {
	var buf bytes.Buffer
	node := &printer.CommentedNode{
		Node:     &ast.BlockStmt{Lbrace: block.Lbrace, List: stmts, Rbrace: block.Rbrace},
		Comments: lc.file.Comments,
	}
	if err := format.Node(&buf, lc.c.pass.Fset, node); err != nil {
		return "", false
	}
	lines := strings.Split(buf.String(), "\n")
	if len(lines) < 2 || lines[0] != "{" || lines[len(lines)-1] != "}" {
		return "", false
	}
	inner := lines[1 : len(lines)-1]
	// Blank lines where a dropped break stood, or at the block's edges.
	for len(inner) > 0 && inner[0] == "" {
		inner = inner[1:]
	}
	for len(inner) > 0 && inner[len(inner)-1] == "" {
		inner = inner[:len(inner)-1]
	}
	var b strings.Builder
	for _, l := range inner {
		if l != "" {
			l = strings.TrimPrefix(l, "\t")
			l = strings.Repeat("\t", depth) + l
		}
		b.WriteString(l + "\n")
	}
	return b.String(), true
}

// printEach prints each statement with the comments inside it, at the
// given depth; comments between them, which may belong to dropped
// statements, are not printed.
func (lc *loopCheck) printEach(stmts []ast.Stmt, depth int) (string, bool) {
	var b strings.Builder
	for _, st := range stmts {
		var buf bytes.Buffer
		if err := format.Node(&buf, lc.c.pass.Fset, &printer.CommentedNode{Node: st, Comments: lc.file.Comments}); err != nil {
			return "", false
		}
		for _, l := range strings.Split(buf.String(), "\n") {
			if l != "" {
				l = strings.Repeat("\t", depth) + l
			}
			b.WriteString(l + "\n")
		}
	}
	return b.String(), true
}

// readAfter reports whether a statement of block after the loop branches
// on the loop's error variable (an if or switch that reads it): code that
// handles retries running out. One that only passes it on (return resp,
// err) does what the error branch does with it.
func (lc *loopCheck) readAfter(block *ast.BlockStmt) bool {
	reads := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && lc.c.info.Uses[id] == lc.errVar {
				found = true
			}
			return !found
		})
		return found
	}
	found := false
	for _, st := range block.List {
		if st.Pos() < lc.loop.End() {
			continue
		}
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IfStmt:
				found = found || reads(n.Cond) || n.Init != nil && reads(n.Init)
			case *ast.SwitchStmt:
				found = found || n.Tag != nil && reads(n.Tag) || n.Init != nil && reads(n.Init)
			case *ast.TypeSwitchStmt:
				found = found || reads(n.Assign)
			case *ast.CaseClause:
				for _, e := range n.List {
					found = found || reads(e)
				}
			}
			return !found
		})
	}
	return found
}
