package fixedit_test

import (
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// TestImportEditsMerge checks that the import edits of independent fixes
// merge, in either order, as go fix merges them (x/tools' three-way merge,
// which go-udiff exports): into a file that parses and imports exactly what
// the fixes together keep and add. Each fix adds one import, deletes one,
// or both, as errtext's fix does (the runtime in, "strings" out). The
// first layout is the file of issue 9, where the merge used to write
// `"context""errors"`.
func TestImportEditsMerge(t *testing.T) {
	layouts := []string{
		"package p\n\nimport (\n\t\"context\"\n\t\"strings\"\n\n\tgoopenai \"github.com/sashabaranov/go-openai\"\n)\n",
		"package p\n\nimport (\n\t\"strings\"\n\n\t\"github.com/sashabaranov/go-openai\"\n)\n",
		"package p\n\nimport (\n\t\"context\"\n\t\"strings\"\n\t\"time\"\n)\n",
		"package p\n\nimport (\n\t\"github.com/sashabaranov/go-openai\"\n\n\t\"strings\"\n)\n",
		"package p\n\nimport (\n\t\"strings\"\n)\n",
		"package p\n\nimport (\n\t// for matching\n\t\"strings\" // text\n\t\"time\"\n)\n",
		"package p\n\nimport \"strings\"\n\nfunc f() {}\n",
		"package p\n\nimport \"context\"\nimport \"strings\"\n\nimport \"github.com/sashabaranov/go-openai\"\n\nvar x = 1\n",
		"package p\n\n// Doc.\nimport \"strings\"\n\nfunc f() {}\n",
		"package p\n\nfunc f() {}\n",
		"package p\n",
	}
	adds := []string{"errors", "fmt", "time", "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard", "zz.example/last"}
	merges := 0
	for li, src := range layouts {
		c := check(t, src)
		type fix struct {
			name  string
			edits []analysis.TextEdit
			add   string
			del   string
		}
		var fixes []fix
		var dels []string
		for _, s := range c.file.Imports {
			p, _ := strconv.Unquote(s.Path.Value)
			dels = append(dels, p)
		}
		for _, a := range append(adds, "") {
			for _, d := range append(dels, "") {
				if a == "" && d == "" || slices.Contains(dels, a) {
					continue // an import already there is reused, not added
				}
				im := fixedit.NewImports(c.fset, c.info, c.file)
				if a != "" {
					im.Add(a, "", c.file.End())
				}
				if d != "" {
					var spec = c.file.Imports[slices.Index(dels, d)]
					if !im.Delete(spec) {
						continue
					}
				}
				fixes = append(fixes, fix{fmt.Sprintf("+%s-%s", a, d), im.Edits(), a, d})
			}
		}
		tf := c.fset.File(c.file.FileStart)
		toDiff := func(edits []analysis.TextEdit) []udiff.Edit {
			var out []udiff.Edit
			for _, e := range edits {
				out = append(out, udiff.Edit{Start: tf.Offset(e.Pos), End: tf.Offset(e.End), New: string(e.NewText)})
			}
			return out
		}
		for _, f := range fixes {
			out, err := udiff.Apply(src, toDiff(f.edits))
			if err != nil {
				t.Fatal(err)
			}
			if gofmt, err := format.Source([]byte(out)); err != nil || string(gofmt) != out {
				t.Errorf("layout %d, fix %s alone: not gofmt-clean (%v):\n%s", li, f.name, err, out)
			}
		}
		for _, f1 := range fixes {
			for _, f2 := range fixes {
				if f1.name == f2.name {
					continue
				}
				merged, ok := udiff.Merge(toDiff(f1.edits), toDiff(f2.edits))
				if !ok {
					t.Errorf("layout %d: fixes %s and %s conflict", li, f1.name, f2.name)
					continue
				}
				merges++
				out, err := udiff.Apply(src, merged)
				if err != nil {
					t.Fatal(err)
				}
				f, err := parser.ParseFile(token.NewFileSet(), "a.go", out, parser.ImportsOnly)
				if err != nil {
					t.Errorf("layout %d: fixes %s and %s merge into a file that does not parse: %v\n%s", li, f1.name, f2.name, err, out)
					continue
				}
				want := map[string]bool{}
				for _, p := range dels {
					want[p] = p != f1.del && p != f2.del
				}
				for _, p := range []string{f1.add, f2.add} {
					if p != "" {
						want[p] = true
					}
				}
				got := map[string]bool{}
				for _, s := range f.Imports {
					p, _ := strconv.Unquote(s.Path.Value)
					if got[p] {
						t.Errorf("layout %d: fixes %s and %s import %s twice:\n%s", li, f1.name, f2.name, p, out)
					}
					got[p] = true
				}
				for p, keep := range want {
					if got[p] != keep {
						t.Errorf("layout %d: fixes %s and %s: import %s present %v, want %v:\n%s", li, f1.name, f2.name, p, got[p], keep, out)
					}
				}
				for p := range got {
					if _, ok := want[p]; !ok {
						t.Errorf("layout %d: fixes %s and %s import %s, which neither adds:\n%s", li, f1.name, f2.name, p, out)
					}
				}
			}
		}
	}
	if merges < 1000 {
		t.Errorf("only %d merges checked", merges)
	}
	t.Logf("%d layouts, %d pairs of fixes merged", len(layouts), merges)
}
