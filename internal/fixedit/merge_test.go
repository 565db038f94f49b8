package fixedit_test

import (
	"cmp"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
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

// TestPooledAddsTakeEachSpecOnce checks the import additions of fixes
// pooled as golangci-lint and nogo pool them: every edit of every fix in
// one list, sorted stably by offset, an edit dropped only when it equals
// the one before it. Among one-line declarations, a file using both SDKs
// (issue 9's fuzz seed transport_both_config): one fix adds both runtimes,
// go-openai's renamed oaiguardgo; another adds only oaiguardgo; a third
// adds "errors". No renamed spec may share its offset with another spec,
// so that in every pooling order it comes out once, gofmt-clean: goimports
// does not drop a renamed repeat among one-line declarations (see
// fixtest.TestGoimportsKeepsRenamedRepeat). Unrenamed specs added at one
// point may still be repeated raw; goimports drops those.
func TestPooledAddsTakeEachSpecOnce(t *testing.T) {
	const (
		oaiGo = "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
		goOAI = "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	)
	type add struct{ path, name string }
	sets := [][]add{
		{{oaiGo, ""}, {goOAI, "oaiguardgo"}},
		{{goOAI, "oaiguardgo"}},
		{{"errors", ""}},
		{{goOAI, "oaiguardgo"}, {"errors", ""}},
	}
	layouts := []string{
		"package p\n\nimport \"context\"\n\nimport \"github.com/openai/openai-go/v3\"\nimport goopenai \"github.com/sashabaranov/go-openai\"\n\nfunc f() {}\n",
		"package p\n\nimport \"context\"\nimport \"github.com/openai/openai-go/v3\"\nimport goopenai \"github.com/sashabaranov/go-openai\"\n\nfunc f() {}\n",
		"package p\n\n// Doc.\nimport \"github.com/openai/openai-go/v3\"\n\n// F.\nfunc f() {}\n",
	}
	orders := 0
	for li, src := range layouts {
		c := check(t, src)
		tf := c.fset.File(c.file.FileStart)
		var fixes [][]udiff.Edit
		for _, set := range sets {
			im := fixedit.NewImports(c.fset, c.info, c.file)
			for _, a := range set {
				if got := im.Add(a.path, a.name, c.file.End()); a.name != "" && got != a.name {
					t.Fatalf("layout %d: Add(%s, %s) = %s", li, a.path, a.name, got)
				}
			}
			var edits []udiff.Edit
			for _, e := range im.Edits() {
				edits = append(edits, udiff.Edit{Start: tf.Offset(e.Pos), End: tf.Offset(e.End), New: string(e.NewText)})
			}
			fixes = append(fixes, edits)
		}
		at := map[int]string{}
		for _, f := range fixes {
			for _, e := range f {
				if prev, ok := at[e.Start]; ok && prev != e.New && (renamedDecl(prev) || renamedDecl(e.New)) {
					t.Errorf("layout %d: %q and %q both inserted at offset %d", li, prev, e.New, e.Start)
				}
				at[e.Start] = e.New
			}
		}
		for _, order := range permutations(len(fixes)) {
			var pool []udiff.Edit
			for _, i := range order {
				pool = append(pool, fixes[i]...)
			}
			slices.SortStableFunc(pool, func(a, b udiff.Edit) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
			pool = slices.Compact(pool)
			out, err := udiff.Apply(src, pool)
			if err != nil {
				t.Fatal(err)
			}
			orders++
			if gofmt, err := format.Source([]byte(out)); err != nil || string(gofmt) != out {
				t.Errorf("layout %d, order %v: not gofmt-clean (%v):\n%s", li, order, err, out)
				continue
			}
			f, _ := parser.ParseFile(token.NewFileSet(), "a.go", out, parser.ImportsOnly)
			seen := map[string]bool{}
			for _, s := range f.Imports {
				if seen[s.Path.Value] && s.Name != nil {
					t.Errorf("layout %d, order %v: %s imported twice:\n%s", li, order, s.Path.Value, out)
				}
				seen[s.Path.Value] = true
			}
			for _, p := range []string{oaiGo, goOAI, "errors"} {
				if !seen[strconv.Quote(p)] {
					t.Errorf("layout %d, order %v: %s not imported:\n%s", li, order, p, out)
				}
			}
		}
	}
	t.Logf("%d layouts, %d pooling orders", len(layouts), orders)
}

func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{nil}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			out = append(out, slices.Insert(slices.Clone(p), i, n-1))
		}
	}
	return out
}

// renamedDecl reports whether text inserts a renamed one-line import
// declaration.
func renamedDecl(text string) bool {
	text = strings.TrimSpace(text)
	return strings.HasPrefix(text, "import ") && !strings.HasPrefix(strings.TrimPrefix(text, "import "), `"`)
}
