// Package apicalls finds the calls that reach the OpenAI API in a package and
// works out, once per package, the retry handling around each: retry
// helpers, hand-written loops, callers that retry, retrying HTTP clients and
// openai-go's own retries. The checks read its result; none of them walks the
// syntax tree for this again.
package apicalls

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/retrylib"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Analyzer computes a *Result for each package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "oaiguardcalls",
	Doc:        "find OpenAI SDK calls and the retry handling around each",
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{(*Reaches)(nil), (*Func)(nil), (*OwnTexts)(nil)},
	Run:        run,
}

// Result lists the API calls of a package, in source order.
type Result struct {
	Sites []*Site
	// Wrapped lists the calls of oaiguard's runtime that wrap an SDK method
	// value, as in oaiguard.Call(ctx, client.Chat.Completions.New, params).
	// Expr is the runtime's call; Call describes the wrapped method; the
	// first layer is the runtime, the others are the retry handling around
	// it (which stacks on the runtime's own retries).
	Wrapped []*Site
	// Clients maps each go-openai site of Sites and Wrapped to the clients
	// built in the package that its receiver may hold (clients.go).
	Clients map[*Site][]*Client
	// Through lists the calls of functions and methods of other packages
	// (interface methods included) that make API calls their own package
	// leaves to its callers to retry (see Site.Deferred): Expr is the call
	// here, Via what it leads to, Call is built from the fact (its Func is
	// nil) and Layers the retry handling around the call here.
	Through []*Site
	// Inspector is the package's syntax, built once for packages that
	// reach an SDK; nil otherwise. Checks that walk such packages reuse it
	// rather than build their own, and take nil as "nothing to check".
	Inspector *inspector.Inspector
	// Reaches lists the SDK modules the package reaches, itself or
	// through the packages it imports; nil when it reaches none.
	Reaches []string
	// Texts are the texts of own errors, in this package and the packages
	// it imports, that take a form only an SDK's errors take otherwise.
	Texts []string
	// AllTexts are the texts of own errors whatever their form
	// (Reaches.AllTexts).
	AllTexts []string

	a     *finder
	funcs map[*types.Func]*Func // the facts exported, for tests
}

// ErrorSource reports whether a function or method of another package may
// return an SDK error, from the facts its package exported. It is what
// errflow.Flow.Imported wants.
func (r *Result) ErrorSource(fn *types.Func) (errflow.Source, bool) {
	if r.a == nil {
		return errflow.Source{}, false
	}
	r.a.mu.Lock()
	defer r.a.mu.Unlock()
	return r.a.errorSource(fn)
}

// OwnErrors reports whether every error a function of another package
// returns is a value seen not to be an SDK's, from the facts. It is what
// errflow.Flow.ImportedOwn wants.
func (r *Result) OwnErrors(fn *types.Func) bool {
	if r.a == nil {
		return false
	}
	r.a.mu.Lock()
	defer r.a.mu.Unlock()
	return r.a.ownErrors(fn)
}

// Site is one call that reaches the API.
type Site struct {
	Call   *sdk.Call
	Expr   *ast.CallExpr
	Cursor inspector.Cursor
	File   *ast.File
	// Layers is the retry handling around the call, innermost first: a
	// retrying HTTP client, then loops, helpers and callers. The SDK's own
	// retries, which sit between the HTTP client and the rest, are not a
	// layer: see SDKRetries.
	Layers []Layer
	// SDKRetries is how openai-go retries this call by itself.
	SDKRetries Retries
	// ClientBody is set when the openai-go client or service the call goes
	// through was built with an option that may write the request body
	// (WithJSONSet, WithJSONDel, WithRequestBody, WithMiddleware).
	ClientBody bool
	// Deferred is set for a call with no retry handling (or none but a
	// retrying HTTP client, which the fact carries) in an exported
	// function (outside package main) that returns an error, or in
	// functions that return one and only such functions call: callers in
	// other packages may retry it, and are judged instead (Result.Through
	// there).
	Deferred bool
	// Via is set for the sites of Result.Through.
	Via *Via
	// OwnRetried is set for a call in a function whose calls are left to
	// callers in other packages too (it is exported and returns an
	// error) when every caller in its own package retries it: no retry
	// layer for the other callers, but -unretried.atcall, which judges
	// the call where it is, stays silent on it as it did.
	OwnRetried bool
	// Only is set when the call's client is a field that the package's
	// functions fill differently, some with retry handling (a retrying
	// HTTP client, openai-go's retries) and some without: it names the
	// exported functions whose clients have none, qualified and
	// comma-separated ("example.com/m/ai.NewPlain"). The call is taken as
	// unretried, and callers in other packages are judged only where
	// their receiver is built by one of them (see splitByConstructor).
	Only string
	// Else is set with Only when the package's other functions that fill
	// the field are all exported: one Built per way the call is retried
	// on their clients (openai-go's own retries, with their count; a
	// retrying HTTP client), so that callers whose receiver the functions
	// of one of them built are judged with that retry handling: their
	// loops stack on it and -unretried.strict judges them.
	Else []Built
}

// Built is how a call is retried on the clients that some of its
// package's functions build (splitByConstructor): Funcs names them,
// qualified and comma-separated.
type Built struct {
	Funcs        string
	SDKRetries   Retries
	HTTPClient   string
	HTTPAttempts int
}

// Unretried reports whether the call has no retry handling around it and
// needs some: next-page calls are retried through the pager that made
// them. unretried reports such calls, and the checks and facts that
// follow its fixes ask the same question here.
func (s *Site) Unretried() bool {
	return len(s.Layers) == 0 && s.Call.Kind != sdk.NextPage
}

// LayerKind says what kind of retry handling a layer is.
type LayerKind int

const (
	// Runtime is oaiguard's generated runtime (Do and friends).
	Runtime LayerKind = iota
	// Library is a retry library such as cenkalti/backoff.
	Library
	// Loop is a hand-written loop that calls again after an error.
	Loop
	// Callers means every in-package caller of the enclosing function
	// retries it.
	Callers
	// HTTPClient is a retrying HTTP client or transport given to the SDK.
	HTTPClient
	// Helper is a call of an unknown function whose name says it retries
	// (see RetryName), given a function that makes the call: a retry layer
	// of unknown policy and attempts.
	Helper
)

// Layer is one piece of retry handling around a call.
type Layer struct {
	Kind LayerKind
	// Name describes it for messages: "backoff.Retry", "a retry loop".
	Name string
	Pos  token.Pos
	// Attempts is the number of attempts it makes, 0 if unknown or
	// unbounded.
	Attempts int
	// Unbounded is set when it is known to retry until the call
	// succeeds (retry-go's Attempts(0) or UntilSucceeded()).
	Unbounded bool
	// Node is the layer's syntax, for checks that judge how it retries:
	// the loop statement of a Loop (the labeled statement of a loop made
	// with goto), the retrier's call of a Library or
	// Runtime layer; for Callers, the Node of the layer of the caller that makes the most
	// attempts (moreAttempts).
	// Nil for HTTPClient layers.
	Node ast.Node
	// MaybeOnce is set when a count not known here bounds the layer (a
	// loop's bound or a library's attempts given by a variable, a
	// parameter, options out of sight): it may make one attempt only, and
	// retry nothing.
	MaybeOnce bool
	// Unknown is set for a Helper layer, and a Callers layer made of one:
	// a helper known only by its name, whose policy nobody has read.
	Unknown bool
	// Retried is the call a Loop makes again: the API call itself, or for
	// a Callers layer the call of the enclosing function.
	Retried *ast.CallExpr
	// Also holds, on the first Callers layer of a call, the layers of the
	// loops around the other callers' calls (those not counted): they
	// retry the call too, and brokenretry judges each of them.
	Also []Layer
}

// Retries is what openai-go retries by itself for a call.
type Retries struct {
	// Count is the number of retries after the first attempt.
	Count int
	// Explicit is true when option.WithMaxRetries decided Count.
	Explicit bool
	// Where names where WithMaxRetries was found: "call", "service",
	// "client"; empty when Count is the SDK default.
	Where string
	Pos   token.Pos
}

// Off reports whether the SDK's retries are known to be switched off.
func (r Retries) Off() bool { return r.Explicit && r.Count == 0 }

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	if _, _, ok := sdk.ModuleOf(pass.Pkg.Path()); ok {
		return res, nil // the SDK itself: its importers know it by path
	}
	mods, texts, allTexts, convs := reaches(pass)
	if len(mods) == 0 {
		var a *finder
		if retrylib.MayBuildClients(pass.Pkg) {
			// A package of the module that builds the retrying HTTP
			// clients others give an SDK (Func.Retrying) reaches none.
			a = newAnalysis(pass, inspector.New(pass.Files))
			a.exportRetrying()
		}
		if mayMakeOwnErrors(pass) {
			// A package of the module whose errors another package
			// may return with an SDK's (errs.ErrRate returned by mid):
			// their texts are the module's own.
			if a == nil {
				a = newAnalysis(pass, inspector.New(pass.Files))
			}
			a.exportOwnTexts(allTexts)
		}
		return res, nil // nothing to find: the common case, kept cheap
	}
	// Built here rather than required from inspect.Analyzer, so that
	// packages that reach no SDK pay for no traversal at all.
	in := inspector.New(pass.Files)
	res.Inspector = in
	res.Reaches = mods
	a := newAnalysis(pass, in)
	res.a = a
	own, sentinels := a.ownTexts()
	var ownAll []string
	var allSentinels []Sentinel
	if !runtimeapi.IsRuntime(pass.Pkg) {
		ownAll, allSentinels = a.ownTextsWhere(func(string) bool { return true }, true)
	}
	for _, c := range a.ownConversions() {
		convs[c] = true
	}
	a.conversions = convs
	convList := make([]string, 0, len(convs))
	for c := range convs {
		convList = append(convList, c)
	}
	slices.Sort(convList)
	pass.ExportPackageFact(&Reaches{Modules: mods, Texts: union(texts, own), Conversions: convList, Sentinels: sentinels, AllTexts: union(allTexts, ownAll), AllSentinels: allSentinels})
	res.Texts = union(texts, own)
	res.AllTexts = union(allTexts, ownAll)
	var ownCalls []ownCall // for ownExportedSites
	for _, file := range pass.Files {
		fc, ok := in.Root().FindNode(file)
		if !ok {
			continue
		}
		for cur := range fc.Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			c, ok := sdk.Classify(pass.TypesInfo, call)
			if !ok {
				c, ok = a.methodValueCall(call)
			}
			if !ok {
				if w := a.wrapped(cur, file); w != nil {
					res.Wrapped = append(res.Wrapped, w)
					continue
				}
				res.Through = append(res.Through, a.through(cur, file)...)
				if oc, ok := a.ownCallOf(cur, file); ok {
					ownCalls = append(ownCalls, oc)
				}
				continue
			}
			s := &Site{Call: c, Expr: call, Cursor: cur, File: file}
			s.Layers = a.layersAt(cur, s)
			if c.Family == sdk.OpenAIGo {
				s.SDKRetries = a.sdkRetries(call)
				s.ClientBody = a.bodyOptions(call)
			}
			httpLayers := a.httpClientLayers(call, c)
			if len(httpLayers) > 0 || len(s.Layers) == 0 {
				only, r, els, ok, someHTTP := a.splitByConstructor(call, c)
				switch {
				case ok && len(s.Layers) == 0:
					httpLayers, s.SDKRetries, s.Only, s.Else = nil, r, only, els
				case someHTTP && (len(s.Layers) > 0 || pass.Pkg.Name() != "main"):
					// Also under a retry layer in the method: counted on
					// every receiver, it made a stacked finding whose
					// advice, keep one layer, left the receivers the
					// plain constructor built with none. In package main
					// only there: without other layers, the call is judged
					// on all its values, as before.
					httpLayers = nil
				}
			}
			// A retrying HTTP client sits below the SDK: innermost.
			s.Layers = append(httpLayers, s.Layers...)
			res.Sites = append(res.Sites, s)
		}
	}
	res.Through = append(res.Through, a.ownInterfaceSites(res)...)
	res.Through = a.dropDecorated(res)
	res.Through = append(res.Through, a.ownExportedSites(res, ownCalls)...)
	res.Clients = a.clients(res)
	a.exportFacts(res, a.deferAll(res))
	return res, nil
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// wrapped returns the site of a runtime call at cur that wraps an SDK
// method value, or nil.
func (a *finder) wrapped(cur inspector.Cursor, file *ast.File) *Site {
	call := cur.Node().(*ast.CallExpr)
	rt, ok := a.retrier(call)
	if !ok || rt.Kind != Runtime {
		return nil
	}
	for _, arg := range call.Args {
		sel, ok := ast.Unparen(arg).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		selection := a.info().Selections[sel]
		if selection == nil || selection.Kind() != types.MethodVal {
			continue
		}
		fn, _ := selection.Obj().(*types.Func)
		if fn == nil {
			continue
		}
		c, ok := sdk.ClassifyFunc(fn)
		if !ok {
			continue
		}
		s := &Site{Call: c, Expr: call, Cursor: cur, File: file}
		s.Layers = append([]Layer{rt}, a.layersAt(cur, s)...)
		return s
	}
	return nil
}

// methodValueCall classifies a call of a variable that holds an SDK method
// value, f := client.CreateChatCompletion; f(ctx, req): every value the
// package assigns to the variable must be a method value of the same SDK
// method.
func (a *finder) methodValueCall(call *ast.CallExpr) (*sdk.Call, bool) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil, false
	}
	if _, ok := a.info().Uses[id].(*types.Var); !ok {
		return nil, false
	}
	defs, complete := a.definitions(id)
	if !complete || len(defs) == 0 {
		return nil, false
	}
	var fn *types.Func
	for _, d := range defs {
		sel, ok := d.(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		s := a.info().Selections[sel]
		if s == nil || s.Kind() != types.MethodVal {
			return nil, false
		}
		f, _ := s.Obj().(*types.Func)
		if f == nil || fn != nil && f != fn {
			return nil, false
		}
		fn = f
	}
	return sdk.ClassifyFunc(fn)
}
