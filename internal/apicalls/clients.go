package apicalls

import (
	"go/ast"
	"go/types"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Transport says whether the runtime's transport sends a go-openai
// client's requests. Without it the runtime's retries neither pace nor see
// the Retry-After and x-ratelimit-* headers, which go-openai's errors do
// not keep.
type Transport int

const (
	// TransportUnknown: the client's HTTP client comes from where the
	// analysis cannot see (a parameter, a function's result).
	TransportUnknown Transport = iota
	// TransportMissing: the HTTP client is known, and not the runtime's.
	TransportMissing
	// TransportInstalled: built with the runtime's Configure, HTTPClient
	// or Transport.
	TransportInstalled
)

// Client is a go-openai client that the package builds with one of the
// SDK's constructors.
type Client struct {
	// New is the constructor's call: openai.NewClient(token),
	// openai.NewOrgClient(token, org) or openai.NewClientWithConfig(cfg).
	New  *ast.CallExpr
	Kind sdk.Constructor
	File *ast.File
	// Transport is whether the runtime's transport sends its requests.
	Transport Transport
}

// clients maps each go-openai site, plain or wrapped by the runtime, to the
// clients its receiver may hold, following variables, struct fields and
// parameters as the rest of the analysis does. A receiver that may come
// from elsewhere (a function's result, another package) yields only the
// constructions in sight; none at all leaves the site out. A construction
// reached from several sites is one *Client.
func (a *finder) clients(res *Result) map[*Site][]*Client {
	var out map[*Site][]*Client
	built := map[*ast.CallExpr]*Client{}
	for _, sites := range [][]*Site{res.Sites, res.Wrapped} {
		for _, s := range sites {
			if s.Call.Family != sdk.GoOpenAI {
				continue
			}
			var cs []*Client
			for _, recv := range a.receivers(s) {
				defs, _ := a.definitions(recv)
				for _, d := range defs {
					if c := a.construction(d, built); c != nil && !containsClient(cs, c) {
						cs = append(cs, c)
					}
				}
			}
			if len(cs) > 0 {
				if out == nil {
					out = map[*Site][]*Client{}
				}
				out[s] = cs
			}
		}
	}
	return out
}

func containsClient(cs []*Client, c *Client) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// receivers returns the expressions that hold the client a site calls:
// c in c.Method(...), in a method value c.Method handed to the runtime or
// stored in a variable, or the first argument of a method expression.
func (a *finder) receivers(s *Site) []ast.Expr {
	info := a.info()
	methodValue := func(e ast.Expr) ast.Expr {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if v := info.Selections[sel]; v != nil && v.Kind() == types.MethodVal {
			if fn, ok := v.Obj().(*types.Func); ok {
				if _, ok := sdk.ClassifyFunc(fn); ok {
					return sel.X
				}
			}
		}
		return nil
	}
	if len(s.Layers) > 0 && s.Layers[0].Kind == Runtime && s.Layers[0].Node == s.Expr {
		for _, arg := range s.Expr.Args { // oaiguard.Call(ctx, c.Method, ...)
			if x := methodValue(arg); x != nil {
				return []ast.Expr{x}
			}
		}
		return nil
	}
	switch f := ast.Unparen(s.Expr.Fun).(type) {
	case *ast.SelectorExpr:
		if x := methodValue(f); x != nil {
			return []ast.Expr{x}
		}
		if v := info.Selections[f]; v != nil && v.Kind() == types.MethodExpr && len(s.Expr.Args) > 0 {
			return []ast.Expr{s.Expr.Args[0]}
		}
	case *ast.Ident: // f := c.Method; f(ctx, req)
		defs, _ := a.definitions(f)
		var out []ast.Expr
		for _, d := range defs {
			if x := methodValue(d); x != nil {
				out = append(out, x)
			}
		}
		return out
	}
	return nil
}

// construction returns the client that e, an expression a receiver was
// assigned, builds with a go-openai constructor, or nil.
func (a *finder) construction(e ast.Expr, built map[*ast.CallExpr]*Client) *Client {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if c, ok := built[call]; ok {
		return c
	}
	kind := sdk.GoOpenAIConstructor(a.calleeFunc(call))
	var t Transport
	switch kind {
	case sdk.NewClient, sdk.NewOrgClient:
		t = TransportMissing
	case sdk.NewClientWithConfig:
		if len(call.Args) != 1 {
			return nil
		}
		t = a.configTransport(call.Args[0], 0)
	default:
		return nil
	}
	c := &Client{New: call, Kind: kind, File: a.fileOf(call), Transport: t}
	if c.File == nil {
		return nil
	}
	built[call] = c
	return c
}

func (a *finder) fileOf(n ast.Node) *ast.File {
	for _, f := range a.pass.Files {
		if f.FileStart <= n.Pos() && n.Pos() < f.FileEnd {
			return f
		}
	}
	return nil
}

// maxDepth bounds how many assignments the transport questions follow.
const maxDepth = 6

// configTransport answers for a ClientConfig value: the runtime's
// Configure, an SDK default config, a ClientConfig literal, or a variable
// holding one of them, whose HTTPClient field may be set afterwards.
func (a *finder) configTransport(e ast.Expr, depth int) Transport {
	if depth > maxDepth {
		return TransportUnknown
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.CallExpr:
		fn := a.calleeFunc(e)
		switch {
		case isRuntimeFunc(fn, runtimeapi.Configure):
			return TransportInstalled
		case sdk.GoOpenAIConstructor(fn) == sdk.DefaultConfig:
			return TransportMissing
		}
		return TransportUnknown
	case *ast.CompositeLit:
		if !sdk.IsGoOpenAIConfig(a.info().TypeOf(e)) {
			return TransportUnknown
		}
		if v := fieldValue(a.info(), e, sdk.GoOpenAIHTTPClientField); v != nil {
			return a.httpTransport(v, depth+1)
		}
		return TransportMissing // nil: go-openai cannot send at all
	}
	return a.viaVariable(e, sdk.GoOpenAIHTTPClientField, depth, a.httpTransport, a.configTransport)
}

// httpTransport answers for the value of ClientConfig.HTTPClient: the
// runtime's HTTPClient, an http.Client literal with or without the
// runtime's Transport, nil, or a variable holding one of them.
func (a *finder) httpTransport(e ast.Expr, depth int) Transport {
	if depth > maxDepth {
		return TransportUnknown
	}
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok {
		if _, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok {
			e = ast.Unparen(u.X) // &http.Client{...}
		}
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if isRuntimeFunc(a.calleeFunc(e), runtimeapi.HTTPClient) {
			return TransportInstalled
		}
		return TransportUnknown
	case *ast.CompositeLit:
		if !isHTTPClient(a.info().TypeOf(e)) {
			return TransportUnknown
		}
		if v := fieldValue(a.info(), e, "Transport"); v != nil {
			return a.roundTripper(v, depth+1)
		}
		return TransportMissing
	case *ast.Ident:
		if a.info().Uses[e] == types.Universe.Lookup("nil") {
			return TransportMissing
		}
	}
	return a.viaVariable(e, "Transport", depth, a.roundTripper, a.httpTransport)
}

// roundTripper answers for the value of http.Client.Transport.
func (a *finder) roundTripper(e ast.Expr, depth int) Transport {
	if depth > maxDepth {
		return TransportUnknown
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.CallExpr:
		if isRuntimeFunc(a.calleeFunc(e), runtimeapi.Transport) {
			return TransportInstalled
		}
		return TransportUnknown
	case *ast.Ident:
		if a.info().Uses[e] == types.Universe.Lookup("nil") {
			return TransportMissing // http.DefaultTransport
		}
	}
	return a.viaVariable(e, "", depth, nil, a.roundTripper)
}

// viaVariable answers for a variable or field: by what is assigned to its
// field (when field is set and the package assigns it), else by the values
// assigned to the variable itself. Anything out of sight is unknown.
func (a *finder) viaVariable(e ast.Expr, field string, depth int, ofField, ofValue func(ast.Expr, int) Transport) Transport {
	a.index()
	obj := a.objectOf(e)
	v, ok := obj.(*types.Var)
	if !ok {
		return TransportUnknown
	}
	if field != "" {
		if sets := a.fieldSets[fieldKey{v, field}]; len(sets) > 0 {
			return combine(sets, depth, ofField)
		}
	}
	vals := a.values[v]
	if len(vals) == 0 {
		vals = a.arguments(v)
	}
	return combine(vals, depth, ofValue)
}

// combine is the answer for all of vals: unknown unless they agree.
func combine(vals []ast.Expr, depth int, of func(ast.Expr, int) Transport) Transport {
	t := TransportUnknown
	for i, v := range vals {
		got := of(v, depth+1)
		if got == TransportUnknown || i > 0 && got != t {
			return TransportUnknown
		}
		t = got
	}
	return t
}

// fieldValue returns the value a keyed struct literal gives a field, or nil.
func fieldValue(info *types.Info, lit *ast.CompositeLit, name string) ast.Expr {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
			if f, ok := info.Uses[k].(*types.Var); ok && f.IsField() {
				return kv.Value
			}
		}
	}
	return nil
}

func isHTTPClient(t types.Type) bool {
	n, _ := types.Unalias(t).(*types.Named)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Client"
}

// isRuntimeFunc reports whether fn is the runtime's function of that name,
// wherever the runtime lives (see isRuntime).
func isRuntimeFunc(fn *types.Func, name string) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Name() == runtimeapi.PackageName && fn.Signature().Recv() == nil && fn.Name() == name
}
