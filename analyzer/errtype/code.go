package errtype

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// go-openai's APIError.Code has type any: UnmarshalJSON stores a numeric
// "code" as an int and a string one as a string, and leaves nil when there
// is none. fmt.Sprint reads all three the same way as the API sent them.

// codeField reports whether e selects the Code field of a go-openai
// APIError.
func (c *checker) codeField(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := c.info.Selections[sel]
	if s == nil {
		return false
	}
	et, ok := sdk.ErrorTypeOf(s.Recv())
	return ok && et.Family == sdk.GoOpenAI && et.Kind == sdk.APIError && et.FieldOf(sel.Sel.Name) == sdk.CodeField
}

// numericString returns the value of e if it is a string constant made of
// digits only, such as "429".
func (c *checker) numericString(e ast.Expr) (string, bool) {
	tv, ok := c.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	s := constant.StringVal(tv.Value)
	if s == "" {
		return "", false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return s, true
}

// codeCompare reports apiErr.Code == "429": never true, because a numeric
// code is stored as an int.
func (c *checker) codeCompare(cur inspector.Cursor) {
	b := cur.Node().(*ast.BinaryExpr)
	if b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	code, lit := b.X, b.Y
	if !c.codeField(code) {
		code, lit = b.Y, b.X
	}
	if !c.codeField(code) {
		return
	}
	val, ok := c.numericString(lit)
	if !ok {
		return
	}
	verdict := "never true"
	if b.Op == token.NEQ {
		verdict = "always true"
	}
	d := analysis.Diagnostic{
		Pos: b.Pos(), End: b.End(), Category: catCode,
		Message: fmt.Sprintf("%s is %s: go-openai stores a numeric code as an int, so %s holds %s, not %q; compare fmt.Sprint(%s)",
			c.src(b), verdict, c.src(code), val, val, c.src(code)),
	}
	d.SuggestedFixes = c.sprintFix(code)
	c.report(d)
}

// codeSwitch reports `switch apiErr.Code { case "429": ... }`.
func (c *checker) codeSwitch(cur inspector.Cursor) {
	sw := cur.Node().(*ast.SwitchStmt)
	if sw.Tag == nil || !c.codeField(sw.Tag) {
		return
	}
	var numeric string
	allStrings := true
	for _, cl := range sw.Body.List {
		for _, e := range cl.(*ast.CaseClause).List {
			if v, ok := c.numericString(e); ok && numeric == "" {
				numeric = v
			}
			if tv, ok := c.info.Types[e]; !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				allStrings = false
			}
		}
	}
	if numeric == "" {
		return
	}
	d := analysis.Diagnostic{
		Pos: sw.Pos(), End: sw.Tag.End(), Category: catCode,
		Message: fmt.Sprintf("case %q never matches: go-openai stores a numeric code as an int, so %s holds %s; switch on fmt.Sprint(%s)",
			numeric, c.src(sw.Tag), numeric, c.src(sw.Tag)),
	}
	if allStrings {
		d.SuggestedFixes = c.sprintFix(sw.Tag)
	}
	c.report(d)
}

// codeAssert reports apiErr.Code.(string) in its single-result form, which
// panics on a numeric code and when there is none. It returns whether the
// assertion was on Code at all.
func (c *checker) codeAssert(cur inspector.Cursor) bool {
	ta := cur.Node().(*ast.TypeAssertExpr)
	if !c.codeField(ta.X) {
		return false
	}
	if commaOK(cur) {
		return true
	}
	t := c.info.TypeOf(ta.Type)
	d := analysis.Diagnostic{
		Pos: ta.Pos(), End: ta.End(), Category: catCode,
		Message: fmt.Sprintf("%s panics when the API sends a numeric code (go-openai stores it as an int) or none; use fmt.Sprint(%s)", c.src(ta), c.src(ta.X)),
	}
	if t != nil && t.String() == "string" {
		d.SuggestedFixes = c.replaceWithSprint(ta, ta.X)
	}
	c.report(d)
	return true
}

// sprintFix wraps the Code selector in fmt.Sprint.
func (c *checker) sprintFix(code ast.Expr) []analysis.SuggestedFix {
	return c.replaceWithSprint(code, code)
}

// replaceWithSprint replaces n with fmt.Sprint(code).
func (c *checker) replaceWithSprint(n ast.Node, code ast.Expr) []analysis.SuggestedFix {
	fmtName, edits := fixedit.AddImport(c.fset, c.info, c.file, "fmt", "fmt", n.Pos())
	edits = append(edits, analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(fmtName + ".Sprint(" + c.src(code) + ")")})
	return []analysis.SuggestedFix{{Message: "Compare the code as text, whatever its type", TextEdits: edits}}
}
