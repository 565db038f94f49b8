package brokenretry

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// classify says which class of error a leaf of a retry condition selects,
// and how to name it in a message. It knows text matches (through the
// error-text table), the runtime's predicates, the SDK errors' status,
// code and type fields, errors.Is with go-openai's client-side errors, and
// context.Canceled.
func (lc *loopCheck) classify(e ast.Expr) (string, sdk.ErrorClass, bool) {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.CallExpr:
		return lc.classifyCall(x)
	case *ast.BinaryExpr:
		return lc.classifyCompare(x)
	}
	return "", "", false
}

// predicateClasses maps the runtime's predicates to their classes:
// IsQuotaExhausted → QuotaExhausted.
var predicateClasses = func() map[string]sdk.ErrorClass {
	m := map[string]sdk.ErrorClass{}
	for _, ci := range sdk.ErrorClasses {
		if ci.Class != sdk.ClassUnknown {
			m[runtimeapi.Predicate(string(ci.Class))] = ci.Class
		}
	}
	return m
}()

func (lc *loopCheck) classifyCall(call *ast.CallExpr) (string, sdk.ErrorClass, bool) {
	fn, ok := typeutil.Callee(lc.info(), call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", "", false
	}
	pkg, name := fn.Pkg().Path(), fn.Name()
	switch {
	case fn.Pkg().Name() == runtimeapi.PackageName && fn.Signature().Recv() == nil:
		if class, ok := predicateClasses[name]; ok && len(call.Args) == 1 && lc.mentionsDerived(call.Args[0]) {
			return fmt.Sprintf("%s errors (%s)", runtimeapi.PackageName+"."+name, words(class)), class, true
		}
	case pkg == "strings" && len(call.Args) == 2 && (strings.HasPrefix(name, "Contains") || strings.HasPrefix(name, "HasPrefix") || strings.HasPrefix(name, "HasSuffix") || name == "EqualFold" || strings.HasPrefix(name, "Index")):
		for i, arg := range call.Args {
			if text, ok := lc.stringConst(arg); ok && lc.mentionsDerived(call.Args[1-i]) {
				return lc.textClass(text)
			}
		}
	case pkg == "regexp" && name == "MatchString" && len(call.Args) == 2:
		if text, ok := lc.stringConst(call.Args[0]); ok && lc.mentionsDerived(call.Args[1]) {
			return lc.textClass(text)
		}
	case pkg == "errors" && name == "Is" && len(call.Args) == 2 && lc.mentionsDerived(call.Args[0]):
		target, ok := lc.info().Uses[selOrIdent(call.Args[1])].(*types.Var)
		if !ok || target.Pkg() == nil {
			break
		}
		switch {
		case target.Pkg().Path() == "context" && target.Name() == "Canceled":
			return "context.Canceled", sdk.ClassCanceled, true
		case target.Pkg().Path() == sdk.GoOpenAIPath:
			for _, n := range sdk.GoOpenAIClientErrors {
				if n == target.Name() {
					return "openai." + n + " (a request go-openai rejects before sending it)", sdk.ClassInvalidRequest, true
				}
			}
		}
	}
	return "", "", false
}

func selOrIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// classifyCompare handles x == lit (and !=, whose polarity atoms flipped
// already) where x is error text or a field of an SDK error.
func (lc *loopCheck) classifyCompare(b *ast.BinaryExpr) (string, sdk.ErrorClass, bool) {
	x, y := b.X, b.Y
	if _, ok := lc.info().Types[x]; ok && lc.info().Types[x].Value != nil {
		x, y = y, x // constant on the left
	}
	tv, ok := lc.info().Types[y]
	if !ok || tv.Value == nil || !lc.mentionsDerived(x) {
		return "", "", false
	}
	field := lc.errorField(x)
	switch tv.Value.Kind() {
	case constant.Int:
		if field != sdk.StatusField {
			return "", "", false
		}
		n, ok := constant.Int64Val(tv.Value)
		if !ok {
			return "", "", false
		}
		switch b.Op {
		case token.EQL, token.NEQ:
			class := sdk.StatusClass(int(n))
			return fmt.Sprintf("status %d (%s)", n, words(class)), class, class != sdk.ClassUnknown
		case token.GEQ, token.GTR:
			// >= 400 takes in every client error.
			if n >= 400 && n < 500 || n == 399 && b.Op == token.GTR {
				return fmt.Sprintf("every status from %d (4xx: %s)", n, words(sdk.ClassInvalidRequest)), sdk.ClassInvalidRequest, true
			}
		}
	case constant.String:
		if b.Op != token.EQL && b.Op != token.NEQ {
			return "", "", false
		}
		text := constant.StringVal(tv.Value)
		if field == sdk.CodeField || field == sdk.TypeField {
			for _, table := range [][]sdk.ErrorMatch{sdk.ErrorCodes, sdk.ErrorTypes} {
				for _, m := range table {
					if m.Value == text {
						return fmt.Sprintf("%q (%s)", text, words(m.Class)), m.Class, true
					}
				}
			}
		}
		return lc.textClass(text)
	}
	return "", "", false
}

// errorField says which field of an SDK error x selects, if any.
func (lc *loopCheck) errorField(x ast.Expr) sdk.ErrorField {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return sdk.OtherField
	}
	s := lc.info().Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return sdk.OtherField
	}
	et, ok := sdk.ErrorTypeOf(s.Recv())
	if !ok {
		return sdk.OtherField
	}
	return et.FieldOf(sel.Sel.Name)
}

func (lc *loopCheck) textClass(text string) (string, sdk.ErrorClass, bool) {
	class, ok := sdk.ClassOfErrorText(text)
	if !ok {
		return "", "", false
	}
	return fmt.Sprintf("%s (%s)", strconv.Quote(text), words(class)), class, true
}

func (lc *loopCheck) stringConst(e ast.Expr) (string, bool) {
	tv, ok := lc.info().Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// words is a class as messages say it: "quota exhausted".
func words(c sdk.ErrorClass) string {
	for _, ci := range sdk.ErrorClasses {
		if ci.Class == c {
			return ci.Words
		}
	}
	return string(c)
}

// deadText reports a match of the error's text (err.Error(), compared or
// searched) against a text that no API error of the loop's SDK can hold:
// go-openai's text never holds the code or type, openai-go's since v3.71
// only the status line, and no Go error the Python SDK's exception names.
func (lc *loopCheck) deadText(e ast.Expr) (string, bool) {
	var subject, lit ast.Expr
	switch x := e.(type) {
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(lc.info(), x).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "strings" || len(x.Args) != 2 {
			return "", false
		}
		subject, lit = x.Args[0], x.Args[1]
	case *ast.BinaryExpr:
		if x.Op != token.EQL && x.Op != token.NEQ {
			return "", false
		}
		subject, lit = x.X, x.Y
		if _, ok := lc.stringConst(subject); ok {
			subject, lit = lit, subject
		}
	default:
		return "", false
	}
	text, ok := lc.stringConst(lit)
	if !ok || !lc.isErrorText(subject) {
		return "", false
	}
	m, ok := sdk.LookupErrorText(text)
	if !ok || lc.module == "" {
		return "", false
	}
	et := sdk.ErrorTextOf(lc.module, "")
	if t, ok := sdk.APIErrorTypeOf(lc.c.pass.Pkg, lc.module); ok {
		et = sdk.ErrorTextOfType(t)
	}
	if sdk.ErrorTextCanHold(et, text, m) {
		return "", false
	}
	return strconv.Quote(text), true
}

// isErrorText reports err.Error() for the loop's error or what derives
// from it.
func (lc *loopCheck) isErrorText(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Error" && lc.mentionsDerived(sel.X)
}
