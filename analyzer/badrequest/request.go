package badrequest

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// request is what the source says about one request value.
type request struct {
	kind   sdk.RequestKind
	family sdk.Family
	callee string
	// at is where a missing field is reported: the literal, or the
	// variable's declaration.
	at  ast.Node
	lit *ast.CompositeLit
	st  *types.Struct
	// fields holds the value in sight of each field set, by JSON name.
	fields map[string]*value
	// unknown holds the fields written in ways whose value is not in
	// sight (on some paths, after the call, through a selector).
	unknown map[string]bool
	// complete is set when every write to the request is in sight, so
	// that a field not set is not sent.
	complete bool
	// extra is set when the request carries raw JSON (ExtraBody).
	extra bool
}

// value is one field's value as written.
type value struct {
	expr ast.Expr
	// key is the field's name where it is set (the literal's key, the
	// assignment's selector), for a fix that renames it.
	key *ast.Ident
	// omit is set for a plain number, string or bool field with
	// omitempty or omitzero: its zero is not sent (go-openai).
	omit bool
}

// sent reports whether a field whose value is n is sent at all.
func (v *value) sent(n float64) bool { return !v.omit || n != 0 }

// absent reports whether the request surely does not set the field.
func (r *request) absent(json string) bool {
	_, set := r.fields[json]
	return r.complete && !set && !r.unknown[json]
}

// goName returns the Go name of the field with the JSON name json, or
// json when the type has none.
func (r *request) goName(json string) string {
	for i := 0; i < r.st.NumFields(); i++ {
		if name, _ := jsonName(r.st, i); name == json {
			return r.st.Field(i).Name()
		}
	}
	return json
}

// jsonName returns the JSON name of the struct's field i and whether its
// zero value is left out (omitempty, omitzero).
func jsonName(st *types.Struct, i int) (string, bool) {
	tag := reflect.StructTag(st.Tag(i)).Get("json")
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = st.Field(i).Name()
	}
	return name, strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
}

// fieldOf returns the JSON name of the field f of st and whether its zero
// is not sent.
func fieldOf(st *types.Struct, f *types.Var) (string, bool, bool) {
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i) == f {
			name, omit := jsonName(st, i)
			b, plain := f.Type().Underlying().(*types.Basic)
			return name, omit && plain && b.Info()&(types.IsNumeric|types.IsString|types.IsBoolean) != 0, true
		}
	}
	return "", false, false
}

// set records that the field key names holds e.
func (r *request) set(info *types.Info, key *ast.Ident, e ast.Expr) bool {
	f, ok := info.Uses[key].(*types.Var)
	if !ok || !f.IsField() {
		return false
	}
	if f.Name() == "ExtraBody" {
		if id, ok := ast.Unparen(e).(*ast.Ident); !ok || id.Name != "nil" {
			r.extra = true
		}
		return true
	}
	name, omit, ok := fieldOf(r.st, f)
	if !ok {
		return false // a field of an embedded struct: not followed
	}
	r.fields[name] = &value{expr: e, key: key, omit: omit}
	delete(r.unknown, name)
	return true
}

// resolve returns what the source says about the request arg of the call
// s, or nil when it says nothing certain.
func (c *checker) resolve(s *apicalls.Site, arg ast.Expr) *request {
	e := ast.Unparen(arg)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		r := c.fromLit(e)
		if r != nil {
			r.complete = true
		}
		return r
	case *ast.Ident:
		return c.fromVar(s, arg, e)
	}
	return nil
}

func (c *checker) newRequest(t types.Type) *request {
	if t == nil {
		return nil
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	return &request{st: st, fields: map[string]*value{}, unknown: map[string]bool{}}
}

// fromLit reads a request literal; positional literals are not read.
func (c *checker) fromLit(lit *ast.CompositeLit) *request {
	r := c.newRequest(c.pass.TypesInfo.TypeOf(lit))
	if r == nil {
		return nil
	}
	r.at, r.lit = lit, lit
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || !r.set(c.pass.TypesInfo, key, kv.Value) {
			return nil
		}
	}
	return r
}

// fromVar reads a local request variable: its one definition, a literal
// or a declaration without a value, and the fields assigned to it in the
// same statement list before the statement of the call. Any other write
// makes the field unknown; a write to the whole variable, its address
// taken other than for this call, or a method with a pointer receiver
// makes the request unknown.
func (c *checker) fromVar(s *apicalls.Site, arg ast.Expr, id *ast.Ident) *request {
	info := c.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	fn, ok := enclosingFunc(s.Cursor)
	if !ok || !within(fn.Node(), v.Pos()) {
		return nil // a parameter of an outer function, or a closure's capture
	}
	var r *request
	var defList []ast.Stmt // the statement list holding the definition
	var defEnd, callStmt token.Pos = token.NoPos, token.NoPos
	type write struct {
		stmt *ast.AssignStmt
		sel  *ast.SelectorExpr
		rhs  ast.Expr
	}
	var writes []write
	tainted := map[string]bool{}
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		occ := cur.Node().(*ast.Ident)
		if info.Defs[occ] == v {
			if r != nil {
				return nil
			}
			stmt, list, init, ok := definition(cur, occ)
			if !ok {
				return nil
			}
			if init == nil {
				r = c.newRequest(v.Type())
				if r != nil {
					r.at = occ
				}
			} else {
				r = c.fromLit(init)
			}
			if r == nil {
				return nil
			}
			r.complete = true
			defList, defEnd = list, stmt.End()
			continue
		}
		if info.Uses[occ] != v {
			continue
		}
		u, top, bare := useOf(info, cur)
		if bare {
			if u == useRead || u == useEscape {
				continue // a copy of the struct
			}
			// A write to the whole variable, a method with a pointer
			// receiver, its address taken: only &req as the call's
			// argument is followed.
			outer := cur.Parent()
			for {
				if _, ok := outer.Node().(*ast.ParenExpr); !ok {
					break
				}
				outer = outer.Parent()
			}
			if un, ok := outer.Node().(*ast.UnaryExpr); ok && un.Op == token.AND && un == ast.Unparen(arg) {
				continue
			}
			return nil
		}
		if u == useRead {
			continue
		}
		// The field selected from the variable.
		sc := cur.Parent()
		for {
			if _, ok := sc.Node().(*ast.ParenExpr); !ok {
				break
			}
			sc = sc.Parent()
		}
		p, ok := sc.Node().(*ast.SelectorExpr)
		if !ok {
			return nil // req[i], *req: not a request struct
		}
		sel := info.Selections[p]
		if sel == nil || sel.Kind() != types.FieldVal {
			return nil
		}
		if r == nil {
			return nil // used before its definition
		}
		f, _ := sel.Obj().(*types.Var)
		name, _, ok := fieldOf(r.st, f)
		if !ok {
			return nil
		}
		if f.Name() == "ExtraBody" {
			return nil
		}
		if as, ok := sc.Parent().Node().(*ast.AssignStmt); ok && u == useWrite && top == p && as.Tok == token.ASSIGN && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				if l == p {
					writes = append(writes, write{as, p, as.Rhs[i]})
				}
			}
			continue
		}
		// A write to a part of the field, or a reference to it that flows
		// elsewhere: its value is not in sight.
		tainted[name] = true
	}
	if r == nil || defList == nil {
		return nil
	}
	// The statement of the call in the definition's list.
	for _, st := range defList {
		if st.Pos() <= s.Expr.Pos() && s.Expr.End() <= st.End() {
			callStmt = st.Pos()
		}
	}
	if callStmt == token.NoPos || callStmt < defEnd {
		return nil
	}
	for _, w := range writes {
		inList := false
		for _, st := range defList {
			if st == w.stmt {
				inList = true
			}
		}
		f, _ := info.Selections[w.sel].Obj().(*types.Var)
		name, _, _ := fieldOf(r.st, f)
		switch {
		case inList && w.stmt.Pos() > defEnd && w.stmt.End() <= callStmt:
			if !r.set(info, w.sel.Sel, w.rhs) {
				return nil
			}
		case inList && w.stmt.Pos() > callStmt:
			// after the call: not what it sends
		default:
			if f != nil && f.Name() == "ExtraBody" {
				return nil
			}
			r.unknown[name] = true
			delete(r.fields, name)
		}
	}
	for name := range tainted {
		r.unknown[name] = true
		delete(r.fields, name)
	}
	return r
}

// definition returns the statement that defines the variable occ, the
// statement list holding it, and the literal it is given (nil for a
// declaration without a value); ok is false for other definitions.
func definition(cur inspector.Cursor, occ *ast.Ident) (ast.Stmt, []ast.Stmt, *ast.CompositeLit, bool) {
	var stmt ast.Stmt
	var init ast.Expr
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE || len(p.Lhs) != len(p.Rhs) {
			return nil, nil, nil, false
		}
		for i, l := range p.Lhs {
			if l == occ {
				init = p.Rhs[i]
			}
		}
		stmt = p
		cur = cur.Parent()
	case *ast.ValueSpec:
		if len(p.Values) > 0 {
			if len(p.Values) != len(p.Names) {
				return nil, nil, nil, false
			}
			for i, n := range p.Names {
				if n == occ {
					init = p.Values[i]
				}
			}
		}
		cur = cur.Parent().Parent() // GenDecl
		ds, ok := cur.Parent().Node().(*ast.DeclStmt)
		if !ok {
			return nil, nil, nil, false
		}
		stmt = ds
		cur = cur.Parent()
	default:
		return nil, nil, nil, false
	}
	var list []ast.Stmt
	switch b := cur.Parent().Node().(type) {
	case *ast.BlockStmt:
		list = b.List
	case *ast.CaseClause:
		list = b.Body
	case *ast.CommClause:
		list = b.Body
	default:
		return nil, nil, nil, false
	}
	if init == nil {
		return stmt, list, nil, true
	}
	e := ast.Unparen(init)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	return stmt, list, lit, ok
}

// enclosingFunc returns the innermost function literal or declaration
// around cur.
func enclosingFunc(cur inspector.Cursor) (inspector.Cursor, bool) {
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return p, true
	}
	return inspector.Cursor{}, false
}

func within(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

// constant returns the constant value of e, following calls of the SDKs'
// optional-value constructors (openai.Float, openai.Int, param.NewOpt…)
// and local variables defined once with such a value.
func (c *checker) constant(e ast.Expr, depth int) constant.Value {
	if e == nil || depth > 4 {
		return nil
	}
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return tv.Value
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if len(e.Args) != 1 {
			return nil
		}
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return c.constant(e.Args[0], depth+1) // a conversion
		}
		if optConstructor(info, e) {
			return c.constant(e.Args[0], depth+1)
		}
	case *ast.Ident:
		if init := c.localValue(e); init != nil {
			return c.constant(init, depth+1)
		}
	}
	return nil
}

// optConstructor reports whether call is one of the SDKs' functions that
// wrap a value into an optional field: openai.Float, Int, Bool, String,
// Opt, param.NewOpt.
func optConstructor(info *types.Info, call *ast.CallExpr) bool {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr: // param.NewOpt[float64](…)
		if sel, ok := f.X.(*ast.SelectorExpr); ok {
			id = sel.Sel
		}
	}
	if id == nil {
		return false
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	if _, _, ok := sdk.ModuleOf(fn.Pkg().Path()); !ok {
		return false
	}
	switch fn.Name() {
	case "Float", "Int", "Bool", "String", "Opt", "NewOpt":
		return true
	}
	return false
}

// localValue returns the value a local variable is given, when it is
// given one value once (its definition) and never written elsewhere in
// its function, as a whole or in part (a field, an element, through its
// address, a method with a pointer receiver), and no reference to it or
// to a part of it (a slice, a map, a pointer) flows into another variable
// or a call that might write through it; nil otherwise.
func (c *checker) localValue(id *ast.Ident) ast.Expr {
	info := c.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	if init, ok := c.locals[v]; ok {
		return init
	}
	c.locals[v] = nil
	decl := c.declOf(v.Pos())
	if decl == nil || c.in == nil {
		return nil
	}
	dcur, ok := c.in.Root().FindNode(decl)
	if !ok {
		return nil
	}
	var init ast.Expr
	defs := 0
	for cur := range dcur.Preorder((*ast.Ident)(nil)) {
		occ := cur.Node().(*ast.Ident)
		if info.Defs[occ] == v {
			defs++
			switch p := cur.Parent().Node().(type) {
			case *ast.AssignStmt:
				if p.Tok != token.DEFINE || len(p.Lhs) != len(p.Rhs) {
					return nil
				}
				for i, l := range p.Lhs {
					if l == occ {
						init = p.Rhs[i]
					}
				}
			case *ast.ValueSpec:
				if len(p.Values) != len(p.Names) {
					return nil
				}
				for i, n := range p.Names {
					if n == occ {
						init = p.Values[i]
					}
				}
			default:
				return nil // a range variable, a parameter…
			}
			continue
		}
		if info.Uses[occ] != v {
			continue
		}
		if u, _, _ := useOf(info, cur); u != useRead {
			return nil
		}
	}
	if defs != 1 || init == nil {
		return nil
	}
	c.locals[v] = init
	return init
}

// declOf returns the top-level declaration of the file being checked
// that holds pos.
func (c *checker) declOf(pos token.Pos) ast.Decl {
	for _, d := range c.file.Decls {
		if d.Pos() <= pos && pos < d.End() {
			return d
		}
	}
	return nil
}

// number returns the value of a numeric field when it is known.
func (c *checker) number(v *value) (float64, bool) {
	if v == nil {
		return 0, false
	}
	k := c.constant(v.expr, 0)
	if k == nil || (k.Kind() != constant.Int && k.Kind() != constant.Float) {
		return 0, false
	}
	f, _ := constant.Float64Val(constant.ToFloat(k))
	return f, true
}

// str returns the value of a string field when it is known.
func (c *checker) str(v *value) (string, bool) {
	if v == nil {
		return "", false
	}
	k := c.constant(v.expr, 0)
	if k == nil || k.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(k), true
}

// ruleValue returns what a limit rule compares of a field: a boolean as 0
// or 1, or a number that is sent; known is false otherwise.
func (c *checker) ruleValue(v *value) (n float64, known bool) {
	if b, ok := c.boolean(v); ok {
		if b {
			return 1, true
		}
		return 0, true
	}
	if x, ok := c.number(v); ok && v.sent(x) {
		return x, true
	}
	return 0, false
}

// boolean returns the value of a boolean field when it is known.
func (c *checker) boolean(v *value) (bool, bool) {
	if v == nil {
		return false, false
	}
	k := c.constant(v.expr, 0)
	if k == nil || k.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(k), true
}

// empty reports whether a required field's value is surely missing or
// empty: nil, "" or an empty slice literal (when nonEmpty), or a union
// literal with no variant set.
func (c *checker) empty(v *value, nonEmpty bool) bool {
	if s, ok := c.str(v); ok {
		return s == "" && nonEmpty // a completion's prompt may be ""
	}
	e := ast.Unparen(v.expr)
	if id, ok := e.(*ast.Ident); ok {
		if _, isNil := c.pass.TypesInfo.Uses[id].(*types.Nil); isNil {
			return true
		}
		if init := c.localValue(id); init != nil {
			e = ast.Unparen(init)
		}
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || len(lit.Elts) > 0 || c.pass.TypesInfo.TypeOf(lit) == nil {
		return false
	}
	switch c.pass.TypesInfo.TypeOf(lit).Underlying().(type) {
	case *types.Slice:
		return nonEmpty
	case *types.Struct:
		return true // a union with no variant: nothing is sent
	}
	return false
}

// hasType reports whether a response_format value is surely of the JSON
// type typ: go-openai's &ChatCompletionResponseFormat{Type: "json_object"}
// or an openai-go union literal with the variant OfJSONObject set.
func (c *checker) hasType(v *value, typ string) bool {
	e := ast.Unparen(v.expr)
	if id, ok := e.(*ast.Ident); ok {
		if init := c.localValue(id); init != nil {
			e = ast.Unparen(init)
		}
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	variant := "of" + strings.ReplaceAll(typ, "_", "")
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		switch {
		case key.Name == "Type":
			if s, ok := c.str(&value{expr: kv.Value}); ok && s == typ {
				return true
			}
		case strings.ToLower(key.Name) == variant:
			if id, ok := ast.Unparen(kv.Value).(*ast.Ident); !ok || id.Name != "nil" {
				return true
			}
		}
	}
	return false
}

// texts returns the string constants in messages, and whether every
// part of it is known from the source: literals, constants, the SDKs'
// message constructors (openai.UserMessage…), local variables given such
// a value once. Anything else (a parameter, another function's result)
// may hold any text.
func (c *checker) texts(e ast.Expr, depth int) ([]string, bool) {
	if depth > 8 {
		return nil, false
	}
	info := c.pass.TypesInfo
	if tv, ok := info.Types[e]; ok {
		if tv.Value != nil {
			if tv.Value.Kind() == constant.String {
				return []string{constant.StringVal(tv.Value)}, true
			}
			return nil, true
		}
		if tv.IsType() || tv.IsNil() {
			return nil, true
		}
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		var out []string
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			s, ok := c.texts(elt, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.texts(e.X, depth+1)
		}
	case *ast.CallExpr:
		var id *ast.Ident
		switch f := ast.Unparen(e.Fun).(type) {
		case *ast.SelectorExpr:
			id = f.Sel
		case *ast.IndexExpr:
			if sel, ok := f.X.(*ast.SelectorExpr); ok {
				id = sel.Sel
			}
		}
		if id == nil {
			return nil, false
		}
		fn, ok := info.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Signature().Recv() != nil {
			return nil, false
		}
		if _, _, ok := sdk.ModuleOf(fn.Pkg().Path()); !ok {
			return nil, false
		}
		var out []string
		for _, a := range e.Args {
			s, ok := c.texts(a, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case *ast.Ident:
		if init := c.localValue(e); init != nil {
			return c.texts(init, depth+1)
		}
	}
	return nil, false
}
