package badrequest

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
)

// use is what one occurrence of a variable does with it, after climbing
// the parens, selectors, index and slice expressions and stars it is the
// base of.
type use int

const (
	useRead   use = iota // the value, or a part of it, is read
	useWrite             // it, or a part of it, is written
	useEscape            // a reference to it, or to a part of it, flows elsewhere
)

// useOf classifies the occurrence at cur of a variable: a write to the
// variable or to any part of it (an assignment, an increment, its address
// taken, a method with a pointer receiver, a range that assigns it), or a
// read whose value shares memory with it (a slice, map or pointer, or a
// part of one) and flows into another variable or a call, which may write
// through it later. top is the expression the chain ends with, and bare
// is set when it is the variable itself.
func useOf(info *types.Info, cur inspector.Cursor) (u use, top ast.Expr, bare bool) {
	node := cur.Node().(ast.Expr)
	bare = true
	for {
		parent := cur.Parent()
		switch p := parent.Node().(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			// (x), *x: the same memory
		case *ast.SelectorExpr:
			if p.X != node {
				return useRead, node, bare
			}
			if sel := info.Selections[p]; sel != nil && sel.Kind() == types.MethodVal {
				if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
						return useWrite, node, bare
					}
				}
				return useRead, node, bare
			}
		case *ast.IndexExpr:
			if p.X != node {
				return useRead, node, bare
			}
		case *ast.SliceExpr:
			if p.X != node {
				return useRead, node, bare
			}
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == node {
					return useWrite, node, bare
				}
			}
			return escapes(info, node), node, bare
		case *ast.IncDecStmt:
			return useWrite, node, bare
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				return useWrite, node, bare
			}
			return useRead, node, bare
		case *ast.RangeStmt:
			if p.Key == node || p.Value == node {
				return useWrite, node, bare
			}
			return useRead, node, bare
		case *ast.ValueSpec, *ast.CallExpr, *ast.ReturnStmt, *ast.SendStmt:
			if c, ok := p.(*ast.CallExpr); ok && c.Fun == node {
				return useRead, node, bare
			}
			if c, ok := p.(*ast.CallExpr); ok && builtin(info, c, "len", "cap") {
				return useRead, node, bare
			}
			return escapes(info, node), node, bare
		default:
			return useRead, node, bare
		}
		node = parent.Node().(ast.Expr)
		cur = parent
		bare = false
	}
}

// escapes returns useEscape when the value of e shares memory with what
// it was read from: a slice, a map or a pointer.
func escapes(info *types.Info, e ast.Expr) use {
	t := info.TypeOf(e)
	if t == nil {
		return useEscape
	}
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Pointer, *types.Interface, *types.Chan:
		return useEscape
	}
	return useRead
}

// builtin reports whether call calls one of the named builtins.
func builtin(info *types.Info, call *ast.CallExpr, names ...string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok {
		return false
	}
	for _, n := range names {
		if b.Name() == n {
			return true
		}
	}
	return false
}
