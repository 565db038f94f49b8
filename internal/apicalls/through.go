package apicalls

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// through returns the sites of a call, at cur, of a function or method of
// another package that leaves API calls to its callers: one per kind of
// call it leads to (SDK family and whether openai-go's retries are on).
func (a *finder) through(cur inspector.Cursor, file *ast.File) []*Site {
	call := cur.Node().(*ast.CallExpr)
	fn := a.calleeFunc(call)
	if fn == nil {
		// A variable that holds a function or method value.
		fn = a.funcValue(call.Fun)
	}
	if fn == nil {
		return nil
	}
	f := a.importedFunc(fn)
	var value ast.Expr // the function value handed to a retrier
	var around *Layer  // that retrier's layer
	if f == nil || len(f.Calls) == 0 {
		// A function handed the value of one that leaves API calls to
		// its callers (gen.Call(ctx, c.Ask, q)) calls it; a retrier
		// (retryutil.Do(ctx, c.Ask)) is a layer around that value.
		fn, f, value, around = a.handed(call, fn)
		if f == nil {
			return nil
		}
	}
	var out []*Site
	var layers []Layer
	walked := false
	seen := map[callKind]bool{}
	for _, c := range f.Calls {
		k := kindOf(c)
		if seen[k] || !a.builtBy(call, c.Only) {
			continue
		}
		seen[k] = true
		s := throughSite(c, cur, file, fn.Origin())
		if value != nil {
			// The value stands for its call, which the retrier makes:
			// the site is the value (c.Ask), its first layer the
			// retrier, as for a literal that calls c.Ask.
			s.Expr = &ast.CallExpr{Fun: value, Lparen: value.End(), Rparen: value.End()}
		}
		if !walked {
			layers, walked = a.layersAt(cur, s), true
			if around != nil {
				layers = append([]Layer{*around}, layers...)
			}
		}
		s.Layers = append(s.Layers, layers...)
		out = append(out, s)
	}
	return out
}

// builtBy reports whether the receiver of call, a method call, is built
// by one of the functions only names (CallFact.Only): every value the
// package gives it is a call of one of them. An empty only holds for any
// receiver; a receiver out of sight holds for none, so that a call whose
// client may be a retrying one stays silent.
func (a *finder) builtBy(call *ast.CallExpr, only string) bool {
	if only == "" {
		return true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || a.info().Selections[sel] == nil {
		return false
	}
	names := strings.Split(only, ", ")
	defs, complete := a.definitions(sel.X)
	if !complete || len(defs) == 0 {
		return false
	}
	for _, d := range defs {
		dc, ok := ast.Unparen(d).(*ast.CallExpr)
		if !ok {
			return false
		}
		fn := a.calleeFunc(dc)
		if fn == nil || !slices.Contains(names, qualified(fn.Origin())) {
			return false
		}
	}
	return true
}

// ownInterfaceSites returns the sites of calls, with retry handling
// around them, of methods of interfaces the package declares whose
// implementations in the package make API calls with none of their own: a
// decorator that retries its inner Chat (kubectl-ai's retryChat) around an
// implementation on openai-go, in one package. Calls with no retry
// handling are left out: the implementation's call is judged (or left to
// other packages) where it is. The same for an interface of another
// package that a type of this one implements and is converted to in
// sight, whose calls with no retry handling are sites too: the facts of
// the interface's package do not know the implementation.
func (a *finder) ownInterfaceSites(res *Result) []*Site {
	byFunc := map[*types.Func][]CallFact{}
	for _, list := range [][]*Site{res.Sites, res.Through} {
		for _, s := range list {
			if !s.Unretried() {
				continue
			}
			fn := a.enclosingDecl(s.Cursor)
			if fn == nil || fn.Signature().Recv() == nil {
				continue
			}
			fact := CallFact{
				Call: types.ExprString(s.Expr.Fun), Pkg: a.pass.Pkg.Path(), Func: qualified(fn),
				Kind: s.Call.Kind, Family: s.Call.Family, Module: s.Call.Module, OneShot: s.Call.OneShot,
				SDKRetries: s.SDKRetries, Only: s.Only,
			}
			if s.Via != nil {
				fact = s.Via.Call
				fact.Only = "" // builtBy judged it at the call
			}
			fact.SDKRetries.Pos = token.NoPos
			byFunc[fn] = appendNew(byFunc[fn], fact)
		}
	}
	if len(byFunc) == 0 {
		return nil
	}
	var out []*Site
	for _, file := range a.pass.Files {
		fc, ok := a.in.Root().FindNode(file)
		if !ok {
			continue
		}
		for cur := range fc.Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			m := a.calleeFunc(call)
			if m == nil || m.Pkg() == nil {
				continue
			}
			iface := interfaceOf(m)
			if iface == nil {
				continue
			}
			// An interface of another package that an implementation of
			// this one is converted to in sight (flowsTo): the facts of
			// the interface's package do not know the implementation, so
			// its call with no retry handling is judged here.
			foreign := m.Pkg() != a.pass.Pkg
			var calls []CallFact
			for _, fn := range slices.SortedFunc(maps.Keys(byFunc), func(x, y *types.Func) int { return strings.Compare(funcKey(x), funcKey(y)) }) {
				if fn.Name() == m.Name() && implements(fn, iface) && (!foreign || a.flowsTo(fn, m) && a.leftToAllCallers(fn)) {
					for _, c := range byFunc[fn] {
						if a.builtBy(call, c.Only) && (!foreign || !a.throughHas(res, call, c)) {
							calls = appendNew(calls, c)
						}
					}
				}
			}
			if len(calls) == 0 {
				continue
			}
			sortCalls(calls)
			var layers []Layer
			seen := map[callKind]bool{}
			for i, c := range calls {
				k := kindOf(c)
				if seen[k] {
					continue
				}
				seen[k] = true
				s := throughSite(c, cur, file, m)
				if i == 0 {
					layers = a.layersAt(cur, s)
					if len(layers) == 0 && !foreign {
						break // nothing around it: the implementation's call is judged
					}
				}
				s.Layers = append(s.Layers, layers...)
				out = append(out, s)
			}
		}
	}
	return out
}

// throughHas reports whether res.Through already has a site of the kind
// of c at call (from the facts of the interface's package).
func (a *finder) throughHas(res *Result, call *ast.CallExpr, c CallFact) bool {
	for _, s := range res.Through {
		if s.Expr == call && kindOf(s.Via.Call) == kindOf(c) {
			return true
		}
	}
	return false
}

// funcValue returns the function or method e is the value of: a method
// value (c.Ask), a function (pkg.F), or a variable every definition in
// sight of which is the value of that one function; nil otherwise.
func (a *finder) funcValue(e ast.Expr) *types.Func {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.SelectorExpr:
		if sel := a.info().Selections[x]; sel != nil {
			if sel.Kind() == types.FieldVal {
				break
			}
			fn, _ := sel.Obj().(*types.Func)
			return fn
		}
		fn, _ := a.info().Uses[x.Sel].(*types.Func)
		return fn
	case *ast.IndexExpr: // an instantiation: F[T]
		return a.funcValue(x.X)
	case *ast.IndexListExpr:
		return a.funcValue(x.X)
	case *ast.Ident:
		if fn, ok := a.info().Uses[x].(*types.Func); ok {
			return fn
		}
	}
	if _, ok := a.objectOf(e).(*types.Var); !ok {
		return nil
	}
	defs, complete := a.definitions(e)
	if !complete || len(defs) == 0 {
		return nil
	}
	var out *types.Func
	for _, d := range defs {
		if _, ok := a.objectOf(d).(*types.Var); ok {
			return nil
		}
		fn := a.funcValue(d)
		if fn == nil || out != nil && fn != out {
			return nil
		}
		out = fn
	}
	return out
}

// handed returns the function of another package that leaves API calls to
// its callers, and its fact, that call is handed as an argument (a method
// value, a function, a variable holding one), when the callee fn, a
// function of another package that is no SDK function and no retrier,
// returns what the value returns (passesOn): the callee is taken to call
// it and return what it returns (a generic wrapper), unlike one that keeps
// it for later (a handler's registration that returns only an error, a
// goroutine's start). A registration of a value that returns only an
// error, itself returning only an error, is still taken as a call: its
// type does not tell them apart, and its body is out of sight.
//
// When the callee is a retrier (a retry library, or a helper whose name
// says it retries), it also returns the value's expression and the
// retrier's layer: the value is called there, under that layer.
func (a *finder) handed(call *ast.CallExpr, fn *types.Func) (*types.Func, *Func, ast.Expr, *Layer) {
	if fn.Pkg() == nil || fn.Pkg() == a.pass.Pkg || !resultIsError(fn.Signature()) {
		return nil, nil, nil, nil // the package's own functions: their calls of the value are sites
	}
	if _, _, ok := sdk.ModuleOf(fn.Pkg().Path()); ok {
		return nil, nil, nil, nil
	}
	for _, arg := range call.Args {
		t := a.info().TypeOf(arg)
		if t == nil {
			continue
		}
		sig, ok := t.Underlying().(*types.Signature)
		if !ok || !resultIsError(sig) || !passesOn(a.info().TypeOf(call), sig.Results()) {
			continue
		}
		g := a.funcValue(arg)
		if g == nil {
			continue
		}
		if f := a.importedFunc(g); f != nil && len(f.Calls) > 0 {
			if l, ok := a.retrier(call); ok {
				return g, f, arg, &l
			}
			if l, ok := a.retryHelper(call); ok {
				return g, f, arg, &l
			}
			return g, f, nil, nil
		}
	}
	return nil, nil, nil, nil
}

// passesOn reports whether a call's results (of type got: a tuple, or
// the one result's type) are those of a function value it is handed, as a
// wrapper that calls the value returns them: as many, each of the same
// type. A registration that keeps a func(ctx, Q) (T, error) and returns
// only an error (router.Handle("x", svc.Ask)) does not pass them on.
func passesOn(got types.Type, want *types.Tuple) bool {
	var res []types.Type
	switch t := got.(type) {
	case *types.Tuple:
		for i := range t.Len() {
			res = append(res, t.At(i).Type())
		}
	case nil:
		return false
	default:
		res = []types.Type{t}
	}
	if len(res) != want.Len() {
		return false
	}
	for i, t := range res {
		if !types.Identical(t, want.At(i).Type()) {
			return false
		}
	}
	return true
}

// resultIsError reports whether sig's last result is an error.
func resultIsError(sig *types.Signature) bool {
	res := sig.Results()
	return res.Len() > 0 && types.Identical(res.At(res.Len()-1).Type(), errorType)
}

// deferAll marks the sites with no retry handling that callers in other
// packages may retry, and returns the calls each exported function leaves
// to its callers.
func (a *finder) deferAll(res *Result) map[*types.Func][]CallFact {
	out := map[*types.Func][]CallFact{}
	if a.pass.Pkg.Name() == "main" {
		return out
	}
	a.index()
	a.deferTo = map[*types.Func][]*types.Func{}
	for _, list := range [][]*Site{res.Sites, res.Through} {
		for _, s := range list {
			http := httpOnly(s)
			if !s.Unretried() && http == nil {
				continue
			}
			fn := a.enclosingDecl(s.Cursor)
			if fn == nil {
				continue
			}
			exports := a.deferral(fn)
			if len(exports) == 0 {
				continue
			}
			s.Deferred = true
			fact := CallFact{
				Call: types.ExprString(s.Expr.Fun), Pkg: a.pass.Pkg.Path(), Func: qualified(fn),
				Kind: s.Call.Kind, Family: s.Call.Family, Module: s.Call.Module, OneShot: s.Call.OneShot,
				SDKRetries: s.SDKRetries, Only: s.Only,
			}
			if s.Via != nil {
				fact = s.Via.Call
				fact.Only = "" // builtBy judged it at the call
			} else if http != nil {
				fact.HTTPClient, fact.HTTPAttempts = http.Name, http.Attempts
			}
			fact.SDKRetries.Pos = token.NoPos
			for _, e := range exports {
				out[e] = appendNew(out[e], fact)
			}
		}
	}
	return out
}

func appendNew(list []CallFact, c CallFact) []CallFact {
	for _, x := range list {
		if x == c {
			return list
		}
	}
	return append(list, c)
}

// enclosingDecl returns the function declared around the code at cur,
// when the code runs as part of it: no function literal lies between them
// but those called in place.
func (a *finder) enclosingDecl(cur inspector.Cursor) *types.Func {
	for c := cur.Parent(); c.Node() != nil; c = c.Parent() { // Root has no parent: package-level code reaches it
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			if c.ParentEdgeKind() != edge.CallExpr_Fun {
				return nil
			}
		case *ast.FuncDecl:
			fn, _ := a.info().Defs[n.Name].(*types.Func)
			return fn
		}
	}
	return nil
}

// deferral returns the exported functions that leave fn's API calls to
// their callers in other packages: fn itself when it is exported, else
// the exported functions that every use of fn, a call, is made in. A
// function used otherwise, or by nobody, or that returns no error (its
// callers never see a failure to retry), defers to nobody.
func (a *finder) deferral(fn *types.Func) []*types.Func {
	if r, ok := a.deferTo[fn]; ok {
		return r // nil while in progress: recursion defers to nobody
	}
	a.deferTo[fn] = nil
	if !resultIsError(fn.Signature()) || a.nilError(fn) {
		// No error goes back to the callers: they cannot retry a
		// failure, and the call is judged where it is.
		return nil
	}
	if fn.Exported() {
		a.deferTo[fn] = []*types.Func{fn}
		return a.deferTo[fn]
	}
	var out []*types.Func
	uses := a.uses[fn]
	if len(uses) == 0 {
		return nil
	}
	for _, id := range uses {
		if a.inTest(id.Pos()) {
			continue // a test is no caller whose retries matter
		}
		uc, ok := a.in.Root().FindByPos(id.Pos(), id.End())
		if !ok {
			return nil
		}
		if uc.ParentEdgeKind() == edge.SelectorExpr_Sel {
			uc = uc.Parent()
		}
		if uc.ParentEdgeKind() != edge.CallExpr_Fun {
			return nil
		}
		g := a.enclosingDecl(uc.Parent())
		if g == nil {
			return nil
		}
		r := a.deferral(g)
		if len(r) == 0 {
			return nil
		}
		for _, e := range r {
			if !containsFunc(out, e) {
				out = append(out, e)
			}
		}
	}
	a.deferTo[fn] = out
	return out
}

// nilError reports whether every return of fn (declared in the package)
// returns a literal nil as its error: a handler that logs the error and
// answers with it in a field (k8sgpt's query.Handler.Query) leaves its
// callers nothing to retry.
func (a *finder) nilError(fn *types.Func) bool {
	fd := a.decls[fn]
	if fd == nil || fd.Body == nil {
		return false
	}
	n := fn.Signature().Results().Len()
	isNil := true
	ast.Inspect(fd.Body, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			if len(x.Results) != n {
				isNil = false // a bare return or a call's results
			} else if id, ok := ast.Unparen(x.Results[n-1]).(*ast.Ident); !ok || a.info().Uses[id] != types.Universe.Lookup("nil") {
				isNil = false
			}
		}
		return isNil
	})
	return isNil
}

// inTest reports whether pos is in a _test.go file: go vet analyses a
// package's test variant, where tests call unexported helpers. Their
// calls neither retry nor leave anything to retry, so that the variant
// judges the helpers as the package does.
func (a *finder) inTest(pos token.Pos) bool {
	f := a.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func containsFunc(list []*types.Func, fn *types.Func) bool {
	for _, f := range list {
		if f == fn {
			return true
		}
	}
	return false
}

// throughSite is the site, at the call at cur, of the API call c that the
// callee fn leaves to its callers.
func throughSite(c CallFact, cur inspector.Cursor, file *ast.File, fn *types.Func) *Site {
	var layers []Layer
	if c.HTTPClient != "" {
		// Below the SDK, wherever the call is: innermost.
		layers = []Layer{{Kind: HTTPClient, Name: c.HTTPClient, Attempts: c.HTTPAttempts, Pos: cur.Node().Pos()}}
	}
	return &Site{
		Layers:     layers,
		Call:       &sdk.Call{Kind: c.Kind, Family: c.Family, Module: c.Module, OneShot: c.OneShot},
		Expr:       cur.Node().(*ast.CallExpr),
		Cursor:     cur,
		File:       file,
		SDKRetries: c.SDKRetries,
		Via:        &Via{Func: qualified(fn), Call: c, Interface: interfaceOf(fn) != nil},
	}
}

// callKind is what a call through a function leads to: one site per
// kind (SDK module, and how openai-go retries).
type callKind struct {
	module   string
	count    int
	explicit bool
	http     string
}

func kindOf(c CallFact) callKind {
	return callKind{c.Module, c.SDKRetries.Count, c.SDKRetries.Explicit, c.HTTPClient}
}

// httpOnly returns the retrying HTTP client layer of a site retried by
// nothing else: the call still leaves retrying, or not, to its callers,
// whose layers stack on that client's (and the SDK's own retries).
func httpOnly(s *Site) *Layer {
	if len(s.Layers) != 1 || s.Layers[0].Kind != HTTPClient || s.Call.Kind == sdk.NextPage {
		return nil
	}
	return &s.Layers[0]
}

// ownCall is a call, outside test files, of one of the package's own
// exported functions or methods that return an error: the walk over the
// package's calls collects them for ownExportedSites.
type ownCall struct {
	cur  inspector.Cursor
	file *ast.File
	fn   *types.Func
}

// ownCallOf returns the call at cur as an ownCall, if it is one.
func (a *finder) ownCallOf(cur inspector.Cursor, file *ast.File) (ownCall, bool) {
	fn := a.calleeFunc(cur.Node().(*ast.CallExpr))
	if fn == nil || fn.Pkg() != a.pass.Pkg || !fn.Exported() || !resultIsError(fn.Signature()) || a.inTest(file.Pos()) {
		return ownCall{}, false
	}
	return ownCall{cur, file, fn.Origin()}, true
}

// ownExportedSites returns the sites of the package's own calls (cands)
// of its exported functions and methods that leave API calls to their
// callers: deferAll leaves such a call to callers in other packages, but
// the package's own callers are callers too (a handler that calls the
// package's exported Ask and logs the error; an exported Use that passes
// Ask's error on, and so leaves the call to its own callers). They are
// found to a fixed point, since a site in an exported function defers its
// call in turn.
func (a *finder) ownExportedSites(res *Result, cands []ownCall) []*Site {
	if len(cands) == 0 {
		return nil
	}
	var out []*Site
	type key struct {
		call *ast.CallExpr
		kind callKind
	}
	seen := map[key]bool{}
	layers := map[*ast.CallExpr][]Layer{}
	for {
		facts := a.deferAll(&Result{Sites: res.Sites, Through: append(slices.Clip(res.Through), out...)})
		added := false
		for _, c := range cands {
			calls := facts[c.fn]
			sortCalls(calls)
			for _, f := range calls {
				call := c.cur.Node().(*ast.CallExpr)
				k := key{call, kindOf(f)}
				if seen[k] || !a.builtBy(call, f.Only) {
					continue
				}
				seen[k] = true
				s := throughSite(f, c.cur, c.file, c.fn)
				l, ok := layers[call]
				if !ok {
					l = a.layersAt(c.cur, s)
					layers[call] = l
				}
				s.Layers = append(s.Layers, l...)
				out = append(out, s)
				added = true
			}
		}
		if !added {
			return out
		}
	}
}
