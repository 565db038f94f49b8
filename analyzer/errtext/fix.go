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
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// span is a range of source.
type span struct{ pos, end token.Pos }

func (s span) holds(p token.Pos) bool { return s.pos <= p && p < s.end }

// buildFix replaces the match with the runtime's predicates. It returns
// nil when the match's shape allows no fix, and the name the runtime is
// imported under.
func (r *run) buildFix(file *ast.File, m *match, vs []verdict, path, arg string) (*analysis.SuggestedFix, string) {
	im := fixedit.NewImports(r.pass.Fset, r.pass.TypesInfo, file)
	name := im.Add(path, runtimeapi.ImportName(m.origin.src.Module, file), m.node.Pos())
	call := func(c sdk.ErrorClass) string {
		return name + "." + runtimeapi.Predicate(string(c)) + "(" + arg + ")"
	}
	var edits []analysis.TextEdit
	var removed []span
	var used []string
	if m.sw == nil {
		text := call(vs[0].class)
		if m.negate {
			text = "!" + text
		}
		edits = append(edits, analysis.TextEdit{Pos: m.node.Pos(), End: m.node.End(), NewText: []byte(text)})
		removed = append(removed, span{m.node.Pos(), m.node.End()})
		used = append(used, runtimeapi.Predicate(string(vs[0].class)))
	} else {
		sw := m.sw
		if sw.Init != nil || m.otherCases {
			return nil, name
		}
		// switch err.Error() { → switch {
		edits = append(edits, analysis.TextEdit{Pos: sw.Switch + token.Pos(len("switch")), End: sw.Tag.End()})
		removed = append(removed, span{sw.Tag.Pos(), sw.Tag.End()})
		// Each case's list becomes its distinct predicates.
		classOf := map[ast.Expr]sdk.ErrorClass{}
		for _, v := range vs {
			classOf[v.pat.expr] = v.class
		}
		for _, s := range sw.Body.List {
			cc := s.(*ast.CaseClause)
			if len(cc.List) == 0 {
				continue // default
			}
			var calls []string
			for _, e := range cc.List {
				c := call(classOf[e])
				if !slices.Contains(calls, c) {
					calls = append(calls, c)
				}
				if p := runtimeapi.Predicate(string(classOf[e])); !slices.Contains(used, p) {
					used = append(used, p)
				}
			}
			first, last := cc.List[0].Pos(), cc.List[len(cc.List)-1].End()
			edits = append(edits, analysis.TextEdit{Pos: first, End: last, NewText: []byte(strings.Join(calls, ", "))})
			removed = append(removed, span{first, last})
		}
	}
	var keep []span
	if m.origin.viaVar == nil {
		keep = append(keep, span{m.origin.err.Pos(), m.origin.err.End()}) // printed again
	}
	for _, spec := range r.unusedImports(file, removed, keep) {
		if !im.Delete(spec) {
			return nil, name // the fix alone would leave an unused import
		}
	}
	edits = append(im.Edits(), edits...)
	return &analysis.SuggestedFix{
		Message:   "Use " + name + "." + strings.Join(used, ", "+name+"."),
		TextEdits: edits,
	}, name
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
