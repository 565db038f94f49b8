package apicalls

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/astq"
	"github.com/oaiguard/oaiguard/internal/retrylib"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// layersAt walks outwards from an API call to the enclosing function and
// collects the retry handling on the way.
func (a *finder) layersAt(cur inspector.Cursor, s *Site) []Layer {
	var layers []Layer
	for c := cur.Parent(); c.Node() != nil; c = c.Parent() { // Root has no parent: package-level code reaches it
		switch n := c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if l, ok := a.retryLoop(c, s); ok {
				layers = append(layers, l)
			}
		case *ast.BlockStmt:
			if l, ok := a.gotoRetry(n, s); ok {
				layers = append(layers, l)
			}
		case *ast.FuncLit:
			if l, ok := a.funcValueRetried(c); ok {
				return append(layers, l)
			}
			// A literal called in place runs where it stands: keep going.
			if c.ParentEdgeKind() == edge.CallExpr_Fun {
				continue
			}
			return layers
		case *ast.FuncDecl:
			if fn, ok := a.info().Defs[n.Name].(*types.Func); ok {
				if a.leftToAllCallers(fn) {
					// Other packages call it too: its own callers that
					// retry it are no reason to take theirs as retried.
					// ownExportedSites judges each of its callers in the
					// package as a caller.
					s.OwnRetried = len(a.callersRetry(fn)) > 0
				} else {
					layers = append(layers, a.callersRetry(fn)...)
				}
			}
			return layers
		}
	}
	return layers
}

// retrier returns the retry layer a call to fn stands for: a known retry
// library, or oaiguard's runtime.
func (a *finder) retrier(call *ast.CallExpr) (Layer, bool) {
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() == nil {
		return Layer{}, false
	}
	if h, ok := retrylib.Lookup(fn); ok {
		attempts, unbounded, maybeOnce := h.Attempts, false, false
		if n, unb, set := a.configuredAttempts(call, h); set {
			// Set by a count not known here (a variable, options out of
			// sight): maybe one attempt.
			maybeOnce = n == 0 && !unb
			if n == 1 {
				// Configured to one attempt (backoff.WithMaxRetries(b, 0),
				// retry.Attempts(1), &backoff.StopBackOff{}): it retries
				// nothing, as retryablehttp with RetryMax 0.
				return Layer{}, false
			}
			attempts, unbounded = n, unb
		}
		return Layer{Kind: Library, Name: h.Display, Pos: call.Pos(), Attempts: attempts, Unbounded: unbounded, MaybeOnce: maybeOnce, Node: call}, true
	}
	if isRuntime(fn) {
		return Layer{Kind: Runtime, Name: runtimeapi.PackageName + "." + fn.Name(), Pos: call.Pos(), Node: call}, true
	}
	return Layer{}, false
}

// isRuntime recognises the generated runtime wherever it lives: a checked-in
// copy or one that `oaiguard gen` wrote into the user's module.
func isRuntime(fn *types.Func) bool {
	if fn.Pkg().Name() != runtimeapi.PackageName || fn.Signature().Recv() != nil {
		return false
	}
	name := fn.Name()
	return name == "Do" || strings.HasPrefix(name, "Call") || strings.HasPrefix(name, "Exec") || strings.HasPrefix(name, "Stream")
}

// funcValueRetried reports whether the function value at c (a literal, or a
// named function) is handed to a retrier, directly or through a local
// variable.
func (a *finder) funcValueRetried(c inspector.Cursor) (Layer, bool) {
	if l, ok := a.argOfRetrier(c); ok {
		return l, true
	}
	// op := func() error {...}; backoff.Retry(op, b)
	var lhs ast.Expr
	switch p := c.Parent().Node().(type) {
	case *ast.AssignStmt:
		if k, i := c.ParentEdge(); k == edge.AssignStmt_Rhs && len(p.Lhs) == len(p.Rhs) {
			lhs = p.Lhs[i]
		}
	case *ast.ValueSpec:
		if k, i := c.ParentEdge(); k == edge.ValueSpec_Values && len(p.Names) == len(p.Values) {
			lhs = p.Names[i]
		}
	}
	id, ok := lhs.(*ast.Ident)
	if !ok {
		return Layer{}, false
	}
	v := a.info().Defs[id]
	if v == nil {
		v = a.info().Uses[id]
	}
	if v == nil {
		return Layer{}, false
	}
	// The variable is local: look for its uses in the enclosing function.
	scope := c.Parent()
	for f := range c.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		scope = f
		break
	}
	for uc := range scope.Preorder((*ast.Ident)(nil)) {
		if a.info().Uses[uc.Node().(*ast.Ident)] != v {
			continue
		}
		if l, ok := a.argOfRetrier(uc); ok {
			return l, true
		}
	}
	return Layer{}, false
}

// argOfRetrier reports whether the expression at c is an argument of a call
// to a retrier.
func (a *finder) argOfRetrier(c inspector.Cursor) (Layer, bool) {
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.CallExpr_Args {
		return Layer{}, false
	}
	call := c.Parent().Node().(*ast.CallExpr)
	if l, ok := a.retrier(call); ok {
		return l, true
	}
	return a.retryHelper(call)
}

// retryHelper returns the layer of a call, given a function that makes the
// API call, to a function no list knows but whose name says it retries:
// in-house retry packages and the long tail of retry libraries.
func (a *finder) retryHelper(call *ast.CallExpr) (Layer, bool) {
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() == nil {
		return Layer{}, false
	}
	if _, _, ok := sdk.ModuleOf(fn.Pkg().Path()); ok {
		return Layer{}, false
	}
	if _, ok := retrylib.Lookup(fn); ok {
		// A known library is judged by its configuration (retrier),
		// never by its name: one configured to a single attempt retries
		// nothing.
		return Layer{}, false
	}
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		name = recvName(recv.Type()) + "." + name
	}
	display := name
	if fn.Pkg() != a.pass.Pkg {
		display = fn.Pkg().Name() + "." + name
	}
	// A package's own function is judged by its name only: in a package
	// called retry, not every function retries, but other packages call
	// into it for that.
	if !RetryName(fn.Name()) && (fn.Pkg() == a.pass.Pkg || !RetryName(fn.Pkg().Name())) {
		return Layer{}, false
	}
	if fn.Pkg() == a.pass.Pkg && a.runsOnce(fn) {
		// Its body is in sight and calls the function it is given once,
		// with no loop: whatever its name, it retries nothing.
		return Layer{}, false
	}
	return Layer{Kind: Helper, Name: "an unknown retry helper " + display, Pos: call.Pos(), Node: call, Unknown: true}, true
}

// RetryNamePatterns are the name parts, matched case-insensitively, that
// make a function or package a retry helper of unknown policy.
var RetryNamePatterns = []string{"retry", "retries", "retrier", "backoff", "resilience", "resilient"}

// retryNegations are the words that, just before a retry word, say that a
// name does not retry: withoutRetry, noRetry, skip_backoff, disableRetries.
var retryNegations = []string{"without", "no", "skip", "disable", "disabled", "dont", "never", "non"}

// RetryName reports whether a function or package name says it retries:
// one of RetryNamePatterns, not negated (withoutRetry, noRetry, skipRetry
// and disableRetries say the opposite).
func RetryName(name string) bool {
	name = strings.ReplaceAll(strings.ToLower(name), "_", "")
	for _, p := range RetryNamePatterns {
		for i := 0; ; {
			j := strings.Index(name[i:], p)
			if j < 0 {
				break
			}
			before := name[:i+j]
			negated := false
			for _, w := range retryNegations {
				if strings.HasSuffix(before, w) {
					negated = true
				}
			}
			if !negated {
				return true
			}
			i += j + len(p)
		}
	}
	return false
}

// runsOnce reports whether fn, a function of the package, visibly runs the
// functions it is given at most once: its body has no loop and no goto,
// calls no retrier (a known library, the runtime, or another function whose
// name says it retries), and uses each parameter of function type only to
// call it, once in all, outside any function literal.
func (a *finder) runsOnce(fn *types.Func) bool {
	a.index()
	fd := a.decls[fn]
	if fd == nil || fd.Body == nil {
		return false
	}
	params := map[types.Object]bool{}
	for i := 0; i < fn.Signature().Params().Len(); i++ {
		p := fn.Signature().Params().At(i)
		if _, ok := p.Type().Underlying().(*types.Signature); ok {
			params[p] = true
		}
	}
	if len(params) == 0 {
		return false
	}
	ok, calls := true, 0
	called := map[*ast.Ident]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
			ok = false
		case *ast.BranchStmt:
			if x.Tok == token.GOTO {
				ok = false
			}
		case *ast.CallExpr:
			if id, isID := ast.Unparen(x.Fun).(*ast.Ident); isID && params[a.info().Uses[id]] {
				called[id] = true
				calls++
			} else if g := a.calleeFunc(x); g != nil && g.Pkg() != nil {
				if _, lib := retrylib.Lookup(g); lib || isRuntime(g) || g == fn || RetryName(g.Name()) {
					ok = false
				}
			}
		case *ast.Ident:
			if params[a.info().Uses[x]] && !called[x] {
				// Handed on or stored: out of sight.
				ok = false
			}
		}
		return ok
	})
	return ok && calls <= 1
}

// recvName is the name of a method's receiver type, without pointer or type
// arguments.
func recvName(t types.Type) string {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return "?"
}

// callersRetry reports whether every use of fn in the package is a call that
// is retried, or hands fn to a retrier, and returns the layers around the
// use that makes the most attempts (moreAttempts), innermost first: all of them, so that a loop in a caller
// that a retry library runs in turn (casibase's backoff.Retry around
// queryVectorSafe's 10 attempts) counts as two layers. A function nobody
// in the package calls is not retried as far as we can see.
func (a *finder) callersRetry(fn *types.Func) []Layer {
	if ans, ok := a.callers[fn]; ok {
		return ans.layers // also breaks recursion: in progress means no
	}
	ans := &callersAnswer{}
	a.callers[fn] = ans
	a.index()
	uses := a.uses[fn]
	if len(uses) == 0 {
		return nil
	}
	var first []Layer
	var all [][]Layer // the layers around each use
	for _, id := range uses {
		if a.inTest(id.Pos()) {
			continue
		}
		uc, ok := a.in.Root().FindByPos(id.Pos(), id.End())
		if !ok {
			return nil
		}
		// Climb from the identifier to the expression that denotes fn:
		// f, pkg.f, x.m.
		if uc.ParentEdgeKind() == edge.SelectorExpr_Sel {
			uc = uc.Parent()
		}
		if l, ok := a.argOfRetrier(uc); ok {
			if first == nil || moreAttempts([]Layer{l}, first) {
				first = []Layer{l}
			}
			all = append(all, []Layer{l})
			continue
		}
		if uc.ParentEdgeKind() != edge.CallExpr_Fun {
			return nil // stored or passed on: we cannot follow it
		}
		call := uc.Parent()
		site := &Site{Expr: call.Node().(*ast.CallExpr)}
		layers := a.layersAt(call, site)
		if len(layers) == 0 {
			return nil
		}
		if first == nil || moreAttempts(layers, first) {
			first = layers
		}
		all = append(all, layers)
	}
	if first == nil {
		return nil // used by tests only
	}
	for _, l := range first {
		if l.Kind != Callers { // a layer of the callers' callers keeps its name
			l = Layer{Kind: Callers, Name: "its callers (" + l.Name + ")", Pos: l.Pos, Attempts: l.Attempts, Unbounded: l.Unbounded, Node: l.Node, Retried: l.Retried, Unknown: l.Unknown}
		}
		ans.layers = append(ans.layers, l)
	}
	// The loops around the other uses retry the call too.
	var also []Layer
	for _, ls := range all {
		if len(ls) > 0 && len(first) > 0 && &ls[0] == &first[0] {
			continue
		}
		for _, l := range ls {
			if l.Kind == Loop || l.Kind == Callers {
				also = append(also, Layer{Kind: Callers, Name: "its callers (" + l.Name + ")", Pos: l.Pos, Attempts: l.Attempts, Unbounded: l.Unbounded, Node: l.Node, Retried: l.Retried, Unknown: l.Unknown})
			}
		}
	}
	if len(ans.layers) > 0 {
		ans.layers[0].Also = also
	}
	return ans.layers
}

// moreAttempts reports whether the layers x make more attempts than y, so
// that a helper retried by several callers is counted at its worst: a
// layer with no bound first, then one of unknown count (N), then the
// larger product of the counts.
func moreAttempts(x, y []Layer) bool {
	weigh := func(ls []Layer) (unbounded bool, unknown, product int) {
		product = 1
		for _, l := range ls {
			switch {
			case l.Unbounded:
				unbounded = true
			case l.Attempts > 0:
				product *= l.Attempts
			default:
				unknown++
			}
		}
		return
	}
	ux, nx, px := weigh(x)
	uy, ny, py := weigh(y)
	if ux != uy {
		return ux
	}
	if nx != ny {
		return nx > ny
	}
	return px > py
}

// leftToAllCallers reports whether fn's API calls are left to its callers
// wherever they are (deferral defers them to fn itself): it is exported,
// outside package main, and returns an error that is not always nil.
func (a *finder) leftToAllCallers(fn *types.Func) bool {
	a.index() // nilError reads the declarations
	return a.pass.Pkg.Name() != "main" && fn.Exported() && resultIsError(fn.Signature()) && !a.nilError(fn)
}

// gotoRetry reports whether block holds a loop made with goto around the
// call: a label on a statement of block before the call, and after the
// call a `goto` to it under an if whose condition reads an error, with the
// call's arguments (but the context) declared before the label, and
// amended on the way only if the code waits, as retryLoop asks of loops.
// Its Node is the labeled statement: brokenretry judges the loop as it
// judges a for loop (with no fix), and the layer keeps unretried from
// wrapping a call already retried.
func (a *finder) gotoRetry(block *ast.BlockStmt, s *Site) (Layer, bool) {
	for i, st := range block.List {
		if st.Pos() > s.Expr.Pos() {
			break
		}
		ls, ok := st.(*ast.LabeledStmt)
		if !ok {
			continue
		}
		label := a.info().Defs[ls.Label]
		if label == nil {
			continue
		}
		var jump *ast.BranchStmt
		ast.Inspect(block, func(n ast.Node) bool {
			if jump != nil {
				return false
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			ifs, ok := n.(*ast.IfStmt)
			if !ok || ifs.Pos() < s.Expr.End() || !a.readsError(ifs.Cond) {
				return true
			}
			ast.Inspect(ifs.Body, func(m ast.Node) bool {
				if b, ok := m.(*ast.BranchStmt); ok && b.Tok == token.GOTO && b.Label != nil && a.info().Uses[b.Label] == label {
					jump = b
				}
				return jump == nil
			})
			return jump == nil
		})
		if jump == nil {
			continue
		}
		region := &ast.BlockStmt{Lbrace: ls.Pos(), List: block.List[i:], Rbrace: jump.End()}
		fresh := func(obj types.Object) bool {
			return obj != nil && obj.Pos().IsValid() && ls.Pos() <= obj.Pos() && obj.Pos() < jump.Pos()
		}
		if !a.sameRequest(s, fresh, nil, region) {
			return Layer{}, false
		}
		return Layer{Kind: Loop, Name: "a retry loop made with goto " + ls.Label.Name, Pos: ls.Pos(), Node: ls, Retried: s.Expr}, true
	}
	return Layer{}, false
}

var errorType = types.Universe.Lookup("error").Type()

// readsError reports whether e mentions a value of type error.
func (a *finder) readsError(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := a.info().Uses[id].(*types.Var); ok && types.Identical(v.Type(), errorType) {
				found = true
			}
		}
		return !found
	})
	return found
}

// retryLoop reports whether the loop at c calls the API again after the
// call fails: a loop over attempts (not over items) whose error branch goes
// on to the next iteration.
func (a *finder) retryLoop(c inspector.Cursor, s *Site) (Layer, bool) {
	var body *ast.BlockStmt
	var loopVars []types.Object
	attempts := 0
	// bounded says the loop has a bound, which attempts counts when it is
	// a constant: without one, it may allow a single attempt.
	bounded := false
	// over says whether the loop's bound is the length of something: a
	// loop over items by index, not over attempts.
	over := false
	switch n := c.Node().(type) {
	case *ast.ForStmt:
		body = n.Body
		attempts, bounded = a.forBound(n), n.Cond != nil
		if cond, ok := n.Cond.(*ast.BinaryExpr); ok {
			over = a.isLen(cond.Y) || a.isLen(cond.X)
		}
		if as, ok := n.Init.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if obj := a.objectOf(l); obj != nil {
					loopVars = append(loopVars, obj)
				}
			}
		}
	case *ast.RangeStmt:
		// Only `for range n` counts attempts; ranging over items is a
		// batch, where skipping a failed item is not a retry.
		t := a.info().TypeOf(n.X)
		if t == nil {
			return Layer{}, false
		}
		if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return Layer{}, false
		}
		body = n.Body
		over, bounded = a.isLen(n.X), true
		if tv, ok := a.info().Types[n.X]; ok && tv.Value != nil {
			if v, ok := constant.Int64Val(tv.Value); ok {
				attempts = int(v)
			}
		}
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if obj := a.objectOf(e); obj != nil {
				loopVars = append(loopVars, obj)
			}
		}
	}
	// A call whose arguments change with the iteration sends a different
	// request each time: that is a batch, not a retry. Arguments taken
	// from the loop's variables or declared in its body always change; a
	// request that the body only amends (msgs = msgs[1:] after a context
	// length error, params.Tools = nil) is still retried when the loop
	// waits between attempts, as chat loops and batches do not.
	fresh := func(obj types.Object) bool {
		if obj == nil || !obj.Pos().IsValid() {
			return false
		}
		for _, lv := range loopVars {
			if lv == obj {
				return true
			}
		}
		return body.Pos() <= obj.Pos() && obj.Pos() < body.End()
	}
	// The attempt's number (or a number computed from it alone), handed
	// to a function of the module as a timeout or a log line, does not
	// make the request another: casibase's queryVectorWithContext(p,
	// text, i, lang) in `for i := 0; i < 10; i++`. In a loop over the
	// items of a slice by index, it picks the item.
	counter := func(obj types.Object) bool {
		if over || !slices.Contains(loopVars, obj) {
			return false
		}
		b, ok := obj.Type().Underlying().(*types.Basic)
		return ok && b.Info()&types.IsInteger != 0
	}
	if !a.sameRequest(s, fresh, counter, body) {
		return Layer{}, false
	}
	errVar := a.errorVar(c, s)
	if errVar == nil {
		return Layer{}, false
	}
	if !a.continuesOnError(body, errVar) {
		return Layer{}, false
	}
	if attempts == 1 {
		// A constant bound of one attempt (`i < maxAttempts` with
		// maxAttempts = 1): it retries nothing, as retry.Attempts(1).
		return Layer{}, false
	}
	return Layer{Kind: Loop, Name: "a retry loop", Pos: c.Node().Pos(), Attempts: attempts, MaybeOnce: bounded && attempts == 0, Node: c.Node(), Retried: s.Expr}, true
}

// sameRequest reports whether a loop over body calls s again with the same
// request: no argument but the context (a fresh ctx per attempt is common
// in retry loops) takes a value fresh in each pass, and one that the body
// amends (msgs = msgs[1:] after a context length error) only when the
// body also waits, as retries do and chat loops and batches do not. A
// number computed from the loop's counters alone (counter; nil for none)
// is no request, when the call is not an SDK call (whose arguments are
// the request) and the number indexes nothing (texts[i] is an item).
func (a *finder) sameRequest(s *Site, fresh, counter func(types.Object) bool, body *ast.BlockStmt) bool {
	args := s.Expr.Args
	if len(args) > 0 {
		args = args[1:]
	}
	amended := false
	for i, arg := range args {
		if counter != nil && (s.Call == nil || s.Via != nil) && a.counterNumber(arg, fresh, counter) && !a.picks(s.Expr, i+1) {
			continue
		}
		varying := false
		ast.Inspect(arg, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				obj := a.info().Uses[id]
				if fresh(obj) {
					varying = true
				} else if obj != nil && a.assignedIn(body, obj) {
					amended = true
				}
			}
			return !varying
		})
		if varying {
			return false
		}
	}
	return !amended || astq.Waits(a.info(), body)
}

// picks reports whether the parameter of the package's own function that
// receives argument i of call indexes or slices something in its body
// (prompts[i]): the number picks an item, and each pass sends another
// request, whatever bounds the loop. A function of another package is not
// seen into: its number is taken as an attempt's (a timeout).
func (a *finder) picks(call *ast.CallExpr, i int) bool {
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() != a.pass.Pkg {
		return false
	}
	a.index()
	fd := a.decls[fn]
	params := fn.Signature().Params()
	if fd == nil || fd.Body == nil || i >= params.Len() || fn.Signature().Variadic() && i >= params.Len()-1 {
		return false
	}
	param := params.At(i)
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IndexExpr:
			found = a.mentions(x.Index, param)
		case *ast.SliceExpr:
			for _, e := range []ast.Expr{x.Low, x.High, x.Max} {
				found = found || e != nil && a.mentions(e, param)
			}
		}
		return !found
	})
	return found
}

// counterNumber reports whether arg is a number whose only values fresh
// in each pass are loop counters, and that indexes nothing: an attempt's
// number or a timeout computed from it (time.Duration(30+i*2)*time.Second).
func (a *finder) counterNumber(arg ast.Expr, fresh, counter func(types.Object) bool) bool {
	t := a.info().TypeOf(arg)
	if t == nil {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsNumeric == 0 {
		return false
	}
	ok := true
	ast.Inspect(arg, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr, *ast.FuncLit:
			ok = false
		case *ast.CallExpr:
			// Conversions only: a call may read anything.
			if tv, isType := a.info().Types[n.Fun]; !isType || !tv.IsType() {
				ok = false
			}
		case *ast.Ident:
			if obj := a.info().Uses[n]; fresh(obj) && !counter(obj) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// isLen reports whether e is a call of the builtin len.
func (a *finder) isLen(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := a.info().Uses[id].(*types.Builtin)
	return ok && b.Name() == "len"
}

// assignedIn reports whether body assigns to obj or to a field or element
// of it (req.Messages = append(req.Messages, m)): a request built up from
// one iteration to the next, as in a chat loop, is not sent again as is.
func (a *finder) assignedIn(body *ast.BlockStmt, obj types.Object) bool {
	found := false
	root := func(e ast.Expr) types.Object {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.Ident:
				return a.info().Uses[x]
			default:
				return nil
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if root(l) == obj {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if root(n.X) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// forBound returns the passes of a counted loop whose start, bound and
// step are constants and whose body leaves the counter alone: 3 for
// `for i := 0; i < 3; i++`, `for i := 0; i < 6; i += 2` and
// `for i := 3; i > 0; i--` (<= and >= too); 0 otherwise.
func (a *finder) forBound(n *ast.ForStmt) int {
	cond, ok := n.Cond.(*ast.BinaryExpr)
	if !ok {
		return 0
	}
	as, ok := n.Init.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return 0
	}
	v := a.objectOf(as.Lhs[0])
	if v == nil || a.objectOf(cond.X) != v {
		return 0
	}
	start, ok := a.constInt64(as.Rhs[0])
	if !ok {
		return 0
	}
	bound, ok := a.constInt64(cond.Y)
	if !ok {
		return 0
	}
	// The step: i++, i--, i += k, i -= k with a constant k.
	var step int64
	switch p := n.Post.(type) {
	case *ast.IncDecStmt:
		if a.objectOf(p.X) != v {
			return 0
		}
		step = 1
		if p.Tok == token.DEC {
			step = -1
		}
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 || a.objectOf(p.Lhs[0]) != v {
			return 0
		}
		k, ok := a.constInt64(p.Rhs[0])
		if !ok || k <= 0 {
			return 0
		}
		switch p.Tok {
		case token.ADD_ASSIGN:
			step = k
		case token.SUB_ASSIGN:
			step = -k
		default:
			return 0
		}
	default:
		return 0
	}
	// The body must not write the counter: its passes are then the
	// counter's values from start while the condition holds.
	written := false
	ast.Inspect(n.Body, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				written = written || a.objectOf(l) == v
			}
		case *ast.IncDecStmt:
			written = written || a.objectOf(x.X) == v
		case *ast.UnaryExpr:
			written = written || x.Op == token.AND && a.objectOf(x.X) == v
		}
		return !written
	})
	if written {
		return 0
	}
	var span int64 // the values the counter takes, counted from 0
	switch {
	case step > 0 && cond.Op == token.LSS:
		span = bound - start
	case step > 0 && cond.Op == token.LEQ:
		span = bound - start + 1
	case step < 0 && cond.Op == token.GTR:
		span = start - bound
	case step < 0 && cond.Op == token.GEQ:
		span = start - bound + 1
	default:
		return 0
	}
	if step < 0 {
		step = -step
	}
	if span <= 0 {
		return 0
	}
	passes := (span + step - 1) / step
	if passes > 1000 {
		return 0
	}
	return int(passes)
}

// errorVar returns the variable that holds the call's error inside the loop
// at loop: `resp, err := call(...)` or `err = call(...)`. For openai-go
// streams and pagers, which return no error, it is the variable assigned
// from x.Err() where x holds the call's result.
func (a *finder) errorVar(loop inspector.Cursor, s *Site) types.Object {
	c, ok := loop.FindNode(s.Expr)
	if !ok {
		return nil
	}
	for c.ParentEdgeKind() == edge.ParenExpr_X {
		c = c.Parent()
	}
	if c.ParentEdgeKind() != edge.AssignStmt_Rhs {
		return nil
	}
	as := c.Parent().Node().(*ast.AssignStmt)
	if len(as.Rhs) != 1 || len(as.Lhs) == 0 {
		return nil
	}
	last := a.objectOf(as.Lhs[len(as.Lhs)-1])
	if last != nil && types.Identical(last.Type(), errorType) {
		return last
	}
	// A stream or pager: find `err := x.Err()` in the loop.
	if last == nil {
		return nil
	}
	var errv types.Object
	ast.Inspect(loop.Node(), func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || len(as.Lhs) != 1 || errv != nil {
			return errv == nil
		}
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" && a.objectOf(sel.X) == last {
			errv = a.objectOf(as.Lhs[0])
		}
		return true
	})
	return errv
}

// continuesOnError reports whether a failure recorded in errVar leads to the
// next iteration. The forms:
//
//   - `if err != nil { ... }` whose branch does not leave the loop, or
//     that holds a `continue` of this loop (retry if retryable, else
//     return);
//   - `if err == nil { ...; break }`, also as `if err == nil || !ok(err)`:
//     only success (or giving up) leaves;
//   - a switch whose case on err does not leave the loop or continues it.
func (a *finder) continuesOnError(body *ast.BlockStmt, errVar types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			// A nested loop's break and continue are its own: a loop that
			// runs a retry loop per item is not itself a retry loop.
			return false
		case *ast.IfStmt:
			if !a.mentions(n.Cond, errVar) {
				return true
			}
			if a.successTest(n.Cond, errVar) {
				// Success leaves the loop; failure falls through.
				found = astq.Leaves(a.info(), n.Body)
			} else {
				found = !astq.Leaves(a.info(), n.Body) || continues(n.Body)
			}
		case *ast.SwitchStmt:
			for _, cc := range n.Body.List {
				cc := cc.(*ast.CaseClause)
				onErr := false
				for _, e := range cc.List {
					onErr = onErr || a.mentions(e, errVar) && !a.isNilTest(e, errVar, token.EQL)
				}
				if n.Tag != nil && a.mentions(n.Tag, errVar) {
					onErr = true
				}
				body := &ast.BlockStmt{List: cc.Body}
				// In a case, a plain break leaves the switch, not the loop.
				if onErr && (!leavesLoopFromCase(a.info(), body) || continues(body)) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// successTest reports whether cond holds when the call succeeded: `err ==
// nil`, possibly or-ed with other conditions (`err == nil || !retryable(err)`).
func (a *finder) successTest(cond ast.Expr, errVar types.Object) bool {
	if a.isNilTest(cond, errVar, token.EQL) {
		return true
	}
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	return ok && b.Op == token.LOR && (a.successTest(b.X, errVar) || a.successTest(b.Y, errVar))
}

// continues reports whether b holds a `continue` of the loop it is in: not
// one of a nested loop or function literal.
func continues(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.CONTINUE && n.Label == nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// leavesLoopFromCase is leaves for the body of a switch case, where a plain
// break leaves only the switch.
func leavesLoopFromCase(info *types.Info, b *ast.BlockStmt) bool {
	if len(b.List) > 0 {
		if br, ok := b.List[len(b.List)-1].(*ast.BranchStmt); ok && br.Tok == token.BREAK && br.Label == nil {
			return false
		}
	}
	return astq.Leaves(info, b)
}

// mentions reports whether e refers to obj.
func (a *finder) mentions(e ast.Expr, obj types.Object) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && a.info().Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// isNilTest reports whether e is `obj OP nil`.
func (a *finder) isNilTest(e ast.Expr, obj types.Object, op token.Token) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || b.Op != op {
		return false
	}
	isObj := func(x ast.Expr) bool { return a.objectOf(x) == obj }
	isNil := func(x ast.Expr) bool { id, ok := ast.Unparen(x).(*ast.Ident); return ok && id.Name == "nil" }
	return isObj(b.X) && isNil(b.Y) || isNil(b.X) && isObj(b.Y)
}
