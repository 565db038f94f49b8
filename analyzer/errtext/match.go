package errtext

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"

	"golang.org/x/tools/go/types/typeutil"
)

// match is one place where SDK error text is compared with strings.
type match struct {
	// node is what the fix replaces: the call or comparison; for a
	// switch, the statement, whose tag and case values the fix rewrites.
	node ast.Node
	// text is the matched string expression.
	text   ast.Expr
	origin origin
	pats   []pattern
	// negate is set when the match is true if the text does NOT match.
	negate bool
	// sw is set for a switch on the text.
	sw *ast.SwitchStmt
	// otherCases is set when a case of sw compares with something other
	// than a non-empty constant string.
	otherCases bool
	// ranged is the loop whose variable is the pattern, ranging over a
	// composite literal of constants: pats are its elements. No fix
	// rewrites the loop.
	ranged *ast.RangeStmt
}

// pattern is one string the text is compared with.
type pattern struct {
	lit    string
	regexp bool
	// expr is the pattern as written (a switch case's value).
	expr ast.Expr
	// whole is set when the text is compared with it whole (==, !=,
	// strings.EqualFold), not searched.
	whole bool
}

// stringsMatchers are the functions of package strings that test a text
// against a pattern given as their second argument.
var stringsMatchers = map[string]bool{
	"Contains": true, "HasPrefix": true, "HasSuffix": true, "EqualFold": true,
}

// matchAt recognises a match of SDK error text at n.
func (r *run) matchAt(n ast.Node) (*match, bool) {
	switch x := n.(type) {
	case *ast.CallExpr:
		return r.callMatch(x)
	case *ast.BinaryExpr:
		return r.binaryMatch(x)
	case *ast.SwitchStmt:
		return r.switchMatch(x)
	}
	return nil, false
}

func (r *run) callMatch(call *ast.CallExpr) (*match, bool) {
	fn, _ := typeutil.Callee(r.pass.TypesInfo, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return nil, false
	}
	path := fn.Pkg().Path()
	recv := fn.Signature().Recv()
	switch {
	case path == "strings" && recv == nil && stringsMatchers[fn.Name()] && len(call.Args) == 2:
		textArg, patArg := call.Args[0], call.Args[1]
		if fn.Name() == "EqualFold" {
			if _, ok := r.constString(textArg); ok {
				textArg, patArg = patArg, textArg
			}
			return wholeMatch(r.simple(call, textArg, patArg, false, false))
		}
		return r.simple(call, textArg, patArg, false, false)
	case path == "regexp" && recv == nil && fn.Name() == "MatchString" && len(call.Args) == 2:
		return r.simple(call, call.Args[1], call.Args[0], true, false)
	case path == "regexp" && recv != nil && fn.Name() == "MatchString" && len(call.Args) == 1:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		lit, ok := r.regexpPattern(sel.X, 0)
		if !ok {
			return nil, false
		}
		o, ok := r.textOf(call.Args[0], 0)
		if !ok {
			return nil, false
		}
		return &match{node: call, text: call.Args[0], origin: o, pats: []pattern{{lit: lit, regexp: true}}}, true
	}
	return nil, false
}

// simple builds a match of text against one constant pattern.
func (r *run) simple(node ast.Node, textArg, patArg ast.Expr, isRegexp, negate bool) (*match, bool) {
	lit, ok := r.constString(patArg)
	if !ok || lit == "" {
		return r.rangedMatch(node, textArg, patArg, isRegexp, negate)
	}
	o, ok := r.textOf(textArg, 0)
	if !ok {
		return nil, false
	}
	return &match{node: node, text: textArg, origin: o, pats: []pattern{{lit: lit, regexp: isRegexp, expr: patArg}}, negate: negate}, true
}

// rangedMatch builds a match of text against the variable of a loop over
// a composite literal of constant strings, none empty, which the loop
// does not assign to: `for _, t := range []string{"429", string(
// openai.RunErrorRateLimitExceeded)} { if strings.Contains(msg, t) …`.
func (r *run) rangedMatch(node ast.Node, textArg, patArg ast.Expr, isRegexp, negate bool) (*match, bool) {
	id, ok := ast.Unparen(patArg).(*ast.Ident)
	if !ok || r.in == nil {
		return nil, false
	}
	v, ok := r.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil, false
	}
	c, ok := r.in.Root().FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return nil, false
	}
	rs, ok := c.Parent().Node().(*ast.RangeStmt)
	if !ok || rs.Value == nil || rs.Value.Pos() != v.Pos() || !(rs.Body.Pos() <= id.Pos() && id.Pos() < rs.Body.End()) {
		return nil, false
	}
	lit, ok := ast.Unparen(rs.X).(*ast.CompositeLit)
	if !ok || len(lit.Elts) == 0 || r.flow.Assigned(v, rs.Body.Pos(), id.Pos()) {
		return nil, false
	}
	var pats []pattern
	for _, e := range lit.Elts {
		s, ok := r.constString(e)
		if !ok || s == "" {
			return nil, false
		}
		pats = append(pats, pattern{lit: s, regexp: isRegexp, expr: e})
	}
	o, ok := r.textOf(textArg, 0)
	if !ok {
		return nil, false
	}
	return &match{node: node, text: textArg, origin: o, pats: pats, negate: negate, ranged: rs}, true
}

// wholeMatch marks the patterns of a comparison of the whole text.
func wholeMatch(m *match, ok bool) (*match, bool) {
	if ok {
		for i := range m.pats {
			m.pats[i].whole = true
		}
	}
	return m, ok
}

func (r *run) binaryMatch(b *ast.BinaryExpr) (*match, bool) {
	switch b.Op {
	case token.EQL, token.NEQ:
		textArg, patArg := b.X, b.Y
		if _, ok := r.constString(textArg); ok {
			textArg, patArg = patArg, textArg
		}
		if m, ok := wholeMatch(r.simple(b, textArg, patArg, false, b.Op == token.NEQ)); ok {
			return m, true
		}
	}
	// strings.Index(text, pat) compared with -1 or 0.
	call, other, op := b.X, b.Y, b.Op
	if _, ok := ast.Unparen(call).(*ast.CallExpr); !ok {
		call, other, op = b.Y, b.X, mirror(b.Op)
	}
	c, ok := ast.Unparen(call).(*ast.CallExpr)
	if !ok || len(c.Args) != 2 {
		return nil, false
	}
	fn, _ := typeutil.Callee(r.pass.TypesInfo, c).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "strings" || (fn.Name() != "Index" && fn.Name() != "LastIndex") {
		return nil, false
	}
	tv := r.pass.TypesInfo.Types[other]
	if tv.Value == nil || tv.Value.Kind() != constant.Int {
		return nil, false
	}
	n, exact := constant.Int64Val(tv.Value)
	if !exact {
		return nil, false
	}
	var found, negate bool
	switch {
	case (op == token.GEQ && n == 0) || (op == token.GTR && n == -1) || (op == token.NEQ && n == -1):
		found = true
	case (op == token.LSS && n == 0) || (op == token.EQL && n == -1) || (op == token.LEQ && n == -1):
		found, negate = true, true
	}
	if !found {
		return nil, false
	}
	return r.simple(b, c.Args[0], c.Args[1], false, negate)
}

// mirror returns the operator that compares the operands the other way
// round: a < b is b > a.
func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

func (r *run) switchMatch(sw *ast.SwitchStmt) (*match, bool) {
	if sw.Tag == nil {
		return nil, false
	}
	o, ok := r.textOf(sw.Tag, 0)
	if !ok {
		return nil, false
	}
	m := &match{node: sw, text: sw.Tag, origin: o, sw: sw}
	for _, s := range sw.Body.List {
		for _, e := range s.(*ast.CaseClause).List {
			if lit, ok := r.constString(e); ok && lit != "" {
				m.pats = append(m.pats, pattern{lit: lit, expr: e})
			} else {
				m.otherCases = true
			}
		}
	}
	if len(m.pats) == 0 {
		return nil, false
	}
	return m, true
}

// regexpPattern returns the constant pattern a *regexp.Regexp expression
// was compiled from: regexp.MustCompile("…") or regexp.Compile("…"), directly
// or through a variable assigned once.
func (r *run) regexpPattern(e ast.Expr, depth int) (string, bool) {
	if depth > 2 {
		return "", false
	}
	info := r.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "regexp" || len(x.Args) != 1 {
			return "", false
		}
		switch fn.Name() {
		case "MustCompile", "Compile", "MustCompilePOSIX", "CompilePOSIX":
			return r.constString(x.Args[0])
		}
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		if !ok {
			return "", false
		}
		if v.Parent() == v.Pkg().Scope() {
			if val, ok := r.flow.PackageVarValue(v); ok {
				return r.regexpPattern(val, depth+1)
			}
			return "", false
		}
		defs := r.flow.Defs(v, x.Pos())
		if len(defs) != 1 || defs[0].Value == nil || defs[0].Index > 0 {
			return "", false
		}
		return r.regexpPattern(defs[0].Value, depth+1)
	}
	return "", false
}

func (r *run) constString(e ast.Expr) (string, bool) {
	return constString(r.pass.TypesInfo.Types[e])
}

func constString(tv types.TypeAndValue) (string, bool) {
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// quoteMetaFree reports whether a regexp pattern is a plain string.
func quoteMetaFree(p string) bool { return regexp.QuoteMeta(p) == p }
