package errtext

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/errflow"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// textKind says what part of an SDK error a matched string holds.
type textKind int

const (
	// errorText is the error's Error() text, directly or through fmt.
	errorText textKind = iota
	// messageField is the SDK error's Message field.
	messageField
	// statusField is go-openai's APIError.HTTPStatus ("429 Too Many Requests").
	statusField
	// rawJSON is openai-go's Error.RawJSON(): the error object as sent.
	rawJSON
)

// origin is where a matched string comes from.
type origin struct {
	kind textKind
	// err is the error value whose text is matched, as written: inside the
	// match, or in the definition of viaVar.
	err ast.Expr
	src errflow.Source
	// errType is the SDK error type when the text is read from a value of
	// it (Message, RawJSON, or Error() of such a value).
	errType *sdk.ErrorType
	// viaVar is the local string variable the text was kept in, if any.
	viaVar *types.Var
	// textOnly is set for an error of unknown origin in a package that
	// reaches an SDK through other packages: only a pattern in a form no
	// error but an SDK's takes (sdk.SDKOnlyText, an SDK constant) makes
	// the match one on an SDK error.
	textOnly bool
}

// textOf reports whether e is text of an SDK error.
func (r *run) textOf(e ast.Expr, depth int) (origin, bool) {
	if depth > 4 {
		return origin{}, false
	}
	info := r.pass.TypesInfo
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		if fn == nil {
			return origin{}, false
		}
		if fn.Signature().Recv() != nil {
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok || len(x.Args) != 0 {
				return origin{}, false
			}
			switch fn.Name() {
			case "Error":
				return r.errorValue(sel.X, errorText)
			case "RawJSON":
				if et, ok := sdk.ErrorTypeOf(info.TypeOf(sel.X)); ok {
					return origin{kind: rawJSON, err: sel.X, src: errflow.Source{Module: et.Module, From: et.Spelling()}, errType: &et}, true
				}
			}
			return origin{}, false
		}
		if fn.Pkg() == nil {
			return origin{}, false
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "fmt.Sprint", "fmt.Sprintln":
			for _, a := range x.Args {
				if o, ok := r.errorValue(a, errorText); ok {
					return o, true
				}
			}
		case "fmt.Sprintf":
			if len(x.Args) < 2 {
				return origin{}, false
			}
			verbs, ok := r.formatVerbs(x.Args[0])
			if !ok {
				return origin{}, false
			}
			for i, a := range x.Args[1:] {
				if i < len(verbs) && verbs[i] == 'T' {
					continue // the type's name, not its text
				}
				if o, ok := r.errorValue(a, errorText); ok {
					return o, true
				}
			}
		case "strings.ToLower", "strings.ToUpper", "strings.ToTitle", "strings.Title",
			"strings.TrimSpace", "strings.TrimPrefix", "strings.TrimSuffix",
			"strings.Trim", "strings.TrimLeft", "strings.TrimRight":
			if len(x.Args) > 0 {
				return r.textOf(x.Args[0], depth+1)
			}
		}
	case *ast.SelectorExpr:
		sel, ok := info.Selections[x]
		if !ok || sel.Kind() != types.FieldVal {
			return origin{}, false
		}
		et, ok := sdk.ErrorTypeOf(info.TypeOf(x.X))
		if !ok {
			return origin{}, false
		}
		src := errflow.Source{Module: et.Module, From: et.Spelling()}
		switch et.FieldOf(x.Sel.Name) {
		case sdk.MessageField:
			return origin{kind: messageField, err: x.X, src: src, errType: &et}, true
		case sdk.StatusTextField:
			return origin{kind: statusField, err: x.X, src: src, errType: &et}, true
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok || !isString(v.Type()) {
			return origin{}, false
		}
		var found *origin
		for _, d := range r.flow.Defs(v, x.Pos()) {
			switch {
			case d.Param || d.Index >= 0:
				return origin{}, false
			case d.Value == nil:
				continue // var s string: the empty string
			case info.Types[d.Value].Value != nil:
				continue // a constant: not the error's text
			}
			o, ok := r.textOf(d.Value, depth+1)
			if !ok {
				return origin{}, false
			}
			if found == nil {
				o.viaVar = v
				found = &o
			}
		}
		if found != nil {
			return *found, true
		}
	}
	return origin{}, false
}

// errorValue reports whether e is an error from an SDK, whose text (of the
// given kind) is being read.
func (r *run) errorValue(e ast.Expr, kind textKind) (origin, bool) {
	t := r.pass.TypesInfo.TypeOf(e)
	if t == nil || !types.Implements(t, errorIface) {
		return origin{}, false
	}
	src, ok := r.flow.Source(e)
	if !ok {
		// An error all of whose values are in sight and none an SDK's
		// is the module's own, whatever its text.
		if len(r.calls.Reaches) == 0 || r.flow.OwnValue(e) {
			return origin{}, false
		}
		return origin{kind: kind, err: e, src: src, textOnly: true}, true
	}
	o := origin{kind: kind, err: e, src: src}
	if et, ok := sdk.ErrorTypeOf(t); ok {
		o.errType = &et
	}
	return o, true
}

// formatVerbs returns the verb of each operand of a constant format.
func (r *run) formatVerbs(format ast.Expr) ([]byte, bool) {
	tv := r.pass.TypesInfo.Types[format]
	if tv.Value == nil {
		return nil, false
	}
	s, ok := constString(tv)
	if !ok {
		return nil, false
	}
	var verbs []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		i++
		for i < len(s) && (s[i] == '+' || s[i] == '-' || s[i] == '#' || s[i] == ' ' || s[i] == '.' || s[i] == '*' || (s[i] >= '0' && s[i] <= '9')) {
			i++
		}
		if i >= len(s) {
			break
		}
		switch s[i] {
		case '%':
			continue
		case '[':
			return nil, false // explicit argument indexes: rare, not followed
		}
		verbs = append(verbs, s[i])
	}
	return verbs, true
}

var errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// textModule is the SDK module an error of unknown origin matched against
// pats comes from: the one the package reaches of the family whose text a
// pattern is, or the only one it reaches; "" when that is not one module.
func (r *run) textModule(pats []pattern) string {
	family := sdk.NoFamily
	for _, p := range pats {
		if f, ok := sdk.SDKOnlyText(p.lit); ok && f != sdk.NoFamily {
			family = f
			break
		}
	}
	mod := ""
	for _, m := range r.calls.Reaches {
		if family != sdk.NoFamily && sdk.FamilyOfModule(m) != family {
			continue
		}
		if mod != "" {
			return ""
		}
		mod = m
	}
	return mod
}
