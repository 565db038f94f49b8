package apicalls

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"

	"github.com/oaiguard/oaiguard/internal/retrylib"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// sdkRetries works out openai-go's own retries for a call: an
// option.WithMaxRetries on the call wins over one on the service, which wins
// over one on the client, as in the SDK, where later options override.
func (a *finder) sdkRetries(call *ast.CallExpr) Retries {
	if r, ok := a.maxRetriesIn(call.Args); ok {
		r.Where = "call"
		return r
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return Retries{Count: sdk.DefaultMaxRetries}
	}
	// Walk the receiver chain: client.Chat.Completions → client.Chat → client.
	for x := sel.X; x != nil; {
		if r, ok := a.retriesFromConstructors(x); ok {
			return r
		}
		s, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = s.X
	}
	return Retries{Count: sdk.DefaultMaxRetries}
}

// retriesFromConstructors reads WithMaxRetries from the constructors that
// produced the client or service x. It answers only when every constructor
// found agrees and none is out of sight.
func (a *finder) retriesFromConstructors(x ast.Expr) (Retries, bool) {
	if a.objectOf(x) == nil {
		return Retries{}, false
	}
	defs, complete := a.definitions(x)
	var calls []*ast.CallExpr
	for _, d := range defs {
		cs, ok := a.constructions(d, 0)
		if !ok {
			return Retries{}, false
		}
		calls = append(calls, cs...)
	}
	var out *Retries
	for _, call := range calls {
		where := a.constructorKind(call)
		r, ok := a.maxRetriesIn(call.Args)
		if !ok {
			r = Retries{Count: sdk.DefaultMaxRetries}
		} else {
			r.Where = where
		}
		if out != nil && *out != r {
			if out.Count != r.Count || out.Explicit != r.Explicit {
				return Retries{}, false
			}
		}
		out = &r
	}
	if out == nil || !complete {
		return Retries{}, false
	}
	return *out, true
}

// constructions returns the openai-go constructor calls the value d
// comes from: d itself, or, for a call of a function of the package
// (newClient() building the client with option.WithMaxRetries(0)), the
// constructions of what each of its returns gives as its first result.
// It answers only when every return is followed to one.
func (a *finder) constructions(d ast.Expr, depth int) ([]*ast.CallExpr, bool) {
	call, ok := ast.Unparen(d).(*ast.CallExpr)
	if !ok || depth > maxDepth {
		return nil, false
	}
	if a.constructorKind(call) != "" {
		return []*ast.CallExpr{call}, true
	}
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() != a.pass.Pkg {
		return nil, false
	}
	a.index()
	fd := a.decls[fn]
	if fd == nil || fd.Body == nil || fn.Signature().Results().Len() == 0 {
		return nil, false
	}
	var out []*ast.CallExpr
	ok = true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch r := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(r.Results) != fn.Signature().Results().Len() {
				ok = false
				break
			}
			e := ast.Unparen(r.Results[0])
			if u, isAddr := e.(*ast.UnaryExpr); isAddr && u.Op == token.AND {
				e = u.X // c := openai.NewClient(...); return &c
			}
			if a.objectOf(e) != nil {
				defs, complete := a.definitions(e)
				if !complete || len(defs) == 0 {
					ok = false
				}
				for _, d := range defs {
					cs, found := a.constructions(d, depth+1)
					ok = ok && found
					out = append(out, cs...)
				}
				break
			}
			cs, found := a.constructions(e, depth+1)
			ok = ok && found
			out = append(out, cs...)
		}
		return ok
	})
	if !ok || len(out) == 0 {
		return nil, false
	}
	return out, true
}

// constructorKind returns "client" for openai.NewClient, "service" for
// openai.NewXxxService, and "" otherwise.
func (a *finder) constructorKind(call *ast.CallExpr) string {
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return ""
	}
	mod, _, ok := sdk.ModuleOf(fn.Pkg().Path())
	if !ok || sdk.FamilyOfModule(mod) != sdk.OpenAIGo {
		return ""
	}
	switch {
	case fn.Name() == "NewClient":
		return "client"
	case strings.HasPrefix(fn.Name(), "New") && strings.HasSuffix(fn.Name(), "Service"):
		return "service"
	}
	return ""
}

// maxRetriesIn finds option.WithMaxRetries(n) among request options, looking
// through a spread slice variable to the values assigned to it.
func (a *finder) maxRetriesIn(args []ast.Expr) (Retries, bool) {
	var found *Retries
	for _, arg := range args {
		for _, d := range a.optionExprs(arg) {
			call, ok := d.(*ast.CallExpr)
			if !ok || !a.isOption(call, "WithMaxRetries") || len(call.Args) != 1 {
				continue
			}
			r := Retries{Explicit: true, Pos: call.Pos(), Count: -1}
			if tv, ok := a.info().Types[call.Args[0]]; ok && tv.Value != nil {
				if n, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
					r.Count = int(n)
				}
			}
			if r.Count < 0 {
				r.Count = sdk.DefaultMaxRetries // not a constant: assume on
			}
			found = &r // the last one wins, as in the SDK
		}
	}
	if found == nil {
		return Retries{}, false
	}
	return *found, true
}

// optionExprs expands an option argument: itself, or for `opts...` the
// elements of the slices assigned to opts, through any number of
// `opts = append(opts, ...)`.
func (a *finder) optionExprs(arg ast.Expr) []ast.Expr {
	return a.optionExprsSeen(arg, make(map[ast.Expr]bool))
}

// optionExprsSeen is optionExprs remembering the definitions it has
// expanded: `opts = append(opts, o)` defines opts in terms of itself.
func (a *finder) optionExprsSeen(arg ast.Expr, seen map[ast.Expr]bool) []ast.Expr {
	if _, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
		return []ast.Expr{arg}
	}
	defs, _ := a.definitions(arg)
	var out []ast.Expr
	for _, d := range defs {
		if seen[d] {
			continue
		}
		seen[d] = true
		switch d := d.(type) {
		case *ast.CompositeLit:
			out = append(out, d.Elts...)
		case *ast.CallExpr:
			// append(opts, option.WithMaxRetries(0))
			if id, ok := ast.Unparen(d.Fun).(*ast.Ident); ok && id.Name == "append" && len(d.Args) > 0 {
				out = append(out, d.Args[1:]...)
				out = append(out, a.optionExprsSeen(d.Args[0], seen)...)
			}
		}
	}
	return out
}

// isOption reports whether call is option.name(...) of an openai-go module.
func (a *finder) isOption(call *ast.CallExpr, name string) bool {
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() == nil || fn.Name() != name {
		return false
	}
	_, sub, ok := sdk.ModuleOf(fn.Pkg().Path())
	return ok && sub == "option"
}

// httpClientLayers finds a retrying HTTP client given to the SDK client that
// makes the call: option.WithHTTPClient for openai-go, ClientConfig.HTTPClient
// for go-openai.
//
// How far it follows: through local and package variables and struct fields
// assigned in this package, into composite literals of http.Client, into
// RoundTrip/Do methods declared in this package, and into the results of
// functions whose every return is a retrying client (of this package, or
// of another through its fact: Func.Retrying). A client built elsewhere
// is out of sight and counts as not retrying.
func (a *finder) httpClientLayers(call *ast.CallExpr, c *sdk.Call) []Layer {
	var clients []ast.Expr
	switch c.Family {
	case sdk.OpenAIGo:
		clients = a.openaiGoHTTPClients(call)
	case sdk.GoOpenAI:
		clients = a.goOpenAIHTTPClients(call)
	}
	for _, h := range clients {
		if l, ok := a.retryingHTTPClient(h); ok {
			return []Layer{l}
		}
	}
	// A go-openai client that a function built with a retrying HTTP
	// client, handed to a constructor's parameter and kept in a field.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.Family == sdk.GoOpenAI && a.objectOf(sel.X) != nil {
		if l, ok := a.retryingSDKClient(sel.X); ok {
			return []Layer{l}
		}
	}
	return nil
}

func (a *finder) openaiGoHTTPClients(call *ast.CallExpr) []ast.Expr {
	var out []ast.Expr
	collect := func(args []ast.Expr) {
		for _, arg := range args {
			for _, d := range a.optionExprs(arg) {
				if oc, ok := d.(*ast.CallExpr); ok && a.isOption(oc, "WithHTTPClient") && len(oc.Args) == 1 {
					out = append(out, oc.Args[0])
				}
			}
		}
	}
	collect(call.Args)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	for ok {
		if a.objectOf(sel.X) != nil {
			defs, _ := a.definitions(sel.X)
			for _, d := range defs {
				cs, _ := a.constructions(d, 0)
				for _, dc := range cs {
					collect(dc.Args)
				}
			}
		}
		sel, ok = ast.Unparen(sel.X).(*ast.SelectorExpr)
	}
	return out
}

func (a *finder) goOpenAIHTTPClients(call *ast.CallExpr) []ast.Expr {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || a.objectOf(sel.X) == nil {
		return nil
	}
	var out []ast.Expr
	defs, _ := a.definitions(sel.X)
	for _, d := range defs {
		dc, ok := d.(*ast.CallExpr)
		if !ok || len(dc.Args) != 1 {
			continue
		}
		fn := a.calleeFunc(dc)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != sdk.GoOpenAIPath || fn.Name() != "NewClientWithConfig" {
			continue
		}
		out = append(out, a.fieldValues(dc.Args[0], "HTTPClient")...)
	}
	return out
}

// fieldValues returns what is assigned to field f of the struct value e:
// keyed fields of its composite literals, and `v.f = x` statements.
func (a *finder) fieldValues(e ast.Expr, f string) []ast.Expr {
	a.index()
	var out []ast.Expr
	if obj := a.objectOf(e); obj != nil {
		out = append(out, a.fieldSets[fieldKey{obj, f}]...)
	}
	defs, _ := a.definitions(e)
	for _, d := range defs {
		if cl, ok := d.(*ast.CompositeLit); ok {
			for _, elt := range cl.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == f {
						out = append(out, kv.Value)
					}
				}
			}
		}
	}
	return out
}

// retryingHTTPClient reports whether h, an *http.Client or an HTTPDoer,
// retries requests.
func (a *finder) retryingHTTPClient(h ast.Expr) (Layer, bool) {
	if l, ok := a.retryingByType(a.info().TypeOf(h), h); ok {
		return l, true
	}
	defs, _ := a.definitions(h)
	for _, d := range defs {
		if call, ok := d.(*ast.CallExpr); ok {
			// retryablehttp.NewClient().StandardClient()
			if fn := a.calleeFunc(call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == retrylib.RetryableHTTP && fn.Name() == "StandardClient" {
				attempts := retrylib.RetryableHTTPAttempts
				if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
					attempts = a.retryableHTTPAttempts(sel.X)
				}
				if attempts == 1 {
					return Layer{}, false // RetryMax = 0: no retry layer
				}
				return Layer{Kind: HTTPClient, Name: "retryablehttp's StandardClient", Pos: call.Pos(), Attempts: attempts}, true
			}
			// cfg.HTTPClient = newClient()
			if l, ok := a.retryingCall(call); ok {
				return l, true
			}
		}
		for _, t := range a.fieldValues(d, "Transport") {
			if l, ok := a.retryingByType(a.info().TypeOf(t), t); ok {
				return l, true
			}
		}
	}
	for _, t := range a.fieldValues(h, "Transport") {
		if l, ok := a.retryingByType(a.info().TypeOf(t), t); ok {
			return l, true
		}
	}
	// h, err := newClient(): the first result of a call, h set nowhere else.
	if v, ok := a.objectOf(h).(*types.Var); ok && len(a.values[v]) == 0 {
		if call := a.firstResultOf(v); call != nil {
			return a.retryingCall(call)
		}
	}
	return Layer{}, false
}

// retryableHTTPAttempts returns the attempts of the go-retryablehttp
// client rc: RetryMax+1 when a constant is assigned to its RetryMax
// (`rc.RetryMax = 0`, a keyed literal), 0 (unknown) for any other value or
// more than one, the library's default when nothing is assigned.
func (a *finder) retryableHTTPAttempts(rc ast.Expr) int {
	sets := a.fieldValues(rc, retrylib.RetryableHTTPRetryMax)
	if len(sets) == 0 {
		// &retryablehttp.Client{...} with no RetryMax: zero retries,
		// unlike NewClient's default.
		defs, complete := a.definitions(rc)
		literal := complete && len(defs) > 0
		for _, d := range defs {
			if _, ok := ast.Unparen(d).(*ast.CompositeLit); !ok {
				literal = false
			}
		}
		if literal {
			return 1
		}
		return retrylib.RetryableHTTPAttempts
	}
	if len(sets) > 1 {
		return 0
	}
	tv, ok := a.info().Types[sets[0]]
	if !ok || tv.Value == nil {
		return 0
	}
	n, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok {
		return 0
	}
	return int(max(n, 0)) + 1
}

// firstResultOf returns the call v is declared from as its first result
// (`v, err := f()`), or nil.
func (a *finder) firstResultOf(v *types.Var) *ast.CallExpr {
	c, ok := a.in.Root().FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok || c.ParentEdgeKind() != edge.AssignStmt_Lhs {
		return nil
	}
	as := c.Parent().Node().(*ast.AssignStmt)
	if _, i := c.ParentEdge(); i != 0 || as.Tok != token.DEFINE || len(as.Rhs) != 1 {
		return nil
	}
	call, _ := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	return call
}

// retryingByType reports whether values of type t retry: go-retryablehttp's
// RoundTripper, or a type of this package whose RoundTrip or Do method calls
// RoundTrip or Do inside a loop.
func (a *finder) retryingByType(t types.Type, at ast.Expr) (Layer, bool) {
	if t == nil {
		return Layer{}, false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return Layer{}, false
	}
	if n.Obj().Pkg().Path() == retrylib.RetryableHTTP && n.Obj().Name() == "RoundTripper" {
		return Layer{Kind: HTTPClient, Name: "retryablehttp.RoundTripper", Pos: at.Pos(), Attempts: retrylib.RetryableHTTPAttempts}, true
	}
	if n.Obj().Pkg() != a.pass.Pkg {
		return Layer{}, false
	}
	a.index()
	for i := 0; i < n.NumMethods(); i++ {
		m := n.Method(i)
		if m.Name() != "RoundTrip" && m.Name() != "Do" {
			continue
		}
		decl := a.decls[m]
		if decl == nil || decl.Body == nil {
			continue
		}
		if loop := loopCalling(decl.Body, "RoundTrip", "Do"); loop != nil {
			attempts := 0
			if f, ok := loop.(*ast.ForStmt); ok {
				attempts = a.forBound(f)
			}
			if attempts == 1 {
				continue // a loop of one attempt retries nothing
			}
			return Layer{Kind: HTTPClient, Name: "the retrying " + n.Obj().Name() + "." + m.Name(), Pos: decl.Pos(), Attempts: attempts}, true
		}
	}
	return Layer{}, false
}

// loopCalls reports whether body has a loop that calls a method named one of
// names.
func loopCalls(body *ast.BlockStmt, names ...string) bool {
	return loopCalling(body, names...) != nil
}

// loopCalling returns the first loop of body that calls a method named one
// of names, or nil.
func loopCalling(body *ast.BlockStmt, names ...string) ast.Node {
	var loop ast.Node
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		var loopBody *ast.BlockStmt
		switch l := n.(type) {
		case *ast.ForStmt:
			loopBody = l.Body
		case *ast.RangeStmt:
			loopBody = l.Body
		default:
			return true
		}
		loop = n
		ast.Inspect(loopBody, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
					for _, name := range names {
						if sel.Sel.Name == name {
							found = true
						}
					}
				}
			}
			return !found
		})
		return !found
	})
	if !found {
		return nil
	}
	return loop
}

// retryingCall reports whether call is a call of a function whose every
// return is a retrying HTTP client: one of the package (retryingResult) or
// of another, by its fact.
func (a *finder) retryingCall(call *ast.CallExpr) (Layer, bool) {
	fn := a.calleeFunc(call)
	if fn == nil || fn.Pkg() == nil {
		return Layer{}, false
	}
	var l Layer
	if fn.Pkg() == a.pass.Pkg {
		r := a.retryingResult(fn)
		if r == nil {
			return Layer{}, false
		}
		l = *r
	} else {
		f := a.importedFunc(fn)
		if f == nil || f.Retrying == "" {
			return Layer{}, false
		}
		l = Layer{Kind: HTTPClient, Name: f.Retrying + " built by " + qualified(fn.Origin()), Attempts: f.RetryingAttempts}
	}
	l.Pos = call.Pos()
	return l, true
}

// retryingResult returns the retry layer of the HTTP client a function of
// the package returns as its first result, an *http.Client or another
// HTTPDoer, when every return gives a retrying one (or nil, beside an
// error); nil otherwise.
func (a *finder) retryingResult(fn *types.Func) *Layer {
	if l, ok := a.retrying[fn]; ok {
		return l // nil while in progress: recursion is no evidence
	}
	if a.retrying == nil {
		a.retrying = map[*types.Func]*Layer{}
	}
	a.retrying[fn] = nil
	a.index()
	fd := a.decls[fn]
	res := fn.Signature().Results()
	if fd == nil || fd.Body == nil || res.Len() == 0 {
		return nil
	}
	check := a.retryingHTTPClient
	switch t := res.At(0).Type(); {
	case isGoOpenAIClient(t):
		// A go-openai client built with a retrying HTTP client
		// (foyle's oai.NewClient).
		check = a.retryingSDKClient
	case !mayBeHTTPClient(t):
		return nil
	}
	var first *Layer
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(x.Results) != res.Len() {
				ok = false
				break
			}
			e := x.Results[0]
			if id, isID := ast.Unparen(e).(*ast.Ident); isID && a.info().Uses[id] == types.Universe.Lookup("nil") && res.Len() > 1 {
				break // an error path
			}
			l, retries := check(e)
			if !retries {
				ok = false
			} else if first == nil {
				first = &l
			}
		}
		return ok
	})
	if !ok || first == nil {
		return nil
	}
	a.retrying[fn] = first
	return first
}

// isGoOpenAIClient reports whether t is go-openai's *Client.
func isGoOpenAIClient(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == sdk.GoOpenAIPath && n.Obj().Name() == "Client"
}

// retryingSDKClient reports whether the go-openai client e sends through a
// retrying HTTP client: one of its values is NewClientWithConfig of a
// config whose HTTPClient retries, or a call of a function whose every
// return is such a client (retryingCall: of the package, or of another by
// its fact), also as `c, err := oai.NewClient(cfg)`.
func (a *finder) retryingSDKClient(e ast.Expr) (Layer, bool) {
	defs, _ := a.definitions(e)
	for _, d := range defs {
		call, ok := ast.Unparen(d).(*ast.CallExpr)
		if !ok {
			continue
		}
		fn := a.calleeFunc(call)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == sdk.GoOpenAIPath && fn.Name() == "NewClientWithConfig" && len(call.Args) == 1 {
			for _, h := range a.fieldValues(call.Args[0], "HTTPClient") {
				if l, ok := a.retryingHTTPClient(h); ok {
					return l, true
				}
			}
			continue
		}
		if l, ok := a.retryingCall(call); ok {
			return l, true
		}
	}
	return Layer{}, false
}

// mayBeHTTPClient reports whether t is an *http.Client or an interface
// (go-openai's HTTPDoer): what a retrying client is given as.
func mayBeHTTPClient(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return true
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Client"
}

// bodyOptions reports whether a constructor of the openai-go client or
// service the call goes through (client.Chat.Completions → client.Chat →
// client, followed as for WithMaxRetries) passes an option that may write
// the request body: WithJSONSet, WithJSONDel, WithRequestBody,
// WithMiddleware. Such a client may send any field whatever the request
// value says.
func (a *finder) bodyOptions(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	for x := sel.X; x != nil; {
		if a.objectOf(x) != nil {
			defs, _ := a.definitions(x)
			for _, d := range defs {
				cs, _ := a.constructions(d, 0)
				for _, c := range cs {
					for _, arg := range c.Args {
						for _, o := range a.optionExprs(arg) {
							oc, ok := o.(*ast.CallExpr)
							if !ok {
								continue
							}
							for _, name := range []string{"WithJSONSet", "WithJSONDel", "WithRequestBody", "WithMiddleware"} {
								if a.isOption(oc, name) {
									return true
								}
							}
						}
					}
				}
			}
		}
		s, ok := ast.Unparen(x).(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = s.X
	}
	return false
}
