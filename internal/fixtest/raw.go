package fixtest

import (
	"slices"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/imports"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// RawLinter applies the fixes of findings to src as golangci-lint v2's
// --fix does (pkg/result/processors/fixer.go at v2.15.0): the edits of
// every fix are pooled per linter (here, per check); a check whose edits
// overlap each other is skipped for the file, and of two checks whose
// edits overlap, one is skipped; identical edits count once; what is left
// is applied raw, with no gofmt and no import cleanup unless the user
// enabled golangci-lint's formatters. order is the order the checks'
// edits are pooled in, which decides the order of insertions at one
// point (golangci-lint takes it from a map: any order). It returns the
// new file and the checks skipped.
func (u *Universe) RawLinter(src []byte, findings []Finding, order []string) ([]byte, []string, error) {
	pooled := map[string][]udiff.Edit{}
	for _, f := range findings {
		pooled[f.Analyzer] = append(pooled[f.Analyzer], u.Edits(f)...)
	}
	skipped := map[string]bool{}
	for name, edits := range pooled {
		if _, ok := validEdits(edits); !ok {
			skipped[name] = true
		}
	}
	for j, x := range order {
		for _, y := range order[:j] {
			if skipped[x] || skipped[y] || pooled[x] == nil || pooled[y] == nil {
				continue
			}
			if _, ok := validEdits(slices.Concat(pooled[x], pooled[y])); !ok {
				skipped[max(x, y)] = true
			}
		}
	}
	var all []udiff.Edit
	for _, name := range order {
		if !skipped[name] {
			all = append(all, pooled[name]...)
		}
	}
	all, _ = validEdits(all)
	out, err := udiff.ApplyBytes(src, all)
	var names []string
	for name := range skipped {
		names = append(names, name)
	}
	slices.Sort(names)
	return out, names, err
}

// RawFirst applies the fixes of findings to src as nogo does with its fix
// output: in order, each fix whose edits overlap none of those taken
// before it is taken whole, and the rest are dropped; identical edits
// count once; nothing is formatted. It returns the new file and the
// findings dropped.
func (u *Universe) RawFirst(src []byte, findings []Finding) ([]byte, []Finding, error) {
	var taken []udiff.Edit
	var dropped []Finding
	for _, f := range findings {
		next, ok := validEdits(slices.Concat(taken, u.Edits(f)))
		if !ok {
			dropped = append(dropped, f)
			continue
		}
		taken = next
	}
	out, err := udiff.ApplyBytes(src, taken)
	return out, dropped, err
}

// validEdits sorts edits, drops exact duplicates and reports whether no
// two of the rest overlap, as golangci-lint's validateEdits does (which
// x/tools' checker once did too). Insertions at one point do not overlap.
func validEdits(edits []udiff.Edit) ([]udiff.Edit, bool) {
	if len(edits) == 0 {
		return nil, true
	}
	edits = slices.Clone(edits)
	udiff.SortEdits(edits)
	unique := []udiff.Edit{edits[0]}
	ok := true
	for i := 1; i < len(edits); i++ {
		prev, cur := edits[i-1], edits[i]
		if prev == cur {
			continue
		}
		unique = append(unique, cur)
		if prev.End > cur.Start {
			ok = false
		}
	}
	return unique, ok
}

// Goimports cleans src as golangci-lint's goimports formatter (and
// goimports run on nogo's patch) does: the imports no code uses are
// removed (fixedit.Tidy, as go fix removes them), then the file goes
// through x/tools' imports.Process, the core of goimports, which merges
// every import declaration but cgo's into the first, sorts each run of
// specs and drops a spec repeated in a run, and formats. FormatOnly: no
// import is looked up or added.
func (u *Universe) Goimports(src []byte) ([]byte, error) {
	out, err := fixedit.Tidy(src, u.PackageNames())
	if err != nil {
		return nil, err
	}
	return imports.Process("fixed.go", out, &imports.Options{Comments: true, TabIndent: true, TabWidth: 8, FormatOnly: true})
}
