package transport

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "transport",
	Title:   "go-openai client whose calls oaiguard's runtime retries, built without the runtime's transport",
	Default: true,
	Why: `go-openai's errors keep no response headers. oaiguard's runtime reads the
server's Retry-After, retry-after-ms and x-ratelimit-* headers, and paces the
requests of an API key to the limits they announce, only when its transport
sends the client's requests; without it, oaiguard.Call only retries, waiting
what the error message hints or a blind backoff, and a storm of clients
keeps the limit exhausted.

Reported: a client built with openai.NewClient, openai.NewOrgClient, or
openai.NewClientWithConfig with a config whose HTTPClient is not the
runtime's (an openai.DefaultConfig, DefaultAzureConfig or
DefaultAnthropicConfig result, or a ClientConfig literal), when a call on it
goes through the runtime (oaiguard.Call, oaiguard.Do...) or will once the
unretried or brokenretry fix wraps it. The client is followed from the call
through variables, struct fields and parameters, as the other checks do; a
client or HTTP client from a function's result or another package is not
reported.

The fix builds the client with oaiguard.NewClient(key), or passes the
config through oaiguard.Configure, which installs the transport around the
config's HTTP client (a copy of an *http.Client; any other HTTPDoer is
wrapped). By hand: cfg.HTTPClient = oaiguard.HTTPClient(yourClient), or
&http.Client{Transport: oaiguard.Transport(base)}.`,
	Bad: `client := openai.NewClient(key)
resp, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)`,
	Good: `client := oaiguard.NewClient(key)
resp, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)`,
	Options: map[string]string{
		"runtime": "import `path` of the go-openai runtime the fix uses (a copy written by oaiguard gen); default: the checked-in runtime",
	},
}

// Config configures the check.
type Config struct {
	// Runtime is the import path of the go-openai runtime the fixes call;
	// empty means the checked-in one.
	Runtime string
}

// Analyzer is the check with its default configuration, configurable
// through flags.
var Analyzer = New(Config{})

// New returns the check with the given configuration, for drivers that
// configure without flags.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:     Doc.Name,
		Doc:      Doc.String(),
		URL:      Doc.URL(),
		Requires: []*analysis.Analyzer{apicalls.Analyzer, brokenretry.Analyzer},
		Run:      c.run,
	}
	a.Flags.Var((*runtimeapi.PathFlag)(&c.cfg.Runtime), "runtime", Doc.Options["runtime"])
	return a
}

type checker struct{ cfg Config }

// unretriedName is the unretried check's name, whose findings a directive
// may suppress; its package is not imported for it (a check depends on the
// results of others, not on their code).
const unretriedName = "unretried"

// finding is a client to report.
type finding struct {
	client *apicalls.Client
	// how says how the first call that needs the transport goes through
	// the runtime, for the message.
	how string
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if err := runtimeapi.CheckPath(c.cfg.Runtime); err != nil {
		return nil, fmt.Errorf("transport: Config.Runtime: %v", err)
	}
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if len(res.Clients) == 0 {
		return nil, nil
	}
	br := pass.ResultOf[brokenretry.Analyzer].(*brokenretry.Result)
	rep := lint.NewReporter(pass, Doc.Name)
	rep.YieldTo(br)
	var found []*finding
	seen := map[*apicalls.Client]bool{}
	ignores := map[*ast.File]*lint.Ignores{}
	// unretriedIgnored: a call whose unretried finding is suppressed will
	// not be wrapped by its fix.
	unretriedIgnored := func(s *apicalls.Site) bool {
		ig, ok := ignores[s.File]
		if !ok {
			ig = lint.NewIgnores(pass.Fset, s.File)
			ignores[s.File] = ig
		}
		return ig.Ignored(unretriedName, s.Expr.Pos())
	}
	for i, sites := range [][]*apicalls.Site{res.Wrapped, res.Sites} {
		for _, s := range sites {
			cs := res.Clients[s]
			if len(cs) == 0 || !rep.Checked(s.File, false) {
				continue
			}
			how := throughRuntime(pass, br, s, i == 0, unretriedIgnored)
			if how == "" {
				continue
			}
			for _, cl := range cs {
				if cl.Transport == apicalls.TransportMissing && !seen[cl] {
					seen[cl] = true
					found = append(found, &finding{cl, how})
				}
			}
		}
	}
	path := runtimeapi.Path(c.cfg.Runtime, sdk.GoOpenAIPath)
	for _, f := range found {
		if !rep.Checked(f.client.File, false) {
			continue
		}
		c.report(pass, rep, res, path, f)
	}
	return nil, nil
}

// throughRuntime says how a site's call goes through the runtime, now or
// once another check's fix is applied, or returns "" when it does not.
func throughRuntime(pass *analysis.Pass, br *brokenretry.Result, s *apicalls.Site, wrapped bool, unretriedIgnored func(*apicalls.Site) bool) string {
	call := fmt.Sprintf("its %s call (%s)", s.Call.Func.Name(), where(pass, s.Expr))
	if wrapped {
		return s.Layers[0].Name + " retries " + call
	}
	for _, l := range s.Layers {
		if l.Kind == apicalls.Runtime {
			return l.Name + " retries " + call
		}
	}
	if s.Unretried() && !unretriedIgnored(s) {
		if s.Deferred {
			// Left to its callers: unretried reports them, and its fix
			// retries them, not this call, with the runtime.
			return call + ", left to its callers in other packages, needs oaiguard's runtime where they retry it (unretried reports them)"
		}
		return call + " needs oaiguard's runtime (unretried)"
	}
	span := analysis.SuggestedFix{TextEdits: []analysis.TextEdit{{Pos: s.Expr.Pos(), End: s.Expr.End()}}}
	if br.Replaces(span) {
		return "the brokenretry fix hands " + call + " to oaiguard's runtime"
	}
	return ""
}

// where names a position for a message: file:line.
func where(pass *analysis.Pass, n ast.Node) string {
	p := pass.Fset.Position(n.Pos())
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) report(pass *analysis.Pass, rep *lint.Reporter, res *apicalls.Result, path string, f *finding) {
	cl := f.client
	ctor := fixedit.Source(pass.Fset, cl.New.Fun)
	d := analysis.Diagnostic{Pos: cl.New.Pos(), End: cl.New.End(), Category: Doc.Name}
	const effect = "without it the runtime can neither pace the client's requests nor see the Retry-After and x-ratelimit-* headers"
	name := runtimeapi.PackageName // as the fix imports it: oaiguardgo, oaiguard2
	var im *fixedit.Imports
	if path != "" {
		im = fixedit.NewImports(pass.Fset, pass.TypesInfo, cl.File)
		name = im.Add(path, runtimeapi.ImportName(sdk.GoOpenAIPath, cl.File), cl.New.Pos())
	}
	var advice string
	switch cl.Kind {
	case sdk.NewClient:
		advice = "build it with " + name + "." + runtimeapi.NewClient + " instead"
	case sdk.NewClientWithConfig:
		advice = "pass the config through " + name + "." + runtimeapi.Configure
	default:
		advice = "build it with openai.NewClientWithConfig(" + name + "." + runtimeapi.Configure + "(cfg)), cfg an openai.DefaultConfig with its OrgID set"
	}
	d.Message = fmt.Sprintf("%s builds a go-openai client without oaiguard's transport, and %s: %s; %s", ctor, f.how, effect, advice)
	if path != "" && !insideAPICall(res, cl) {
		if fix, ok := buildFix(pass, cl, im, name); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	rep.Report(cl.File, d)
}

// insideAPICall reports whether the construction is part of an API call's
// expression, openai.NewClient(key).CreateChatCompletion(ctx, req), which
// the unretried fix rewrites around it: no fix then, rather than two that
// touch the same text.
func insideAPICall(res *apicalls.Result, cl *apicalls.Client) bool {
	for _, sites := range [][]*apicalls.Site{res.Sites, res.Wrapped} {
		for _, s := range sites {
			if s.Expr.Pos() <= cl.New.Pos() && cl.New.End() <= s.Expr.End() {
				return true
			}
		}
	}
	return false
}

// buildFix rewrites openai.NewClient(key) to oaiguard.NewClient(key), or
// wraps NewClientWithConfig's argument in oaiguard.Configure; im holds the
// runtime's import, added as name.
func buildFix(pass *analysis.Pass, cl *apicalls.Client, im *fixedit.Imports, name string) (analysis.SuggestedFix, bool) {
	var edits []analysis.TextEdit
	var msg string
	switch cl.Kind {
	case sdk.NewClient:
		fn := name + "." + runtimeapi.NewClient
		edits = []analysis.TextEdit{{Pos: cl.New.Fun.Pos(), End: cl.New.Fun.End(), NewText: []byte(fn)}}
		if spec := unusedAfter(pass.TypesInfo, cl.File, cl.New.Fun); spec != nil && !im.Delete(spec) {
			return analysis.SuggestedFix{}, false // the fix alone would leave an unused import
		}
		msg = "Build the client with " + fn
	case sdk.NewClientWithConfig:
		arg := cl.New.Args[0]
		fn := name + "." + runtimeapi.Configure
		edits = []analysis.TextEdit{
			{Pos: arg.Pos(), End: arg.Pos(), NewText: []byte(fn + "(")},
			{Pos: arg.End(), End: arg.End(), NewText: []byte(")")},
		}
		msg = "Pass the config through " + fn
	default:
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{Message: msg, TextEdits: append(im.Edits(), edits...)}, true
}

// unusedAfter returns the import of the package that fun (openai.NewClient)
// names when fun is its only use in file, or nil.
func unusedAfter(info *types.Info, file *ast.File, fun ast.Expr) *ast.ImportSpec {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	pn, ok := info.Uses[x].(*types.PkgName)
	if !ok {
		return nil
	}
	used := false
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id != x && info.Uses[id] == pn {
			used = true
		}
		return !used
	})
	if used {
		return nil
	}
	for _, spec := range file.Imports {
		if info.PkgNameOf(spec) == pn {
			return spec
		}
	}
	return nil
}
