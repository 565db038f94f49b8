package fixedit

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// WrapMethodCall rewrites `x.M(ctx, args...)` into
// `pkg.fn(ctx, x.M, args...)`: the method becomes a method value and the
// wrapper's type parameters are inferred from it, so no type is spelled out.
// The receiver and every argument are still evaluated exactly once.
//
// It returns false when the call cannot be rewritten that way: the callee is
// not a method value, there is no context argument, moving the context in
// front of the receiver would reorder two side effects, or inference would
// fail because an argument's type differs from its parameter's (a concrete
// value for an interface parameter: the wrapper's type parameter would be
// inferred twice, differently).
func WrapMethodCall(fset *token.FileSet, info *types.Info, call *ast.CallExpr, pkg, fn string) ([]analysis.TextEdit, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) == 0 {
		return nil, false
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return nil, false
	}
	if !inferable(info, s.Type().(*types.Signature), call) {
		return nil, false
	}
	ctx := call.Args[0]
	if hasCall(sel.X) && hasCall(ctx) {
		return nil, false
	}
	return []analysis.TextEdit{
		{Pos: call.Pos(), End: call.Pos(), NewText: []byte(pkg + "." + fn + "(" + Source(fset, ctx) + ", ")},
		{Pos: call.Lparen, End: ctx.End(), NewText: nil},
	}, true
}

// inferable reports whether each argument of a non-variadic parameter
// has exactly the parameter's type, or is untyped: then the wrapper's type
// parameters inferred from the method value and from the arguments agree.
func inferable(info *types.Info, sig *types.Signature, call *ast.CallExpr) bool {
	params := sig.Params()
	fixed := params.Len()
	if sig.Variadic() {
		fixed--
	}
	for i, arg := range call.Args {
		if i == 0 || i >= fixed {
			continue // the context is not generic; nor are the options
		}
		tv, ok := info.Types[arg]
		if !ok {
			return false
		}
		if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			continue
		}
		if !types.Identical(tv.Type, params.At(i).Type()) {
			return false
		}
	}
	return true
}

// AppendArg adds an argument at the end of a call's argument list, on a line
// of its own when the arguments are one per line. It returns false for a
// call that spreads a slice (f(xs...)), where nothing can follow.
func AppendArg(fset *token.FileSet, call *ast.CallExpr, text string) (analysis.TextEdit, bool) {
	if call.Ellipsis.IsValid() {
		return analysis.TextEdit{}, false
	}
	if len(call.Args) == 0 {
		return analysis.TextEdit{Pos: call.Rparen, End: call.Rparen, NewText: []byte(text)}, true
	}
	last := call.Args[len(call.Args)-1]
	end := last.End()
	sep := ", "
	prev := call.Lparen
	if len(call.Args) > 1 {
		prev = call.Args[len(call.Args)-2].End()
	}
	lastPos := fset.Position(last.Pos())
	if fset.Position(call.Rparen).Line > fset.Position(end).Line && fset.Position(prev).Line < lastPos.Line {
		// One argument per line, gofmt-indented with tabs.
		sep = ",\n" + strings.Repeat("\t", lastPos.Column-1)
	}
	return analysis.TextEdit{Pos: end, End: end, NewText: []byte(sep + text)}, true
}

// hasCall reports whether e contains a call other than a conversion-free
// context constructor; such expressions may have side effects.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "context" && (sel.Sel.Name == "Background" || sel.Sel.Name == "TODO") {
					return false
				}
			}
			found = true
		}
		return !found
	})
	return found
}
