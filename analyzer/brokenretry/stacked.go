package brokenretry

import (
	"fmt"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// stacked reports a call retried at more than one layer.
func (c *checker) stacked(s *apicalls.Site, loopFixed bool) {
	if s.Via != nil && len(s.Layers) == 1 && s.Layers[0].Kind == apicalls.HTTPClient {
		// Nothing here but the retrying HTTP client the other package
		// built: its stacking on the SDK's retries is reported there.
		return
	}
	layers := stack(s)
	if len(layers) < 2 {
		return
	}
	callee := fixedit.Source(c.pass.Fset, s.Expr.Fun)
	if s.Via != nil {
		callee += " (which calls " + s.Via.Call.Call + " in " + s.Via.Call.Pkg + ")"
	}
	d := analysis.Diagnostic{
		Pos:      s.Expr.Pos(),
		End:      s.Expr.End(),
		Category: catStacked,
		Message:  fmt.Sprintf("%s is retried at %d layers: %s; %s", callee, len(layers), describe(layers), advice(s)),
	}
	// A loop whose own fix replaces it with the runtime (which switches the
	// SDK's retries off) fixes this too; two fixes would overlap.
	// A layer known only by its name (an unknown retry helper) may not
	// retry at all: switching openai-go's retries off on its word could
	// leave the call none, so the finding carries no fix.
	// So may a layer whose count is not known here: it may make one
	// attempt only (a loop bound or a library's attempts from a variable).
	if sdkRetrying(s) && !loopFixed && s.Via == nil && !guessed(s) && !maybeOnce(s) {
		if fix, ok := noSDKRetriesFix(c.pass, s); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.rep.Report(s.File, d)
}

// layer is one retry layer as the message counts it.
type layer struct {
	name      string
	attempts  int  // 0: unknown or unbounded
	unknown   bool // a helper known by its name only
	unbounded bool // known to retry until the call succeeds
}

// stack lists the layers that retry the call, innermost first: a retrying
// HTTP client, the SDK's own retries, then the code around the call.
func stack(s *apicalls.Site) []layer {
	var out []layer
	sdkDone := !sdkRetrying(s)
	for _, l := range s.Layers {
		if !sdkDone && l.Kind != apicalls.HTTPClient {
			out = append(out, layer{name: "openai-go's own retries", attempts: s.SDKRetries.Count + 1})
			sdkDone = true
		}
		out = append(out, layer{name: l.Name, attempts: l.Attempts, unknown: l.Unknown, unbounded: l.Unbounded})
	}
	if !sdkDone {
		out = append(out, layer{name: "openai-go's own retries", attempts: s.SDKRetries.Count + 1})
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
	total, unknown, unbounded := 1, 0, false
	for i := range layers {
		l := layers[len(layers)-1-i] // outermost first reads naturally
		if l.unbounded {
			// retry.Attempts(0): no count to print, not even N.
			parts[i] = l.name + " (unbounded attempts)"
			unbounded = true
		} else if l.attempts > 0 {
			parts[i] = fmt.Sprintf("%s (%s)", l.name, plural(l.attempts, "attempt"))
			total *= l.attempts
		} else if l.unknown {
			parts[i] = l.name + " (N attempts unknown)"
			unknown++
		} else {
			parts[i] = l.name + " (N attempts)"
			unknown++
		}
	}
	s := strings.Join(parts, " × ")
	if unbounded {
		return s + " = no bound on the requests per call"
	}
	switch unknown {
	case 0:
		return s + " = up to " + strconv.Itoa(total) + " requests per call"
	case 1:
		return s + " = up to " + strconv.Itoa(total) + "×N requests per call"
	}
	return s + ": the attempts multiply"
}

func advice(s *apicalls.Site) string {
	if len(s.Layers) > 0 && s.Layers[0].Kind == apicalls.Runtime && s.Layers[0].Node == s.Expr {
		fn := types.ExprString(s.Expr.Fun)
		pkg, _, _ := strings.Cut(fn, ".")
		return "drop the outer retry: " + fn + " retries by itself (set its attempts with " + pkg + ".WithPolicy)"
	}
	if s.Via != nil && s.Via.Call.Plain != "" {
		// ai.NewO().Ask where ai.NewOffline's clients do not retry:
		// switching the retries off in Ask would leave NewO's other
		// callers none.
		return "build the client with " + s.Via.Call.Plain + ", whose clients do not retry, so that only one layer retries"
	}
	if sdkRetrying(s) && s.Via != nil {
		return "pass option.WithMaxRetries(0) to " + s.Via.Call.Call + " in " + s.Via.Holder() + " so that only one layer retries"
	}
	if sdkRetrying(s) && guessed(s) {
		return "pass option.WithMaxRetries(0) so that only one layer retries, once you have checked that the helper known only by its name retries (no fix for that reason)"
	}
	if sdkRetrying(s) && s.Via == nil && maybeOnce(s) {
		return "pass option.WithMaxRetries(0) so that only one layer retries, once you have checked that the layer whose count is not a constant makes more than one attempt (no fix for that reason: with one attempt, the call would have no retries left)"
	}
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
	name, edits := fixedit.AddImport(pass.Fset, pass.TypesInfo, s.File, path, "option", s.Expr.Pos())
	edit, ok := fixedit.AppendArg(pass.Fset, s.Expr, name+".WithMaxRetries(0)")
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Switch openai-go's own retries off for this call",
		TextEdits: append(edits, edit),
	}, true
}

// plural renders "1 attempt", "3 attempts".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// maybeOnce reports whether a layer of the call is bounded by a count
// not known here, which may allow a single attempt.
func maybeOnce(s *apicalls.Site) bool {
	return slices.ContainsFunc(s.Layers, func(l apicalls.Layer) bool { return l.MaybeOnce })
}

// guessed reports whether a layer of the call is known only by its name.
func guessed(s *apicalls.Site) bool {
	return slices.ContainsFunc(s.Layers, func(l apicalls.Layer) bool { return l.Unknown })
}
