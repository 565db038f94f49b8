package badrequest

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// The problems the check tells apart.
const (
	catMissing   = "missingfield"
	catRange     = "outofrange"
	catReasoning = "reasoning"
	catJSONWord  = "jsonword"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "badrequest",
	Title:   "request the API always rejects",
	Default: true,
	Why: `Some requests fail every time they are sent: the API answers 400, and no
retry can help. They are bugs in the request, and the place to find them is
before the code ships.

Reported, for a request literal of an SDK request type passed to an API
call (openai-go v1, v2, v3 params, go-openai request structs, directly or
through oaiguard's runtime), with the fields assigned to it before the call
in the same function, when the values are known from the source (constants,
literals, constant expressions, local variables given such a value once):
a required field missing or empty (model, messages, input, prompt); a
number outside its documented range (temperature 0–2, top_p 0–1, n 1–128,
penalties −2–2, max_output_tokens of a Responses request at least 16, and
the rest of the table); top_logprobs without logprobs; for reasoning models
(o1, o3, o4, gpt-5 and its variants) temperature or top_p other than 1,
max_tokens instead of max_completion_tokens, and logprobs; and
response_format json_object with messages of which none mentions JSON.
go-openai rejects a chat completion for the models it takes as reasoning
models (any ID starting with o1, o3, o4 or gpt-5) on the client, with its
own error (ErrReasoningModelMaxTokensDeprecated,
ErrReasoningModelLimitationsLogprobs, ErrReasoningModelLimitationsOther,
which also covers n other than 1 and penalties above 0), and, from
v1.43.0, the GPT-6 models gpt-6-sol, gpt-6-luna, gpt-6-astra and
gpt-6.1-sol (those IDs exactly) with rules of their own: max_tokens
(ErrReasoningModelMaxTokensDeprecated), and, unless reasoning_effort is
"none", any temperature, top_p, logprobs or top_logprobs
(ErrReasoningSamplingUnsupported); the message names the error. The rules are the table the runtime's validation is generated from
(internal/sdk/requests.go), so that the check and the runtime agree.

Not reported: values not known from the source (parameters, function
results, variables assigned more than once or on some paths, a value any
part of which is written after it is built, through a field, an element,
a pointer, an alias or a method with a pointer receiver), a request
whose fields are also set as raw JSON (openai-go's SetExtraFields or
option.WithJSONSet, on the call or on the client or service it goes
through, go-openai's ExtraBody), a request variable whose
address escapes, and go-openai's zero values, which are not sent.

There is no fix: renaming MaxTokens to MaxCompletionTokens would compile,
but gofmt realigns the literal around a longer key, which no fix made of
small edits keeps clean; the message says what to write.`,
	Bad: `req := openai.ChatCompletionRequest{
    Model:       openai.GPT5Dot4Mini,
    Messages:    msgs,
    MaxTokens:   500,
    Temperature: 0.2,
}`,
	Good: `req := openai.ChatCompletionRequest{
    Model:               openai.GPT5Dot4Mini,
    Messages:            msgs,
    MaxCompletionTokens: 500,
}`,
	Categories: []lint.Category{
		{Name: catMissing, Title: "a required field (model, messages, input, prompt) missing or empty"},
		{Name: catRange, Title: "a number outside its documented range, or top_logprobs without logprobs"},
		{Name: catReasoning, Title: "a parameter a reasoning model rejects: sampling, max_tokens, logprobs"},
		{Name: catJSONWord, Title: "response_format json_object with no message that mentions JSON"},
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
		Requires: []*analysis.Analyzer{apicalls.Analyzer},
		Run:      run,
	}
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if res.Inspector == nil {
		return nil, nil // the package reaches no SDK: nothing to find
	}
	c := &checker{pass: pass, in: res.Inspector, rep: lint.NewReporter(pass, Doc.Name), seen: map[string]bool{}, locals: map[*types.Var]ast.Expr{}}
	for _, sites := range [][]*apicalls.Site{res.Sites, res.Wrapped} {
		for _, s := range sites {
			if !c.rep.Checked(s.File, false) {
				continue
			}
			c.site(s)
		}
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	rep  *lint.Reporter
	file *ast.File
	in   *inspector.Inspector
	// seen holds the findings reported, by position, category and field: a
	// request variable sent by two calls is reported once, naming the
	// first.
	seen map[string]bool
	// locals caches localValue.
	locals map[*types.Var]ast.Expr
}

// site checks the request of one API call.
func (c *checker) site(s *apicalls.Site) {
	info := c.pass.TypesInfo
	for i, arg := range s.Expr.Args {
		tv, ok := info.Types[arg]
		if !ok {
			continue
		}
		rt, mod, ok := sdk.RequestTypeOf(tv.Type)
		if !ok || !c.safeOptions(s.Expr.Args[i+1:], mod) || s.ClientBody {
			continue
		}
		c.file = s.File
		r := c.resolve(s, arg)
		if r == nil {
			return
		}
		r.kind, r.family, r.callee = rt.Kind, sdk.FamilyOfModule(mod), callee(s)
		c.check(r)
		return
	}
}

// callee names the SDK method in messages, as written: c.CreateChatCompletion.
func callee(s *apicalls.Site) string {
	if len(s.Layers) > 0 && s.Layers[0].Kind == apicalls.Runtime && s.Via == nil {
		for _, a := range s.Expr.Args {
			if sel, ok := ast.Unparen(a).(*ast.SelectorExpr); ok && sel.Sel.Name == s.Call.Func.Name() {
				return types.ExprString(sel)
			}
		}
	}
	return types.ExprString(s.Expr.Fun)
}

// safeOptions reports whether the request options passed after the
// request leave its fields as they are: calls of the option package other
// than those that write the JSON body.
func (c *checker) safeOptions(args []ast.Expr, mod string) bool {
	for _, a := range args {
		call, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		fn, ok := c.pass.TypesInfo.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != sdk.OptionPackage(mod) {
			return false
		}
		switch fn.Name() {
		case "WithJSONSet", "WithJSONDel", "WithRequestBody", "WithMiddleware":
			return false
		}
	}
	return true
}

// report reports one finding once.
func (c *checker) report(pos, end token.Pos, cat, field, msg string) {
	key := fmt.Sprint(pos, cat, field)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.rep.Report(c.file, analysis.Diagnostic{Pos: pos, End: end, Category: cat, Message: msg})
}

// check applies the table's rules to one request.
func (c *checker) check(r *request) {
	if r.extra {
		return // raw JSON may set any field
	}
	bad := map[string]bool{} // fields already reported
	// Required fields.
	for _, rf := range sdk.RequiredFields {
		if rf.Kind != r.kind {
			continue
		}
		v, ok := r.fields[rf.Field]
		switch {
		case !ok && r.absent(rf.Field):
			c.report(r.at.Pos(), r.at.End(), catMissing, rf.Field, fmt.Sprintf("the request to %s has no %s, which the API requires (400 every time): set %s", r.callee, rf.Field, r.goName(rf.Field)))
			bad[rf.Field] = true
		case ok && c.empty(v, rf.NonEmpty):
			c.report(v.expr.Pos(), v.expr.End(), catMissing, rf.Field, fmt.Sprintf("the request to %s sets %s empty, which the API rejects (400 every time): give it a value", r.callee, rf.Field))
			bad[rf.Field] = true
		}
	}
	// Documented ranges.
	for _, fr := range sdk.FieldRules {
		if !fr.Applies(r.kind) || fr.Values || fr.MaxEntries > 0 || fr.MaxKeyChars > 0 || fr.MaxValueChars > 0 {
			continue // maps are rarely literal; the runtime checks them
		}
		v, ok := r.fields[fr.Field]
		if !ok {
			continue
		}
		n, known := c.number(v)
		if !known || !v.sent(n) {
			continue
		}
		if !fr.InRange(n) {
			c.report(v.expr.Pos(), v.expr.End(), catRange, fr.Field, fmt.Sprintf("the request to %s sets %s to %s, which the API rejects (400 every time): it must be %s", r.callee, fr.Field, c.show(v, n), rangeWords(fr.Min, fr.Max)))
			bad[fr.Field] = true
			continue
		}
		if fr.RequiresTrue != "" && n > 0 {
			dep, ok := r.fields[fr.RequiresTrue]
			if b, known := c.boolean(dep); ok && known && !b || r.absent(fr.RequiresTrue) {
				c.report(v.expr.Pos(), v.expr.End(), catRange, fr.Field, fmt.Sprintf("the request to %s sets %s without %s, which the API rejects (400 every time): set %s to true, or drop %s", r.callee, fr.Field, fr.RequiresTrue, r.goName(fr.RequiresTrue), r.goName(fr.Field)))
				bad[fr.Field] = true
			}
		}
	}
	c.reasoning(r, bad)
	c.words(r)
}

// reasoning applies the reasoning-model rules when the model is known.
func (c *checker) reasoning(r *request, bad map[string]bool) {
	mv, ok := r.fields["model"]
	if !ok {
		return
	}
	model, ok := c.str(mv)
	if !ok {
		return
	}
	if r.family == sdk.GoOpenAI && r.kind == sdk.ChatCompletions {
		if none, ok := sdk.GoOpenAIGPT6Models[model]; ok {
			c.gpt6(r, model, none, bad)
			return
		}
	}
	reasoning, sdkCheck := sdk.ReasoningModel(r.family, r.kind, model)
	if !reasoning {
		return
	}
	for _, rule := range sdk.ReasoningRules {
		if !rule.Applies(r.kind, sdkCheck) || bad[rule.Field] {
			continue
		}
		v, ok := r.fields[rule.Field]
		if !ok {
			continue
		}
		n, known := c.ruleValue(v)
		if !known {
			continue
		}
		if rule.Allows(n) {
			continue
		}
		var what string
		switch {
		case rule.Forbidden:
			what = "sets " + rule.Field
		default:
			what = "sets " + rule.Field + " to " + c.show(v, n)
		}
		who := "the API rejects (400 every time)"
		if sdkCheck && rule.SDKError != "" {
			who = "go-openai rejects before sending it (openai." + rule.SDKError + ")"
		}
		todo := "drop " + r.goName(rule.Field)
		if rule.Use != "" {
			todo = "use " + r.goName(rule.Use)
		}
		msg := fmt.Sprintf("the request to %s %s for reasoning model %q, which %s: %s", r.callee, what, model, who, todo)
		c.report(v.expr.Pos(), v.expr.End(), catReasoning, rule.Field, msg)
	}
}

// words applies the word rules: json_object needs "json" in a message.
func (c *checker) words(r *request) {
	for _, w := range sdk.WordRules {
		if w.Kind != r.kind {
			continue
		}
		f, ok := r.fields[w.Field]
		msgs, ok2 := r.fields[w.Messages]
		if !ok || !ok2 || !c.hasType(f, w.Type) {
			continue
		}
		texts, known := c.texts(msgs.expr, 0)
		if !known {
			continue
		}
		mentioned := false
		for _, s := range texts {
			if strings.Contains(strings.ToLower(s), w.Word) {
				mentioned = true
			}
		}
		if !mentioned {
			c.report(f.expr.Pos(), f.expr.End(), catJSONWord, w.Field, fmt.Sprintf("the request to %s sets %s %s but no message mentions %q, which the API rejects (400 every time): say in a message that the answer is JSON", r.callee, w.Field, w.Type, strings.ToUpper(w.Word)))
		}
	}
}

func number(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func rangeWords(min, max sdk.Bound) string {
	switch {
	case min.Set && max.Set:
		return "between " + number(min.Value) + " and " + number(max.Value)
	case min.Set:
		return "at least " + number(min.Value)
	}
	return "at most " + number(max.Value)
}

// show prints n as the source has it: a float32 field's value in 32 bits.
func (c *checker) show(v *value, n float64) string {
	if t := c.pass.TypesInfo.TypeOf(v.expr); t != nil && types.Identical(t.Underlying(), types.Typ[types.Float32]) {
		return strconv.FormatFloat(n, 'g', -1, 32)
	}
	return number(n)
}

// gpt6 applies go-openai's client checks of a GPT-6 chat completion
// (sdk.GoOpenAIGPT6Rules); noneOK says whether the model accepts
// reasoning_effort "none", which turns reasoning off.
func (c *checker) gpt6(r *request, model string, noneOK bool, bad map[string]bool) {
	// Reasoning is on unless reasoning_effort is surely "none"; it is
	// known to be on when the effort is known and not "none".
	on := false
	if ev, ok := r.fields["reasoning_effort"]; ok {
		if e, known := c.str(ev); known && e != "none" {
			on = true
		}
	} else if r.absent("reasoning_effort") {
		on = true
	}
	for _, rule := range sdk.GoOpenAIGPT6Rules {
		if bad[rule.Field] || rule.Reasoning && !on {
			continue
		}
		v, ok := r.fields[rule.Field]
		if !ok {
			continue
		}
		n, known := c.ruleValue(v)
		if !known {
			continue
		}
		if n == 0 {
			continue // go-openai tests for zero, sent or not
		}
		what := "sets " + rule.Field
		if rule.Reasoning {
			what += " with reasoning on"
		}
		todo := "drop " + r.goName(rule.Field)
		if rule.Use != "" {
			todo = "use " + r.goName(rule.Use)
		} else if noneOK {
			todo += ", or set ReasoningEffort to \"none\""
		}
		msg := fmt.Sprintf("the request to %s %s for %q, which go-openai rejects before sending it (openai.%s): %s", r.callee, what, model, rule.SDKError, todo)
		c.report(v.expr.Pos(), v.expr.End(), catReasoning, rule.Field, msg)
	}
}
