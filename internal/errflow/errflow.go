// Package errflow tells which error values in a package flow from an OpenAI
// SDK: the error results of SDK calls, the same errors wrapped with %w or
// joined, passed through a retry helper or the runtime, returned by
// same-package helpers, or held in local variables; values of the SDKs'
// error types; and, in a package that imports an SDK, parameters of type
// error.
//
// Errors from functions and methods of other packages are known through
// Imported, which the apicalls analysis fills from its facts. Within the
// package, the analysis is flow-insensitive
// only where it has to be: a use of a variable sees the assignments that
// can reach it in source order (the nearest one that surely ran before it,
// any in branches between, and those later in an enclosing loop).
package errflow

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Source says where an error came from.
type Source struct {
	// Module is the SDK module the error comes from; "" when it is a
	// parameter in a package that imports several SDK modules.
	Module string
	// From names the origin for messages: the SDK call as written
	// ("client.CreateChatCompletion"), the error type ("openai.Error") or
	// "parameter err".
	From string
	// Param is set when the only reason is that the error is a parameter
	// of type error in a package that imports an SDK.
	Param bool
	// Stream is set for the error of an openai-go stream (ssestream's
	// Err, or a StreamError): an error event inside the stream, whose text
	// holds the whole error object, whatever the SDK version.
	Stream bool
	// Via names the function or method of another package of the module
	// the error came through ("example.com/m/pkg/ai.Client.Chat"), known
	// from the facts its package exported; "" within the package.
	Via string
	// Copy is set when the error holds a copy of an SDK error's text, not
	// the SDK error itself: fmt.Errorf with the error (or its Error()) as
	// an operand of %v or %s, errors.New(err.Error()). Its text says what
	// the SDK's did, but its chain is broken: errors.As and the runtime's
	// predicates, which read the chain, find nothing in it.
	Copy bool
	// Also are the other SDK modules the error may come from, sorted:
	// a function that returns one SDK's error on one path and another's
	// on another, an interface method implemented with both, a variable
	// assigned from both. No one SDK's predicates classify such an error.
	Also []string
}

// join adds to s the modules of o, an error the same value may hold.
func (s Source) join(o Source) Source {
	for _, m := range append([]string{o.Module}, o.Also...) {
		if m != "" && m != s.Module && !slices.Contains(s.Also, m) {
			s.Also = append(slices.Clone(s.Also), m)
			slices.Sort(s.Also)
		}
	}
	return s
}

// Join returns s with the modules of o added: the error may be either.
func (s Source) Join(o Source) Source { return s.join(o) }

// Def is one definition of a local variable: an assignment, a declaration,
// or the variable being a parameter or named result.
type Def struct {
	// Value is the assigned expression; nil for a declaration without
	// value, a parameter, a result or a range variable.
	Value ast.Expr
	// Index is the position of the variable among the results of Value,
	// a call with several results; -1 when Value is the variable's own.
	Index int
	// Param is set for function (and function literal) parameters.
	Param bool
	// Pos is where the definition takes effect: the end of the
	// statement, or the start of the function body.
	Pos token.Pos
	// block is the innermost statement list (or if/for/switch statement
	// with an init) that holds the definition: a definition whose block
	// encloses a use surely ran before it.
	block ast.Node
}

// Flow answers questions about one package. It computes lazily: nothing is
// walked until the first question.
type Flow struct {
	info  *types.Info
	pkg   *types.Package
	files []*ast.File
	in    *inspector.Inspector

	// paramModules are the SDK modules the package imports.
	paramModules []string

	indexed   map[ast.Decl]bool    // declarations whose defs are indexed
	defs      map[*types.Var][]Def // sorted by Pos
	loops     []*ast.BlockStmt     // bodies of for and range statements
	pkgVars   map[*types.Var]ast.Expr
	helpers   map[*types.Func]Source
	calls     map[*types.Func][]*ast.CallExpr // same-package callees; see callsOf
	computing bool

	// Imported, when set, says whether a function or method of another
	// package (an interface method too) may return an SDK error: what
	// the apicalls facts say (apicalls.Result.ErrorSource).
	Imported func(*types.Func) (Source, bool)
	// ImportedOwn, when set, says whether every error a function or
	// method of another package returns is a value seen not to be an
	// SDK's (OwnValue): what the apicalls facts say
	// (apicalls.Result.OwnErrors).
	ImportedOwn func(*types.Func) bool

	own map[*types.Func]bool // OwnReturns, computed or in progress (false)
}

// New returns the Flow of a package. in must be an inspector over files.
func New(info *types.Info, pkg *types.Package, files []*ast.File, in *inspector.Inspector) *Flow {
	f := &Flow{info: info, pkg: pkg, files: files, in: in}
	seen := map[string]bool{}
	for _, imp := range pkg.Imports() {
		if mod, _, ok := sdk.ModuleOf(imp.Path()); ok && !seen[mod] {
			seen[mod] = true
			f.paramModules = append(f.paramModules, mod)
		}
	}
	sort.Strings(f.paramModules)
	return f
}

// ImportsSDK reports whether the package imports a package of an SDK.
func (f *Flow) ImportsSDK() bool { return len(f.paramModules) > 0 }

// Source reports whether the error-valued expression e holds an error that
// comes from an SDK, at the place where e is written.
func (f *Flow) Source(e ast.Expr) (Source, bool) {
	return f.source(e, map[ast.Node]bool{})
}

const maxVisits = 64 // bounds the work for one question

func (f *Flow) source(e ast.Expr, visiting map[ast.Node]bool) (Source, bool) {
	e = ast.Unparen(e)
	if visiting[e] || len(visiting) > maxVisits {
		return Source{}, false
	}
	visiting[e] = true
	if tv, ok := f.info.Types[e]; ok {
		if et, ok := sdk.ErrorTypeOf(tv.Type); ok {
			return Source{Module: et.Module, From: et.Spelling(), Stream: et.Kind == sdk.StreamError}, true
		}
	}
	switch x := e.(type) {
	case *ast.Ident:
		v, ok := f.info.Uses[x].(*types.Var)
		if !ok || !isLocal(v) {
			return Source{}, false
		}
		var src Source
		found := false
		for _, d := range f.Defs(v, x.Pos()) {
			if s, ok := f.defSource(v, d, visiting); ok {
				if !found {
					src, found = s, true
				} else {
					src = src.join(s)
				}
			}
		}
		return src, found
	case *ast.CallExpr:
		return f.callSource(x, -1, visiting)
	case *ast.TypeAssertExpr:
		return f.source(x.X, visiting)
	case *ast.UnaryExpr:
		if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND {
			return f.unwrapLit(lit, true, visiting)
		}
	case *ast.CompositeLit:
		return f.unwrapLit(x, false, visiting)
	case *ast.SelectorExpr:
		return f.unwrapField(x, visiting)
	}
	return Source{}, false
}

// unwrapField returns the source of x.F, the one field of error type of
// a struct type that unwraps, where x may hold an SDK's error in its chain
// (case *Wrap: v.Err, in a type switch on an SDK's error): the chain goes
// on through that field, the only error Unwrap can return but a made one.
func (f *Flow) unwrapField(sel *ast.SelectorExpr, visiting map[ast.Node]bool) (Source, bool) {
	s := f.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 || !isErrorType(s.Type()) {
		return Source{}, false
	}
	recv := s.Recv()
	if !unwraps(recv) {
		return Source{}, false
	}
	base := recv
	if p, ok := base.Underlying().(*types.Pointer); ok {
		base = p.Elem()
	}
	st, ok := base.Underlying().(*types.Struct)
	if !ok {
		return Source{}, false
	}
	errFields := 0
	for fld := range st.Fields() {
		if isErrorType(fld.Type()) {
			errFields++
		}
	}
	if errFields != 1 {
		return Source{}, false
	}
	return f.source(sel.X, visiting)
}

// unwrapLit returns the source of a composite literal of an error type of
// the module's own that unwraps to what it holds (&AIError{Op: "chat",
// Err: err}; ptr: the literal's address is the value): the SDK error of
// one of its fields stays in the chain.
func (f *Flow) unwrapLit(lit *ast.CompositeLit, ptr bool, visiting map[ast.Node]bool) (Source, bool) {
	t := f.info.TypeOf(lit)
	if t == nil {
		return Source{}, false
	}
	if ptr {
		t = types.NewPointer(t)
	}
	if !unwraps(t) {
		return Source{}, false
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			elt = kv.Value
		}
		if et := f.info.TypeOf(elt); et == nil || !types.Implements(et, errorIface) {
			continue
		}
		if s, ok := f.source(elt, visiting); ok {
			return s, true
		}
	}
	return Source{}, false
}

// unwraps reports whether values of t have an Unwrap method that
// errors.Is and errors.As follow.
func unwraps(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for i := range ms.Len() {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok || fn.Name() != "Unwrap" {
			continue
		}
		sig := fn.Signature()
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
			return false
		}
		r := sig.Results().At(0).Type()
		if s, ok := r.(*types.Slice); ok {
			r = s.Elem()
		}
		return isErrorType(r)
	}
	return false
}

func (f *Flow) defSource(v *types.Var, d Def, visiting map[ast.Node]bool) (Source, bool) {
	switch {
	case d.Param:
		if len(f.paramModules) == 0 || !isErrorType(v.Type()) {
			return Source{}, false
		}
		if f.callersPassOthers(v, visiting) {
			return Source{}, false
		}
		mod := ""
		if len(f.paramModules) == 1 {
			mod = f.paramModules[0]
		}
		return Source{Module: mod, From: "parameter " + v.Name(), Param: true}, true
	case d.Value == nil:
		return Source{}, false
	case d.Index >= 0:
		if call, ok := ast.Unparen(d.Value).(*ast.CallExpr); ok {
			return f.callSource(call, d.Index, visiting)
		}
		return Source{}, false
	}
	return f.source(d.Value, visiting)
}

// callersPassOthers reports whether v is a parameter of a function that
// the package calls, and every call passes for v an error that is seen to
// come from elsewhere than an SDK: a helper that classifies the errors of
// another API (AWS, a database) in a package that also imports an SDK.
// Functions the package never calls may get SDK errors from outside.
func (f *Flow) callersPassOthers(v *types.Var, visiting map[ast.Node]bool) bool {
	fn, index := f.paramOf(v)
	if fn == nil {
		return false
	}
	calls := 0
	for _, call := range f.callsOf(fn) {
		if index >= len(call.Args) || call.Ellipsis.IsValid() {
			return false
		}
		if _, ok := f.source(call.Args[index], visiting); ok {
			return false
		}
		calls++
	}
	return calls > 0
}

// callsOf returns the package's calls of fn, indexed in one walk on the
// first question.
func (f *Flow) callsOf(fn *types.Func) []*ast.CallExpr {
	if f.calls == nil {
		f.calls = map[*types.Func][]*ast.CallExpr{}
		for c := range f.in.Root().Preorder((*ast.CallExpr)(nil)) {
			call := c.Node().(*ast.CallExpr)
			if callee, ok := typeutil.Callee(f.info, call).(*types.Func); ok && callee.Pkg() == f.pkg {
				f.calls[callee] = append(f.calls[callee], call)
			}
		}
	}
	return f.calls[fn]
}

// paramOf returns the function declared in this package whose parameter v
// is, and v's index among its parameters.
func (f *Flow) paramOf(v *types.Var) (*types.Func, int) {
	for _, file := range f.files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Type.Params == nil || !(fd.Pos() <= v.Pos() && v.Pos() < fd.End()) {
				continue
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				for _, name := range field.Names {
					if f.info.Defs[name] == v {
						fn, _ := f.info.Defs[fd.Name].(*types.Func)
						return fn, i
					}
					i++
				}
				if len(field.Names) == 0 {
					i++
				}
			}
			return nil, 0
		}
	}
	return nil, 0
}

// CallSource reports whether result index of call (-1: its only result)
// is an error from an SDK.
func (f *Flow) CallSource(call *ast.CallExpr, index int) (Source, bool) {
	return f.callSource(call, index, map[ast.Node]bool{})
}

func (f *Flow) callSource(call *ast.CallExpr, index int, visiting map[ast.Node]bool) (Source, bool) {
	sig, ok := types.Unalias(f.info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return Source{}, false // a conversion
	}
	res := sig.Results()
	i := index
	if i < 0 {
		i = res.Len() - 1
	}
	if i < 0 || i >= res.Len() || !isErrorType(res.At(i).Type()) {
		return Source{}, false
	}
	fn, _ := typeutil.Callee(f.info, call).(*types.Func)
	if fn != nil {
		fn = fn.Origin()
		if pkg := fn.Pkg(); pkg != nil {
			if mod, sub, ok := sdk.ModuleOf(pkg.Path()); ok {
				return Source{Module: mod, From: exprString(call.Fun), Stream: sub == "packages/ssestream"}, true
			}
			switch pkg.Path() + "." + fn.Name() {
			case "fmt.Errorf":
				if s, ok := f.wrapped(call, visiting); ok {
					return s, true
				}
				if len(call.Args) > 1 {
					return f.copied(call.Args[1:], visiting)
				}
				return Source{}, false
			case "errors.New":
				return f.copied(call.Args, visiting)
			case "errors.Unwrap":
				// A layer of the chain peeled off: what lies below it,
				// the SDK's error among it, remains.
				if len(call.Args) == 1 {
					return f.source(call.Args[0], visiting)
				}
				return Source{}, false
			case "errors.Join":
				// Any of the joined errors may be what a match sees:
				// their SDKs all count (Source.Also).
				var out Source
				found := false
				for _, a := range call.Args {
					if s, ok := f.source(a, visiting); ok {
						if !found {
							out, found = s, true
						} else {
							out = out.join(s)
						}
					}
				}
				return out, found
			}
			if pkg == f.pkg {
				if s, ok := f.helper(fn); ok {
					return s, true
				}
			} else if f.Imported != nil {
				if s, ok := f.Imported(fn); ok {
					return s, true
				}
			}
		}
	}
	// A retry helper or the runtime, given an SDK method or a closure
	// that calls the SDK, returns the SDK's error.
	for _, a := range call.Args {
		if s, ok := f.sdkFuncArg(a); ok {
			return s, true
		}
	}
	return Source{}, false
}

// wrapped returns the source of an operand of fmt.Errorf's %w verbs.
func (f *Flow) wrapped(call *ast.CallExpr, visiting map[ast.Node]bool) (Source, bool) {
	if len(call.Args) < 2 {
		return Source{}, false
	}
	tv := f.info.Types[call.Args[0]]
	if tv.Value == nil {
		return Source{}, false
	}
	format := strings.Trim(tv.Value.ExactString(), `"`)
	for _, i := range wrapOperands(format) {
		if 1+i < len(call.Args) {
			if s, ok := f.source(call.Args[1+i], visiting); ok {
				return s, true
			}
		}
	}
	return Source{}, false
}

// copied returns the source of an SDK error whose text one of the
// operands carries: the error itself (as with %v), its Error(), fmt's
// Sprint family over it, or a local string variable holding such a text.
// The result is a copy (Source.Copy).
func (f *Flow) copied(args []ast.Expr, visiting map[ast.Node]bool) (Source, bool) {
	for _, a := range args {
		if s, ok := f.textOfError(a, visiting); ok {
			s.Copy = true
			return s, true
		}
	}
	return Source{}, false
}

// textOfError returns the source of the SDK error whose text the
// expression holds, when it is an error or text read from one.
func (f *Flow) textOfError(e ast.Expr, visiting map[ast.Node]bool) (Source, bool) {
	e = ast.Unparen(e)
	if visiting[e] || len(visiting) > maxVisits {
		return Source{}, false
	}
	t := f.info.TypeOf(e)
	if t == nil {
		return Source{}, false
	}
	if types.Implements(t, errorIface) {
		return f.source(e, visiting)
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(f.info, x).(*types.Func)
		if fn == nil {
			return Source{}, false
		}
		if fn.Name() == "Error" && fn.Signature().Recv() != nil && len(x.Args) == 0 {
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				return f.source(sel.X, visiting)
			}
			return Source{}, false
		}
		if fn.Pkg() == nil {
			return Source{}, false
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "fmt.Sprint", "fmt.Sprintf", "fmt.Sprintln":
			for _, a := range x.Args {
				if s, ok := f.textOfError(a, visiting); ok {
					return s, true
				}
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			if s, ok := f.textOfError(x.X, visiting); ok {
				return s, true
			}
			return f.textOfError(x.Y, visiting)
		}
	case *ast.Ident:
		v, ok := f.info.Uses[x].(*types.Var)
		if !ok || !isLocal(v) {
			return Source{}, false
		}
		visiting[e] = true
		for _, d := range f.Defs(v, x.Pos()) {
			if d.Value != nil && d.Index < 0 {
				if s, ok := f.textOfError(d.Value, visiting); ok {
					return s, true
				}
			}
		}
	}
	return Source{}, false
}

// wrapOperands returns the operand indexes of the %w verbs in a format, or
// every operand's index if the format uses explicit argument indexes.
func wrapOperands(format string) []int {
	var out []int
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// Flags, width, precision.
		for i < len(format) && strings.IndexByte("+-# 0123456789.*", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			break
		}
		switch format[i] {
		case '%':
			continue
		case '[':
			return []int{0, 1, 2, 3, 4, 5, 6, 7}
		case 'w':
			out = append(out, arg)
		}
		arg++
	}
	return out
}

// sdkFuncArg reports whether a call argument is a function value that
// calls the SDK: an SDK method or function, or a literal whose body makes
// an SDK call that returns an error.
func (f *Flow) sdkFuncArg(a ast.Expr) (Source, bool) {
	a = ast.Unparen(a)
	switch x := a.(type) {
	case *ast.SelectorExpr, *ast.Ident:
		var id *ast.Ident
		if sel, ok := x.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = x.(*ast.Ident)
		}
		if fn, ok := f.info.Uses[id].(*types.Func); ok && fn.Pkg() != nil {
			if mod, _, ok := sdk.ModuleOf(fn.Pkg().Path()); ok {
				return Source{Module: mod, From: exprString(a)}, true
			}
		}
	case *ast.FuncLit:
		var src Source
		found := false
		ast.Inspect(x.Body, func(n ast.Node) bool {
			if found {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := typeutil.Callee(f.info, call).(*types.Func)
			if !ok || fn.Pkg() == nil || !returnsError(fn) {
				return true
			}
			if mod, _, ok := sdk.ModuleOf(fn.Pkg().Path()); ok {
				src, found = Source{Module: mod, From: exprString(call.Fun)}, true
			}
			return true
		})
		return src, found
	}
	return Source{}, false
}

// Returns reports whether a function or method declared in this package
// may return an SDK error as its last result.
func (f *Flow) Returns(fn *types.Func) (Source, bool) { return f.helper(fn) }

// helper reports whether a function of this package returns an SDK error.
func (f *Flow) helper(fn *types.Func) (Source, bool) {
	if f.helpers == nil && !f.computing {
		f.computeHelpers()
	}
	s, ok := f.helpers[fn]
	return s, ok
}

// computeHelpers finds the package's functions and methods whose error
// result comes from an SDK, repeating until helpers of helpers are found.
// Errors that are only parameters do not make a helper: a function that
// wraps any error it is given says nothing about its callers' errors.
func (f *Flow) computeHelpers() {
	f.computing = true
	defer func() { f.computing = false }()
	f.helpers = map[*types.Func]Source{}
	type fnBody struct {
		fn   *types.Func
		decl *ast.FuncDecl
		errI int
	}
	var fns []fnBody
	for _, file := range f.files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := f.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			res := fn.Signature().Results()
			if res.Len() == 0 || !isErrorType(res.At(res.Len()-1).Type()) {
				continue
			}
			fns = append(fns, fnBody{fn, fd, res.Len() - 1})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fb := range fns {
			if _, done := f.helpers[fb.fn]; done {
				continue
			}
			if s, ok := f.returnsSource(fb.decl, fb.fn, fb.errI); ok {
				f.helpers[fb.fn] = s
				changed = true
			}
		}
	}
}

func (f *Flow) returnsSource(fd *ast.FuncDecl, fn *types.Func, errI int) (Source, bool) {
	var src Source
	found := false
	n := fn.Signature().Results().Len()
	// Every return is looked at: the error may come from one SDK on one
	// path and from another on another (Source.Also).
	ast.Inspect(fd.Body, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			var s Source
			var ok bool
			switch len(x.Results) {
			case n:
				s, ok = f.Source(x.Results[errI])
			case 1:
				if call, isCall := ast.Unparen(x.Results[0]).(*ast.CallExpr); isCall {
					s, ok = f.CallSource(call, errI)
				}
			case 0:
				if v := fn.Signature().Results().At(errI); v.Name() != "" {
					for _, d := range f.Defs(v, x.Pos()) {
						if s, ok = f.defSource(v, d, map[ast.Node]bool{}); ok {
							break
						}
					}
				}
			}
			if ok && !s.Param {
				if !found {
					src, found = s, true
				} else {
					src = src.join(s)
				}
			}
		}
		return true
	})
	return src, found
}

// PackageVarValue returns the value a package-level variable is declared
// with, if it is declared alone with one (var re = regexp.MustCompile(…)),
// and nothing in the package assigns it.
func (f *Flow) PackageVarValue(v *types.Var) (ast.Expr, bool) {
	if f.pkgVars == nil {
		f.pkgVars = map[*types.Var]ast.Expr{}
		for _, file := range f.files {
			for _, d := range file.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.VAR {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					if len(vs.Names) != len(vs.Values) {
						continue
					}
					for i, name := range vs.Names {
						if pv, ok := f.info.Defs[name].(*types.Var); ok {
							f.pkgVars[pv] = vs.Values[i]
						}
					}
				}
			}
		}
		// Drop variables that are assigned anywhere.
		for id, obj := range f.info.Uses {
			pv, ok := obj.(*types.Var)
			if !ok {
				continue
			}
			if _, declared := f.pkgVars[pv]; declared && f.assigned(id) {
				delete(f.pkgVars, pv)
			}
		}
	}
	e, ok := f.pkgVars[v]
	return e, ok
}

// assigned reports whether the identifier is the target of an assignment
// or has its address taken.
func (f *Flow) assigned(id *ast.Ident) bool {
	cur, ok := f.in.Root().FindNode(id)
	if !ok {
		return false
	}
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return true
			}
		}
	case *ast.UnaryExpr:
		return p.Op == token.AND
	case *ast.IncDecStmt:
		return true
	}
	return false
}

func isLocal(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() != nil && v.Parent() != v.Pkg().Scope()
}

var errorType = types.Universe.Lookup("error").Type()

func isErrorType(t types.Type) bool { return types.Identical(t, errorType) }

func returnsError(fn *types.Func) bool {
	res := fn.Signature().Results()
	return res.Len() > 0 && isErrorType(res.At(res.Len()-1).Type())
}

func exprString(e ast.Expr) string { return types.ExprString(e) }
