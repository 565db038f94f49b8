package apicalls

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// This file holds what one package tells the packages that import it, as
// analysis facts exported bottom-up: whether it reaches an SDK at all (so
// that packages that never do cost next to nothing), and for each function
// and method (interface methods included) the API calls it leaves to its
// callers to retry and whether its error may be an SDK's.

// Reaches is the package fact of a package that calls an SDK or imports,
// directly or not, a package that does. Packages without it reach none.
type Reaches struct {
	// Modules are the SDK modules reached, sorted.
	Modules []string
	// Texts are the texts of the package's own errors (errors.New,
	// fmt.Errorf, sentinels it uses as values; see ownTexts) in the form
	// only an SDK's errors take, and of the packages it imports: an error
	// matched against one of them may be the module's own, not the SDK's.
	Texts []string
	// Conversions are the named concrete types (of packages that reach
	// an SDK) converted to named interfaces, in the package and the
	// packages it imports, as conversion keys: the evidence that an
	// implementation flows to an interface (see flowsTo).
	Conversions []string
	// Sentinels are the package's exported sentinel errors whose text
	// looks like an SDK's: a package that uses one as a value makes an
	// error with that text (see ownTexts).
	Sentinels []Sentinel
	// AllTexts are the texts of the package's own errors as Texts are,
	// but whatever their form, and of the packages of its module it
	// imports: a match
	// that accepts one of them may be the module's own error, which no
	// runtime predicate classifies (errtext gives no fix there).
	AllTexts []string
	// AllSentinels are the package's exported sentinel errors whatever
	// their text, for the AllTexts of the packages that use them.
	AllSentinels []Sentinel
}

// Sentinel is an exported package-level error variable and its text.
type Sentinel struct{ Name, Text string }

func (*Reaches) AFact() {}

func (r *Reaches) String() string { return "reaches " + strings.Join(r.Modules, ", ") }

// Func is the object fact of a function or method whose callers in other
// packages matter: it calls the API with no retry handling of its own, or
// its error may be an SDK's.
type Func struct {
	// Calls are the API calls it makes, directly or through functions,
	// that nothing in its package retries: its callers are judged instead.
	Calls []CallFact
	// Err is set when its last result, an error, may be an SDK's.
	Err *ErrFact
	// Own is set when every error it returns as its last result is a
	// value its package sees and that is not an SDK's
	// (errflow.Flow.OwnValue): a sentinel, errors.New, and the like. Never
	// set on interface methods.
	Own bool
	// Retrying names the retrying HTTP client the function returns as
	// its first result, at every return ("retryablehttp's StandardClient"):
	// a go-openai config given it retries (retryingResult).
	Retrying string
	// RetryingAttempts is the attempts that client makes, where a
	// constant gives them (&retryablehttp.Client{RetryMax: 2}: 3), 0 if
	// unknown.
	RetryingAttempts int
}

func (*Func) AFact() {}

func (f *Func) String() string {
	var parts []string
	for _, c := range f.Calls {
		parts = append(parts, "calls "+c.String())
	}
	if f.Err != nil {
		what := " errors from "
		if f.Err.Copy {
			what = " error texts from "
		}
		mods := f.Err.Module
		for _, m := range f.Err.Also {
			mods += " or " + m
		}
		parts = append(parts, "returns "+mods+what+f.Err.From)
	}
	if f.Own {
		parts = append(parts, "returns own errors")
	}
	if f.Retrying != "" {
		r := "returns a retrying client: " + f.Retrying
		if f.RetryingAttempts > 0 {
			r += " (" + strconv.Itoa(f.RetryingAttempts) + " attempts)"
		}
		parts = append(parts, r)
	}
	return strings.Join(parts, "; ")
}

// CallFact is an API call seen from outside its package.
type CallFact struct {
	// Call is the SDK call as written ("c.client.CreateChatCompletion"),
	// Pkg the package it is written in, Func the function that holds it,
	// qualified ("example.com/m/pkg/ai.Client.complete"), however many
	// functions of other packages lie between it and a caller.
	Call, Pkg, Func string
	Kind            sdk.Kind
	Family          sdk.Family
	Module          string
	OneShot         bool
	// SDKRetries is openai-go's own retries for the call.
	SDKRetries Retries
	// HTTPClient names the retrying HTTP client the call is sent through
	// ("retryablehttp's StandardClient"), HTTPAttempts its attempts; the
	// call is left to the callers all the same, whose retry layers stack
	// on it.
	HTTPClient   string
	HTTPAttempts int
	// Only is Site.Only: the call is unretried only on clients built by
	// these functions; callers are judged only where they are seen to
	// be (builtBy).
	Only string
	// Else is Site.Else: a caller whose receiver is built by the
	// functions of one of them is judged with its retry handling
	// (judgedAs).
	Else []Built
	// Plain is set on the call as judgedAs hands it to such a caller:
	// Only's functions, whose clients do not retry, the way to keep one
	// layer without switching the retries off for every client.
	Plain string
	// Ignored: the call carries `//oaiguard:ignore unretried` (or all),
	// so its callers are not reported for it either.
	Ignored bool
}

func (c CallFact) String() string {
	s := c.Call + " (" + c.Family.String()
	if c.Family == sdk.OpenAIGo {
		if c.SDKRetries.Off() {
			s += ", retries off"
		} else {
			s += ", retries on"
		}
	}
	if c.HTTPClient != "" {
		s += ", through " + c.HTTPClient
	}
	if c.Only != "" {
		s += ", on clients built by " + c.Only
	}
	if c.Ignored {
		s += ", ignored"
	}
	return s + ")"
}

// ErrFact says where an error a function returns may come from.
type ErrFact struct {
	Module, From string
	Stream       bool
	// Copy: the error holds a copy of the SDK error's text, not the
	// error (errflow.Source.Copy).
	Copy bool
	// Also are the other SDK modules the error may come from
	// (errflow.Source.Also).
	Also []string
}

// Via describes, for a Site found through a function of another package,
// the function called and the API call it leads to.
type Via struct {
	// Func is the function or method called, qualified by its package
	// path: "example.com/m/pkg/ai.Client.Chat".
	Func string
	Call CallFact
	// Interface is set when Func is an interface method: no code to
	// edit, so messages name the Holder, the implementation's code.
	Interface bool
}

// Holder names the function that holds the API call: Call.Func, or Func
// for facts that do not say.
func (v *Via) Holder() string {
	if v.Call.Func != "" {
		return v.Call.Func
	}
	return v.Func
}

// reaches returns the SDK modules the package reaches through its imports,
// and the own error texts of those imports.
func reaches(pass *analysis.Pass) (mods, texts, all []string, convs map[string]bool) {
	convs = map[string]bool{}
	seen := map[string]bool{}
	add := func(list *[]string, s string) {
		if !seen[s] {
			seen[s] = true
			*list = append(*list, s)
		}
	}
	for _, imp := range pass.Pkg.Imports() {
		if mod, _, ok := sdk.ModuleOf(imp.Path()); ok {
			add(&mods, mod)
			continue
		}
		var r Reaches
		if pass.ImportPackageFact(imp, &r) {
			for _, m := range r.Modules {
				add(&mods, m)
			}
			for _, t := range r.Texts {
				add(&texts, "text:"+t)
			}
			if sameModule(pass, imp.Path()) {
				for _, t := range r.AllTexts {
					add(&all, "all:"+t)
				}
			}
			for _, c := range r.Conversions {
				convs[c] = true
			}
			continue
		}
		var o OwnTexts
		if sameModule(pass, imp.Path()) && pass.ImportPackageFact(imp, &o) {
			for _, t := range o.AllTexts {
				add(&all, "all:"+t)
			}
		}
	}
	sort.Strings(mods)
	for i, t := range texts {
		texts[i] = strings.TrimPrefix(t, "text:")
	}
	sort.Strings(texts)
	for i, t := range all {
		all[i] = strings.TrimPrefix(t, "all:")
	}
	sort.Strings(all)
	return mods, texts, all, convs
}

// sameModule reports whether the package path is in the module of the
// package analysed (any, when the driver gives no module): the module's
// own errors are those of its packages, not of a library's, the runtime's
// included.
func sameModule(pass *analysis.Pass, path string) bool {
	if pass.Module == nil || pass.Module.Path == "" {
		return true
	}
	return path == pass.Module.Path || strings.HasPrefix(path, pass.Module.Path+"/")
}

// ownTexts returns the texts of the package's own errors that look like
// an SDK's error text and that the package makes: errors.New and
// fmt.Errorf calls, and the sentinels (package-level variables declared
// with such a call, of this package or, through Reaches.Sentinels, of the
// packages it imports) that it uses as a value: returned, assigned,
// passed, wrapped. A sentinel only compared with (==, errors.Is) or read
// (.Error()) is no error the package makes, so its text is no reason to
// doubt that an error matched against the same text elsewhere is an
// SDK's. It also returns the package's exported sentinels, for importers.
func (a *finder) ownTexts() (texts []string, exported []Sentinel) {
	return a.ownTextsWhere(func(s string) bool { _, ok := sdk.SDKOnlyText(s); return ok }, false)
}

// ownTextsWhere is ownTexts for the texts keep accepts. With all, it
// also counts the texts of the package's Error methods, and reads the
// imported packages' sentinels of every text (Reaches.AllSentinels,
// OwnTexts.Sentinels).
func (a *finder) ownTextsWhere(keep func(string) bool, all bool) (texts []string, exported []Sentinel) {
	info := a.info()
	constText := func(call *ast.CallExpr) (string, bool) {
		fn := a.calleeFunc(call)
		if fn == nil || fn.Pkg() == nil || len(call.Args) == 0 {
			return "", false
		}
		if p := fn.Pkg().Path() + "." + fn.Name(); p != "errors.New" && p != "fmt.Errorf" {
			return "", false
		}
		tv := info.Types[call.Args[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return "", false
		}
		s := constant.StringVal(tv.Value)
		if len(call.Args) > 1 {
			text, wrapsSDK := formatText(info, s, call.Args[1:])
			if wrapsSDK {
				// fmt.Errorf("refused (status %d): %w", e.HTTPStatusCode,
				// e) with e an SDK error: the predicate reads the chain and
				// finds e, so the text misses nothing it would.
				return "", false
			}
			s = text
		}
		return s, keep(s)
	}
	add := func(s string) {
		if !slices.Contains(texts, s) {
			texts = append(texts, s)
		}
	}
	// The package's sentinels.
	sentinels := map[*types.Var]string{}
	declared := map[*ast.CallExpr]bool{}
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) {
						break
					}
					call, ok := ast.Unparen(vs.Values[i]).(*ast.CallExpr)
					if !ok {
						continue
					}
					if t, ok := constText(call); ok {
						if v, ok := info.Defs[name].(*types.Var); ok {
							sentinels[v] = t
							declared[call] = true
							if v.Exported() {
								exported = append(exported, Sentinel{Name: v.Name(), Text: t})
							}
						}
					}
				}
			}
		}
	}
	// Uses that make no error: operands of comparisons and errors.Is or
	// errors.As, receivers of a method call.
	notMade := map[*ast.Ident]bool{}
	mark := func(e ast.Expr) {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			notMade[x] = true
		case *ast.SelectorExpr:
			notMade[x.Sel] = true
		}
	}
	for cur := range a.in.Root().Preorder((*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil), (*ast.SelectorExpr)(nil), (*ast.CaseClause)(nil)) {
		switch x := cur.Node().(type) {
		case *ast.CallExpr:
			if declared[x] {
				continue
			}
			if t, ok := constText(x); ok {
				add(t)
				continue
			}
			if fn := a.calleeFunc(x); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "errors" && (fn.Name() == "Is" || fn.Name() == "As") {
				for _, arg := range x.Args {
					mark(arg)
				}
			}
		case *ast.BinaryExpr:
			if x.Op == token.EQL || x.Op == token.NEQ {
				mark(x.X)
				mark(x.Y)
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[x]; ok && sel.Kind() == types.MethodVal {
				mark(x.X)
			}
		case *ast.CaseClause:
			for _, e := range x.List {
				mark(e)
			}
		}
	}
	imported := map[*types.Package][]Sentinel{}
	var made []string
	for id, obj := range info.Uses {
		v, ok := obj.(*types.Var)
		if !ok || notMade[id] || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
			continue
		}
		t, ok := sentinels[v]
		if !ok && v.Pkg() != a.pass.Pkg && v.Exported() {
			list, seen := imported[v.Pkg()]
			if !seen {
				var r Reaches
				var o OwnTexts
				switch {
				case a.pass.ImportPackageFact(v.Pkg(), &r):
					list = r.Sentinels
					if all {
						list = r.AllSentinels
					}
				case all && a.pass.ImportPackageFact(v.Pkg(), &o):
					list = o.Sentinels
				}
				imported[v.Pkg()] = list
			}
			for _, s := range list {
				if s.Name == v.Name() {
					t, ok = s.Text, true
				}
			}
		}
		if ok {
			made = append(made, t)
		}
	}
	slices.Sort(made) // Uses comes in no set order
	for _, t := range made {
		add(t)
	}
	if all {
		for _, t := range errorMethodTexts(a.pass, keep) {
			add(t)
		}
	}
	return texts, exported
}

// importedFunc returns the fact of a function or method of another
// package, or of an interface method whose implementations in the packages
// this one imports (directly or not) have facts.
func (a *finder) importedFunc(fn *types.Func) *Func {
	if fn.Pkg() == nil {
		return nil
	}
	if fn.Origin().Pkg() == a.pass.Pkg {
		if interfaceOf(fn) == nil {
			return nil
		}
		// An interface the package declares for what it consumes (type
		// Asker interface{ Ask(...) } with var a Asker = ai.New()): the
		// implementations of other packages converted to it here count,
		// as for an interface of theirs; its own are ownInterfaceSites'.
		if f, ok := a.imported[fn]; ok {
			return f
		}
		out := a.implementations(fn)
		a.imported[fn] = out
		return out
	}
	if fn != fn.Origin() && interfaceOf(fn) != nil {
		// A method of an instantiated generic interface (Doer[string,
		// string]): its implementations are those of that instance, not
		// of every instance the generic method stands for.
		if f, ok := a.imported[fn]; ok {
			return f
		}
		out := a.implementations(fn)
		a.imported[fn] = out
		return out
	}
	fn = fn.Origin()
	if f, ok := a.imported[fn]; ok {
		return f
	}
	var out *Func
	f := new(Func)
	if a.pass.ImportObjectFact(fn, f) {
		out = f
	} else if interfaceOf(fn) != nil {
		out = a.implementations(fn)
	}
	a.imported[fn] = out
	return out
}

// interfaceOf returns the interface fn is a method of, or nil.
func interfaceOf(fn *types.Func) *types.Interface {
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	iface, _ := recv.Type().Underlying().(*types.Interface)
	return iface
}

// implementations merges the facts of the methods named as the interface
// method fn whose receiver implements its interface and flows to it
// (flowsTo), among the facts of this package's dependencies.
func (a *finder) implementations(fn *types.Func) *Func {
	name, iface := fn.Name(), interfaceOf(fn)
	if a.methodFacts == nil {
		a.methodFacts = map[string][]methodFact{}
		for _, of := range a.pass.AllObjectFacts() {
			fn, ok := of.Object.(*types.Func)
			f, isFunc := of.Fact.(*Func)
			if !ok || !isFunc || fn.Signature().Recv() == nil || interfaceOf(fn) != nil {
				continue
			}
			a.methodFacts[fn.Name()] = append(a.methodFacts[fn.Name()], methodFact{fn, f})
		}
		// AllObjectFacts comes in no set order, and merge keeps the first
		// error source: sort, so that every run names the same one.
		for _, mfs := range a.methodFacts {
			sort.Slice(mfs, func(i, j int) bool { return funcKey(mfs[i].fn) < funcKey(mfs[j].fn) })
		}
	}
	var out *Func
	for _, mf := range a.methodFacts[name] {
		if mf.fn.Pkg() == a.pass.Pkg {
			continue // the package's own methods: its own sites
		}
		if implements(mf.fn, iface) && a.flowsTo(mf.fn, fn) {
			out = merge(out, mf.fact)
		}
	}
	if out != nil {
		sortCalls(out.Calls)
	}
	return out
}

// funcKey orders functions and methods the same way in every run.
func funcKey(fn *types.Func) string {
	return fn.FullName()
}

type methodFact struct {
	fn   *types.Func
	fact *Func
}

// implements reports whether the receiver type of method m implements
// iface.
func implements(m *types.Func, iface *types.Interface) bool {
	t := m.Signature().Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}

func merge(into, f *Func) *Func {
	if f == nil {
		return into
	}
	if into == nil {
		into = &Func{}
	}
	for _, c := range f.Calls {
		if !slices.ContainsFunc(into.Calls, c.equal) {
			into.Calls = append(into.Calls, c)
		}
	}
	if f.Err != nil && (into.Err == nil || into.Err.Copy && !f.Err.Copy) {
		e := *f.Err
		if into.Err != nil {
			e.Also = errflow.Source{Module: e.Module, Also: e.Also}.Join(errflow.Source{Module: into.Err.Module, Also: into.Err.Also}).Also
		}
		into.Err = &e
	} else if f.Err != nil {
		// An interface method implemented with errors of several SDKs.
		into.Err.Also = errflow.Source{Module: into.Err.Module, Also: into.Err.Also}.Join(errflow.Source{Module: f.Err.Module, Also: f.Err.Also}).Also
	}
	return into
}

// qualified names fn for messages from other packages:
// "example.com/m/pkg/ai.Client.Chat".
func qualified(fn *types.Func) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		name = recvName(recv.Type()) + "." + name
	}
	if fn.Pkg() == nil {
		return name
	}
	return fn.Pkg().Path() + "." + name
}

// errorSource is what errflow learns from an imported fact.
func (a *finder) errorSource(fn *types.Func) (errflow.Source, bool) {
	f := a.importedFunc(fn)
	if f == nil || f.Err == nil {
		return errflow.Source{}, false
	}
	return errflow.Source{Module: f.Err.Module, From: f.Err.From, Stream: f.Err.Stream, Copy: f.Err.Copy, Also: f.Err.Also, Via: qualified(fn.Origin())}, true
}

// ownErrors reports whether every error a function of another package
// returns is a value seen not to be an SDK's: its fact says so, or its
// package reaches no SDK and it is a function (not a method, whose
// receiver may hold any error) that nothing handed to it can carry an
// error into. What errflow.Flow.ImportedOwn wants.
func (a *finder) ownErrors(fn *types.Func) bool {
	fn = fn.Origin()
	pkg := fn.Pkg()
	if pkg == nil || pkg == a.pass.Pkg || interfaceOf(fn) != nil {
		return false
	}
	if _, _, ok := sdk.ModuleOf(pkg.Path()); ok {
		return false
	}
	if f := a.importedFunc(fn); f != nil {
		return f.Own
	}
	var r Reaches
	if a.pass.ImportPackageFact(pkg, &r) || fn.Signature().Recv() != nil {
		return false
	}
	params := fn.Signature().Params()
	for i := range params.Len() {
		if mayCarry(params.At(i).Type(), map[types.Type]bool{}) {
			return false
		}
	}
	return true
}

// mayCarry reports whether a value of type t may hold an error or a
// function that returns one: an interface or a function, or something
// that holds one.
func mayCarry(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Interface, *types.Signature, *types.TypeParam:
		return true
	case *types.Pointer:
		return mayCarry(u.Elem(), seen)
	case *types.Slice:
		return mayCarry(u.Elem(), seen)
	case *types.Array:
		return mayCarry(u.Elem(), seen)
	case *types.Chan:
		return mayCarry(u.Elem(), seen)
	case *types.Map:
		return mayCarry(u.Key(), seen) || mayCarry(u.Elem(), seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if mayCarry(u.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// exportFacts computes and exports the facts of the package's functions
// and methods: the API calls left to callers (deferred), and the errors
// they may return.
func (a *finder) exportFacts(res *Result, deferred map[*types.Func][]CallFact) {
	facts := map[*types.Func]*Func{}
	for fn, calls := range deferred {
		facts[fn] = merge(facts[fn], &Func{Calls: calls})
	}
	flow := errflow.New(a.info(), a.pass.Pkg, a.pass.Files, a.in)
	flow.Imported = a.errorSource
	flow.ImportedOwn = a.ownErrors
	a.index()
	for fn := range a.decls {
		// Other packages call only exported names, interface methods
		// included.
		if !fn.Exported() || !resultIsError(fn.Signature()) {
			continue
		}
		if s, ok := flow.Returns(fn); ok {
			from := s.From
			if s.Via != "" {
				from += " via " + s.Via
			}
			facts[fn] = merge(facts[fn], &Func{Err: &ErrFact{Module: s.Module, From: from, Stream: s.Stream, Copy: s.Copy, Also: s.Also}})
		} else if interfaceOf(fn) == nil && flow.OwnReturns(fn) {
			if facts[fn] == nil {
				facts[fn] = &Func{}
			}
			facts[fn].Own = true
		}
	}
	for fn, l := range a.retryingFuncs() {
		if facts[fn] == nil {
			facts[fn] = &Func{}
		}
		facts[fn].Retrying, facts[fn].RetryingAttempts = l.Name, l.Attempts
	}
	// An interface the package declares stands for its implementations in
	// the package: a call through it is a call of each.
	scope := a.pass.Pkg.Scope()
	seen := map[*types.Interface]bool{}
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok || seen[iface] {
			continue
		}
		seen[iface] = true // an alias of a local interface: once
		for i := range iface.NumExplicitMethods() {
			m := iface.ExplicitMethod(i)
			// An alias or a defined type of another package's interface
			// shares that package's methods: a fact can be set only on
			// this package's objects.
			if m.Pkg() != a.pass.Pkg {
				continue
			}
			var f *Func
			for _, fn := range slices.SortedFunc(maps.Keys(facts), func(x, y *types.Func) int { return strings.Compare(funcKey(x), funcKey(y)) }) {
				if fn.Name() == m.Name() && fn.Signature().Recv() != nil && interfaceOf(fn) == nil && implements(fn, iface) {
					f = merge(f, facts[fn])
				}
			}
			if f != nil && (len(f.Calls) > 0 || f.Err != nil) {
				facts[m] = merge(facts[m], f)
			}
		}
	}
	for fn, f := range facts {
		sortCalls(f.Calls)
		a.pass.ExportObjectFact(fn, f)
	}
	res.funcs = facts
}

// retryingFuncs returns the package's exported functions whose every
// return is a retrying HTTP client, with the client's layer.
func (a *finder) retryingFuncs() map[*types.Func]*Layer {
	a.index()
	out := map[*types.Func]*Layer{}
	for fn := range a.decls {
		if !fn.Exported() || fn.Signature().Recv() != nil {
			continue
		}
		if l := a.retryingResult(fn); l != nil {
			out[fn] = l
		}
	}
	return out
}

// exportRetrying exports the Retrying facts of a package that reaches no
// SDK (retrylib.MayBuildClients): its only facts.
func (a *finder) exportRetrying() {
	for fn, l := range a.retryingFuncs() {
		a.pass.ExportObjectFact(fn, &Func{Retrying: l.Name, RetryingAttempts: l.Attempts})
	}
}

func sortCalls(cs []CallFact) {
	sort.Slice(cs, func(i, j int) bool { return fmt.Sprint(cs[i]) < fmt.Sprint(cs[j]) })
}

// equal reports whether two call facts are the same (Else is a slice).
func (c CallFact) equal(x CallFact) bool {
	if len(c.Else) == 0 && len(x.Else) == 0 {
		c.Else, x.Else = nil, nil
	}
	return reflect.DeepEqual(c, x)
}
