// Package fixedit computes text edits for analysis.SuggestedFixes.
//
// The edits are meant to be correct when applied raw: gopls and nogo
// apply a fix's edits without running gofmt, so the edits themselves
// must leave the file gofmt-clean, with an added import sorted into
// place. They are also deterministic: go vet -fix merges the fixes of
// different diagnostics with a 3-way merge, and golangci-lint and nogo
// drop exact duplicates, so two diagnostics in one file that need the
// same import must produce byte-identical edits.
//
// # Merge safety of import edits
//
// Fixes of different checks in one file are merged without the checks
// seeing each other: go fix's three-way merge splits an edit around
// another fix's insertion inside it. Import edits are therefore made of
// whole lines only: an added spec is one line inserted at the start of a
// line, and a deleted spec is each of its lines deleted by an edit of its
// own (a blank line that would be left doubled goes by another). No edit
// ever starts or ends inside a line, and no line is cut two ways: two
// fixes that delete the same line delete it with the same edit, which the
// merge takes once, and a line added by one fix lands between lines that
// another fix keeps or deletes whole. The lines of `import (` and `)` are
// never deleted, so every spec line stays inside its declaration
// whatever the merge combines.
package fixedit

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	pathpkg "path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// AddImport returns the name by which code at pos can refer to the
// package with the given import path, and the edits, if any, that add
// the import to file. It is Imports.Add for a fix that changes no other
// import.
func AddImport(fset *token.FileSet, info *types.Info, file *ast.File, path, preferredName string, pos token.Pos) (name string, edits []analysis.TextEdit) {
	im := NewImports(fset, info, file)
	name = im.Add(path, preferredName, pos)
	return name, im.Edits()
}

// Imports collects the import changes of one fix to one file: Add the
// imports the fix needs first, then Delete those it leaves unused, then
// take the Edits.
type Imports struct {
	info  *types.Info
	tf    *token.File
	file  *ast.File
	lay   layout
	adds  []added
	dels  []*ast.ImportSpec
	names map[string]string // path → name, of the imports added
	// reused are the existing imports Add returned the name of: the fix
	// refers to them, so Delete keeps them.
	reused []*ast.ImportSpec
}

// added is one spec Add inserts.
type added struct {
	edit analysis.TextEdit
	// joins is the spec whose run the new line joins (nil for a new run
	// or declaration).
	joins *ast.ImportSpec
	// docGap is true when the line is followed by a blank one, kept before
	// the doc comment of the declaration it joins.
	docGap bool
	// rewrites print the specs of the run it joins that hold a comment
	// between name and path as gofmt prints them in a run of two or more
	// (see layout.commented).
	rewrites []analysis.TextEdit
}

// NewImports starts the import changes of a fix to file. info must record
// Scopes, Defs and Implicits, as analysis.Pass.TypesInfo does; Add panics if
// file has no scope.
func NewImports(fset *token.FileSet, info *types.Info, file *ast.File) *Imports {
	tf := fset.File(file.FileStart)
	return &Imports{info: info, tf: tf, file: file, lay: newLayout(tf, file), names: map[string]string{}}
}

// Add returns the name by which code at pos can refer to the package with
// the given import path, and adds an import if none is usable.
//
// If file already imports path under a name other than "_" or "." and
// that name is not shadowed at pos, Add returns it and adds nothing.
// Otherwise it adds an import named preferredName (the last element of
// path if empty), or preferredName2, preferredName3, ... if that name
// is declared in the universe, package or file scope or in any scope
// within file. Unlike a lookup from pos, that choice is the same for
// every pos in the file, so every fix in the file adds the identical
// import and the fixes merge. The import is a renaming one
// (name "path") only if the name differs from the last element of path,
// which is assumed to be the package's name (as for oaiguard runtimes).
// Where the line goes is explained at importEdit.
func (im *Imports) Add(path, preferredName string, pos token.Pos) string {
	if n, ok := im.names[path]; ok {
		return n
	}
	fileScope := im.info.Scopes[im.file]
	if fileScope == nil {
		panic("fixedit.Imports.Add: no types.Info.Scopes entry for file")
	}
	scope := fileScope
	if s := fileScope.Innermost(pos); s != nil {
		scope = s
	}

	// Reuse an existing import that is visible at pos.
	for _, spec := range im.file.Imports {
		pkgName := im.info.PkgNameOf(spec)
		if pkgName == nil || importPath(spec) != path || slices.Contains(im.dels, spec) {
			continue
		}
		if n := pkgName.Name(); n != "_" && n != "." {
			if _, obj := scope.LookupParent(n, pos); obj == pkgName {
				im.reused = append(im.reused, spec)
				return n
			}
		}
	}

	if preferredName == "" {
		preferredName = pathpkg.Base(path)
	}
	name := preferredName
	for i := 2; declared(fileScope, name) || im.addedName(name); i++ {
		name = fmt.Sprintf("%s%d", preferredName, i)
	}
	specName := "" // as in the ImportSpec
	if name != pathpkg.Base(path) {
		specName = name
	}
	im.names[path] = name
	im.adds = append(im.adds, im.lay.importEdit(specName, path))
	return name
}

func (im *Imports) addedName(name string) bool {
	for _, n := range im.names {
		if n == name {
			return true
		}
	}
	return false
}

// Delete removes spec, an import the fix leaves unused. It returns false,
// and removes nothing, when that cannot be done with whole lines: the spec
// shares a line with other code, is cgo's import "C", or is the last spec
// of a parenthesised declaration that nothing added by this fix goes into
// (deleting the declaration would strand a spec another fix adds to it).
// A spec whose name Add returned is kept (and true returned): the fix's
// own code refers to it, as a retry loop's replacement does to the
// runtime that the loop's condition alone used.
func (im *Imports) Delete(spec *ast.ImportSpec) bool {
	if slices.Contains(im.dels, spec) || slices.Contains(im.reused, spec) {
		// Deleted already, or one that Add returned: whatever uses of
		// it the fix removes, the fix's own code refers to it.
		return true
	}
	d, ok := im.lay.decl(spec)
	if !ok || importPath(spec) == "C" {
		return false
	}
	if d.gd.Lparen.IsValid() {
		left := 0
		for _, s := range d.gd.Specs {
			if s != spec && !slices.Contains(im.dels, s.(*ast.ImportSpec)) {
				left++
			}
		}
		for _, a := range im.adds {
			if a.edit.Pos > d.gd.Lparen && a.edit.Pos < d.gd.Rparen {
				left++
			}
		}
		if left == 0 {
			return false
		}
	}
	im.dels = append(im.dels, spec)
	return true
}

// Edits returns the edits of the changes so far, sorted.
func (im *Imports) Edits() []analysis.TextEdit {
	var edits []analysis.TextEdit
	gone := map[int]bool{} // lines deleted
	for _, s := range im.dels {
		first, last := im.lay.lines(s)
		for l := first; l <= last; l++ {
			gone[l] = true
		}
	}
	for _, a := range im.adds {
		edits = append(edits, a.edit)
		for _, r := range a.rewrites {
			if !slices.ContainsFunc(edits, func(e analysis.TextEdit) bool { return e.Pos == r.Pos && e.End == r.End }) {
				edits = append(edits, r)
			}
		}
		if a.docGap && slices.Contains(im.dels, a.joins) {
			// The line added before the deleted declaration brought a blank
			// line to keep its doc comment apart, identical in every fix:
			// the blank line after the declaration goes instead.
			if _, last := im.lay.lines(a.joins); im.lay.blank(last + 1) {
				gone[last+1] = true
			}
		}
	}
	// A run of specs (lines with no blank line between them) that loses
	// every spec, and gains none, takes a blank line next to it along, so
	// that no two blank lines meet: the one before it, or else the one
	// after it.
	for _, run := range im.lay.runs {
		emptied := true
		for _, s := range run {
			if !slices.Contains(im.dels, s) {
				emptied = false
			}
		}
		for _, a := range im.adds {
			if a.joins != nil && slices.Contains(run, a.joins) {
				emptied = false
			}
		}
		if !emptied {
			continue
		}
		first, _ := im.lay.lines(run[0])
		_, last := im.lay.lines(run[len(run)-1])
		switch {
		case im.lay.blank(first - 1):
			gone[first-1] = true
		case im.lay.blank(last + 1):
			gone[last+1] = true
		}
	}
	for _, l := range slices.Sorted(maps.Keys(gone)) {
		edits = append(edits, analysis.TextEdit{Pos: im.lay.start(l), End: im.lay.start(l + 1)})
	}
	// Lines added at one place go in the order gofmt sorts them.
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int {
		return cmp.Or(cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.End, b.End), strings.Compare(strings.TrimSpace(string(a.NewText)), strings.TrimSpace(string(b.NewText))))
	})
	return edits
}

// declared reports whether name is declared in fileScope, its parents
// (package, universe), or any scope nested within it.
func declared(fileScope *types.Scope, name string) bool {
	if _, obj := fileScope.LookupParent(name, token.NoPos); obj != nil {
		return true
	}
	var within func(*types.Scope) bool
	within = func(s *types.Scope) bool {
		for child := range s.Children() {
			if child.Lookup(name) != nil || within(child) {
				return true
			}
		}
		return false
	}
	return within(fileScope)
}

// layout is where a file's import specs sit, by line. The AST carries no
// blank lines, so a line counts as blank when no token or comment of the
// file is on it.
type layout struct {
	tf   *token.File
	file *ast.File
	// decls are the import declarations, cgo's excluded.
	decls []importDecl
	// runs are the specs of each declaration (or of consecutive ungrouped
	// declarations) with no blank line between them, in order.
	runs [][]*ast.ImportSpec
	// used holds the lines a token or comment is on, where it matters:
	// around the imports.
	used map[int]bool
	// firstOther is the first declaration that is not an import.
	firstOther ast.Decl
	lastImport *ast.GenDecl
}

type importDecl struct {
	gd *ast.GenDecl
	// clean is true when every spec has its lines to itself: no other
	// spec, parenthesis or declaration shares them.
	clean bool
}

func newLayout(tf *token.File, file *ast.File) layout {
	l := layout{tf: tf, file: file, used: map[int]bool{}}
	mark := func(from, to token.Pos) {
		for n := tf.Line(from); n <= tf.Line(to); n++ {
			l.used[n] = true
		}
	}
	mark(file.Package, file.Name.End())
	for _, cg := range file.Comments {
		mark(cg.Pos(), cg.End())
	}
	prevLine := tf.Line(file.Name.End())
	var run []*ast.ImportSpec
	flush := func() {
		if len(run) > 0 {
			l.runs = append(l.runs, run)
		}
		run = nil
	}
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			l.firstOther = d
			mark(declStart(d), d.Pos())
			break // imports come first
		}
		l.lastImport = gd
		if gd.Lparen.IsValid() {
			mark(declStart(gd), gd.Lparen)
			mark(gd.Rparen, gd.Rparen)
			for _, s := range gd.Specs {
				mark(specStart(s.(*ast.ImportSpec)), specEnd(s.(*ast.ImportSpec)))
			}
		} else {
			mark(declStart(gd), gd.End())
		}
		if isCgo(gd) {
			flush()
			continue
		}
		id := importDecl{gd: gd, clean: true}
		if gd.Lparen.IsValid() {
			flush()
			prevLine = tf.Line(gd.Lparen)
		} else if first := tf.Line(declStart(gd)); first > prevLine+1 {
			flush() // a blank line before this ungrouped declaration
		}
		for _, s := range gd.Specs {
			s := s.(*ast.ImportSpec)
			first, last := tf.Line(specStart(s)), tf.Line(specEnd(s))
			if !gd.Lparen.IsValid() {
				first, last = tf.Line(declStart(gd)), tf.Line(max(gd.End(), specEnd(s)))
			}
			if first <= prevLine {
				id.clean = false
			}
			if first > prevLine+1 && gd.Lparen.IsValid() {
				flush()
			}
			run = append(run, s)
			prevLine = last
		}
		if gd.Lparen.IsValid() {
			if len(gd.Specs) > 0 && tf.Line(gd.Rparen) <= prevLine {
				id.clean = false
			}
			flush()
			prevLine = tf.Line(gd.Rparen)
		}
		l.decls = append(l.decls, id)
	}
	flush()
	return l
}

// decl returns the declaration of spec, if its layout is clean.
func (l layout) decl(spec *ast.ImportSpec) (importDecl, bool) {
	for _, d := range l.decls {
		if slices.Contains(d.gd.Specs, ast.Spec(spec)) {
			return d, d.clean
		}
	}
	return importDecl{}, false
}

// lines returns the first and last line of spec: its doc comment to its
// trailing comment, the whole declaration for an ungrouped one.
func (l layout) lines(spec *ast.ImportSpec) (first, last int) {
	for _, d := range l.decls {
		if !d.gd.Lparen.IsValid() && d.gd.Specs[0] == spec {
			return l.tf.Line(declStart(d.gd)), l.tf.Line(max(d.gd.End(), specEnd(spec)))
		}
	}
	return l.tf.Line(specStart(spec)), l.tf.Line(specEnd(spec))
}

// runsOf returns the runs whose specs satisfy in.
func (l layout) runsOf(in func(*ast.ImportSpec) bool) [][]*ast.ImportSpec {
	var out [][]*ast.ImportSpec
	for _, run := range l.runs {
		if in(run[0]) {
			out = append(out, run)
		}
	}
	return out
}

// docOf returns the doc comment of the ungrouped declaration of spec.
func (l layout) docOf(spec *ast.ImportSpec) *ast.CommentGroup {
	for _, d := range l.decls {
		if !d.gd.Lparen.IsValid() && d.gd.Specs[0] == spec {
			return d.gd.Doc
		}
	}
	return nil
}

// blank reports whether line n exists and holds nothing.
func (l layout) blank(n int) bool {
	return n >= 1 && n <= l.tf.LineCount() && !l.used[n]
}

// start returns the position where line n starts; past the last line, the
// end of the file.
func (l layout) start(n int) token.Pos {
	if n > l.tf.LineCount() {
		return token.Pos(l.tf.Base() + l.tf.Size())
	}
	return l.tf.LineStart(n)
}

// importEdit returns the insertion of a line with the import spec
// `name "path"` (`"path"` if name is empty), at the start of a line.
//
//   - If file has a clean import group other than a lone `import "C"`,
//     spec goes into the first such group, in sorted position among the
//     specs of its class (standard library or not): a line before the
//     first spec of that class that sorts after it, or after the last
//     one. If the group has no spec of that class, spec starts a new
//     blank-line-separated run: first if it is standard, last if not.
//   - Otherwise, if file has clean ungrouped imports other than "C", a
//     new `import spec` line goes among them in the same way, unless it
//     renames the package: then it goes where renamedSingle says, apart
//     from every unrenamed spec.
//   - Otherwise (no imports, only cgo's `import "C"`, whose preamble must
//     stay attached, or imports laid out in a way gofmt does not print),
//     a new declaration goes before the first non-import declaration,
//     i.e. after the package clause and any existing imports.
func (l layout) importEdit(name, path string) added {
	spec := strconv.Quote(path)
	if name != "" {
		spec = name + " " + spec
	}
	insert := func(line int, text string, joins *ast.ImportSpec) added {
		p := l.start(line)
		return added{edit: analysis.TextEdit{Pos: p, End: p, NewText: []byte(text)}, joins: joins}
	}
	var (
		group   *ast.GenDecl
		singles []*ast.ImportSpec
	)
	for _, d := range l.decls {
		switch {
		case !d.clean:
		case d.gd.Lparen.IsValid():
			if group == nil {
				group = d.gd
			}
		case len(d.gd.Specs) == 1:
			singles = append(singles, d.gd.Specs[0].(*ast.ImportSpec))
		}
	}
	var runs [][]*ast.ImportSpec
	line := "\t" + spec + "\n"
	switch {
	case group != nil:
		runs = l.runsOf(func(s *ast.ImportSpec) bool { return slices.Contains(group.Specs, ast.Spec(s)) })
		if len(runs) == 0 { // import ()
			p := group.Rparen
			text := "\n" + line
			if l.tf.Line(group.Lparen) != l.tf.Line(group.Rparen) {
				p, text = l.start(l.tf.Line(group.Rparen)), line
			}
			return added{edit: analysis.TextEdit{Pos: p, End: p, NewText: []byte(text)}}
		}
	case len(singles) > 0:
		if name != "" {
			return l.renamedSingle(singles, spec)
		}
		line = "import " + spec + "\n"
	case l.firstOther != nil:
		return insert(l.tf.Line(declStart(l.firstOther)), "import "+spec+"\n\n", nil)
	case l.lastImport != nil:
		return insert(l.tf.Line(l.lastImport.End())+1, "\nimport "+spec+"\n", nil)
	default:
		return insert(l.tf.Line(l.file.Name.End())+1, "\nimport "+spec+"\n", nil)
	}
	var at *ast.ImportSpec
	var before, newRun bool
	if group != nil {
		at, before, newRun = placement(runs, l.unmovable, path, name)
	} else {
		// gofmt sorts no specs across declarations: the class decides.
		at, before, newRun = classPlacement(singles, path, name)
	}
	first, last := l.lines(at)
	var rewrites []analysis.TextEdit
	if group != nil && !newRun {
		rewrites = l.reprint(runs, at)
	}
	a := l.place(first, last, line, at, before, newRun, group == nil)
	a.rewrites = rewrites
	return a
}

// renamedSingle returns the insertion of the renamed spec (`name "path"`)
// among one-line import declarations: a declaration of its own before the
// first declaration that is not an import (after a blank line), or, when no
// blank line parts that declaration from the last import, before the first
// import. gofmt sorts nothing across declarations, so any of these is
// gofmt-clean; what matters is that no unrenamed spec goes there: those go
// in sorted place, next to an existing spec. Two fixes that add the same
// renamed spec add the identical edit at the same offset, and no other
// spec shares it, so drivers that pool the edits of every fix and drop only
// a duplicate next to its twin (golangci-lint, nogo) take it once; goimports
// does not drop a renamed repeat among merged one-line declarations.
func (l layout) renamedSingle(singles []*ast.ImportSpec, spec string) added {
	_, lastLine := l.lines(singles[len(singles)-1])
	if l.firstOther != nil {
		if first := l.tf.Line(declStart(l.firstOther)); first > lastLine+1 {
			p := l.start(first)
			return added{edit: analysis.TextEdit{Pos: p, End: p, NewText: []byte("import " + spec + "\n\n")}}
		}
	}
	firstLine, _ := l.lines(singles[0])
	p := l.start(firstLine)
	return added{edit: analysis.TextEdit{Pos: p, End: p, NewText: []byte("import " + spec + "\n\n")}}
}

// place inserts line next to the spec at, which spans lines first to last
// (see importEdit).
func (l layout) place(first, last int, line string, at *ast.ImportSpec, before, newRun, ungrouped bool) added {
	insert := func(line int, text string, joins *ast.ImportSpec) added {
		p := l.start(line)
		return added{edit: analysis.TextEdit{Pos: p, End: p, NewText: []byte(text)}, joins: joins}
	}
	switch {
	case before && newRun:
		return insert(first, line+"\n", nil)
	case before && ungrouped && l.docOf(at) != nil:
		a := insert(first, line+"\n", at) // gofmt keeps a blank line before a doc comment
		a.docGap = true
		return a
	case before:
		return insert(first, line, at)
	case newRun:
		return insert(last+1, "\n"+line, nil)
	default:
		return insert(last+1, line, at)
	}
}

// commented returns the specs of run that have a comment inside them,
// between name and path (`openai /* sdk */ "github.com/..."`), with those
// comments. gofmt leaves such a spec alone while it is the only one of its
// run, but once the run has two specs it sorts them and moves the comment
// after the path: a spec added to that run would leave the file
// gofmt-unclean. So a fix that adds a spec to the run also prints those
// specs as gofmt would, whole lines replaced by text that is the same in
// every fix (the merge takes it once, and a line added next to it is
// another edit).
func (l layout) commented(run []*ast.ImportSpec) map[*ast.ImportSpec][]*ast.Comment {
	out := map[*ast.ImportSpec][]*ast.Comment{}
	for _, s := range run {
		for _, cg := range l.file.Comments {
			for _, c := range cg.List {
				if c.Pos() > s.Pos() && c.End() < s.End() {
					out[s] = append(out[s], c)
				}
			}
		}
	}
	return out
}

// unmovable reports whether run has a commented spec (see commented) that
// cannot be reprinted with whole lines: one that spans lines.
func (l layout) unmovable(run []*ast.ImportSpec) bool {
	for s := range l.commented(run) {
		if l.tf.Line(specStart(s)) != l.tf.Line(specEnd(s)) {
			return true
		}
	}
	return false
}

// reprint returns the edits that print the commented specs of the run
// that holds at as gofmt prints them in a run of two or more specs.
func (l layout) reprint(runs [][]*ast.ImportSpec, at *ast.ImportSpec) []analysis.TextEdit {
	var edits []analysis.TextEdit
	for _, run := range runs {
		if !slices.Contains(run, at) {
			continue
		}
		for _, s := range run {
			cs := l.commented(run)[s]
			if len(cs) == 0 {
				continue
			}
			text := "\t" + s.Path.Value
			if s.Name != nil {
				text = "\t" + s.Name.Name + " " + s.Path.Value
			}
			for _, c := range cs {
				text += " " + c.Text
			}
			if s.Comment != nil {
				for _, c := range s.Comment.List {
					text += " " + c.Text
				}
			}
			line := l.tf.Line(s.Pos())
			edits = append(edits, analysis.TextEdit{Pos: l.start(line), End: l.start(line + 1), NewText: []byte(text + "\n")})
		}
	}
	return edits
}

// placement decides where a spec for (path, name) goes among runs of
// specs (lines with no blank line between them), which gofmt sorts each as a
// whole, by path, then name: into the first run that holds a spec of the
// same class (standard library or not), before its first spec that sorts
// after the new one, or else after its last spec; runs that closed reports
// are never joined. If no other run holds that class, the new spec starts a new run (newRun), before all specs if it is
// standard, else after them.
func placement(runs [][]*ast.ImportSpec, closed func([]*ast.ImportSpec) bool, path, name string) (at *ast.ImportSpec, before, newRun bool) {
	std := isStd(path)
	for _, run := range runs {
		if closed(run) || !slices.ContainsFunc(run, func(s *ast.ImportSpec) bool { return isStd(importPath(s)) == std }) {
			continue
		}
		for _, s := range run {
			if cmp.Or(strings.Compare(importPath(s), path), strings.Compare(importName(s), name)) > 0 {
				return s, true, false
			}
		}
		return run[len(run)-1], false, false
	}
	if std {
		return runs[0][0], true, true
	}
	last := runs[len(runs)-1]
	return last[len(last)-1], false, true
}

// classPlacement places a spec among ungrouped imports: before the first
// spec of its class that sorts after it, or after the last of its class, or
// as a new run.
func classPlacement(specs []*ast.ImportSpec, path, name string) (at *ast.ImportSpec, before, newRun bool) {
	std := isStd(path)
	var last *ast.ImportSpec
	for _, s := range specs {
		if isStd(importPath(s)) != std {
			continue
		}
		if cmp.Or(strings.Compare(importPath(s), path), strings.Compare(importName(s), name)) > 0 {
			return s, true, false
		}
		last = s
	}
	if last != nil {
		return last, false, false
	}
	if std {
		return specs[0], true, true
	}
	return specs[len(specs)-1], false, true
}

// specStart returns the start of the first line of s: its doc comment.
func specStart(s *ast.ImportSpec) token.Pos {
	if s.Doc != nil {
		return s.Doc.Pos()
	}
	return s.Pos()
}

// specEnd returns the end of the last line of s, before the newline:
// the end of its trailing comment.
func specEnd(s *ast.ImportSpec) token.Pos {
	if s.Comment != nil {
		return s.Comment.End()
	}
	return s.End()
}

func declStart(d ast.Decl) token.Pos {
	var doc *ast.CommentGroup
	switch d := d.(type) {
	case *ast.GenDecl:
		doc = d.Doc
	case *ast.FuncDecl:
		doc = d.Doc
	}
	if doc != nil {
		return doc.Pos()
	}
	return d.Pos()
}

// isCgo reports whether d imports only "C". Such a declaration is never
// extended: cgo's preamble comment belongs to `import "C"` alone.
func isCgo(d *ast.GenDecl) bool {
	for _, s := range d.Specs {
		if importPath(s.(*ast.ImportSpec)) != "C" {
			return false
		}
	}
	return len(d.Specs) > 0
}

// isStd reports whether path looks like a standard library path: its
// first element has no dot (the heuristic goimports uses).
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func importPath(s *ast.ImportSpec) string {
	path, err := strconv.Unquote(s.Path.Value)
	if err != nil {
		return ""
	}
	return path
}

func importName(s *ast.ImportSpec) string {
	if s.Name == nil {
		return ""
	}
	return s.Name.Name
}
