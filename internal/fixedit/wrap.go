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
// A call of a variable holding a method value, `f(ctx, args...)`, becomes
// `pkg.fn(ctx, f, args...)`. The receiver and every argument are still
// evaluated exactly once, and comments inside the call stay.
//
// It returns false when the call cannot be rewritten that way: the callee is
// not a method value, there is no context argument, moving the context in
// front of the receiver would reorder two side effects, or inference would
// fail because an argument's type differs from its parameter's (a concrete
// value for an interface parameter: the wrapper's type parameter would be
// inferred twice, differently).
func WrapMethodCall(fset *token.FileSet, info *types.Info, file *ast.File, call *ast.CallExpr, pkg, fn string) ([]analysis.TextEdit, bool) {
	if len(call.Args) == 0 {
		return nil, false
	}
	var recv ast.Expr
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		s := info.Selections[f]
		if s != nil && s.Kind() == types.MethodExpr {
			return wrapMethodExpr(fset, info, file, call, f, s, pkg, fn)
		}
		if s == nil || s.Kind() != types.MethodVal {
			return nil, false
		}
		recv = f.X
	case *ast.Ident:
		if _, ok := info.Uses[f].(*types.Var); !ok {
			return nil, false
		}
	default:
		return nil, false
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return nil, false
	}
	convs, ok := inferable(info, file, sig, call.Args)
	if !ok {
		return nil, false
	}
	ctx := call.Args[0]
	if recv != nil && hasCall(recv) && hasCall(ctx) {
		return nil, false
	}
	wrap := analysis.TextEdit{Pos: call.Pos(), End: call.Pos(), NewText: []byte(pkg + "." + fn + "(" + Source(fset, ctx) + ", ")}
	edits := convs
	line := func(p token.Pos) int { return fset.Position(p).Line }
	if line(call.Fun.Pos()) != line(call.Fun.End()) {
		// Inside the wrapper's parentheses gofmt would indent the callee's
		// continuation lines again: write it on one line, unless that
		// would drop a comment.
		if len(commentsIn(file, call.Fun.Pos(), call.Fun.End())) > 0 {
			return nil, false
		}
		wrap.NewText = append(wrap.NewText, types.ExprString(call.Fun)...)
		wrap.End = call.Fun.End()
	}
	var next ast.Expr
	if len(call.Args) > 1 {
		next = call.Args[1]
	}
	to := call.Rparen
	if next != nil {
		to = next.Pos()
	}
	comments := commentsIn(file, call.Lparen, to)
	if len(comments) == 0 {
		if next != nil && line(next.Pos()) == line(call.Lparen) {
			// `(ctx, ` or `(ctx , ` gives way to the wrapper's comma.
			return append(edits, wrap, analysis.TextEdit{Pos: call.Lparen, End: next.Pos(), NewText: []byte(", ")}), true
		}
		// `(ctx` goes; what followed it, `,\n\targs...)` or `)`, stays.
		return append(edits, wrap, analysis.TextEdit{Pos: call.Lparen, End: ctx.End()}), true
	}
	if next == nil {
		return nil, false // no argument left to carry the comments
	}
	// Keep the comments: `(` becomes a comma, and the context goes with its
	// comma. The comma follows the context on its line (a line break
	// would end the statement), but a /* */ comment may stand on either
	// side of it, `ctx /* c */, r` or `ctx, /* c */ r`: delete up to the
	// first comment that cannot hide the comma (a // comment, one spanning
	// lines or on a later line) or the next argument, and write the
	// one-line comments of ctx's line back where gofmt puts them: after
	// the comma when a line break follows, before it otherwise.
	comma := ","
	if ctx.Pos() == call.Lparen+1 {
		comma = ", "
	}
	del := next.Pos()
	var kept string
	for _, c := range comments {
		if c.Pos() < ctx.End() {
			continue
		}
		if line(c.Pos()) == line(ctx.End()) && strings.HasPrefix(c.Text, "/*") && line(c.End()) == line(c.Pos()) {
			kept += c.Text + " "
			continue
		}
		del = c.Pos()
		break
	}
	if kept != "" && del == next.Pos() {
		if ctx.Pos() != call.Lparen+1 {
			return nil, false // comments on both sides of ctx: gofmt's placement is not worth guessing
		}
		// `(ctx /* c */, r)` becomes ` /* c */, r)`.
		return append(edits, wrap,
			analysis.TextEdit{Pos: call.Lparen, End: next.Pos(), NewText: []byte(" " + strings.TrimSuffix(kept, " ") + ", ")},
		), true
	}
	return append(edits, wrap,
		analysis.TextEdit{Pos: call.Lparen, End: call.Lparen + 1, NewText: []byte(comma)},
		analysis.TextEdit{Pos: ctx.Pos(), End: del, NewText: []byte(kept)},
	), true
}

// wrapMethodExpr rewrites the method expression call `(*T).M(x, ctx,
// args...)` into `pkg.fn(ctx, x.M, args...)`.
func wrapMethodExpr(fset *token.FileSet, info *types.Info, file *ast.File, call *ast.CallExpr, f *ast.SelectorExpr, s *types.Selection, pkg, fn string) ([]analysis.TextEdit, bool) {
	m, ok := s.Obj().(*types.Func)
	if !ok || len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return nil, false
	}
	convs, ok := inferable(info, file, m.Signature(), call.Args[1:])
	if !ok {
		return nil, false
	}
	recv, ctx := call.Args[0], call.Args[1]
	if hasCall(recv) && hasCall(ctx) {
		return nil, false
	}
	if len(commentsIn(file, call.Pos(), ctx.End())) > 0 {
		return nil, false // the edit rewrites that stretch whole, comments and all
	}
	x := Source(fset, recv)
	switch ast.Unparen(recv).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr:
	default:
		x = "(" + x + ")"
	}
	text := pkg + "." + fn + "(" + Source(fset, ctx) + ", " + x + "." + f.Sel.Name
	return append(convs, analysis.TextEdit{Pos: call.Pos(), End: ctx.End(), NewText: []byte(text)}), true
}

// commentsIn returns the comments of file within [from, to).
func commentsIn(file *ast.File, from, to token.Pos) []*ast.Comment {
	var out []*ast.Comment
	if file == nil {
		return nil
	}
	for _, cg := range file.Comments {
		if cg.End() <= from || cg.Pos() >= to {
			continue
		}
		for _, c := range cg.List {
			if c.Pos() >= from && c.End() <= to {
				out = append(out, c)
			}
		}
	}
	return out
}

// inferable reports whether each argument of a non-variadic parameter
// has exactly the parameter's type, or is untyped: then the wrapper's type
// parameters inferred from the method value and from the arguments agree.
// An argument of a concrete type for a parameter of a named interface type
// (go-openai's CreateEmbeddings takes an EmbeddingRequestConverter) is
// converted to it, when file imports the interface's package under a name
// visible at the call: the edits do that.
func inferable(info *types.Info, file *ast.File, sig *types.Signature, args []ast.Expr) ([]analysis.TextEdit, bool) {
	params := sig.Params()
	fixed := params.Len()
	if sig.Variadic() {
		fixed--
	}
	var edits []analysis.TextEdit
	for i, arg := range args {
		if i == 0 || i >= fixed {
			continue // the context is not generic; nor are the options
		}
		tv, ok := info.Types[arg]
		if !ok {
			return nil, false
		}
		if b, ok := tv.Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			continue
		}
		pt := params.At(i).Type()
		if types.Identical(tv.Type, pt) {
			continue
		}
		iface, ok := types.Unalias(pt).(*types.Named)
		if !ok || !types.IsInterface(iface) || types.IsInterface(tv.Type) || !types.AssignableTo(tv.Type, pt) {
			return nil, false
		}
		qual, ok := importedAs(info, file, iface.Obj().Pkg(), arg.Pos())
		if !ok {
			return nil, false
		}
		edits = append(edits,
			analysis.TextEdit{Pos: arg.Pos(), End: arg.Pos(), NewText: []byte(qual + "." + iface.Obj().Name() + "(")},
			analysis.TextEdit{Pos: arg.End(), End: arg.End(), NewText: []byte(")")})
	}
	return edits, true
}

// importedAs returns the name under which file imports pkg, visible at pos.
func importedAs(info *types.Info, file *ast.File, pkg *types.Package, pos token.Pos) (string, bool) {
	if file == nil || pkg == nil {
		return "", false
	}
	scope := info.Scopes[file]
	if scope == nil {
		return "", false
	}
	if inner := scope.Innermost(pos); inner != nil {
		scope = inner
	}
	for _, spec := range file.Imports {
		pn := info.PkgNameOf(spec)
		if pn == nil || pn.Imported() != pkg || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		if _, obj := scope.LookupParent(pn.Name(), pos); obj == pn {
			return pn.Name(), true
		}
	}
	return "", false
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
