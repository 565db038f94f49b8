package apicalls

import (
	"go/ast"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// finder is the per-package state behind Run: lazily built indexes of the
// package's syntax, and memoised answers.
type finder struct {
	pass *analysis.Pass
	in   *inspector.Inspector

	indexed bool
	// values maps a variable or struct field to the expressions assigned to
	// it anywhere in the package (:=, =, var, keyed composite literals).
	values map[types.Object][]ast.Expr
	// fieldSets maps (variable, field name) to what is assigned to v.f.
	fieldSets map[fieldKey][]ast.Expr
	// decls maps package functions and methods to their declarations.
	decls map[*types.Func]*ast.FuncDecl
	// uses maps package-level functions and methods to their uses.
	uses map[types.Object][]*ast.Ident
	// params maps the parameters of package functions to their function
	// and position, so that a parameter resolves to the arguments of the
	// function's calls in the package.
	params map[*types.Var]param

	callers map[types.Object]*callersAnswer

	mu          sync.Mutex // guards imported and methodFacts after Run
	imported    map[*types.Func]*Func
	methodFacts map[string][]methodFact
	deferTo     map[*types.Func][]*types.Func // see deferral
	retrying    map[*types.Func]*Layer        // see retryingResult
	// conversions are the conversion keys in sight (Reaches.Conversions).
	conversions map[string]bool
}

type param struct {
	fn    *types.Func
	index int
}

type fieldKey struct {
	base  types.Object
	field string
}

type callersAnswer struct {
	done   bool
	layers []Layer
}

func newAnalysis(pass *analysis.Pass, in *inspector.Inspector) *finder {
	return &finder{pass: pass, in: in, callers: map[types.Object]*callersAnswer{}, imported: map[*types.Func]*Func{}}
}

func (a *finder) info() *types.Info { return a.pass.TypesInfo }

// index walks the package once, the first time a question needs it.
func (a *finder) index() {
	if a.indexed {
		return
	}
	a.indexed = true
	a.values = map[types.Object][]ast.Expr{}
	a.fieldSets = map[fieldKey][]ast.Expr{}
	a.decls = map[*types.Func]*ast.FuncDecl{}
	a.uses = map[types.Object][]*ast.Ident{}
	a.params = map[*types.Var]param{}
	info := a.info()
	for id, obj := range info.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == a.pass.Pkg {
			a.uses[fn] = append(a.uses[fn], id)
		}
	}
	for cur := range a.in.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.KeyValueExpr)(nil), (*ast.FuncDecl)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				a.decls[fn] = n
				params := fn.Signature().Params()
				for i := range params.Len() {
					if !(fn.Signature().Variadic() && i == params.Len()-1) {
						a.params[params.At(i)] = param{fn, i}
					}
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				continue // v, err := f(): the value is not an expression we can read
			}
			for i, lhs := range n.Lhs {
				a.record(lhs, n.Rhs[i])
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				continue
			}
			for i, name := range n.Names {
				if obj := info.Defs[name]; obj != nil {
					a.values[obj] = append(a.values[obj], n.Values[i])
				}
			}
		case *ast.KeyValueExpr:
			// Struct literal keys resolve to the field in Uses.
			if key, ok := n.Key.(*ast.Ident); ok {
				if f, ok := info.Uses[key].(*types.Var); ok && f.IsField() {
					a.values[f] = append(a.values[f], n.Value)
				}
			}
		}
	}
}

func (a *finder) record(lhs, rhs ast.Expr) {
	info := a.info()
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		obj := info.Defs[l]
		if obj == nil {
			obj = info.Uses[l]
		}
		if obj != nil {
			a.values[obj] = append(a.values[obj], rhs)
		}
	case *ast.SelectorExpr:
		f, ok := info.Uses[l.Sel].(*types.Var)
		if !ok || !f.IsField() {
			return
		}
		a.values[f] = append(a.values[f], rhs)
		if base, ok := ast.Unparen(l.X).(*ast.Ident); ok {
			if obj := info.Uses[base]; obj != nil {
				k := fieldKey{obj, l.Sel.Name}
				a.fieldSets[k] = append(a.fieldSets[k], rhs)
			}
		}
	}
}

// objectOf returns the variable or field an expression names, if any.
func (a *finder) objectOf(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := a.info().Uses[e]; obj != nil {
			return obj
		}
		return a.info().Defs[e]
	case *ast.SelectorExpr:
		if sel := a.info().Selections[e]; sel != nil && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
		return a.info().Uses[e.Sel] // qualified identifier: pkg.Var
	}
	return nil
}

// definitions resolves e through variables and fields to the expressions
// that were assigned to them, up to a small depth. It returns e itself when
// e is not a variable. Unknown sources (parameters, other packages) yield
// nothing for that branch; unknown is reported through the second result.
func (a *finder) definitions(e ast.Expr) (defs []ast.Expr, complete bool) {
	a.index()
	complete = true
	seen := map[types.Object]bool{}
	var walk func(e ast.Expr, depth int)
	walk = func(e ast.Expr, depth int) {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok {
			e = ast.Unparen(u.X) // &x{...}
		}
		obj := a.objectOf(e)
		v, isVar := obj.(*types.Var)
		if !isVar {
			defs = append(defs, e)
			return
		}
		if seen[v] || depth > 4 {
			return
		}
		seen[v] = true
		vals := a.values[v]
		if len(vals) == 0 {
			vals = a.arguments(v)
		}
		if len(vals) == 0 {
			// c, err := oai.NewClient(cfg): the call stands for c.
			if call := a.firstResultOf(v); call != nil {
				defs = append(defs, call)
				return
			}
			complete = false // a parameter, or set where we cannot see
			return
		}
		for _, val := range vals {
			walk(val, depth+1)
		}
	}
	walk(e, 0)
	return defs, complete
}

// calleeFunc returns the function a call calls, or nil.
func (a *finder) calleeFunc(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr: // generic instantiation f[T](...)
		return a.calleeFunc(&ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return a.calleeFunc(&ast.CallExpr{Fun: f.X})
	default:
		return nil
	}
	fn, _ := a.info().Uses[id].(*types.Func)
	return fn
}

// arguments returns what the package passes for parameter v at every call
// of its function, or nil if the function is used other than by calls.
func (a *finder) arguments(v *types.Var) []ast.Expr {
	p, ok := a.params[v]
	if !ok {
		return nil
	}
	var args []ast.Expr
	for _, id := range a.uses[p.fn] {
		c, ok := a.in.Root().FindByPos(id.Pos(), id.End())
		if !ok {
			return nil
		}
		if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
			c = c.Parent()
		}
		if c.ParentEdgeKind() != edge.CallExpr_Fun {
			return nil // a function value: its callers are out of sight
		}
		call := c.Parent().Node().(*ast.CallExpr)
		if p.index >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil
		}
		args = append(args, call.Args[p.index])
	}
	return args
}
