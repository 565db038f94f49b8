package errtype

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// errorField returns what e selects of an SDK API error, openai-go's
// *openai.Error or go-openai's *APIError: its Code or its Type; OtherField
// otherwise.
func (c *checker) errorField(e ast.Expr) sdk.ErrorField {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return sdk.OtherField
	}
	s := c.info.Selections[sel]
	if s == nil {
		return sdk.OtherField
	}
	et, ok := sdk.ErrorTypeOf(s.Recv())
	if !ok || et.Kind != sdk.APIError {
		return sdk.OtherField
	}
	switch f := et.FieldOf(sel.Sel.Name); f {
	case sdk.CodeField, sdk.TypeField:
		return f
	}
	return sdk.OtherField
}

// apiStyle returns the value of e if it is a string constant written the
// way the API writes codes and types: lower-case words joined by "_"
// (insufficient_quota). Numeric codes are the code category's; other
// spellings (DeploymentNotFound) are other providers', which the table does
// not cover.
func (c *checker) apiStyle(e ast.Expr) (string, bool) {
	tv, ok := c.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	s := constant.StringVal(tv.Value)
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '_') {
			return "", false
		}
	}
	return s, true
}

// unknownValue returns the message for a literal compared with a Code or
// Type field that the API never sends, or "".
func (c *checker) unknownValue(field sdk.ErrorField, lit ast.Expr) (string, bool) {
	val, ok := c.apiStyle(lit)
	if !ok {
		return "", false
	}
	types := field == sdk.TypeField
	if types && sdk.KnownErrorType(val) || !types && sdk.KnownErrorCode(val) {
		return "", false
	}
	what := "code"
	if types {
		what = "type"
	}
	return fmt.Sprintf("OpenAI sends no error %s %q, as far as oaiguard's table of codes and types knows; did you mean %q?", what, val, sdk.NearestErrorValue(val, types)), true
}

// unknownCompare reports apiErr.Code == "quota_exceeded": never true.
func (c *checker) unknownCompare(cur inspector.Cursor) {
	b := cur.Node().(*ast.BinaryExpr)
	if b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	field, lit := b.X, b.Y
	f := c.errorField(field)
	if f == sdk.OtherField {
		field, lit = b.Y, b.X
		f = c.errorField(field)
	}
	if f == sdk.OtherField {
		return
	}
	msg, ok := c.unknownValue(f, lit)
	if !ok {
		return
	}
	verdict := "never true"
	if b.Op == token.NEQ {
		verdict = "always true"
	}
	c.report(analysis.Diagnostic{
		Pos: b.Pos(), End: b.End(), Category: catUnknownCode,
		Message: fmt.Sprintf("%s is %s: %s", c.src(b), verdict, msg),
	})
}

// unknownSwitch reports the cases of `switch apiErr.Code` that never match.
func (c *checker) unknownSwitch(cur inspector.Cursor) {
	sw := cur.Node().(*ast.SwitchStmt)
	if sw.Tag == nil {
		return
	}
	f := c.errorField(sw.Tag)
	if f == sdk.OtherField {
		return
	}
	for _, cl := range sw.Body.List {
		for _, e := range cl.(*ast.CaseClause).List {
			if msg, ok := c.unknownValue(f, e); ok {
				c.report(analysis.Diagnostic{
					Pos: e.Pos(), End: e.End(), Category: catUnknownCode,
					Message: fmt.Sprintf("case %s of switch %s never matches: %s", c.src(e), c.src(sw.Tag), msg),
				})
			}
		}
	}
}
