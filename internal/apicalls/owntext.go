package apicalls

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// This file holds the texts of the module's own errors as far as they can
// be known before the program runs: errors.New's constant, fmt.Errorf's
// format with its constant operands filled in, and what an Error method
// returns. A number known only at run time stands in a text as
// NumberHole; an error operand (%w, %v of an error) adds nothing, its own
// texts being counted where it is made.

// NumberHole marks, in an own error text, a number known only at run time
// ("local budget %d" with a variable): any digits may stand there.
const NumberHole = "\x00"

// OwnTexts is the package fact of a package of the module that reaches no
// SDK: the texts of the errors it makes (as Reaches.AllTexts, of it and of
// the packages of its module it imports) and its exported sentinels, so
// that a package that returns them, or its importers, know them as the
// module's own.
type OwnTexts struct {
	AllTexts  []string
	Sentinels []Sentinel
}

func (*OwnTexts) AFact() {}

func (t *OwnTexts) String() string { return "own error texts " + fmt.Sprintf("%q", t.AllTexts) }

// ShowText renders an own error text for a message: a run-time number as
// the %d it came from.
func ShowText(t string) string { return strings.ReplaceAll(t, NumberHole, "%d") }

// TextAccepts reports whether an own error text t can contain lit,
// ignoring case: a NumberHole may be any run of digits.
func TextAccepts(t, lit string) bool {
	t, lit = strings.ToLower(t), strings.ToLower(lit)
	if !strings.Contains(t, NumberHole) {
		return strings.Contains(t, lit)
	}
	// lit lies within a piece, or spans holes: it starts with a tail of
	// one token and ends with a head of a later one, whole tokens between.
	toks := strings.SplitAfter(t, NumberHole)
	var parts []string // pieces and holes, in order
	for _, tok := range toks {
		if p, ok := strings.CutSuffix(tok, NumberHole); ok {
			parts = append(parts, p, NumberHole)
		} else {
			parts = append(parts, tok)
		}
	}
	const digits = `[0-9]*`
	tail := func(p string) string {
		if p == NumberHole {
			return digits
		}
		alts := []string{""}
		for i := range len(p) {
			alts = append(alts, regexp.QuoteMeta(p[i:]))
		}
		return "(?:" + strings.Join(alts, "|") + ")"
	}
	head := func(p string) string {
		if p == NumberHole {
			return digits
		}
		alts := []string{""}
		for i := 1; i <= len(p); i++ {
			alts = append(alts, regexp.QuoteMeta(p[:i]))
		}
		return "(?:" + strings.Join(alts, "|") + ")"
	}
	whole := func(p string) string {
		if p == NumberHole {
			return digits
		}
		return regexp.QuoteMeta(p)
	}
	for i, p := range parts {
		if p == NumberHole {
			if regexp.MustCompile(`^` + digits + `$`).MatchString(lit) {
				return true
			}
		} else if strings.Contains(p, lit) {
			return true
		}
		for j := i + 1; j < len(parts); j++ {
			var b strings.Builder
			b.WriteString(`(?s)^` + tail(p))
			for _, q := range parts[i+1 : j] {
				b.WriteString(whole(q))
			}
			b.WriteString(head(parts[j]) + `$`)
			if re, err := regexp.Compile(b.String()); err == nil && re.MatchString(lit) {
				return true
			}
		}
	}
	return false
}

// TextMatches reports whether re may match an own error text t: where t
// has run-time numbers, with each filled in by nothing or by a status
// code an SDK's error may hold.
func TextMatches(t string, re *regexp.Regexp) bool {
	if !strings.Contains(t, NumberHole) {
		return re.MatchString(t)
	}
	for _, n := range []string{"", "0", "400", "401", "403", "404", "408", "409", "413", "422", "429", "500", "502", "503", "504"} {
		if re.MatchString(strings.ReplaceAll(t, NumberHole, n)) {
			return true
		}
	}
	return false
}

// formatText returns the text fmt.Errorf or fmt.Sprintf makes of a
// constant format and its operands: constants formatted as fmt would,
// integers known only at run time as NumberHole, errors as nothing (their
// texts count where they are made), other values as nothing (unknown).
// wrapsSDK reports whether a %w operand's static type is an SDK's (a type
// declared in an SDK module's package, or a pointer to one): the error's
// chain then holds an SDK error, which the runtime's predicates read.
func formatText(info *types.Info, format string, args []ast.Expr) (text string, wrapsSDK bool) {
	var b strings.Builder
	arg := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			break
		}
		verb := format[j]
		spec := format[i : j+1]
		i = j
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		if verb == '[' || verb == '*' || strings.ContainsAny(spec, "[*") {
			return b.String(), wrapsSDK // explicit indexes: the rest is not followed
		}
		if arg >= len(args) {
			continue
		}
		e := args[arg]
		arg++
		tv := info.Types[e]
		if verb == 'w' && sdkTyped(tv.Type) {
			wrapsSDK = true
		}
		if tv.Value != nil && verb != 'w' {
			if v := constValue(tv.Value); v != nil {
				b.WriteString(fmt.Sprintf(spec, v))
			}
			continue
		}
		if tv.Type == nil {
			continue
		}
		if bt, ok := tv.Type.Underlying().(*types.Basic); ok && bt.Info()&types.IsInteger != 0 && strings.IndexByte("dv", verb) >= 0 {
			b.WriteString(NumberHole)
		}
	}
	return b.String(), wrapsSDK
}

// sdkTyped reports whether t is a type declared in an SDK module's
// package, or a pointer to one.
func sdkTyped(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	_, _, ok = sdk.ModuleOf(n.Obj().Pkg().Path())
	return ok
}

func constValue(v constant.Value) any {
	switch v.Kind() {
	case constant.String:
		return constant.StringVal(v)
	case constant.Int:
		if i, ok := constant.Int64Val(v); ok {
			return i
		}
	case constant.Float:
		f, _ := constant.Float64Val(v)
		return f
	case constant.Bool:
		return constant.BoolVal(v)
	}
	return nil
}

// errorMethodTexts returns the texts the package's Error() string methods
// return: a constant, or fmt.Sprintf of a constant format.
func errorMethodTexts(pass *analysis.Pass, keep func(string) bool) []string {
	var out []string
	info := pass.TypesInfo
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil || fd.Name.Name != "Error" {
				continue
			}
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Signature()
			if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.ReturnStmt:
					if len(n.Results) == 1 {
						if t, ok := stringText(info, n.Results[0]); ok && keep(t) {
							out = append(out, t)
						}
					}
				}
				return true
			})
		}
	}
	return out
}

// stringText returns the text of a string expression when it is a
// constant or fmt.Sprintf of a constant format.
func stringText(info *types.Info, e ast.Expr) (string, bool) {
	tv := info.Types[e]
	if tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return "", false
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" || fn.Name() != "Sprintf" {
		return "", false
	}
	ft := info.Types[call.Args[0]]
	if ft.Value == nil || ft.Value.Kind() != constant.String {
		return "", false
	}
	text, _ := formatText(info, constant.StringVal(ft.Value), call.Args[1:])
	return text, true
}

// mayMakeOwnErrors reports whether a package that reaches no SDK may make
// errors of the module's own that another package returns with an SDK's:
// a package of a module being analysed (not a dependency's, which has a
// version, nor the standard library's, nor a runtime; so never where the
// driver names no module), that imports
// errors or fmt or a package of its module that does. It is judged by
// imports alone, so that other packages still cost nothing.
func mayMakeOwnErrors(pass *analysis.Pass) bool {
	if runtimeapi.IsRuntime(pass.Pkg) {
		return false
	}
	// Only a package of a module the driver names, without a version (the
	// main module, or one replaced by a directory): not the standard
	// library, not a dependency's, and nothing where the driver names no
	// module (nogo), which would otherwise walk every dependency.
	path := pass.Pkg.Path()
	m := pass.Module
	if m == nil || m.Path == "" || m.Version != "" || path != m.Path && !strings.HasPrefix(path, m.Path+"/") {
		return false
	}
	if errflow.MakesErrors(errflow.ImportPaths(pass.Pkg)) {
		return true
	}
	for _, imp := range pass.Pkg.Imports() {
		var o OwnTexts
		if sameModule(pass, imp.Path()) && pass.ImportPackageFact(imp, &o) {
			return true
		}
	}
	return false
}

// exportOwnTexts exports the OwnTexts fact of a package that reaches no
// SDK, with the texts of the packages of its module it imports.
func (a *finder) exportOwnTexts(imported []string) {
	texts, sentinels := a.ownTextsWhere(func(string) bool { return true }, true)
	all := union(imported, texts)
	if len(all) == 0 && len(sentinels) == 0 {
		return
	}
	a.pass.ExportPackageFact(&OwnTexts{AllTexts: all, Sentinels: sentinels})
}
