package errtype

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "errtype",
	Title:   "SDK error handled by type, wrongly",
	Default: true,
	Why: `Errors reach the caller wrapped: by fmt.Errorf with %w, by retry helpers, by
oaiguard's runtime (whose *oaiguard.Error wraps the SDK's last error). A type
assertion or type switch on *openai.Error or *openai.APIError sees only the
outermost error and quietly takes the wrong branch; errors.As looks through
the wrapping. errors.As itself panics when its target is not a pointer to
the type the SDK returns: the SDKs' error types implement error only on
their pointer, so the target must be a **openai.Error (&e with e a
*openai.Error).

go-openai's APIError.Code has type any: the SDK stores a numeric code as an
int, so comparing it with "429" never matches, and Code.(string) panics.
The error of an API call assigned to _ hides every failure, a 429
included. openai-go's streams and auto-pagers return no error from the
call: a failure (the first request's 429, or one in the middle) ends the
loop over Next() as if the data had ended, and only Err() tells.

Reported: type assertions and switches on the SDKs' error types (fix: the
errors.As form, where the statement allows it); errors.As targets that
panic (fix: the pointer form, where it is mechanical); go-openai Code
compared with a numeric string (fix: fmt.Sprint(e.Code)); API errors
assigned to _ or dropped with the whole result, also those of a function
of the module that makes API calls and returns their error (_ =
c.Ask(ctx), with Ask in another package); openai-go streams and
pagers held in a variable whose Err() is never called; a Code or Type
compared (==, !=, a switch case) with a lower-case value that is not in
oaiguard's table of the codes and types OpenAI sends
(apiErr.Code == "quota_exceeded": the code is insufficient_quota), with the
nearest known value and no fix, since only the author knows which was
meant. Test files are not checked.`,
	Bad: `if apiErr, ok := err.(*openai.Error); ok && apiErr.StatusCode == 429 {
    wait()
}`,
	Good: `var apiErr *openai.Error
if errors.As(err, &apiErr) && apiErr.StatusCode == 429 {
    wait()
}`,
	Categories: []lint.Category{
		{Name: catAssert, Title: "a type assertion or type switch on an SDK error type, which wrapping defeats"},
		{Name: catAsTarget, Title: "an errors.As target that panics: not a pointer to the type the SDK returns"},
		{Name: catCode, Title: "go-openai's APIError.Code, of type any, treated as a string"},
		{Name: catDiscarded, Title: "an API call's error assigned to _ or dropped"},
		{Name: catErrUnread, Title: "an openai-go stream's or pager's Err() never read"},
		{Name: catUnknownCode, Title: "an SDK error's Code or Type compared with a value OpenAI never sends"},
	},
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
		Requires: []*analysis.Analyzer{apicalls.Analyzer, brokenretry.Analyzer},
		Run:      run,
	}
}

// Categories of the check's diagnostics.
const (
	catAssert    = "assert"    // type assertion or switch on an SDK error type
	catAsTarget  = "astarget"  // errors.As target that panics
	catCode      = "code"      // go-openai Code treated as a string
	catDiscarded = "discarded" // an API call's error assigned to _ or dropped
	catErrUnread = "errunread" // a stream's or pager's Err() never read
	// a Code or Type compared with a value the API never sends
	catUnknownCode = "unknowncode"
)

type checker struct {
	pass *analysis.Pass
	info *types.Info
	fset *token.FileSet
	rep  *lint.Reporter
	file *ast.File
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if res.Inspector == nil {
		return nil, nil // the package refers to no SDK: nothing to find
	}
	c := &checker{pass: pass, info: pass.TypesInfo, fset: pass.Fset, rep: lint.NewReporter(pass, Doc.Name)}
	c.rep.YieldTo(pass.ResultOf[brokenretry.Analyzer].(*brokenretry.Result))
	root := res.Inspector.Root()
	for _, file := range pass.Files {
		if !c.rep.Checked(file, false) {
			continue
		}
		fc, ok := root.FindNode(file)
		if !ok {
			continue
		}
		c.file = file
		for cur := range fc.Preorder((*ast.TypeAssertExpr)(nil), (*ast.TypeSwitchStmt)(nil), (*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil), (*ast.SwitchStmt)(nil)) {
			switch cur.Node().(type) {
			case *ast.TypeAssertExpr:
				c.typeAssert(cur)
			case *ast.TypeSwitchStmt:
				c.typeSwitch(cur)
			case *ast.CallExpr:
				c.errorsAs(cur)
			case *ast.BinaryExpr:
				c.codeCompare(cur)
				c.unknownCompare(cur)
			case *ast.SwitchStmt:
				c.codeSwitch(cur)
				c.unknownSwitch(cur)
			}
		}
	}
	for _, s := range res.Sites {
		if !c.rep.Checked(s.File, false) {
			continue
		}
		c.file = s.File
		c.discarded(s, false)
		c.errUnread(s)
	}
	for _, s := range res.Wrapped {
		if c.rep.Checked(s.File, false) {
			c.file = s.File
			c.discarded(s, true)
		}
	}
	// A call of another package's function that makes API calls and
	// returns their error (`_ = c.Ask(ctx)`): its error is the API's.
	seen := map[*ast.CallExpr]bool{}
	for _, s := range res.Through {
		if seen[s.Expr] || !c.rep.Checked(s.File, false) || !returnsError(c.info.TypeOf(s.Expr.Fun)) {
			continue
		}
		seen[s.Expr] = true
		c.file = s.File
		c.discarded(s, false)
	}
	return nil, nil
}

func (c *checker) report(d analysis.Diagnostic) { c.rep.Report(c.file, d) }

// returnsError reports whether t is a function type whose last result is
// an error.
func returnsError(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Results().Len() > 0 && types.Identical(sig.Results().At(sig.Results().Len()-1).Type(), errorType)
}

// src is the source of n as gofmt prints it.
func (c *checker) src(n ast.Node) string { return fixedit.Source(c.fset, n) }

// innermostFunc returns the body of the function (declaration or literal)
// that encloses cur.
func innermostFunc(cur inspector.Cursor) ast.Node {
	for f := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return f.Node()
	}
	return nil
}
