package apicalls

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/edge"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// splitByConstructor answers for an API call whose client is a struct
// field (c.c.CreateChatCompletion) that several functions of the package
// fill differently: NewRetrying with a retrying HTTP client (or
// openai-go's retries on), NewPlain with none (or option.WithMaxRetries(0)).
// Judged on all of them at once, one retrying value made the call retried
// whatever client it ran on. Judged per function, it returns the exported
// functions whose clients do not retry (Site.Only), and openai-go's
// retries on those, when some functions' clients retry and some do not.
// It declines (ok false) when the values agree, or when a client without
// retry handling is built somewhere callers cannot name (a method, an
// unexported function, a function literal, package-level code): the call
// is judged on all values, as before. someHTTP says that some of the
// functions give the client a retrying HTTP client and others do not.
// els is how the call is retried on the clients of the other functions,
// one Built per way, when they are all exported (Site.Else).
//
// In package main, whose functions no other package names, it only says
// someHTTP.
func (a *finder) splitByConstructor(call *ast.CallExpr, c *sdk.Call) (only string, r Retries, els []Built, ok, someHTTP bool) {
	field := a.clientField(call)
	if field == nil {
		return "", Retries{}, nil, false, false
	}
	vals := a.values[field]
	own := len(vals) > 0
	if !own {
		vals = a.arguments(field) // a parameter: the arguments of its function's calls
	}
	groups := map[*types.Func][]ast.Expr{}
	var order []*types.Func
	for _, v := range vals {
		cur, found := a.in.Root().FindNode(v)
		if !found {
			return "", Retries{}, nil, false, false
		}
		fn := a.enclosingDecl(cur)
		if (fn == nil || !fn.Exported() || fn.Signature().Recv() != nil) && a.passedIn(v, field) {
			// A setter, a functional option or a Clone method builds
			// no client: it stores one its caller made, out of sight.
			continue
		}
		if fn == nil {
			return "", Retries{}, nil, false, false
		}
		if _, seen := groups[fn]; !seen {
			order = append(order, fn)
		}
		groups[fn] = append(groups[fn], v)
	}
	if len(order) < 2 {
		return "", Retries{}, nil, false, false
	}
	// Each function's values alone, through the questions asked of all
	// of them.
	defer func() {
		if own {
			a.values[field] = vals
		} else {
			delete(a.values, field)
		}
	}()
	var plain []string
	retried, named, agree := false, true, true
	byWay := map[Built][]string{} // the retrying functions, by how they retry
	var ways []Built
	withHTTP := 0
	for _, fn := range order {
		a.values[field] = groups[fn]
		http := a.httpClientLayers(call, c)
		if len(http) > 0 {
			withHTTP++
		}
		var fr Retries
		if c.Family == sdk.OpenAIGo {
			fr = a.sdkRetries(call)
		}
		if len(http) > 0 || c.Family == sdk.OpenAIGo && !fr.Off() {
			retried = true
			b := Built{SDKRetries: Retries{Count: fr.Count, Explicit: fr.Explicit, Where: fr.Where}}
			if len(http) > 0 {
				b.HTTPClient, b.HTTPAttempts = http[0].Name, http[0].Attempts
			}
			if _, seen := byWay[b]; !seen {
				ways = append(ways, b)
			}
			byWay[b] = append(byWay[b], qualified(fn))
			if !fn.Exported() || fn.Signature().Recv() != nil {
				agree = false
			}
			continue
		}
		if !fn.Exported() || fn.Signature().Recv() != nil {
			named = false
			continue
		}
		if len(plain) == 0 {
			r = fr
		}
		plain = append(plain, qualified(fn))
	}
	// A retrying HTTP client that some functions give the client and
	// others do not is no layer of every call: counted on all of them,
	// a stacked finding claimed it for a receiver NewPlain built (96
	// requests for 12, seen).
	someHTTP = withHTTP > 0 && withHTTP < len(order)
	if a.pass.Pkg.Name() == "main" || !named || !retried || len(plain) == 0 {
		return "", Retries{}, nil, false, someHTTP
	}
	sort.Strings(plain)
	if agree {
		for _, b := range ways {
			fns := byWay[b]
			sort.Strings(fns)
			b.Funcs = strings.Join(fns, ", ")
			els = append(els, b)
		}
		sort.Slice(els, func(i, j int) bool { return els[i].Funcs < els[j].Funcs })
	}
	return strings.Join(plain, ", "), r, els, true, someHTTP
}

// passedIn reports whether v, a value stored in field, is a parameter of
// the function (or function literal) it is stored in, or field itself read
// from another value (a Clone method's &T{c: t.c}).
func (a *finder) passedIn(v ast.Expr, field *types.Var) bool {
	switch obj := a.objectOf(v).(type) {
	case *types.Var:
		if obj == field {
			_, sel := ast.Unparen(v).(*ast.SelectorExpr)
			return sel
		}
		c, ok := a.in.Root().FindByPos(obj.Pos(), obj.Pos()+token.Pos(len(obj.Name())))
		if !ok || c.ParentEdgeKind() != edge.Field_Names {
			return false
		}
		return c.Parent().ParentEdgeKind() == edge.FieldList_List && c.Parent().Parent().ParentEdgeKind() == edge.FuncType_Params
	}
	return false
}

// clientField returns the struct field, filled in the package at least
// twice, that the receiver chain of a method call goes through
// (c.c in c.c.Chat.Completions.New), or nil. A field filled once, from a
// parameter of a function the package calls at least twice
// (newClient(c) called by NewRetrying and NewPlain), stands for that
// parameter, which is returned instead.
func (a *finder) clientField(call *ast.CallExpr) *types.Var {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	a.index()
	for x := sel.X; ; {
		if v, ok := a.objectOf(x).(*types.Var); ok && v.IsField() {
			switch vals := a.values[v]; {
			case len(vals) >= 2:
				return v
			case len(vals) == 1:
				if p, ok := a.objectOf(vals[0]).(*types.Var); ok && len(a.values[p]) == 0 && len(a.arguments(p)) >= 2 {
					return p
				}
			}
		}
		s, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		x = s.X
	}
}

// dropDecorated returns res.Through without the calls through an
// interface method, with no retry handling around them, whose receiver
// may hold a decorator of the package that retries: `var d Doer = plain;
// if cfg.Retry { d = retrying{d} }; d.Do(ctx, q)`. Whether such a call is
// retried is decided at run time; nothing says it is not, so it is no
// finding (and no call left to callers).
func (a *finder) dropDecorated(res *Result) []*Site {
	var out []*Site
	for _, s := range res.Through {
		if len(s.Layers) == 0 && a.mayHoldRetrying(res, s.Expr) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// mayHoldRetrying reports whether the receiver of call, a call of an
// interface method, may hold a value of a type of the package whose method
// of that name has retry handling around a call it makes (a decorator), of
// a type of another package that reaches an SDK whose method leaves no API
// call to its callers, or of a type of another package that reaches no SDK
// (a middleware package, whose bodies nothing reads) named as a retrier, or
// made by a function so named (mw.Retrying{Inner: c}, mw.WithRetry(c)); or
// a decorator holding one of these (logging{retrying{c}}).
func (a *finder) mayHoldRetrying(res *Result, call *ast.CallExpr) bool {
	m := a.calleeFunc(call)
	if m == nil || interfaceOf(m) == nil {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	a.index()
	defs, _ := a.definitions(sel.X)
	return a.holdsRetrying(res, m.Name(), defs, 0)
}

// holdsRetrying is mayHoldRetrying for the values defs of a receiver
// whose method name is called.
func (a *finder) holdsRetrying(res *Result, name string, defs []ast.Expr, depth int) bool {
	if depth > 3 {
		return false
	}
	defs = a.returnedValues(defs, 0)
	for _, d := range defs {
		t := a.info().TypeOf(d)
		if t == nil {
			continue
		}
		if call, ok := ast.Unparen(d).(*ast.CallExpr); ok {
			// mw.WithRetry(c): another package's function named as a
			// retrier hands out the value.
			if fn := a.calleeFunc(call); fn != nil && fn.Pkg() != nil && fn.Pkg() != a.pass.Pkg && RetryName(fn.Name()) {
				return true
			}
		}
		obj, _, _ := types.LookupFieldOrMethod(t, true, a.pass.Pkg, name)
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || interfaceOf(fn) != nil {
			continue
		}
		if fn.Pkg() != a.pass.Pkg {
			// A decorator of another package that reaches an SDK: its
			// method leaves no API call to its callers (its fact has
			// none), so something in it retries the calls it makes.
			var r Reaches
			if a.pass.ImportPackageFact(fn.Pkg(), &r) {
				if f := a.importedFunc(fn); f == nil || len(f.Calls) == 0 {
					return true
				}
			} else if RetryName(recvName(fn.Signature().Recv().Type())) {
				return true
			}
		} else if fd := a.decls[fn.Origin()]; fd != nil && fd.Body != nil {
			for _, list := range [][]*Site{res.Sites, res.Through} {
				for _, x := range list {
					if len(x.Layers) > 0 && fd.Body.Pos() <= x.Expr.Pos() && x.Expr.End() <= fd.Body.End() {
						return true
					}
				}
			}
			// A generic decorator (retrying[Q, S]) calls through an
			// interface of its type parameters, which no site stands
			// for: a loop that calls the method again.
			if fn.Origin() != fn && loopCalls(fd.Body, name) {
				return true
			}
		}
		// A decorator around one that retries: the values it is given
		// that have the method.
		if a.holdsRetrying(res, name, a.decorated(d, name), depth+1) {
			return true
		}
	}
	return false
}

// decorated returns the values of the fields of the composite literal d (or
// &d) that have a method name: what a decorator wraps.
func (a *finder) decorated(d ast.Expr, name string) []ast.Expr {
	cl := compositeLit(d)
	if cl == nil {
		return nil
	}
	var out []ast.Expr
	for _, elt := range cl.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			elt = kv.Value
		}
		t := a.info().TypeOf(elt)
		if t == nil {
			continue
		}
		if obj, _, _ := types.LookupFieldOrMethod(t, true, a.pass.Pkg, name); obj == nil {
			continue
		}
		defs, _ := a.definitions(elt)
		out = append(out, defs...)
	}
	return out
}

// returnedValues adds to defs, for each call of a function of the package
// among them (d := newDoer(cfg)), the values its returns give as their
// first result, resolved in turn: the decorator it may choose inside.
func (a *finder) returnedValues(defs []ast.Expr, depth int) []ast.Expr {
	out := defs
	if depth > 2 {
		return out
	}
	for _, d := range defs {
		call, ok := ast.Unparen(d).(*ast.CallExpr)
		if !ok {
			continue
		}
		fn := a.calleeFunc(call)
		if fn == nil || fn.Pkg() != a.pass.Pkg {
			continue
		}
		fd := a.decls[fn]
		if fd == nil || fd.Body == nil {
			continue
		}
		var more []ast.Expr
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch r := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(r.Results) > 0 {
					vals, _ := a.definitions(r.Results[0])
					more = append(more, vals...)
				}
			}
			return true
		})
		out = append(out, a.returnedValues(more, depth+1)...)
	}
	return out
}
