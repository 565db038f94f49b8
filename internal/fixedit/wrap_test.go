package fixedit_test

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// TestWrapMethodCallComments: the context argument leaves the call with
// its comma wherever the comma stands among the comments around it, and
// the comments stay. The results must parse and be gofmt-clean.
func TestWrapMethodCallComments(t *testing.T) {
	for _, test := range []struct{ call, want string }{
		{"c.M(ctx, r)", "w.Call(ctx, c.M, r)"},
		{"c.M(ctx , r)", "w.Call(ctx, c.M, r)"},
		{"c.M(ctx)", "w.Call(ctx, c.M)"},
		{"c.M(ctx /* c */, r)", "w.Call(ctx, c.M /* c */, r)"},
		{"c.M(ctx /* c */ , r)", "w.Call(ctx, c.M /* c */, r)"},
		{"c.M(ctx, /* c */ r)", "w.Call(ctx, c.M /* c */, r)"},
		{"c.M(ctx /* a */, /* b */ r)", "w.Call(ctx, c.M /* a */ /* b */, r)"},
		{"c.M(ctx /* a */, // b\n\t\tr,\n\t)", "w.Call(ctx, c.M, /* a */ // b\n\t\tr,\n\t)"},
		{"c.M(ctx, // b\n\t\tr,\n\t)", "w.Call(ctx, c.M, // b\n\t\tr,\n\t)"},
		{"c.M(\n\t\t// the deadline\n\t\tctx,\n\t\tr,\n\t)", "w.Call(ctx, c.M,\n\t\t// the deadline\n\t\tr,\n\t)"},
		{"c.M(ctx,\n\t\t// about r\n\t\tr,\n\t)", "w.Call(ctx, c.M, // about r\n\t\tr,\n\t)"},
		// Method expressions: "" means no fix, which would lose a comment.
		{"C.M(c, ctx, r)", "w.Call(ctx, c.M, r)"},
		{"C.M(c, ctx /* c */, r)", "w.Call(ctx, c.M /* c */, r)"},
		{"C.M(c /* c */, ctx, r)", ""},
		{"C.M(c, /* c */ ctx, r)", ""},
		{"C.M( /* c */ c, ctx, r)", ""},
	} {
		const head = "package p\n\ntype C struct{}\n\nfunc (C) M(ctx any, r ...int) error { return nil }\n\nfunc f(c C, ctx any, r int) {\n\t_ = "
		src := head + test.call + "\n}\n"
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "a.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%q: %v", test.call, err)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{}}
		if _, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, info); err != nil {
			t.Fatalf("%q: %v", test.call, err)
		}
		var call *ast.CallExpr
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && call == nil {
				call = c
			}
			return call == nil
		})
		edits, ok := fixedit.WrapMethodCall(fset, info, f, call, "w", "Call")
		if ok != (test.want != "") {
			t.Errorf("%q: fix offered: %v, want %v", test.call, ok, test.want != "")
			continue
		}
		if !ok {
			continue
		}
		out, err := fixedit.Apply([]byte(src), fset.File(f.Pos()), edits)
		if err != nil {
			t.Errorf("%q: %v", test.call, err)
			continue
		}
		if want := head + test.want + "\n}\n"; string(out) != want {
			t.Errorf("%q: got\n%s\nwant\n%s", test.call, out[len(head):], test.want)
			continue
		}
		if formatted, err := format.Source(out); err != nil || !bytes.Equal(formatted, out) {
			t.Errorf("%q: result is not gofmt-clean (%v):\n%s", test.call, err, out)
		}
	}
}
