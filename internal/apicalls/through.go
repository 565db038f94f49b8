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

	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/retrylib"
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
		c, ok := a.judgedAs(call, c)
		k := kindOf(c)
		if !ok || seen[k] {
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

// judgedAs returns the API call c as a caller at call sees it: c itself
// when its receiver is built by one of the functions c.Only names (or
// Only is empty); the call as it is retried on the clients of c.Else's
// functions, their SDK retries and retrying HTTP client, when it is built
// by one of those (ai.NewO().Ask, where NewOffline's clients do not
// retry and NewO's keep openai-go's retries: a loop around it stacks on
// them). A receiver that may hold a value of either (an if/else between
// ai.NewPlain and ai.NewRetrying) is judged as Only's: the plain value
// reaches the call too. False for a receiver that neither names, or that
// may hold a value from out of sight.
func (a *finder) judgedAs(call *ast.CallExpr, c CallFact) (CallFact, bool) {
	if a.builtBy(call, c.Only) {
		return c, true
	}
	if len(c.Else) == 0 {
		return CallFact{}, false
	}
	for _, b := range c.Else {
		if a.builtBy(call, b.Funcs) {
			e := c
			e.Only, e.Else, e.Plain = "", nil, c.Only
			e.SDKRetries = b.SDKRetries
			e.HTTPClient, e.HTTPAttempts = b.HTTPClient, b.HTTPAttempts
			return e, true
		}
	}
	all := make([]string, len(c.Else))
	for i, b := range c.Else {
		all[i] = b.Funcs
	}
	others := strings.Join(all, ", ")
	// Each value built by one or the other (if cfg.Plain { c =
	// ai.NewPlain() } else { c = ai.NewRetrying() }): the plain one
	// reaches the call, where it is unretried. Values of Else's
	// functions alone, retried differently, leave it unjudged.
	if a.builtBy(call, c.Only+", "+others) && !a.builtBy(call, others) {
		return c, true
	}
	return CallFact{}, false
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
	fun := ast.Unparen(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		// f := ai.NewPlain(k).Ask; f(ctx, q): the method value.
		if vals, complete := a.definitions(id); complete && len(vals) == 1 {
			fun = ast.Unparen(vals[0])
		}
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || a.info().Selections[sel] == nil {
		return false
	}
	x := sel.X
	if a.info().Selections[sel].Kind() == types.MethodExpr {
		// (*ai.Client).Ask(c, ctx, q): the receiver is the first argument.
		if fun != ast.Unparen(call.Fun) || len(call.Args) == 0 {
			return false
		}
		x = call.Args[0]
	}
	names := strings.Split(only, ", ")
	defs, complete := a.definitions(x)
	if !complete || len(defs) == 0 {
		return false
	}
	if idx := a.info().Selections[sel].Index(); len(idx) == 2 {
		// w.Ask promoted from w's embedded field: the values given to
		// that field in w's literals.
		var inner []ast.Expr
		for _, d := range defs {
			v := a.literalField(d, idx[0])
			if v == nil {
				return false
			}
			vs, complete := a.definitions(v)
			if !complete {
				return false
			}
			inner = append(inner, vs...)
		}
		defs = inner
	}
	return a.allBuiltBy(defs, names, 0)
}

// onceValueFunc returns the function literal given to sync.OnceValue (or
// OnceValues) that the variable called by dc holds, or nil.
func (a *finder) onceValueFunc(dc *ast.CallExpr) *ast.FuncLit {
	id, ok := ast.Unparen(dc.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	vals, complete := a.definitions(id)
	if !complete || len(vals) != 1 {
		return nil
	}
	oc, ok := ast.Unparen(vals[0]).(*ast.CallExpr)
	if !ok || len(oc.Args) != 1 {
		return nil
	}
	fn := a.calleeFunc(oc)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || fn.Name() != "OnceValue" && fn.Name() != "OnceValues" {
		return nil
	}
	lit, _ := ast.Unparen(oc.Args[0]).(*ast.FuncLit)
	return lit
}

// compositeLit returns the composite literal d is, or takes the address
// of (&T{...}), or nil.
func compositeLit(d ast.Expr) *ast.CompositeLit {
	d = ast.Unparen(d)
	if u, ok := d.(*ast.UnaryExpr); ok && u.Op == token.AND {
		d = ast.Unparen(u.X)
	}
	cl, _ := d.(*ast.CompositeLit)
	return cl
}

// literalField returns the value that the struct literal d (or &d) gives
// its i-th field, or nil.
func (a *finder) literalField(d ast.Expr, i int) ast.Expr {
	cl := compositeLit(d)
	if cl == nil {
		return nil
	}
	st, ok := types.Unalias(a.info().TypeOf(cl)).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	for j, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == st.Field(i).Name() {
				return kv.Value
			}
			continue
		}
		if j == i {
			return elt
		}
	}
	return nil
}

// allBuiltBy reports whether every value in defs is a call of one of the
// functions names, looking through the package's own functions to what
// they return (a getter, a sync.Once singleton: get() returning inst,
// set in once.Do(func() { inst = ai.NewPlain(k) })).
func (a *finder) allBuiltBy(defs []ast.Expr, names []string, depth int) bool {
	for _, d := range defs {
		dc, ok := ast.Unparen(d).(*ast.CallExpr)
		if !ok {
			return false
		}
		var body *ast.BlockStmt
		if lit := a.onceValueFunc(dc); lit != nil {
			body = lit.Body // get := sync.OnceValue(func() *ai.Client { ... })
		} else {
			fn := a.calleeFunc(dc)
			if fn == nil {
				return false
			}
			if slices.Contains(names, qualified(fn.Origin())) {
				continue
			}
			if fn.Pkg() != a.pass.Pkg {
				return false
			}
			fd := a.decls[fn]
			if fd == nil || fd.Body == nil {
				return false
			}
			body = fd.Body
		}
		if depth > 2 {
			return false
		}
		var more []ast.Expr
		ok = true
		ast.Inspect(body, func(n ast.Node) bool {
			switch r := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(r.Results) == 0 {
					ok = false
					return false
				}
				vals, complete := a.definitions(r.Results[0])
				ok = ok && complete && len(vals) > 0
				more = append(more, vals...)
			}
			return ok
		})
		if !ok || len(more) == 0 || !a.allBuiltBy(more, names, depth+1) {
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
				SDKRetries: s.SDKRetries, Only: s.Only, Else: s.Else,
			}
			if s.Via != nil {
				fact = s.Via.Call
				fact.Only, fact.Else, fact.Plain = "", nil, "" // judgedAs judged it at the call
			}
			fact.Ignored = fact.Ignored || a.ignored(s)
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
						if c, ok := a.judgedAs(call, c); ok && (!foreign || !a.throughHas(res, call, c)) {
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
			if _, ok := retrylib.Lookup(fn); ok {
				// A retry library configured to one attempt
				// (backoff v5's WithBackOff(&backoff.StopBackOff{})):
				// no layer, but the value is still what it calls,
				// as a literal that calls it would be.
				return g, f, arg, nil
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
			if fn == nil || a.errorDropped(s.Cursor, fn) {
				continue // no error of it goes back to the callers
			}
			exports := a.deferral(fn)
			if len(exports) == 0 {
				continue
			}
			s.Deferred = true
			fact := CallFact{
				Call: types.ExprString(s.Expr.Fun), Pkg: a.pass.Pkg.Path(), Func: qualified(fn),
				Kind: s.Call.Kind, Family: s.Call.Family, Module: s.Call.Module, OneShot: s.Call.OneShot,
				SDKRetries: s.SDKRetries, Only: s.Only, Else: s.Else,
			}
			if s.Via != nil {
				fact = s.Via.Call
				fact.Only, fact.Else, fact.Plain = "", nil, "" // judgedAs judged it at the call
			} else if http != nil {
				fact.HTTPClient, fact.HTTPAttempts = http.Name, http.Attempts
			}
			fact.Ignored = fact.Ignored || a.ignored(s)
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
		if x.equal(c) {
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
		if g == nil || a.errorDropped(uc.Parent(), g) {
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
				f, ok := a.judgedAs(call, f)
				k := key{call, kindOf(f)}
				if !ok || seen[k] {
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

// ignored reports whether a `//oaiguard:ignore unretried` (or all)
// directive suppresses the unretried finding at s: the suppression goes
// with the call into the facts, to the callers it is left to.
func (a *finder) ignored(s *Site) bool {
	if s.File == nil {
		return false
	}
	if a.ignores == nil {
		a.ignores = map[*ast.File]*lint.Ignores{}
	}
	ig, ok := a.ignores[s.File]
	if !ok {
		ig = lint.NewIgnores(a.pass.Fset, s.File)
		a.ignores[s.File] = ig
	}
	return ig.Ignored(unretriedCheck, s.Expr.Pos())
}

// unretriedCheck is the unretried check's name, as directives give it.
const unretriedCheck = "unretried"

// errorDropped reports whether the error that the call at cur returns
// cannot reach fn's returned error: the call is a statement, its error is
// assigned to _, or to a variable (no result of fn) that is only compared
// with nil or handed to a call whose result is dropped (log.Println(err)).
// Its callers then never see the failure: there is nothing to retry there.
func (a *finder) errorDropped(cur inspector.Cursor, fn *types.Func) bool {
	call, ok := cur.Node().(*ast.CallExpr)
	if !ok {
		return false
	}
	sig, ok := types.Unalias(a.info().TypeOf(call.Fun)).Underlying().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !types.Identical(sig.Results().At(sig.Results().Len()-1).Type(), errorType) {
		return false
	}
	var lhs ast.Expr
	switch p := cur.Parent().Node().(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || len(p.Lhs) != sig.Results().Len() {
			return false
		}
		lhs = p.Lhs[len(p.Lhs)-1]
	case *ast.ValueSpec:
		if len(p.Values) != 1 || len(p.Names) != sig.Results().Len() {
			return false
		}
		lhs = p.Names[len(p.Names)-1]
	default:
		return false
	}
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return false
	}
	if id.Name == "_" {
		return true
	}
	v, ok := a.objectOf(id).(*types.Var)
	if !ok {
		return false
	}
	results := fn.Signature().Results()
	for i := range results.Len() {
		if results.At(i) == v {
			return false // a named result: returned
		}
	}
	fd := a.decls[fn]
	if fd == nil || fd.Body == nil {
		return false
	}
	body, ok := a.in.Root().FindNode(fd.Body)
	if !ok {
		return false
	}
	for c := range body.Preorder((*ast.Ident)(nil)) {
		if a.info().Uses[c.Node().(*ast.Ident)] != v {
			continue
		}
		switch p := c.Parent().Node().(type) {
		case *ast.BinaryExpr:
			if (p.Op == token.EQL || p.Op == token.NEQ) && (isNil(a.info(), p.X) || isNil(a.info(), p.Y)) {
				continue
			}
		case *ast.CallExpr:
			if c.ParentEdgeKind() == edge.CallExpr_Args && c.Parent().ParentEdgeKind() == edge.ExprStmt_X {
				continue // log.Println(err)
			}
		case *ast.AssignStmt:
			if c.ParentEdgeKind() == edge.AssignStmt_Lhs {
				continue // set again
			}
		}
		return false
	}
	return true
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup("nil")
}
