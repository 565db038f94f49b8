package errtext

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Config configures the check.
type Config struct {
	// Runtime is the import path of the runtime package the fixes call;
	// empty means the checked-in runtime for the error's SDK.
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
	a.Flags.Var((*runtimeapi.PathFlag)(&c.cfg.Runtime), "runtime", Doc.Options["runtime"])
	return a
}

type checker struct{ cfg Config }

// run is the state of one pass.
type run struct {
	cfg   Config
	pass  *analysis.Pass
	flow  *errflow.Flow
	rep   *lint.Reporter
	texts map[string]sdk.ErrorText // per SDK module
	uses  *importUses
	in    *inspector.Inspector
	calls *apicalls.Result
	// varFixed holds, per local variable that keeps an error's text, the
	// edits and spans of the fixes of its matches so far (in source
	// order), for the last match's fix, which does them all and deletes
	// the variable.
	varFixed map[*types.Var][]fixPart
}

// fixPart is what one match's fix replaces, without its import edits.
type fixPart struct {
	edits   []analysis.TextEdit
	removed []span
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if err := runtimeapi.CheckPath(c.cfg.Runtime); err != nil {
		return nil, fmt.Errorf("errtext: Config.Runtime: %v", err)
	}
	res := pass.ResultOf[apicalls.Analyzer].(*apicalls.Result)
	if res.Inspector == nil {
		return nil, nil // the package refers to no SDK
	}
	r := &run{
		cfg:   c.cfg,
		pass:  pass,
		flow:  errflow.New(pass.TypesInfo, pass.Pkg, pass.Files, res.Inspector),
		rep:   lint.NewReporter(pass, Doc.Name),
		texts: map[string]sdk.ErrorText{},
		in:    res.Inspector,
		calls: res,
	}
	r.flow.Imported = res.ErrorSource
	r.flow.ImportedOwn = res.OwnErrors
	r.rep.YieldTo(pass.ResultOf[brokenretry.Analyzer].(*brokenretry.Result))
	for _, file := range pass.Files {
		if !r.rep.Checked(file, false) {
			continue
		}
		fc, ok := res.Inspector.Root().FindNode(file)
		if !ok {
			continue
		}
		for cur := range fc.Preorder((*ast.CallExpr)(nil), (*ast.BinaryExpr)(nil), (*ast.SwitchStmt)(nil)) {
			if m, ok := r.matchAt(cur.Node()); ok {
				r.report(file, m)
			}
		}
	}
	return nil, nil
}

// verdict is what the check makes of one pattern.
type verdict struct {
	pat   pattern
	class sdk.ErrorClass
	// covers are the classes of the errors whose text the pattern
	// accepts, class first (sdk.ErrorTextMatch.Covers): a fix must test
	// them all.
	covers []sdk.ErrorClass
	known  bool
	// dead says why the SDK's error text can never match, or is "".
	dead string
	// never is set when the match is never true for an SDK's error
	// while the predicate would be: the whole text compared with a text
	// no SDK error's text is alone. No fix: it would change what the
	// code does.
	never bool
}

func (r *run) judge(o origin, p pattern) verdict {
	v := verdict{pat: p}
	plain := !p.regexp || quoteMetaFree(p.lit)
	if plain {
		m, ok := sdk.LookupErrorText(p.lit)
		v.class, v.covers, v.known = m.Class, m.Covers, ok
		if ok && o.kind == errorText {
			v.dead = r.deadReason(o, p.lit, m)
			if v.dead == "" && p.whole && !sdk.CanBeWholeErrorText(p.lit) {
				v.dead = "an SDK error's text is never just that, and the comparison is with the whole text"
				v.never = true
			}
		}
		return v
	}
	v.class, v.covers, v.known = regexpClass(p.lit)
	return v
}

// regexpClass returns the class of the table's texts a regexp matches,
// when they are of one class: `(?i)rate.?limit` means a rate limit; and
// the classes those texts cover (`\b429\b`: a 429 of any class).
func regexpClass(pat string) (sdk.ErrorClass, []sdk.ErrorClass, bool) {
	re, err := regexp.Compile(pat)
	if err != nil {
		return "", nil, false
	}
	classes := map[sdk.ErrorClass]bool{}
	var texts []string
	for _, e := range sdk.ErrorTextEntries {
		if re.MatchString(e.Text) {
			classes[e.Class] = true
			texts = append(texts, e.Text)
		}
	}
	if len(classes) != 1 {
		return "", nil, false
	}
	var class sdk.ErrorClass
	for c := range classes {
		class = c
	}
	covers := []sdk.ErrorClass{class}
	for _, t := range texts {
		if m, ok := sdk.LookupErrorText(t); ok {
			for _, c := range m.Covers {
				if !slices.Contains(covers, c) {
					covers = append(covers, c)
				}
			}
		}
	}
	return class, covers, true
}

// deadReason says why the SDK's Error() can never hold lit, or "".
func (r *run) deadReason(o origin, lit string, m sdk.ErrorTextMatch) string {
	if !sdk.ErrorTextCanHold(sdk.ErrorText{Status: true, Message: true, CodeAndType: true}, lit, m) {
		return "no Go SDK's error text holds the exception names of OpenAI's Python SDK"
	}
	if o.src.Module == "" || mixed(o) || o.src.Stream || (o.errType != nil && o.errType.Kind != sdk.APIError) {
		// An unknown SDK; or a stream's error event or go-openai's
		// RequestError, whose text holds the body as sent.
		return ""
	}
	if sdk.ErrorTextCanHold(r.errorText(o), lit, m) {
		return ""
	}
	if sdk.FamilyOfModule(o.src.Module) == sdk.GoOpenAI {
		return "go-openai's Error() holds the status and message but never the error's code or type"
	}
	return fmt.Sprintf("openai-go's Error() holds only the status line since %s (\"OpenAI API error: 429 Too Many Requests\")", sdk.ErrorTextSince)
}

// errorText says what Error() holds for the SDK errors of o's origin.
func (r *run) errorText(o origin) sdk.ErrorText {
	if o.errType != nil && o.errType.Kind == sdk.APIError {
		return sdk.ErrorTextOfType(*o.errType)
	}
	mod := o.src.Module
	if et, ok := r.texts[mod]; ok {
		return et
	}
	var et sdk.ErrorText
	if t, ok := sdk.APIErrorTypeOf(r.pass.Pkg, mod); ok {
		et = sdk.ErrorTextOfType(t)
	} else {
		et = sdk.ErrorTextOf(mod, "")
	}
	r.texts[mod] = et
	return et
}

func (r *run) report(file *ast.File, m *match) {
	o := m.origin
	var vs []verdict
	if o.textOnly {
		o.src.Module = r.textModule(m.pats)
		m.origin = o
	}
	for _, p := range m.pats {
		if o.textOnly && !r.sdkOnly(p) {
			continue // an error of unknown origin: only an SDK's text says it is one
		}
		v := r.judge(o, p)
		switch {
		case o.kind == errorText && !v.known && o.src.Param:
			// An error parameter matched against a text we do not know
			// is as likely some other error: say nothing.
			continue
		case o.kind != errorText && !v.known:
			// A message or status matched against other words: the
			// code and status may not hold that fact.
			continue
		case o.kind == messageField && v.class == sdk.ClassRequestTooLarge:
			// The message is the only signal of this class.
			continue
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return
	}
	d := analysis.Diagnostic{Pos: m.node.Pos(), End: m.node.End(), Category: Doc.Name}
	if m.sw != nil {
		d.Pos, d.End = m.sw.Tag.Pos(), m.sw.Tag.End()
	}
	errSrc := fixedit.Source(r.pass.Fset, o.err)
	// Every pattern must be replaced for a fix: none unknown or left out.
	complete := len(vs) == len(m.pats) && allKnown(vs)
	path := r.runtimePath(o.src.Module)
	if mixed(o) {
		path = "" // no one runtime's predicates classify both SDKs' errors
	}
	var fix *analysis.SuggestedFix
	name := runtimeapi.PackageName
	// An error whose origin is out of sight, known as an SDK's by its text
	// alone, may have reached here as a copy of that text (fmt.Errorf with
	// %v, errors.New(err.Error())), which the runtime's predicates, reading
	// the error chain, never match: rewriting the match would turn a
	// working branch dead. Say so, and leave the code as it is.
	lastOfVar := false  // the last match of a variable all of whose uses match, its own fix possible
	varBlocked := false // such a last match whose fix cannot do the others' and delete the variable
	// An error of the module's own whose text the match accepts may be
	// what reaches it: the predicate, which reads SDK errors only, would
	// turn that branch dead.
	ownText, ownHit := r.ownAccepted(vs)
	// A text variable assigned more than once: fixing every match would
	// leave it assigned and never read, which does not compile, and a
	// fix that deleted the assignments could drop their effects.
	reassigned := o.viaVar != nil && r.flow.DefCount(o.viaVar) > 1
	never := slices.ContainsFunc(vs, func(v verdict) bool { return v.never })
	if complete && path != "" && m.ranged == nil && !o.textOnly && !o.src.Copy && !ownHit && !reassigned && !never {
		if arg, ok := r.errArg(file, m); ok {
			errSrc = arg
			var part fixPart
			fix, name, part = r.buildFix(file, m, vs, path, arg, nil)
			// When every use of the variable holding the text is a
			// match, fixing them all would leave it declared and not
			// used: the last one's fix does what the others' do too
			// (the same edits, so that drivers merge them) and deletes
			// the variable, so that it compiles applied alone or with
			// any of the others, in one run. When some other match
			// has no fix, the last keeps none.
			if fix != nil && o.viaVar != nil {
				if r.lastOfVar(m) {
					fix = nil
					if parts, ok := r.allFixed(o.viaVar); ok {
						fix, name, _ = r.buildFix(file, m, vs, path, arg, parts)
						if fix != nil {
							fix.Message += " and delete " + o.viaVar.Name()
						}
					}
					lastOfVar = fix != nil
					varBlocked = fix == nil
				} else {
					if r.varFixed == nil {
						r.varFixed = map[*types.Var][]fixPart{}
					}
					r.varFixed[o.viaVar] = append(r.varFixed[o.viaVar], part)
				}
			}
		}
	}
	note := originNote(o)
	if mixed(o) {
		o.src.Module = "" // for the advice: no one SDK's runtime
		m.origin = o
	}
	d.Message = r.message(m, vs, name, path, errSrc) + note
	switch {
	case lastOfVar:
		d.Message += ", and delete " + o.viaVar.Name()
	case varBlocked:
		// The last match of a variable all of whose uses match, whose
		// declaration the fix cannot delete (an if's or switch's init,
		// several names, a group): its fix would leave it unused.
		d.Message += "; no fix: this is the last use of " + o.viaVar.Name() + ", and the fix cannot also delete its declaration here (only a statement of its own that declares it alone)"
	}
	if reassigned && complete && path != "" && m.ranged == nil && !o.textOnly && !o.src.Copy && !ownHit {
		d.Message += "; no fix: " + o.viaVar.Name() + " is assigned more than once, and fixing every match would leave it assigned but never read"
	}
	if ownHit && complete && path != "" && m.ranged == nil && !o.textOnly && !o.src.Copy {
		d.Message += fmt.Sprintf("; no fix: the module's own error text %q matches too, and the predicate, which reads SDK errors only, would miss it", ownText)
	}
	if never && complete && path != "" && m.ranged == nil && !o.textOnly && !o.src.Copy {
		d.Message += "; no fix: the comparison is never true for an SDK error and the predicate would be, which changes what the code does (use the predicate if that is what was meant)"
	}
	if fix == nil && !never && !ownHit && !reassigned && !varBlocked && o.viaVar != nil && path != "" && complete && !lastOfVar && m.ranged == nil && !o.src.Copy {
		// The error has changed since the text was read from it.
		d.Message += " where " + o.viaVar.Name() + " is set"
	}
	if fix != nil {
		if c, also, ok := widened(vs); ok {
			d.Message += "; the fix's " + runtimeapi.Predicate(string(c)) + " also holds for " + also + ", whose text the match did not accept"
		}
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	r.rep.Report(file, d)
}

// widened returns a class that a fix tests for a pattern of another class
// ("429" tests RequestTooLarge), whose errors the pattern's text does not
// all match (sdk.ClassAlsoHolds): the fix is true for them where the match
// was not.
func widened(vs []verdict) (sdk.ErrorClass, string, bool) {
	for _, v := range vs {
		for _, c := range v.classes() {
			if also, ok := sdk.ClassAlsoHolds[c]; ok && c != v.class {
				return c, also, true
			}
		}
	}
	return "", "", false
}

// ownAccepted returns a text of the module's own errors (errors.New,
// fmt.Errorf with its constant operands, Error methods, sentinels used as
// values, in this package and the packages of its module it imports,
// however far: apicalls.Reaches.AllTexts, apicalls.OwnTexts) that one of
// the patterns accepts, whatever
// the match's function: the text holds the pattern, ignoring case, or the
// regexp matches it.
func (r *run) ownAccepted(vs []verdict) (string, bool) {
	for _, t := range r.calls.AllTexts {
		for _, v := range vs {
			if v.pat.regexp && !quoteMetaFree(v.pat.lit) {
				if re, err := regexp.Compile(v.pat.lit); err != nil || apicalls.TextMatches(t, re) {
					return apicalls.ShowText(t), true
				}
				continue
			}
			if apicalls.TextAccepts(t, v.pat.lit) {
				return apicalls.ShowText(t), true
			}
		}
	}
	return "", false
}

// mixed reports whether the error may come from SDK modules whose
// runtimes differ (errflow.Source.Also): a go-openai error on one path, an
// openai-go error on another. Each runtime's predicates are false for the
// other SDK's errors, so a fix with either would turn a working branch
// dead for the other's.
func mixed(o origin) bool {
	for _, m := range o.src.Also {
		if runtimeapi.Checked(m) != runtimeapi.Checked(o.src.Module) {
			return true
		}
	}
	return false
}

// lastOfVar reports whether m holds the last use of the local variable its
// text was kept in, and every use of that variable is an argument of a
// strings or regexp function, a comparison or a switch tag: a match.
func (r *run) lastOfVar(m *match) bool {
	v := m.origin.viaVar
	if v == nil || r.in == nil {
		return false
	}
	var last token.Pos
	for id, obj := range r.pass.TypesInfo.Uses {
		if obj != v {
			continue
		}
		last = max(last, id.Pos())
		c, ok := r.in.Root().FindByPos(id.Pos(), id.End())
		if !ok || !isMatchContext(r.pass.TypesInfo, c.Parent().Node()) {
			return false
		}
	}
	return last.IsValid() && m.node.Pos() <= last && last < m.node.End()
}

// isMatchContext reports whether n, the parent of a use of a text
// variable, is one of the shapes errtext matches on.
func isMatchContext(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.BinaryExpr:
		return n.Op == token.EQL || n.Op == token.NEQ
	case *ast.SwitchStmt:
		return true
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, n).(*types.Func)
		return ok && fn.Pkg() != nil && (fn.Pkg().Path() == "strings" || fn.Pkg().Path() == "regexp")
	}
	return false
}

func (r *run) message(m *match, vs []verdict, name, path, errSrc string) string {
	o := m.origin
	text := describe(m.text)
	var b strings.Builder
	if m.sw != nil || m.ranged != nil && len(vs) > 1 {
		if m.sw != nil {
			fmt.Fprintf(&b, "switch on %s matches error text (", text)
		} else {
			fmt.Fprintf(&b, "%s matched against each of (", text)
		}
		// Group the cases by what they detect, in order.
		var groups [][]verdict
		for _, v := range vs {
			i := slices.IndexFunc(groups, func(g []verdict) bool {
				return g[0].known == v.known && g[0].class == v.class && (g[0].dead == "") == (v.dead == "")
			})
			if i < 0 {
				groups = append(groups, nil)
				i = len(groups) - 1
			}
			groups[i] = append(groups[i], v)
		}
		for i, g := range groups {
			if i > 0 {
				b.WriteString("; ")
			}
			for j, v := range g {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(patternText(v.pat))
			}
			fmt.Fprintf(&b, ": %s", classPhrase(g[0]))
			if g[0].dead != "" {
				b.WriteString(", never matches")
			}
		}
		b.WriteString(")")
		for _, v := range vs {
			if v.dead != "" {
				fmt.Fprintf(&b, ": %s", v.dead)
				break
			}
		}
		switch {
		case allKnown(vs) && m.sw != nil:
			fmt.Fprintf(&b, "; use a switch with the cases %s", predicates(vs, name, path, o.src.Module, errSrc))
		case allKnown(vs):
			fmt.Fprintf(&b, "; use %s instead of the loop", predicates(vs, name, path, o.src.Module, errSrc))
		default:
			fmt.Fprintf(&b, "; %s", unknownAdvice(o, name, errSrc))
		}
		return b.String()
	}
	v := vs[0]
	fmt.Fprintf(&b, "%s matched against %s", text, patternText(v.pat))
	switch {
	case !v.known && v.pat.lit == "EOF":
		fmt.Fprintf(&b, ": the end of a stream is io.EOF; test it with errors.Is(%s, io.EOF)", errSrc)
		return b.String()
	case !v.known && netText(v.pat.lit):
		// casibase matches "write tcp" on what a streaming call returns:
		// the write to its own client's connection failed. No SDK error
		// class says that; the net package's types do.
		fmt.Fprintf(&b, ": a network error's text, which no SDK error class holds; test it with errors.As(%s, &opErr) for a *net.OpError (its Op and Net), or errors.Is(%s, syscall.EPIPE) or syscall.ECONNRESET", errSrc, errSrc)
		return b.String()
	case !v.known:
		fmt.Fprintf(&b, ": error text is not an API; %s", unknownAdvice(o, name, errSrc))
		return b.String()
	}
	fmt.Fprintf(&b, " to detect %s", classPhrase(v))
	if v.dead != "" {
		fmt.Fprintf(&b, ", but %s, so this never matches", v.dead)
	}
	if o.kind == messageField || o.kind == statusField {
		b.WriteString(": the status and code say that, the wording may change")
	}
	fmt.Fprintf(&b, "; use %s", predicates(vs, name, path, o.src.Module, errSrc))
	return b.String()
}

// netText reports whether a text is a *net.OpError's operation and
// network ("write tcp", "read udp", "dial tcp"). (A broken, reset or
// refused connection is in the SDK knowledge's table: a connection error.)
func netText(lit string) bool {
	lit = strings.ToLower(strings.TrimSpace(lit))
	for _, op := range []string{"read ", "write ", "dial "} {
		if rest, ok := strings.CutPrefix(lit, op); ok {
			switch rest {
			case "tcp", "tcp4", "tcp6", "udp", "unix":
				return true
			}
		}
	}
	return false
}

func allKnown(vs []verdict) bool {
	for _, v := range vs {
		if !v.known {
			return false
		}
	}
	return true
}

// predicates names the predicates that replace the patterns' classes.
func predicates(vs []verdict, name, path, module, errSrc string) string {
	var groups [][]string
	for _, v := range vs {
		var alts []string
		for _, c := range v.classes() {
			p := runtimeapi.Predicate(string(c))
			if path != "" {
				p = fmt.Sprintf("%s.%s(%s)", name, p, errSrc)
			}
			alts = append(alts, p)
		}
		groups = append(groups, alts)
	}
	// A group whose predicates another names too says nothing more:
	// IsRateLimited beside IsRateLimited || IsQuotaExhausted.
	subset := func(a, b []string) bool {
		for _, p := range a {
			if !slices.Contains(b, p) {
				return false
			}
		}
		return true
	}
	var names []string
	for i, g := range groups {
		dup := false
		for j, o := range groups {
			if i != j && subset(g, o) && (len(g) < len(o) || j < i) {
				dup = true
				break
			}
		}
		if !dup {
			names = append(names, strings.Join(g, " || "))
		}
	}
	list := strings.Join(names, ", ")
	switch {
	case path != "":
		return list
	case module == "":
		return "the runtime's " + list
	}
	return fmt.Sprintf("%s from a runtime generated for %s by `oaiguard gen` (give its import path to -errtext.runtime)", list, module)
}

func unknownAdvice(o origin, name, errSrc string) string {
	status := "StatusCode and Code"
	if sdk.FamilyOfModule(o.src.Module) == sdk.GoOpenAI {
		status = "HTTPStatusCode and Code"
	}
	return fmt.Sprintf("test the error with errors.As and its %s, or with %s.Classify(%s)", status, name, errSrc)
}

// runtimePath returns the import path of the runtime for errors of an SDK
// module, or "" when there is none to use.
func (r *run) runtimePath(module string) string {
	if module == "" {
		return ""
	}
	return runtimeapi.Path(r.cfg.Runtime, module)
}

// errArg returns the source of the error value the predicate is given,
// when that value can be named at the match.
func (r *run) errArg(file *ast.File, m *match) (string, bool) {
	o := m.origin
	t := r.pass.TypesInfo.TypeOf(o.err)
	if t == nil || !types.Implements(t, errorIface) {
		return "", false
	}
	simple := isSimple(o.err)
	if m.sw != nil && !simple {
		return "", false // evaluated once per case
	}
	if o.viaVar == nil {
		return fixedit.Source(r.pass.Fset, o.err), true
	}
	id, ok := ast.Unparen(o.err).(*ast.Ident)
	if !ok {
		return "", false
	}
	v, ok := r.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return "", false
	}
	pos := m.node.Pos()
	scope := r.pass.TypesInfo.Scopes[file]
	if scope == nil {
		return "", false
	}
	if inner := scope.Innermost(pos); inner != nil {
		scope = inner
	}
	if _, obj := scope.LookupParent(id.Name, pos); obj != v {
		return "", false
	}
	if r.flow.Assigned(v, id.Pos(), pos) {
		return "", false
	}
	return id.Name, true
}

// isSimple reports whether e can be evaluated again without effects: a
// name or a chain of field selections.
func isSimple(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isSimple(x.X)
	}
	return false
}

func patternText(p pattern) string {
	if p.regexp && !quoteMetaFree(p.lit) {
		return "regexp " + strconv.Quote(p.lit)
	}
	return strconv.Quote(p.lit)
}

// describe renders the matched expression for a message, short.
func describe(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 48 {
		return "the error's text"
	}
	return s
}

var phrases = map[sdk.ErrorClass]string{
	sdk.ClassRateLimited:           "a rate limit",
	sdk.ClassQuotaExhausted:        "an exhausted quota",
	sdk.ClassRequestTooLarge:       "a request too large for the rate limit",
	sdk.ClassContextLengthExceeded: "an exceeded context length",
	sdk.ClassAuth:                  "an authentication failure",
	sdk.ClassPermission:            "a permission error",
	sdk.ClassNotFound:              "a missing model or object",
	sdk.ClassInvalidRequest:        "an invalid request",
	sdk.ClassConflict:              "a conflict",
	sdk.ClassServer:                "a server error",
	sdk.ClassOverloaded:            "an overloaded server",
	sdk.ClassTimeout:               "a timeout",
	sdk.ClassConnection:            "a connection failure",
	sdk.ClassCanceled:              "a canceled context",
}

// classes returns the classes a fix must test: covers, or class alone.
func (v verdict) classes() []sdk.ErrorClass {
	if len(v.covers) == 0 {
		return []sdk.ErrorClass{v.class}
	}
	return v.covers
}

func classPhrase(v verdict) string {
	if !v.known {
		return "unknown"
	}
	if p, ok := phrases[v.class]; ok {
		return p
	}
	return strings.ToLower(string(v.class))
}

// originNote says where an SDK error found in another package comes from.
func originNote(o origin) string {
	sdkName := "an SDK"
	if f := sdk.FamilyOfModule(o.src.Module); f != sdk.NoFamily {
		sdkName = f.String()
	}
	if len(o.src.Also) > 0 {
		names := []string{}
		for _, m := range append([]string{o.src.Module}, o.src.Also...) {
			n := m
			if f := sdk.FamilyOfModule(m); f != sdk.NoFamily {
				n = f.String() + " (" + m + ")"
			}
			if m != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		via := ""
		if o.src.Via != "" {
			via = " via " + o.src.Via
		}
		return " (the error may come from " + strings.Join(names, " or ") + via + "; no fix: each runtime's predicates classify one SDK's errors and are false for the other's, so test with both SDKs' runtimes)"
	}
	switch {
	case o.src.Copy:
		via := ""
		if o.src.Via != "" {
			via = " via " + o.src.Via
		}
		return " (the error holds a copy of " + sdkName + "'s error text" + via + ", made by fmt.Errorf with %v or %s or by errors.New(err.Error()); no fix: the predicate reads the error chain, which the copy breaks, so wrap with %w all the way first)"
	case o.src.Via != "":
		return " (the error comes from " + sdkName + " via " + o.src.Via + ")"
	case o.textOnly:
		return " (where the error comes from is out of sight, but the text is one only " + sdkName + "'s errors hold; no fix: the predicate reads the error chain, which a copy of the text, as fmt.Errorf with %v makes, breaks, so wrap with %w all the way first)"
	}
	return ""
}

// sdkOnly reports whether a pattern is evidence that the error it is
// matched against is an SDK's: a text in a form only an SDK's errors take
// (not one of the module's own errors), or an SDK constant.
func (r *run) sdkOnly(p pattern) bool {
	if p.expr != nil && r.sdkConstant(p.expr) {
		return true
	}
	if _, ok := sdk.SDKOnlyText(p.lit); !ok {
		return false
	}
	lit := strings.ToLower(p.lit)
	return !slices.ContainsFunc(r.calls.Texts, func(t string) bool { return strings.Contains(strings.ToLower(t), lit) })
}

// sdkConstant reports whether e refers to a constant an SDK declares, as
// in string(openai.RunErrorRateLimitExceeded).
func (r *run) sdkConstant(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if c, ok := r.pass.TypesInfo.Uses[id].(*types.Const); ok && c.Pkg() != nil {
				if _, _, ok := sdk.ModuleOf(c.Pkg().Path()); ok {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
