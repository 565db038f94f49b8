package errflow_test

import (
	"go/ast"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/sdk"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestSource asks, for every check(x) in the fixture, whether x holds an
// SDK error, and compares with the comment on its line.
func TestSource(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, "example.com/fixtures/errtext/flow")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", err, pkgs)
	}
	pkg := pkgs[0]
	flow := errflow.New(pkg.TypesInfo, pkg.Types, pkg.Syntax, inspector.New(pkg.Syntax))
	if !flow.ImportsSDK() {
		t.Fatal("the fixture imports go-openai")
	}
	checked := 0
	for _, f := range pkg.Syntax {
		comments := map[int]string{}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				comments[pkg.Fset.Position(c.Pos()).Line] = strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "check" || len(call.Args) != 1 {
				return true
			}
			pos := pkg.Fset.Position(call.Pos())
			want := comments[pos.Line]
			if want != "sdk" && want != "not" && want != "copy" {
				t.Errorf("%s: no sdk/not/copy comment", pos)
				return true
			}
			src, ok := flow.Source(call.Args[0])
			if ok != (want != "not") || src.Copy != (want == "copy") {
				t.Errorf("%s: Source(%s) = %+v, %v; want %s", pos, types.ExprString(call.Args[0]), src, ok, want)
			}
			if ok && src.Module != sdk.GoOpenAIPath {
				t.Errorf("%s: module %q", pos, src.Module)
			}
			checked++
			return true
		})
	}
	if checked < 29 {
		t.Errorf("checked %d expressions; the fixture has more", checked)
	}
}
