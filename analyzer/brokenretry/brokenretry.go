package brokenretry

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "brokenretry",
	Title:   "retry handling that multiplies attempts, waits wrongly or retries what cannot succeed",
	Default: true,
	Why: `Retry handling that exists but is wrong fails exactly when it is needed.

Retry layers multiply. openai-go retries every request twice by itself, so a
retry helper, a hand-written loop or a retrying HTTP client around it turns
one call into 3 × N requests, and a retrying HTTP client under a retry loop
does the same for go-openai. During a rate-limit storm those requests count
against the same limit and keep it exhausted; real code reaches 27 requests
for one call. Retry at one layer only: pass option.WithMaxRetries(0) to the
call (the fix), or let oaiguard's runtime do it. The runtime retries too: a
loop or retry helper around oaiguard.Call multiplies its attempts the same
way, and is reported (drop the outer retry; set the runtime's attempts
with oaiguard.WithPolicy). A helper that no list knows but whose name says
it retries (see unretried) is such a layer too, of unknown policy: "an
unknown retry helper (N attempts unknown)"; that finding has no fix, since
a helper known only by its name may not retry and switching openai-go's
retries off could leave the call none (a name that negates, withoutRetry or
noRetry, and a helper of the package whose body calls its function once with
no loop are no layer at all). Nor is there a fix when a layer's count is
not a constant (a loop bound or retry.Attempts(n) from a variable): it may
make one attempt only, and the call would be left with no retries. A retry
library's attempts are
the ones its call sets where a constant gives them (retry.Attempts(4);
backoff.WithMaxRetries(b, 5), six attempts; backoff v5's
WithMaxTries(4)), else its default; one set to a single attempt
(backoff.WithMaxRetries(b, 0), retry.Attempts(1), a policy that never
retries such as &backoff.StopBackOff{}, however it is wrapped) retries
nothing and is no layer, and one that retries until the call succeeds
(retry-go's retry.Attempts(0) or retry.UntilSucceeded()) is said to have
unbounded attempts. Across packages, a call of another
package's function that leaves its API call to its callers is layered as
the call itself: inside a literal or as a method value handed to a
retrier, and above a retrying HTTP client that package gave the SDK.

A hand-written retry loop around an API call (a for loop, or a loop made
with goto: a label before the call and a goto back to it after an error,
whose statements up to the last goto count as its body) is reported once,
with every problem it has: no wait between attempts; a wait that never grows; a wait
that grows with no jitter (clients that failed together retry together, in
lockstep, and keep the limit exhausted); no bound on attempts or time;
time.Sleep where a context is in scope (a canceled or expired call still
sleeps); retrying every error, or explicitly retrying errors that never
succeed (insufficient_quota and the billing codes, 400, 401, 403, 404,
context length), whether the loop tests them by text, by status or code, or
with the runtime's predicates; a retry test that can never hold, because it
matches err.Error() against a text no error of the SDK in use contains
(go-openai's never holds the code or type, openai-go's since v3.71 only the
status line), so that the loop never retries. The diagnostic's category
lists the problems (deadtest, terminal, retryall, unbounded, sleepctx,
nowait, nogrowth, nojitter).
No fix rewrites a loop made with goto. The fix replaces a counted for loop of the canonical shape (the call; break or
return on success; a test of the error that retries; otherwise return) with
the runtime's call under a Policy that keeps the loop's attempts; the
runtime retries only what can succeed, and on the last failure the loop's
error branch runs (so a loop whose success breaks out to code that tests
the error, handling retries that ran out, gets no fix). A counted loop that retries every error and falls out
to the code after it is replaced the same way: what it did on failure,
besides waiting, runs once before that code. Waits, delay variables and
imports only the loop used go with it. Other shapes get the diagnostic
only.

A retry library around an API call that retries every error, with no
permanent-error classification (cenkalti/backoff v1–v5 without
backoff.Permanent, avast/retry-go v3–v5 without RetryIf or Unrecoverable),
retries insufficient_quota and invalid requests until it gives up.`,
	Bad: `for attempt := 0; attempt < maxRetries; attempt++ {
    resp, err = client.CreateChatCompletion(ctx, req)
    if err == nil {
        break
    }
    if strings.Contains(err.Error(), "429") {
        time.Sleep(delay)
        delay *= 2
        continue
    }
    return err
}`,
	Good: `resp, err = oaiguard.Call(oaiguard.WithPolicy(ctx, oaiguard.Policy{MaxAttempts: maxRetries}), client.CreateChatCompletion, req)
if err != nil {
    return err
}`,
	Options: map[string]string{
		"runtime": "import `path` of the runtime the loop fix uses (a copy written by oaiguard gen); default: the checked-in runtime for the call's SDK",
	},
	// A loop with several problems is one finding, whose category is its
	// first problem's in this order.
	Categories: []lint.Category{
		{Name: catStacked, Title: "retry layers stacked on one call, their attempts multiplied"},
		{Name: catDeadTest, Title: "a retry loop whose retry test can never hold"},
		{Name: catTerminal, Title: "a retry loop that retries errors that never succeed (insufficient_quota, 400, 401, 403, 404, context length)"},
		{Name: catRetryAll, Title: "a retry loop or retry library that retries every error"},
		{Name: catUnbounded, Title: "a retry loop with no bound on attempts or time"},
		{Name: catSleepCtx, Title: "a retry loop that waits with time.Sleep although a context is in scope"},
		{Name: catNoWait, Title: "a retry loop with no wait between attempts"},
		{Name: catNoGrowth, Title: "a retry loop whose wait never grows"},
		{Name: catNoJitter, Title: "a retry loop whose wait has no jitter"},
	},
}

// Config configures the check.
type Config struct {
	// Runtime is the import path of the runtime package the loop fix
	// calls; empty means the checked-in runtime for the call's SDK.
	Runtime string
}

// Analyzer is the check with its default configuration.
var Analyzer = New(Config{})

// New returns the check with the given configuration.
func New(cfg Config) *analysis.Analyzer {
	cfgCopy := cfg
	a := &analysis.Analyzer{
		Name:       Doc.Name,
		Doc:        Doc.String(),
		URL:        Doc.URL(),
		Requires:   []*analysis.Analyzer{apicalls.Analyzer},
		ResultType: reflect.TypeFor[*Result](),
	}
	a.Flags.Var((*runtimeapi.PathFlag)(&cfgCopy.Runtime), "runtime", Doc.Options["runtime"])
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, cfgCopy) }
	return a
}

// checker holds what the check's parts share for one package.
type checker struct {
	pass  *analysis.Pass
	info  *types.Info
	cfg   Config
	rep   *lint.Reporter
	res   *Result
	root  inspector.Cursor
	decls map[*types.Func]*ast.FuncDecl // built on first use
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	if err := runtimeapi.CheckPath(cfg.Runtime); err != nil {
		return nil, fmt.Errorf("brokenretry: Config.Runtime: %v", err)
	}
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if len(res.Sites) == 0 && len(res.Wrapped) == 0 && len(res.Through) == 0 {
		return (*Result)(nil), nil
	}
	c := &checker{pass: pass, info: pass.TypesInfo, cfg: cfg, rep: lint.NewReporter(pass, Doc.Name), res: &Result{}, root: res.Inspector.Root()}

	// Each loop and retry-library call is judged once, however many API
	// calls it holds.
	type loopAt struct {
		layer apicalls.Layer
		sites []*apicalls.Site
	}
	var loops []*loopAt
	byNode := map[ast.Node]*loopAt{}
	libs := map[ast.Node]bool{}
	// Calls of other packages' functions that lead to API calls are
	// judged like API calls: the retry handling here is theirs.
	sites := append(slices.Clip(res.Sites), res.Through...)
	for _, s := range sites {
		var judged []apicalls.Layer
		for _, l := range s.Layers {
			judged = append(judged, l)
			judged = append(judged, l.Also...) // the other callers' loops
		}
		for _, l := range judged {
			switch {
			case (l.Kind == apicalls.Loop || l.Kind == apicalls.Callers) && isLoop(l.Node):
				la := byNode[l.Node]
				if la == nil {
					la = &loopAt{layer: l}
					byNode[l.Node] = la
					loops = append(loops, la)
				}
				la.sites = append(la.sites, s)
			case l.Kind == apicalls.Library && !libs[l.Node]:
				libs[l.Node] = true
				c.library(l, s)
			}
		}
	}
	fixed := map[ast.Node]bool{}
	for _, la := range loops {
		var site *apicalls.Site
		if la.layer.Kind == apicalls.Loop && len(la.sites) == 1 && la.sites[0].Via == nil {
			site = la.sites[0] // the loop retries this API call itself
		}
		if c.loop(la.layer, site, la.sites[0].Call.Module) {
			fixed[la.layer.Node] = true
		}
	}
	for _, s := range sites {
		if !c.rep.Checked(s.File, false) {
			continue
		}
		loopFixed := false
		for _, l := range s.Layers {
			loopFixed = loopFixed || fixed[l.Node]
		}
		c.stacked(s, loopFixed)
	}
	// Retry handling around the runtime stacks on the runtime's retries.
	for _, s := range res.Wrapped {
		if c.rep.Checked(s.File, false) {
			c.stacked(s, false)
		}
	}
	return c.res, nil
}

func isLoop(n ast.Node) bool {
	switch n.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
		return true
	case *ast.LabeledStmt:
		return true // a loop made with goto (apicalls' gotoRetry)
	}
	return false
}

// fileOf returns the file of the package that contains pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// decl returns the declaration of a function of this package.
func (c *checker) decl(fn *types.Func) *ast.FuncDecl {
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return nil
	}
	if c.decls == nil {
		c.decls = map[*types.Func]*ast.FuncDecl{}
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
						c.decls[obj] = fd
					}
				}
			}
		}
	}
	return c.decls[fn.Origin()]
}

// defCursor returns the cursor of the identifier that declares obj.
func (c *checker) defCursor(obj types.Object) (inspector.Cursor, bool) {
	return c.root.FindByPos(obj.Pos(), obj.Pos()+token.Pos(len(obj.Name())))
}
