package errflow

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Defs returns the definitions of the local variable v that can reach a use
// of it at pos: going back in source order, every definition up to and
// including the first whose block encloses pos (it surely ran), and the
// definitions after pos inside a loop body that also holds pos (they reach
// it on the next iteration). Package-level variables have none.
func (f *Flow) Defs(v *types.Var, pos token.Pos) []Def {
	f.indexDeclOf(v.Pos())
	all := f.defs[v]
	i := sort.Search(len(all), func(i int) bool { return all[i].Pos >= pos })
	var out []Def
	for j := i - 1; j >= 0; j-- {
		out = append(out, all[j])
		if encloses(all[j].block, pos) {
			break
		}
	}
	for _, d := range all[i:] {
		for _, body := range f.loops {
			if encloses(body, pos) && encloses(body, d.Pos) {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// Assigned reports whether v has a definition strictly between from and
// to: an assignment that would change what v holds.
func (f *Flow) Assigned(v *types.Var, from, to token.Pos) bool {
	f.indexDeclOf(v.Pos())
	for _, d := range f.defs[v] {
		if d.Pos > from && d.Pos < to {
			return true
		}
	}
	return false
}

func encloses(n ast.Node, pos token.Pos) bool {
	return n != nil && n.Pos() <= pos && pos < n.End()
}

// blockTypes are the nodes whose extent bounds where a definition surely
// ran: statement lists, and statements whose init runs before their body.
var blockTypes = []ast.Node{
	(*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil),
	(*ast.IfStmt)(nil), (*ast.ForStmt)(nil), (*ast.SwitchStmt)(nil),
	(*ast.TypeSwitchStmt)(nil),
}

// indexDeclOf indexes the definitions of the local variables of the
// top-level declaration that holds pos, once: a local variable is only
// assigned inside the declaration of its function, closures included.
func (f *Flow) indexDeclOf(pos token.Pos) {
	var decl ast.Decl
	for _, file := range f.files {
		if file.FileStart <= pos && pos < file.FileEnd {
			i := sort.Search(len(file.Decls), func(i int) bool { return file.Decls[i].End() > pos })
			if i < len(file.Decls) && file.Decls[i].Pos() <= pos {
				decl = file.Decls[i]
			}
			break
		}
	}
	if decl == nil || f.indexed[decl] {
		return
	}
	if f.indexed == nil {
		f.indexed = map[ast.Decl]bool{}
		f.defs = map[*types.Var][]Def{}
	}
	f.indexed[decl] = true
	root, ok := f.in.Root().FindNode(decl)
	if !ok {
		return
	}
	touched := map[*types.Var]bool{}
	add := func(id *ast.Ident, d Def) {
		if id == nil || id.Name == "_" {
			return
		}
		obj := f.info.Defs[id]
		if obj == nil {
			obj = f.info.Uses[id]
		}
		if v, ok := obj.(*types.Var); ok && isLocal(v) {
			f.defs[v] = append(f.defs[v], d)
			touched[v] = true
		}
	}
	blockOf := func(cur inspector.Cursor) ast.Node {
		for p := range cur.Parent().Enclosing(blockTypes...) {
			return p.Node()
		}
		return nil
	}
	nodeTypes := []ast.Node{
		(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.RangeStmt)(nil),
		(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.TypeSwitchStmt)(nil),
		(*ast.ForStmt)(nil), (*ast.CallExpr)(nil),
	}
	for cur := range root.Preorder(nodeTypes...) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				continue // x op= y: not for errors or texts
			}
			block := blockOf(cur)
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				d := Def{Index: -1, Pos: n.End(), block: block}
				if len(n.Lhs) == len(n.Rhs) {
					d.Value = n.Rhs[i]
				} else if len(n.Rhs) == 1 {
					d.Value, d.Index = n.Rhs[0], i
				}
				add(id, d)
			}
		case *ast.ValueSpec:
			block := blockOf(cur)
			for i, id := range n.Names {
				d := Def{Index: -1, Pos: n.End(), block: block}
				if len(n.Values) == len(n.Names) {
					d.Value = n.Values[i]
				} else if len(n.Values) == 1 {
					d.Value, d.Index = n.Values[0], i
				}
				add(id, d)
			}
		case *ast.RangeStmt:
			f.loops = append(f.loops, n.Body)
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					add(id, Def{Index: -1, Pos: n.Body.Lbrace, block: n.Body})
				}
			}
		case *ast.ForStmt:
			f.loops = append(f.loops, n.Body)
		case *ast.FuncDecl:
			if n.Body != nil {
				f.addSignature(add, n.Recv, n.Type, n.Body)
			}
		case *ast.FuncLit:
			f.addSignature(add, nil, n.Type, n.Body)
		case *ast.CallExpr:
			// errors.As(x, &w): w may hold an error of x's chain, and
			// with it what lies below it in the chain.
			fn, ok := typeutil.Callee(f.info, n).(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" || fn.Name() != "As" || len(n.Args) != 2 {
				continue
			}
			if u, ok := ast.Unparen(n.Args[1]).(*ast.UnaryExpr); ok && u.Op == token.AND {
				if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
					add(id, Def{Value: n.Args[0], Index: -1, Pos: n.End(), block: blockOf(cur)})
				}
			}
		case *ast.TypeSwitchStmt:
			// switch e := x.(type): each clause has its own e, holding x.
			as, ok := n.Assign.(*ast.AssignStmt)
			if !ok || len(as.Rhs) != 1 {
				continue
			}
			ta, ok := as.Rhs[0].(*ast.TypeAssertExpr)
			if !ok {
				continue
			}
			for _, s := range n.Body.List {
				cc := s.(*ast.CaseClause)
				if v, ok := f.info.Implicits[cc].(*types.Var); ok {
					f.defs[v] = append(f.defs[v], Def{Value: ta.X, Index: -1, Pos: cc.Colon, block: cc})
					touched[v] = true
				}
			}
		}
	}
	for v := range touched {
		ds := f.defs[v]
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Pos < ds[j].Pos })
	}
}

func (f *Flow) addSignature(add func(*ast.Ident, Def), recv *ast.FieldList, ft *ast.FuncType, body *ast.BlockStmt) {
	for _, fl := range []*ast.FieldList{recv, ft.Params} {
		if fl == nil {
			continue
		}
		for _, field := range fl.List {
			for _, id := range field.Names {
				add(id, Def{Index: -1, Param: true, Pos: body.Lbrace, block: body})
			}
		}
	}
	if ft.Results != nil {
		for _, field := range ft.Results.List {
			for _, id := range field.Names {
				add(id, Def{Index: -1, Pos: body.Lbrace, block: body})
			}
		}
	}
}

// DefCount returns how many definitions the local variable v has in its
// function: its declaration and every assignment.
func (f *Flow) DefCount(v *types.Var) int {
	f.indexDeclOf(v.Pos())
	return len(f.defs[v])
}
