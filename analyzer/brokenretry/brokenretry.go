package brokenretry

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "brokenretry",
	Title:   "retry handling that multiplies or misses attempts",
	Default: true,
	Why: `Retry layers multiply. openai-go retries every request twice by itself, so a
retry helper, a hand-written loop or a retrying HTTP client around it turns
one call into 3 × N requests, and a retrying HTTP client under a retry loop
does the same for go-openai. During a rate-limit storm those requests
count against the same limit and keep it exhausted; real code reaches 27
requests for one call.

Retry at one layer only. With openai-go, pass option.WithMaxRetries(0) to
the call (the fix) or the client when another layer retries, or let
oaiguard's runtime do it, which switches the SDK's retries off itself.`,
	Bad: `err := retry.Do(func() error {
    _, err := client.Chat.Completions.New(ctx, params)
    return err
})`,
	Good: `err := retry.Do(func() error {
    _, err := client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0))
    return err
})`,
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

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if len(res.Sites) == 0 {
		return nil, nil
	}
	rep := lint.NewReporter(pass, Doc.Name)
	for _, s := range res.Sites {
		if !rep.Checked(s.File, false) {
			continue
		}
		layers := stack(s)
		if len(layers) < 2 {
			continue
		}
		callee := fixedit.Source(pass.Fset, s.Expr.Fun)
		d := analysis.Diagnostic{
			Pos:      s.Expr.Pos(),
			End:      s.Expr.End(),
			Category: "stacked",
			Message:  fmt.Sprintf("%s is retried at %d layers: %s; %s", callee, len(layers), describe(layers), advice(s)),
		}
		if sdkRetrying(s) {
			if fix, ok := noSDKRetriesFix(pass, s); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		rep.Report(s.File, d)
	}
	return nil, nil
}

// layer is one retry layer as the message counts it.
type layer struct {
	name     string
	attempts int // 0: unknown or unbounded
}

// stack lists the layers that retry the call, innermost first: a retrying
// HTTP client, the SDK's own retries, then the code around the call.
func stack(s *apicalls.Site) []layer {
	var out []layer
	sdkDone := !sdkRetrying(s)
	for _, l := range s.Layers {
		if !sdkDone && l.Kind != apicalls.HTTPClient {
			out = append(out, layer{"openai-go's own retries", s.SDKRetries.Count + 1})
			sdkDone = true
		}
		out = append(out, layer{l.Name, l.Attempts})
	}
	if !sdkDone {
		out = append(out, layer{"openai-go's own retries", s.SDKRetries.Count + 1})
	}
	return out
}

// sdkRetrying reports whether openai-go still retries the call by itself: its
// retries are on and no runtime wrapper switches them off.
func sdkRetrying(s *apicalls.Site) bool {
	if s.Call.Family != sdk.OpenAIGo || s.SDKRetries.Count == 0 {
		return false
	}
	for _, l := range s.Layers {
		if l.Kind == apicalls.Runtime {
			return false
		}
	}
	return true
}

// describe renders "backoff.Retry (10 attempts) × openai-go's own retries (3
// attempts) = up to 30 requests per call".
func describe(layers []layer) string {
	parts := make([]string, len(layers))
	total, known := 1, true
	for i := range layers {
		l := layers[len(layers)-1-i] // outermost first reads naturally
		if l.attempts > 0 {
			parts[i] = fmt.Sprintf("%s (%d attempts)", l.name, l.attempts)
			total *= l.attempts
		} else {
			parts[i] = l.name + " (N attempts)"
			known = false
		}
	}
	s := strings.Join(parts, " × ")
	if known {
		return s + " = up to " + strconv.Itoa(total) + " requests per call"
	}
	return s + ": the attempts multiply"
}

func advice(s *apicalls.Site) string {
	if sdkRetrying(s) {
		return "pass option.WithMaxRetries(0) so that only one layer retries"
	}
	return "keep one retry layer"
}

// noSDKRetriesFix appends option.WithMaxRetries(0) to the call.
func noSDKRetriesFix(pass *analysis.Pass, s *apicalls.Site) (analysis.SuggestedFix, bool) {
	if !s.Call.Options {
		return analysis.SuggestedFix{}, false
	}
	path := sdk.OptionPackage(s.Call.Module)
	name, edits := fixedit.AddImport(pass.TypesInfo, s.File, path, "option", s.Expr.Pos())
	edit, ok := fixedit.AppendArg(pass.Fset, s.Expr, name+".WithMaxRetries(0)")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Switch openai-go's own retries off for this call",
		TextEdits: append(edits, edit),
	}, true
}
