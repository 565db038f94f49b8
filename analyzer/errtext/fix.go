package errtext

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/runtimeapi"
)

// span is a range of source.
type span struct{ pos, end token.Pos }

func (s span) holds(p token.Pos) bool { return s.pos <= p && p < s.end }

// buildFix replaces the match with the runtime's predicates, and makes the
// replacements of extra too. It returns nil when the match's shape allows
// no fix, the name the runtime is imported under, and the match's own
// replacement (for another match's fix to repeat).
func (r *run) buildFix(file *ast.File, m *match, vs []verdict, path, arg string, extra []fixPart) (*analysis.SuggestedFix, string, fixPart) {
	im := fixedit.NewImports(r.pass.Fset, r.pass.TypesInfo, file)
	name := im.Add(path, runtimeapi.ImportName(m.origin.src.Module, file), m.node.Pos())
	var used []string
	// call tests every class the pattern covers: a 429's text is a rate
	// limit's, an exhausted quota's or a request too large's.
	call := func(v verdict) string {
		var alts []string
		for _, c := range v.classes() {
			p := runtimeapi.Predicate(string(c))
			alts = append(alts, name+"."+p+"("+arg+")")
			if !slices.Contains(used, p) {
				used = append(used, p)
			}
		}
		return strings.Join(alts, " || ")
	}
	var edits []analysis.TextEdit
	var removed []span
	if m.sw == nil {
		text := call(vs[0])
		if len(vs[0].classes()) > 1 && (m.negate || r.needsParens(m.node)) {
			text = "(" + text + ")"
		}
		if m.negate {
			text = "!" + text
		}
		edits = append(edits, analysis.TextEdit{Pos: m.node.Pos(), End: m.node.End(), NewText: []byte(text)})
		removed = append(removed, span{m.node.Pos(), m.node.End()})
	} else {
		sw := m.sw
		if sw.Init != nil || m.otherCases {
			return nil, name, fixPart{}
		}
		// switch err.Error() { → switch {
		edits = append(edits, analysis.TextEdit{Pos: sw.Switch + token.Pos(len("switch")), End: sw.Tag.End()})
		removed = append(removed, span{sw.Tag.Pos(), sw.Tag.End()})
		// Each case's list becomes its distinct predicates.
		verdictOf := map[ast.Expr]verdict{}
		for _, v := range vs {
			verdictOf[v.pat.expr] = v
		}
		for _, s := range sw.Body.List {
			cc := s.(*ast.CaseClause)
			if len(cc.List) == 0 {
				continue // default
			}
			var calls []string
			for _, e := range cc.List {
				c := call(verdictOf[e])
				if !slices.Contains(calls, c) {
					calls = append(calls, c)
				}
			}
			first, last := cc.List[0].Pos(), cc.List[len(cc.List)-1].End()
			edits = append(edits, analysis.TextEdit{Pos: first, End: last, NewText: []byte(strings.Join(calls, ", "))})
			removed = append(removed, span{first, last})
		}
	}
	own := fixPart{edits: slices.Clone(edits), removed: slices.Clone(removed)}
	for _, p := range extra {
		edits = append(edits, p.edits...)
		removed = append(removed, p.removed...)
	}
	var keep []span
	if m.origin.viaVar == nil {
		keep = append(keep, span{m.origin.err.Pos(), m.origin.err.End()}) // printed again
	}
	for _, spec := range r.unusedImports(file, removed, keep) {
		if !im.Delete(spec) {
			return nil, name, own // the fix alone would leave an unused import
		}
	}
	edits = append(im.Edits(), edits...)
	return &analysis.SuggestedFix{
		Message:   "Use " + name + "." + strings.Join(used, ", "+name+"."),
		TextEdits: edits,
	}, name, own
}

// needsParens reports whether an expression of || put in n's place would
// bind differently: its parent is an operator other than ||, a unary
// operator, or a selector or call of it.
func (r *run) needsParens(n ast.Node) bool {
	c, ok := r.in.Root().FindNode(n)
	if !ok {
		return true
	}
	switch p := c.Parent().Node().(type) {
	case *ast.BinaryExpr:
		return p.Op != token.LOR
	case *ast.UnaryExpr, *ast.SelectorExpr, *ast.StarExpr:
		return true
	}
	return false
}

// allFixed returns, when every use of v but the last is a match whose fix
// has been built, those fixes' replacements and the deletion of v's
// declaration: a statement of its own, on lines of its own.
func (r *run) allFixed(v *types.Var) ([]fixPart, bool) {
	parts := r.varFixed[v]
	uses := 0
	for _, obj := range r.pass.TypesInfo.Uses {
		if obj == v {
			uses++
		}
	}
	if uses != len(parts)+1 {
		return nil, false
	}
	del, ok := r.deleteDecl(v)
	if !ok {
		return nil, false
	}
	return append(slices.Clone(parts), del), true
}

// deleteDecl returns the edit that deletes the statement declaring v,
// with its lines: `s := err.Error()` or `var s = …`, alone on its lines,
// with no comment there, in a statement list.
func (r *run) deleteDecl(v *types.Var) (fixPart, bool) {
	cur, ok := r.in.Root().FindByPos(v.Pos(), v.Pos()+token.Pos(len(v.Name())))
	if !ok {
		return fixPart{}, false
	}
	if _, ok := cur.Node().(*ast.Ident); !ok {
		return fixPart{}, false
	}
	stmt := cur.Parent()
	switch n := stmt.Node().(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
			return fixPart{}, false
		}
	case *ast.ValueSpec:
		gd, ok := stmt.Parent().Node().(*ast.GenDecl)
		if !ok || len(n.Names) != 1 || len(n.Values) != 1 || len(gd.Specs) != 1 {
			return fixPart{}, false
		}
		stmt = stmt.Parent().Parent() // the DeclStmt
		if _, ok := stmt.Node().(*ast.DeclStmt); !ok {
			return fixPart{}, false
		}
	default:
		return fixPart{}, false
	}
	var list []ast.Stmt
	node := stmt.Node()
	tf := r.pass.Fset.File(node.Pos())
	first, last := tf.Line(node.Pos()), tf.Line(node.End())
	switch p := stmt.Parent().Node().(type) {
	case *ast.BlockStmt:
		list = p.List
		if tf.Line(p.Rbrace) <= last {
			return fixPart{}, false // the block's brace on its line
		}
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	default:
		return fixPart{}, false // an if's or a for's init
	}
	if last >= tf.LineCount() {
		return fixPart{}, false
	}
	for i, st := range list {
		if st != node {
			continue
		}
		if i > 0 && tf.Line(list[i-1].End()) >= first || i+1 < len(list) && tf.Line(list[i+1].Pos()) <= last {
			return fixPart{}, false // another statement on its lines
		}
	}
	if tf.Line(stmt.Parent().Node().Pos()) >= first {
		return fixPart{}, false // on the line of its block's brace or case
	}
	for _, f := range r.pass.Files {
		if f.FileStart <= node.Pos() && node.Pos() < f.FileEnd {
			for _, cg := range f.Comments {
				if l := tf.Line(cg.Pos()); l >= first && l <= last || tf.Line(cg.End()) >= first && tf.Line(cg.End()) <= last {
					return fixPart{}, false
				}
			}
		}
	}
	return fixPart{
		edits:   []analysis.TextEdit{{Pos: tf.LineStart(first), End: tf.LineStart(last + 1)}},
		removed: []span{{node.Pos(), node.End()}},
	}, true
}

// unusedImports returns the imports whose every use in file lies in the
// removed spans (and not in the kept ones): gopls applies a fix as it is,
// and an unused import does not compile. Drivers that merge several fixes
// remove imports that only the merge left unused.
func (r *run) unusedImports(file *ast.File, removed, keep []span) []*ast.ImportSpec {
	if r.uses == nil {
		r.uses = &importUses{byName: map[*types.PkgName][]token.Pos{}}
		for id, obj := range r.pass.TypesInfo.Uses {
			if pn, ok := obj.(*types.PkgName); ok {
				r.uses.byName[pn] = append(r.uses.byName[pn], id.Pos())
			}
		}
	}
	in := func(spans []span, p token.Pos) bool {
		return slices.ContainsFunc(spans, func(s span) bool { return s.holds(p) })
	}
	var out []*ast.ImportSpec
	for _, spec := range file.Imports {
		pn := r.pass.TypesInfo.PkgNameOf(spec)
		if pn == nil || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		n, gone := 0, true
		for _, u := range r.uses.byName[pn] {
			if u < file.FileStart || u >= file.FileEnd {
				continue
			}
			n++
			if !in(removed, u) || in(keep, u) {
				gone = false
				break
			}
		}
		if n > 0 && gone {
			out = append(out, spec)
		}
	}
	return out
}

type importUses struct {
	byName map[*types.PkgName][]token.Pos
}
