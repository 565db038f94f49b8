package unretried

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "unretried",
	Title:   "OpenAI API call with no retry handling",
	Default: true,
	Why: `Rate limits (429) and transient server errors (500, 503) are part of normal
operation of the OpenAI API. A call with no retry handling turns each of them
into a failed request. go-openai never retries by itself; openai-go retries
twice unless option.WithMaxRetries(0) switches that off.

The fix wraps the call with oaiguard's runtime, which retries only what can
succeed (never insufficient_quota or invalid requests), with full-jitter
backoff, honours Retry-After without sleeping past the context deadline,
and switches the SDK's own retries off for that call so that attempts do
not multiply. The wrapped call's error is the runtime's *Error, which wraps
the SDK's: errors.As finds it, a type assertion does not. So the fix also
rewrites each comma-ok assertion on the call's error in its function into
errors.As (the edits of errtype's fix for it, so that the wrap applied
alone keeps the branch matching), and no fix is offered while the error
meets a bare type assertion (which would panic), a type switch on an SDK
error type, or a comma-ok assertion of a shape errtype does not rewrite;
the message names the line to change first.

Retry handling that counts: the runtime; cenkalti/backoff v1–v5 (v1 and v2
at the unversioned path); avast/retry-go v3 (the unversioned path,
v3.0.0+incompatible), v4 and v5; sethvargo/go-retry; k8s.io wait and
util/retry; an unknown retry helper: a call given a function literal or
function value that makes the API call, whose function or method name, or,
for another package's function, whose package name, contains retry,
retries, retrier, backoff, resilience or resilient (any case), unless
a negation comes just before it (withoutRetry, noRetry, skip_retry,
disableRetries), and unless it is a function of the package whose body,
in sight, calls the function it is given once, with no loop and no retry
of its own, whatever its name; a
retrying HTTP client given to the SDK (go-retryablehttp, unless its
RetryMax is set to 0, or a RoundTripper or
HTTPDoer declared in the same package whose RoundTrip/Do calls again in a
loop; also a go-openai client that a function of the module builds with
one and returns, handed to a constructor and kept in a struct field); a loop over attempts that calls again after an error (a for loop, or
a label before the call and a goto back to it after an error); a function whose
callers in the same package all retry it (unless other packages may call
it too: an exported function that returns an error, outside package
main, whose callers are judged each, there and in its own package, as
below). Test files are not checked.

Across packages: a call with no retry handling in an exported function or
method (outside package main) that returns an error, or in functions that
return one and that only such functions call, is judged (unless the
function drops the call's error: assigns it to _, or only compares it
with nil and logs it; then it is reported where it is) where other packages of the module call that function
(directly or through an interface the module declares), from the facts the
function's package exported (and in its own package where it is called
through another package's interface that its type implements): a caller
that retries it is fine (and
brokenretry judges how it retries), one that does not is reported at its
call. A function no analysed package calls, one called only by reflection
or through an interface wired up in a package the caller does not import,
loses the finding; -unretried.atcall reports such calls where they are
written, as before. A method whose client is a struct field that the
package's exported functions fill differently, some with retry handling
(a retrying HTTP client, openai-go's retries on) and some without, is
judged per constructor: a caller is reported when its receiver is built
by one that gives none (ai.NewPlain("k").Ask(ctx, q)), or may be (an
if/else between ai.NewPlain and ai.NewRetrying: the plain client reaches
the call too), and is silent when the receiver may come from out of
sight; one whose receiver comes from a
retrying one is judged with that one's retry handling (its retry layers
stack on it; with -unretried.strict, openai-go's default retries are
reported there too). A call
through an interface whose receiver may hold a decorator of the package
that retries (chosen at run time: if cfg.Retry { d = retrying{d} }, or
wrapped in another: logging{retrying{c}}) may be retried, and is not
reported; so is one holding a decorator of a package that reaches no SDK
(a middleware package, whose code is not read) whose type or maker is
named as a retrier (mw.Retrying{Inner: c}, mw.WithRetry(c)).

A call through an interface of the program's own counts as the SDK method
it mirrors: an interface method with the name and signature of an SDK
client method (SDK request and response types included), or a sibling of
one in the same interface.`,
	Bad:  `resp, err := client.CreateChatCompletion(ctx, req) // go-openai`,
	Good: `resp, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)`,
	Options: map[string]string{
		"atcall":  "report an unretried call in an exported function at the call itself, as before, instead of where other packages call the function",
		"strict":  "also report openai-go calls that rely on the SDK's default retries",
		"runtime": "import `path` of the runtime the fix uses (a copy written by oaiguard gen); default: the checked-in runtime for the call's SDK",
	},
}

// Config configures the check.
type Config struct {
	// Strict reports openai-go calls that rely on the SDK's default retries.
	Strict bool
	// AtCall reports a call in an exported function with no retry
	// handling where it is written, whatever its callers in other
	// packages do.
	AtCall bool
	// Runtime is the import path of the runtime package the fixes call;
	// empty means the checked-in runtime for the call's SDK.
	Runtime string
}

// Analyzer is the check with its default configuration, configurable
// through flags.
var Analyzer = New(Config{})

// New returns the check with the given configuration, for drivers that
// configure without flags (the golangci-lint plugin).
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	a := &analysis.Analyzer{
		Name:     Doc.Name,
		Doc:      Doc.String(),
		URL:      Doc.URL(),
		Requires: []*analysis.Analyzer{apicalls.Analyzer, brokenretry.Analyzer},
		Run:      c.run,
	}
	a.Flags.BoolVar(&c.cfg.Strict, "strict", cfg.Strict, Doc.Options["strict"])
	a.Flags.BoolVar(&c.cfg.AtCall, "atcall", cfg.AtCall, Doc.Options["atcall"])
	a.Flags.Var((*runtimeapi.PathFlag)(&c.cfg.Runtime), "runtime", Doc.Options["runtime"])
	return a
}

type checker struct{ cfg Config }

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if err := runtimeapi.CheckPath(c.cfg.Runtime); err != nil {
		return nil, fmt.Errorf("unretried: Config.Runtime: %v", err)
	}
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if len(res.Sites) == 0 && len(res.Through) == 0 {
		return nil, nil
	}
	rep := lint.NewReporter(pass, Doc.Name)
	rep.YieldTo(pass.ResultOf[brokenretry.Analyzer].(*brokenretry.Result))
	if !c.cfg.AtCall {
		c.through(pass, rep, res.Through)
	}
	for _, s := range res.Sites {
		if !rep.Checked(s.File, false) || !s.Unretried() {
			continue
		}
		if s.Deferred && !c.cfg.AtCall {
			continue // judged where other packages call it
		}
		if s.OwnRetried && c.cfg.AtCall {
			continue // its package's callers retry it
		}
		why := c.unretried(s)
		if why == "" {
			continue
		}
		callee := fixedit.Source(pass.Fset, s.Expr.Fun)
		if _, ok := ast.Unparen(s.Expr.Fun).(*ast.Ident); ok && s.Call.Via == nil {
			callee += " (" + s.Call.Name() + ")" // a variable holding the method value
		}
		if s.Only != "" {
			callee += " on a client built by " + s.Only
		}
		d := analysis.Diagnostic{Pos: s.Expr.Pos(), End: s.Expr.End(), Category: Doc.Name}
		path, wrapper, ok := c.wrapper(s)
		asserted, what := token.NoPos, ""
		var commaOK []inspector.Cursor
		if ok && res.Inspector != nil {
			if cur, found := res.Inspector.Root().FindNode(s.Expr); found {
				asserted, what, commaOK = assertedAt(pass, cur)
			}
		}
		var fix analysis.SuggestedFix
		name := runtimeapi.PackageName
		if ok {
			fix, name, ok = wrapFix(pass, s, path, wrapper, commaOK)
		}
		switch {
		case ok && asserted.IsValid():
			d.Message = fmt.Sprintf("%s has no retry handling: %s; wrap it with %s.%s once the %s on its error at line %d uses errors.As (wrapped, the error is the runtime's, which wraps the SDK's)", callee, why, name, wrapper, what, lint.Line(pass.Fset, asserted))
		case ok:
			d.Message = fmt.Sprintf("%s has no retry handling: %s; wrap it with %s.%s", callee, why, name, wrapper)
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		case path == "" && s.Call.Family == sdk.OpenAIGo && s.Call.Module != sdk.OpenAIGoV3:
			d.Message = fmt.Sprintf("%s has no retry handling: %s; generate a runtime for %s with `oaiguard gen` and pass its import path to -unretried.runtime", callee, why, s.Call.Module)
		default:
			d.Message = fmt.Sprintf("%s has no retry handling: %s; %s", callee, why, manualAdvice(s.Call))
		}
		rep.Report(s.File, d)
	}
	return nil, nil
}

// through reports the calls of other packages' functions that lead to API
// calls nobody retries: neither the function's package nor the code here.
func (c *checker) through(pass *analysis.Pass, rep *lint.Reporter, sites []*apicalls.Site) {
	done := map[*ast.CallExpr]bool{}
	for _, s := range sites {
		if done[s.Expr] || !rep.Checked(s.File, false) || len(s.Layers) > 0 || s.Deferred || s.Via.Call.Ignored {
			continue
		}
		why := c.unretried(s)
		if why == "" {
			continue
		}
		done[s.Expr] = true
		callee := fixedit.Source(pass.Fset, s.Expr.Fun)
		call, in := s.Via.Call.Call, s.Via.Func
		if s.Via.Interface {
			// An interface method has no body to retry in: name the
			// implementation's function that holds the call.
			in = s.Via.Holder()
		} else if h := s.Via.Holder(); h != s.Via.Func {
			call += " in " + h // deeper down: name where the call is
		}
		if s.Via.Call.Only != "" {
			call += " on a client built by " + s.Via.Call.Only
		}
		if s.Via.Interface {
			call += " (reached through " + s.Via.Func + ")"
		}
		rep.Report(s.File, analysis.Diagnostic{
			Pos: s.Expr.Pos(), End: s.Expr.End(), Category: Doc.Name,
			Message: fmt.Sprintf("%s has no retry handling, here or in %s, where it calls %s: %s; retry it here with %s.Do and a closure, or inside %s",
				callee, in, call, why, runtimeapi.PackageName, in),
		})
	}
}

// unretried says why a call without retry layers is unretried, or returns
// "" when the SDK's own retries are enough.
func (c *checker) unretried(s *apicalls.Site) string {
	switch s.Call.Family {
	case sdk.GoOpenAI:
		return "go-openai never retries, so one 429 or 5xx fails it"
	case sdk.OpenAIGo:
		r := s.SDKRetries
		if r.Off() {
			return fmt.Sprintf("option.WithMaxRetries(0) on the %s switches openai-go's retries off", r.Where)
		}
		if c.cfg.Strict && !r.Explicit {
			return "it relies on openai-go's default retries, three attempts that retry insufficient_quota too and never pace to the x-ratelimit headers"
		}
	}
	return ""
}

// wrapper returns the runtime import path and the wrapper function for the
// call, and whether the runtime has one.
func (c *checker) wrapper(s *apicalls.Site) (path, fn string, ok bool) {
	path = runtimeapi.Path(c.cfg.Runtime, s.Call.Module)
	if path == "" {
		return "", "", false
	}
	fn, ok = runtimeapi.WrapperFor(s.Call)
	return path, fn, ok
}

// manualAdvice says what to do where the runtime has no wrapper.
func manualAdvice(c *sdk.Call) string {
	if c.OneShot {
		return "its request carries an io.Reader that the first attempt drains, so a wrapper would send it again empty; retry it with " + runtimeapi.PackageName + ".Do and a closure that reopens the reader"
	}
	switch c.Kind {
	case sdk.Pager:
		return "retry the first page by wrapping the List call with the runtime and paging with GetNextPage, or set option.WithMaxRetries(n) on the call"
	case sdk.Poll:
		return "a polling helper sends several requests; give it option.WithMaxRetries(n) or poll with the runtime around each Get"
	}
	return "retry it with " + runtimeapi.PackageName + ".Do and a closure, or another retry helper"
}

// wrapFix wraps s with the runtime's fn, and returns the name the
// runtime goes by in the file (oaiguard2 when oaiguard is taken), which the
// message uses too. The comma-ok assertions that read the call's error
// become errors.As in the same fix, with the edits errtype's fix for them
// makes (fixedit.ErrorsAs): applied alone, as gopls applies a quick fix,
// the wrap keeps them matching; merged with errtype's fixes, the identical
// edits are taken once.
func wrapFix(pass *analysis.Pass, s *apicalls.Site, path, fn string, commaOK []inspector.Cursor) (analysis.SuggestedFix, string, bool) {
	im := fixedit.NewImports(pass.Fset, pass.TypesInfo, s.File)
	name := im.Add(path, runtimeapi.ImportName(s.Call.Module, s.File), s.Expr.Pos())
	edits, ok := fixedit.WrapMethodCall(pass.Fset, pass.TypesInfo, s.File, s.Expr, name, fn)
	if !ok {
		return analysis.SuggestedFix{}, name, false
	}
	for _, cur := range commaOK {
		as, ok := fixedit.ErrorsAs(pass.Fset, pass.TypesInfo, s.File, cur, im)
		if !ok {
			return analysis.SuggestedFix{}, name, false
		}
		edits = append(edits, as...)
	}
	msg := "Wrap with " + name + "." + fn
	if len(commaOK) > 0 {
		msg += " and use errors.As on its error"
	}
	return analysis.SuggestedFix{
		Message:   msg,
		TextEdits: append(im.Edits(), edits...),
	}, name, true
}
