package retired

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "retired",
	Title:   "call into a shut-down API, or a retired or deprecated model",
	Default: true,
	Why: `A request to an API or a model that OpenAI has shut down fails every time
(the Assistants API answers 404 since 2026-08-26), and no retry helps:
the code is dead, and it fails in production, not in review. A deprecated
model has a shutdown date announced: the code works until that day.

Reported: calls into shut-down APIs in any SDK and version (openai-go's
Beta.Assistants, Beta.Threads, Threads.Runs, Runs.Steps and
Threads.Messages, Videos; go-openai's Assistant, Thread, Run and Message
methods, Edits and the legacy *FineTune* methods), calls into deprecated
ones (go-openai's ListEngines and GetEngine, openai-go's
Audio.Translations), and model IDs (SDK constants, string literals or
constant expressions, followed through the package's constants,
variables and struct fields; a variable only when it is given one value,
once, and never written otherwise (x += y, x++, &x), and a request
variable's literal not when its Model is assigned again) that reach the
Model field of an SDK request, or of a struct nested in one
(responses.ToolImageGenerationParam: any struct of an SDK package with a
Model field that is not an answer's)
and are shut down or have an announced shutdown date. The dates are
oaiguard's table, generated from the pinned SDKs' own deprecation marks
plus dated hand entries for what the SDKs do not mark. The table is as of
the pinned openai-go's release date, ` + sdk.RetiredAsOf + `, so the findings
never change with the day the check runs; a newer oaiguard brings a newer
table. The message names the replacement where one is known. There is no
fix: the replacement API or model takes other code or a choice only the
author can make.`,
	Bad:  `run, err := client.CreateRun(ctx, threadID, openai.RunRequest{AssistantID: id})`,
	Good: `resp, err := client.CreateResponse(ctx, openai.CreateResponseRequest{Model: "gpt-5.4-mini", Input: …})`,
	Categories: []lint.Category{
		{Name: catShutAPI, Title: "a call into an API that is shut down: every request fails"},
		{Name: catDeprecatedAPI, Title: "a call into a deprecated API"},
		{Name: catShutModel, Title: "a model ID past its shutdown date in a request: every request fails"},
		{Name: catDeprecatedModel, Title: "a model ID with an announced shutdown date in a request"},
	},
}

// Categories of the check's diagnostics.
const (
	catShutAPI         = "shutapi"         // a call into a shut-down API
	catDeprecatedAPI   = "deprecatedapi"   // a call into a deprecated API
	catShutModel       = "shutmodel"       // a shut-down model in a request
	catDeprecatedModel = "deprecatedmodel" // a deprecated model in a request
)

// Config configures the check. It has no settings: the table's date is
// the SDK's, and regenerating the table is the way to move it.
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
	rep := lint.NewReporter(pass, Doc.Name)
	reportCalls(pass, rep, res)
	newModels(pass, res).report(rep)
	return nil, nil
}

// reportCalls reports the API calls, direct or wrapped by the runtime, that
// reach a shut-down or deprecated API.
func reportCalls(pass *analysis.Pass, rep *lint.Reporter, res *apicalls.Result) {
	seen := map[*ast.CallExpr]bool{}
	for _, sites := range [][]*apicalls.Site{res.Sites, res.Wrapped} {
		for _, s := range sites {
			if seen[s.Expr] || s.Call == nil || s.Call.Func == nil || !rep.Checked(s.File, false) {
				continue
			}
			a, ok := sdk.RetiredCall(s.Call.Func)
			if !ok {
				continue
			}
			seen[s.Expr] = true
			var msg, cat string
			switch {
			case a.ShutDown():
				cat = catShutAPI
				msg = fmt.Sprintf("%s calls %s, which was shut down on %s: every request fails, and no retry helps", s.Call.Name(), a.Name, a.Shutdown)
			case a.Shutdown != "":
				cat = catDeprecatedAPI
				msg = fmt.Sprintf("%s calls %s, which is deprecated and shuts down on %s", s.Call.Name(), a.Name, a.Shutdown)
			default:
				cat = catDeprecatedAPI
				msg = fmt.Sprintf("%s calls %s, which is deprecated (no shutdown date announced)", s.Call.Name(), a.Name)
			}
			if a.Replacement != "" {
				msg += "; move to " + a.Replacement
			}
			rep.Report(s.File, analysis.Diagnostic{Pos: s.Expr.Pos(), End: s.Expr.End(), Category: cat, Message: msg})
		}
	}
}

// models finds the model IDs that reach a request's Model field.
type models struct {
	pass *analysis.Pass
	info *types.Info
	res  *apicalls.Result
	// inits maps a constant, variable or struct field of the package to
	// the expressions it is given: declarations, assignments and
	// composite literals' fields.
	inits map[types.Object][]ast.Expr
	// written holds the variables and fields written other than by one
	// plain assignment of a whole value: x += y, x++, &x, a, b = f(), and
	// the variables a part of which is assigned (x.Model = y, x[i] = y).
	// Their value is not in sight.
	written map[types.Object]bool
	// found maps a constant expression to the first Model field it reaches.
	found map[ast.Expr]sink
	order []ast.Expr
}

// sink is a request's Model field that a value reaches.
type sink struct {
	request string    // "ChatCompletionRequest"
	pos     token.Pos // where the field is set
	direct  bool      // the expression is the field's value itself
}

func newModels(pass *analysis.Pass, res *apicalls.Result) *models {
	m := &models{pass: pass, info: pass.TypesInfo, res: res, inits: map[types.Object][]ast.Expr{}, written: map[types.Object]bool{}, found: map[ast.Expr]sink{}}
	in := res.Inspector
	type set struct {
		request string
		value   ast.Expr
		pos     token.Pos
		lit     *ast.CompositeLit // the literal the field is set in, if any
	}
	var sets []set
	// litVar maps a composite literal to the variable it defines.
	litVar := map[*ast.CompositeLit]types.Object{}
	defines := func(lhs *ast.Ident, rhs ast.Expr) {
		e := ast.Unparen(rhs)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		if lit, ok := e.(*ast.CompositeLit); ok {
			if obj := m.info.ObjectOf(lhs); obj != nil {
				litVar[lit] = obj
			}
		}
	}
	for n := range in.PreorderSeq((*ast.ValueSpec)(nil), (*ast.AssignStmt)(nil), (*ast.CompositeLit)(nil), (*ast.IncDecStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)) {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for i, id := range n.Names {
					if obj := m.info.Defs[id]; obj != nil {
						m.inits[obj] = append(m.inits[obj], n.Values[i])
						defines(id, n.Values[i])
					}
				}
			}
		case *ast.IncDecStmt:
			m.overwrite(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				m.overwrite(n.X)
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN {
				m.overwrite(n.Key)
				m.overwrite(n.Value)
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) || n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				// x += y, a, b = f(): a value not in sight.
				for _, lhs := range n.Lhs {
					m.overwrite(lhs)
				}
				continue
			}
			for i, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
					defines(id, n.Rhs[i])
				}
				if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && sel.Sel.Name == "Model" {
					// v.Model = …: the literal v was defined with no longer
					// says what v holds.
					if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
						if obj := m.info.ObjectOf(id); obj != nil {
							m.written[obj] = true
						}
					}
				}
				var obj types.Object
				switch lhs := ast.Unparen(lhs).(type) {
				case *ast.Ident:
					obj = m.info.ObjectOf(lhs)
				case *ast.SelectorExpr:
					obj = m.info.ObjectOf(lhs.Sel)
					if req := m.requestOfField(lhs); req != "" {
						sets = append(sets, set{req, n.Rhs[i], lhs.Pos(), nil})
					}
				}
				if obj != nil {
					m.inits[obj] = append(m.inits[obj], n.Rhs[i])
				}
			}
		case *ast.CompositeLit:
			st, req := m.structOf(n)
			if st == nil {
				continue
			}
			for _, elt := range n.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				obj := m.info.ObjectOf(key)
				if obj == nil {
					continue
				}
				m.inits[obj] = append(m.inits[obj], kv.Value)
				if req != "" && key.Name == "Model" {
					sets = append(sets, set{req, kv.Value, kv.Pos(), n})
				}
			}
		}
	}
	for _, s := range sets {
		if v := litVar[s.lit]; s.lit != nil && v != nil && (m.written[v] || len(m.inits[v]) > 1) {
			continue // the variable's model is written after the literal
		}
		m.follow(s.value, sink{request: s.request, pos: s.pos, direct: true}, 0)
	}
	return m
}

// overwrite records that the value of what e names, and of the variables
// at the base of its selector, index or star chain, is not in sight
// (x += y, x++, &x, a, b = f()).
func (m *models) overwrite(e ast.Expr) {
	for e != nil {
		var obj types.Object
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj, e = m.info.ObjectOf(x), nil
		case *ast.SelectorExpr:
			obj, e = m.info.ObjectOf(x.Sel), x.X
			if _, isVar := obj.(*types.Var); !isVar {
				obj = nil // a package-qualified name: pkg.V
			}
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return
		}
		if obj != nil {
			m.written[obj] = true
		}
	}
}

// structOf returns the struct type of a composite literal and, when it is
// an SDK request, the request type's name.
func (m *models) structOf(lit *ast.CompositeLit) (*types.Struct, string) {
	t := m.info.TypeOf(lit)
	if t == nil {
		return nil, ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil, ""
	}
	return st, requestName(t)
}

// requestName returns the name of t if it is an SDK request type: a named
// struct of an SDK package whose name ends in Params (openai-go) or
// Request (go-openai).
func requestName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	if _, _, ok := sdk.ModuleOf(n.Obj().Pkg().Path()); !ok {
		return ""
	}
	name := n.Obj().Name()
	if strings.HasSuffix(name, "Params") || strings.HasSuffix(name, "Request") {
		return name
	}
	// Any other struct of an SDK package whose Model field holds a model
	// ID (a string, or a type of the SDK's made of one): the nested params
	// (responses.ToolImageGenerationParam). Not an answer's struct: those
	// are go-openai's …Response types and openai-go's, which carry a JSON
	// field of metadata, and go-openai's, which embed httpHeader.
	st, ok := n.Underlying().(*types.Struct)
	if !ok || strings.HasSuffix(name, "Response") {
		return ""
	}
	model := false
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		switch f.Name() {
		case "JSON", "httpHeader":
			return "" // an answer: openai-go's metadata, go-openai's headers
		case "Model":
			model = stringModel(f.Type())
		}
	}
	if model {
		return name
	}
	return ""
}

// stringModel reports whether t holds a model ID as a string: a string,
// or a named type of an SDK package whose underlying type is string
// (shared.ChatModel), or a union of the SDK's holding one (param.Opt).
func stringModel(t types.Type) bool {
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Info()&types.IsString != 0
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	_, _, ok = sdk.ModuleOf(n.Obj().Pkg().Path())
	return ok
}

// requestOfField returns the request type's name when sel is the Model
// field of an SDK request.
func (m *models) requestOfField(sel *ast.SelectorExpr) string {
	if sel.Sel.Name != "Model" {
		return ""
	}
	s, ok := m.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return ""
	}
	return requestName(s.Recv())
}

// follow records the constant expressions e is made of as reaching sk:
// e itself when it is a constant that is not a name of the package, the
// values given to the package's constants, variables and fields it names,
// to a small depth, through conversions and the SDKs' one-argument helpers
// (openai.String, param.NewOpt).
func (m *models) follow(e ast.Expr, sk sink, depth int) {
	if depth > 4 {
		return
	}
	e = ast.Unparen(e)
	var obj types.Object
	switch x := e.(type) {
	case *ast.Ident:
		obj = m.info.ObjectOf(x)
	case *ast.SelectorExpr:
		obj = m.info.ObjectOf(x.Sel)
	case *ast.CallExpr:
		if len(x.Args) == 1 && m.passesThrough(x) {
			m.follow(x.Args[0], sk, depth+1)
		}
		return
	}
	if obj != nil && obj.Pkg() == m.pass.Pkg && (len(m.inits[obj]) > 0 || m.written[obj]) {
		// A name of this package: report where its value is written, when
		// the value is in sight: a variable given one value, once, and
		// never written otherwise.
		if v, ok := obj.(*types.Var); ok && (m.written[obj] || !v.IsField() && len(m.inits[obj]) != 1) {
			return
		}
		sk.direct = false
		for _, v := range m.inits[obj] {
			m.follow(v, sk, depth+1)
		}
		return
	}
	if tv, ok := m.info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		if _, seen := m.found[e]; !seen {
			m.found[e] = sk
			m.order = append(m.order, e)
		}
	}
}

// passesThrough reports whether a one-argument call gives its argument's
// value: a conversion, or a function of an SDK package (openai.String,
// param.NewOpt, openai.Opt).
func (m *models) passesThrough(call *ast.CallExpr) bool {
	if tv, ok := m.info.Types[call.Fun]; ok && tv.IsType() {
		return true
	}
	fn, _ := typeutil.Callee(m.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return false
	}
	_, _, ok := sdk.ModuleOf(fn.Pkg().Path())
	return ok
}

func (m *models) report(rep *lint.Reporter) {
	for _, e := range m.order {
		sk := m.found[e]
		id := constant.StringVal(m.info.Types[e].Value)
		r, ok := sdk.Model(id)
		if !ok {
			continue
		}
		file := m.fileOf(e.Pos())
		if file == nil || !rep.Checked(file, false) {
			continue
		}
		subject := fmt.Sprintf("model %q in %s.Model", id, sk.request)
		if !sk.direct {
			at := fmt.Sprintf("line %d", lint.Line(m.pass.Fset, sk.pos))
			if sp := m.pass.Fset.Position(sk.pos); sp.Filename != m.pass.Fset.Position(e.Pos()).Filename {
				at = fmt.Sprintf("%s:%d", filepath.Base(sp.Filename), sp.Line)
			}
			subject = fmt.Sprintf("model %q, which reaches %s.Model (%s),", id, sk.request, at)
		}
		var msg, cat string
		switch {
		case r.Shutdown == "":
			cat = catShutModel
			msg = fmt.Sprintf("%s is shut down (%s): every request fails, and no retry helps", subject, r.Source)
		case r.ShutDown():
			cat = catShutModel
			msg = fmt.Sprintf("%s was shut down on %s (%s): every request fails, and no retry helps", subject, r.Shutdown, r.Source)
		default:
			cat = catDeprecatedModel
			msg = fmt.Sprintf("%s is deprecated: its shutdown is announced for %s (%s)", subject, r.Shutdown, r.Source)
		}
		if r.Replacement != "" {
			msg += "; use " + r.Replacement
		} else {
			msg += "; pick a current model (developers.openai.com/api/docs/deprecations names the replacements)"
		}
		rep.Report(file, analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Category: cat, Message: msg})
	}
}

func (m *models) fileOf(pos token.Pos) *ast.File {
	for _, f := range m.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}
