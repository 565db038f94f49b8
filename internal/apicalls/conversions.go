package apicalls

import (
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ast/inspector"
)

// An interface method's implementations count for a call through it only
// where there is evidence that they can flow there: the interface is
// declared in the implementation's package (exportFacts), or the
// implementation's type is converted to the interface, or to an interface
// that embeds it, in this package or a package it imports, directly or
// not (Reaches.Conversions). A type that merely has the interface's
// method set, in a package imported for something else, does not count.

// conversion is the key of a concrete type converted to an interface:
// both named, qualified by package path.
func conversion(concrete, iface string) string { return concrete + " → " + iface }

// typeName returns "path.Name" for a named type declared at package
// level (a pointer to one too), or "".
func typeName(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return ""
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// embedded returns the named interface t and the named interfaces it
// embeds, directly or not.
func embedded(t types.Type, out []string, depth int) []string {
	name := typeName(t)
	iface, ok := t.Underlying().(*types.Interface)
	if name == "" || !ok || depth > 8 {
		return out
	}
	out = append(out, name)
	for i := range iface.NumEmbeddeds() {
		out = embedded(iface.EmbeddedType(i), out, depth+1)
	}
	return out
}

// promoted adds to out the named types a struct type embeds, directly or
// not, whose methods it promotes: converting the struct converts them too.
func promoted(t types.Type, out []string, depth int) []string {
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 4 {
		return out
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		if n := typeName(f.Type()); n != "" {
			out = append(out, n)
		}
		ft := f.Type()
		if p, ok := types.Unalias(ft).(*types.Pointer); ok {
			ft = p.Elem()
		}
		out = promoted(ft, out, depth+1)
	}
	return out
}

// ownConversions returns the conversions written in the package, of a
// named concrete type of a package that reaches an SDK (this one or an
// import), and of the types it embeds, to a named interface: assignments, declarations,
// call arguments, conversions, returns, composite literal elements and
// channel sends, which are where a value takes an interface's type.
func (a *finder) ownConversions() []string {
	info := a.info()
	seen := map[string]bool{}
	reaching := map[*types.Package]bool{}
	add := func(to types.Type, e ast.Expr) {
		if to == nil || e == nil || !types.IsInterface(to) {
			return
		}
		t := info.TypeOf(e)
		if t == nil || types.IsInterface(t) {
			return
		}
		name := typeName(t)
		if name == "" {
			return
		}
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		pkg := types.Unalias(t).(*types.Named).Obj().Pkg()
		r, ok := reaching[pkg]
		if !ok {
			var fact Reaches
			r = pkg == a.pass.Pkg || a.pass.ImportPackageFact(pkg, &fact)
			reaching[pkg] = r
		}
		if !r {
			return
		}
		for _, i := range embedded(to, nil, 0) {
			for _, n := range promoted(t, []string{name}, 0) {
				seen[conversion(n, i)] = true
			}
		}
	}
	types_ := []ast.Node{
		(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil),
		(*ast.ReturnStmt)(nil), (*ast.CompositeLit)(nil), (*ast.SendStmt)(nil),
	}
	for cur := range a.in.Root().Preorder(types_...) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(info.TypeOf(n.Lhs[i]), n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && len(n.Values) == len(n.Names) {
				t := info.TypeOf(n.Type)
				for _, v := range n.Values {
					add(t, v)
				}
			}
		case *ast.CallExpr:
			tv, ok := info.Types[n.Fun]
			if !ok {
				continue
			}
			if tv.IsType() {
				if len(n.Args) == 1 {
					add(tv.Type, n.Args[0])
				}
				continue
			}
			sig, ok := tv.Type.Underlying().(*types.Signature)
			if !ok {
				continue
			}
			params := sig.Params()
			for i, arg := range n.Args {
				switch {
				case sig.Variadic() && i >= params.Len()-1:
					if n.Ellipsis.IsValid() {
						continue
					}
					if s, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice); ok {
						add(s.Elem(), arg)
					}
				case i < params.Len():
					add(params.At(i).Type(), arg)
				}
			}
		case *ast.ReturnStmt:
			sig := enclosingSig(info, cur)
			if sig != nil && sig.Results().Len() == len(n.Results) {
				for i, r := range n.Results {
					add(sig.Results().At(i).Type(), r)
				}
			}
		case *ast.CompositeLit:
			t := info.TypeOf(n)
			if t == nil {
				continue
			}
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			switch u := t.Underlying().(type) {
			case *types.Struct:
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if f, ok := info.Uses[id].(*types.Var); ok {
								add(f.Type(), kv.Value)
							}
						}
					} else if i < u.NumFields() {
						add(u.Field(i).Type(), el)
					}
				}
			case *types.Slice, *types.Array, *types.Map:
				var key, elem types.Type
				switch u := u.(type) {
				case *types.Slice:
					elem = u.Elem()
				case *types.Array:
					elem = u.Elem()
				case *types.Map:
					key, elem = u.Key(), u.Elem()
				}
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						add(key, kv.Key)
						add(elem, kv.Value)
					} else {
						add(elem, el)
					}
				}
			}
		case *ast.SendStmt:
			if t := info.TypeOf(n.Chan); t == nil {
				continue
			} else if c, ok := t.Underlying().(*types.Chan); ok {
				add(c.Elem(), n.Value)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// enclosingSig returns the signature of the function whose return
// statement is at cur.
func enclosingSig(info *types.Info, cur inspector.Cursor) *types.Signature {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				return fn.Signature()
			}
		case *ast.FuncLit:
			sig, _ := info.TypeOf(n).(*types.Signature)
			return sig
		}
		return nil
	}
	return nil
}

// flowsTo reports whether the receiver type of method m counts as an
// implementation of the interface method fn calls through: the interface
// is declared in m's package, or m's type is converted to it in sight.
func (a *finder) flowsTo(m, fn *types.Func) bool {
	recv := fn.Signature().Recv().Type()
	iface := typeName(recv)
	named, ok := types.Unalias(recv).(*types.Named)
	if iface == "" || !ok {
		return false // an interface literal: no conversion names it
	}
	if m.Pkg() == named.Obj().Pkg() {
		return true
	}
	return a.conversions[conversion(typeName(m.Signature().Recv().Type()), iface)]
}
