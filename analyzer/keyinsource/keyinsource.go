package keyinsource

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "keyinsource",
	Title:   "OpenAI API key written into the source",
	Default: true,
	Why: `A key in the source is in every copy of the repository, its history, its
forks, build caches and CI logs; scanners find pushed keys within minutes,
and OpenAI revokes the ones it finds leaked. Removing the line does not
help: the key stays in history. Revoke it, then read the key from the
environment (the SDKs read OPENAI_API_KEY themselves) or a secret store.

Reported: a string constant shaped like an OpenAI key ("sk-", "sk-proj-",
"sk-svcacct-" or "sk-admin-" and a body of 40 or more characters of the key
alphabet) that reaches option.WithAPIKey, go-openai's NewClient,
NewOrgClient or Default...Config, an Authorization header, or
os.Setenv / t.Setenv of OPENAI_API_KEY, followed through constants and
variables of the package; and such a constant anywhere in a package that
imports an SDK. Test files are checked: keys leak from tests too. The
message shows the key's first 6 characters and its length, never the key.
Obvious placeholders ("sk-...", "sk-xxxx…", "sk-your-key-here", bodies of
one or two distinct characters or with words like "example" or "test") are
not reported; mark a deliberate fake with //oaiguard:ignore keyinsource.
There is no fix: the key must be revoked, which no edit does.`,
	Bad:  `client := openai.NewClient(option.WithAPIKey("sk-proj-…"))`,
	Good: `client := openai.NewClient() // reads OPENAI_API_KEY`,
}

// Config configures the check. It has no settings yet.
type Config struct{}

// Analyzer is the check with its default configuration.
var Analyzer = New(Config{})

// New returns the check with the given configuration.
func New(Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     Doc.Name,
		Doc:      Doc.String(),
		URL:      Doc.URL(),
		Requires: []*analysis.Analyzer{apicalls.Analyzer},
		Run:      run,
	}
}

// EnvKey is the environment variable both SDKs read the key from.
const EnvKey = "OPENAI_API_KEY"

type checker struct {
	pass *analysis.Pass
	info *types.Info
	// inits maps a constant or variable of the package to the expressions
	// it is given: its declaration's value and the values assigned to it.
	inits map[types.Object][]ast.Expr
	// sinks maps a string constant expression to the first place it
	// reaches that takes a key.
	sinks map[ast.Expr]sink
}

// sink is where a constant is used as a key.
type sink struct {
	what string // "option.WithAPIKey", "an Authorization header"
	pos  token.Pos
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if res.Inspector == nil {
		return nil, nil // the package reaches no SDK: nothing to find
	}
	imported := importedSDK(pass.Pkg)
	c := &checker{pass: pass, info: pass.TypesInfo, inits: map[types.Object][]ast.Expr{}, sinks: map[ast.Expr]sink{}}
	rep := lint.NewReporter(pass, Doc.Name)
	in := res.Inspector
	// Declarations and assignments first, so that sinks follow them.
	for n := range in.PreorderSeq((*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil)) {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for i, id := range n.Names {
					if obj := c.info.Defs[id]; obj != nil {
						c.inits[obj] = append(c.inits[obj], n.Values[i])
					}
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
				for i, lhs := range n.Lhs {
					if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
						if obj := c.info.ObjectOf(id); obj != nil {
							c.inits[obj] = append(c.inits[obj], n.Rhs[i])
						}
					}
				}
			}
		}
	}
	for n := range in.PreorderSeq((*ast.CallExpr)(nil)) {
		c.sinkCall(n.(*ast.CallExpr))
	}
	for _, file := range pass.Files {
		if !rep.Checked(file, true) {
			continue
		}
		fc, ok := in.Root().FindNode(file)
		if !ok {
			continue
		}
		for cur := range fc.Preorder((*ast.BasicLit)(nil), (*ast.BinaryExpr)(nil)) {
			e := cur.Node().(ast.Expr)
			s, ok := c.stringConst(e)
			if !ok {
				continue
			}
			// Report a concatenation once, at its outermost constant
			// expression.
			if p, ok := cur.Parent().Node().(*ast.BinaryExpr); ok {
				if _, ok := c.stringConst(p); ok {
					continue
				}
			}
			keys := findKeys(s)
			if len(keys) == 0 {
				continue
			}
			var where string
			if sk, ok := c.sinks[e]; ok {
				where = fmt.Sprintf("reaches %s (line %d)", sk.what, lint.Line(pass.Fset, sk.pos))
			} else if imported != "" {
				where = "sits in a package that imports " + imported
			} else {
				continue // a package that only reaches an SDK through others
			}
			rep.Report(file, analysis.Diagnostic{
				Pos: e.Pos(), End: e.End(), Category: Doc.Name,
				Message: fmt.Sprintf("string constant holds an OpenAI API key (%s) and %s: a key in source leaks with every copy and the history of the repository; revoke it and read the key from %s or a secret store",
					keys[0].shown(), where, EnvKey),
			})
		}
	}
	return nil, nil
}

// importedSDK returns the path of an SDK package the package imports, or "".
func importedSDK(pkg *types.Package) string {
	for _, p := range pkg.Imports() {
		if _, _, ok := sdk.ModuleOf(p.Path()); ok {
			return p.Path()
		}
	}
	return ""
}

// stringConst returns the value of e if it is a string constant.
func (c *checker) stringConst(e ast.Expr) (string, bool) {
	tv, ok := c.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// sinkCall records the key arguments of call, if it takes one.
func (c *checker) sinkCall(call *ast.CallExpr) {
	fn, _ := typeutil.Callee(c.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	path, name := fn.Pkg().Path(), fn.Name()
	recv := fn.Signature().Recv()
	switch {
	case recv == nil && path == "os" && name == "Setenv",
		recv != nil && path == "testing" && name == "Setenv":
		if len(call.Args) == 2 && c.isEnvKey(call.Args[0]) {
			c.mark(call.Args[1], "the "+EnvKey+" environment variable", call.Pos(), 0)
		}
	case recv != nil && path == "net/http" && (name == "Set" || name == "Add"):
		if len(call.Args) == 2 && c.isAuthorization(call.Args[0]) {
			c.mark(call.Args[1], "an Authorization header", call.Pos(), 0)
		}
	case recv == nil && sdk.GoOpenAIConstructor(fn) != sdk.NotConstructor && sdk.GoOpenAIConstructor(fn) != sdk.NewClientWithConfig:
		if len(call.Args) > 0 {
			c.mark(call.Args[0], "go-openai's "+name, call.Pos(), 0)
		}
	case recv == nil:
		mod, sub, ok := sdk.ModuleOf(path)
		if !ok || sdk.FamilyOfModule(mod) != sdk.OpenAIGo {
			return
		}
		switch {
		case sub == "option" && name == "WithAPIKey", sub == "azure" && name == "WithAPIKey":
			if len(call.Args) == 1 {
				c.mark(call.Args[0], sub+"."+name, call.Pos(), 0)
			}
		case sub == "option" && (name == "WithHeader" || name == "WithHeaderAdd"):
			if len(call.Args) == 2 && c.isAuthorization(call.Args[0]) {
				c.mark(call.Args[1], "an Authorization header (option."+name+")", call.Pos(), 0)
			}
		}
	}
}

func (c *checker) isEnvKey(e ast.Expr) bool {
	s, ok := c.stringConst(e)
	return ok && s == EnvKey
}

func (c *checker) isAuthorization(e ast.Expr) bool {
	s, ok := c.stringConst(e)
	return ok && (s == "Authorization" || s == "authorization")
}

// mark records that the constant expressions e is made of reach a sink:
// e itself, the operands of a concatenation ("Bearer " + key), and the
// values given to the constants and variables it names, to a small depth.
func (c *checker) mark(e ast.Expr, what string, pos token.Pos, depth int) {
	if depth > 4 {
		return
	}
	e = ast.Unparen(e)
	if _, ok := c.stringConst(e); ok {
		if _, seen := c.sinks[e]; !seen {
			c.sinks[e] = sink{what, pos}
		}
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			c.mark(e.X, what, pos, depth+1)
			c.mark(e.Y, what, pos, depth+1)
		}
	case *ast.Ident:
		for _, v := range c.inits[c.info.ObjectOf(e)] {
			c.mark(v, what, pos, depth+1)
		}
	case *ast.SelectorExpr:
		for _, v := range c.inits[c.info.ObjectOf(e.Sel)] {
			c.mark(v, what, pos, depth+1)
		}
	case *ast.CallExpr:
		// fmt.Sprintf("Bearer %s", key): the arguments.
		if fn, _ := typeutil.Callee(c.info, e).(*types.Func); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" {
			for _, a := range e.Args {
				c.mark(a, what, pos, depth+1)
			}
		}
	}
}
