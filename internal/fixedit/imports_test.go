package fixedit_test

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"golang.org/x/tools/go/analysis"
)

const rt = "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

// checked is a parsed and type-checked single-file package.
type checked struct {
	fset *token.FileSet
	file *ast.File
	info *types.Info
}

// check parses and type-checks src. Every import resolves to an empty
// package named after the last element of its path, so "imported and
// not used" errors are expected and ignored; any other error fails t.
func check(t *testing.T, src string) checked {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "a.go", src, parser.ParseComments)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, src)
	}
	info := &types.Info{
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{},
		Scopes:    map[ast.Node]*types.Scope{},
	}
	conf := types.Config{
		FakeImportC: true,
		Importer: importerFunc(func(p string) (*types.Package, error) {
			pkg := types.NewPackage(p, path.Base(p))
			pkg.MarkComplete()
			return pkg, nil
		}),
		Error: func(err error) {
			if msg := err.Error(); !strings.Contains(msg, "imported") || !strings.Contains(msg, "not used") {
				t.Errorf("type error: %v", err)
			}
		},
	}
	conf.Check("p", fset, []*ast.File{file}, info)
	return checked{fset, file, info}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// posOf returns the position of the first occurrence of at in the file,
// or of the file's last declaration if at is empty.
func (c checked) posOf(t *testing.T, src, at string) token.Pos {
	t.Helper()
	if at == "" {
		return c.file.Decls[len(c.file.Decls)-1].Pos()
	}
	i := strings.Index(src, at)
	if i < 0 {
		t.Fatalf("%q not in source", at)
	}
	return c.fset.File(c.file.FileStart).Pos(i)
}

func (c checked) apply(t *testing.T, src string, edits []analysis.TextEdit) string {
	t.Helper()
	out, err := fixedit.Apply([]byte(src), c.fset.File(c.file.FileStart), edits)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestAddImport(t *testing.T) {
	for _, test := range []struct {
		name      string
		src       string
		path      string // default rt
		preferred string // default: last element of path ("-" for "")
		at        string // where the name is used; default: the last decl
		wantName  string // default "oaiguard"
		want      string // default src (no edits)
	}{
		{
			name: "GroupedStdOnlyNewGroup",
			src: `package p

import (
	"fmt"
	"os"
)

func f() {}
`,
			want: `package p

import (
	"fmt"
	"os"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

func f() {}
`,
		},
		{
			// gofmt sorts a run as a whole: a standard path goes between
			// other paths, not after the last standard one.
			name: "GroupedOneRunMixed",
			src: `package p

import (
	"context"
	"github.com/x/y"
	"strings"
)
`,
			path:     "errors",
			wantName: "errors",
			want: `package p

import (
	"context"
	"errors"
	"github.com/x/y"
	"strings"
)
`,
		},
		{
			name: "GroupedOneRunMixedLast",
			src: `package p

import (
	"context"
	"github.com/x/y"
	"strings"
)
`,
			path:     "time",
			wantName: "time",
			want: `package p

import (
	"context"
	"github.com/x/y"
	"strings"
	"time"
)
`,
		},
		{
			name: "GroupedStdOnlyFirst",
			src: `package p

import (
	"fmt"
	"os"
)
`,
			path:     "context",
			wantName: "context",
			want: `package p

import (
	"context"
	"fmt"
	"os"
)
`,
		},
		{
			name: "GroupedStdOnlyMiddle",
			src: `package p

import (
	"fmt"
	"os"
)
`,
			path:     "io",
			wantName: "io",
			want: `package p

import (
	"fmt"
	"io"
	"os"
)
`,
		},
		{
			name: "GroupedStdOnlyLast",
			src: `package p

import (
	"fmt"
	"os"
)
`,
			path:     "strings",
			wantName: "strings",
			want: `package p

import (
	"fmt"
	"os"
	"strings"
)
`,
		},
		{
			name: "GroupedMixedFirst",
			src: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
	"github.com/z/y"
)
`,
			path: "example.com/rt/oaiguard",
			want: `package p

import (
	"fmt"
	"os"

	"example.com/rt/oaiguard"
	"github.com/a/x"
	"github.com/z/y"
)
`,
		},
		{
			name: "GroupedMixedMiddle",
			src: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
	"github.com/z/y"
)
`,
			want: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	"github.com/z/y"
)
`,
		},
		{
			name: "GroupedMixedLast",
			src: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
	"github.com/z/y"
)
`,
			path: "gopkg.in/oaiguard",
			want: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
	"github.com/z/y"
	"gopkg.in/oaiguard"
)
`,
		},
		{
			name: "GroupedMixedStd",
			src: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
)
`,
			path:     "io",
			wantName: "io",
			want: `package p

import (
	"fmt"
	"io"
	"os"

	"github.com/a/x"
)
`,
		},
		{
			name: "GroupedMixedStdLast",
			src: `package p

import (
	"fmt"
	"os"

	"github.com/a/x"
)
`,
			path:     "time",
			wantName: "time",
			want: `package p

import (
	"fmt"
	"os"
	"time"

	"github.com/a/x"
)
`,
		},
		{
			name: "GroupedThreeGroups",
			src: `package p

import (
	"fmt"

	"github.com/openai/openai-go/v3"
	"github.com/sashabaranov/go-openai"

	"example.com/app/internal/db"
)
`,
			want: `package p

import (
	"fmt"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	"github.com/openai/openai-go/v3"
	"github.com/sashabaranov/go-openai"

	"example.com/app/internal/db"
)
`,
		},
		{
			name: "GroupedNonStdOnlyAddStd",
			src: `package p

import (
	"github.com/a/x"
)
`,
			path:     "context",
			wantName: "context",
			want: `package p

import (
	"context"

	"github.com/a/x"
)
`,
		},
		{
			name: "GroupedComments",
			src: `package p

import (
	// Standard library.
	"fmt" // for Println
	"os"  /* for Exit */

	// The SDK.
	"github.com/a/x"
	// z is documented.
	"github.com/z/y" // trailing
	// free
)
`,
			want: `package p

import (
	// Standard library.
	"fmt" // for Println
	"os"  /* for Exit */

	// The SDK.
	"github.com/a/x"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	// z is documented.
	"github.com/z/y" // trailing
	// free
)
`,
		},
		{
			name: "GroupedCommentsAfterTrailing",
			src: `package p

import (
	"fmt" // for Println

	"github.com/a/x" // trailing
	// free comment
)
`,
			path: "github.com/b/oaiguard",
			want: `package p

import (
	"fmt" // for Println

	"github.com/a/x" // trailing
	"github.com/b/oaiguard"
	// free comment
)
`,
		},
		{
			name: "GroupedStdOnlyTrailingComment",
			src: `package p

import (
	"fmt"
	"os" // for Exit
)
`,
			want: `package p

import (
	"fmt"
	"os" // for Exit

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)
`,
		},
		{
			name: "GroupedDotAndBlank",
			src: `package p

import (
	_ "embed"
	. "fmt"

	_ "github.com/lib/pq"
	. "github.com/z/y"
)
`,
			want: `package p

import (
	_ "embed"
	. "fmt"

	_ "github.com/lib/pq"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	. "github.com/z/y"
)
`,
		},
		{
			name: "GroupedEmpty",
			src: `package p

import ()
`,
			want: `package p

import (
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)
`,
		},
		{
			name: "UngroupedSingle",
			src: `package p

import "fmt"

func f() {}
`,
			want: `package p

import "fmt"

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() {}
`,
		},
		{
			name: "UngroupedSingleTrailingComment",
			src: `package p

import "github.com/z/y" // comment

func f() {}
`,
			want: `package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
import "github.com/z/y" // comment

func f() {}
`,
		},
		{
			name: "UngroupedSeveral",
			src: `package p

import "fmt"
import "os"
import "github.com/a/x"
import "github.com/z/y"

func f() {}
`,
			want: `package p

import "fmt"
import "os"
import "github.com/a/x"
import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
import "github.com/z/y"

func f() {}
`,
		},
		{
			name: "UngroupedSeveralStd",
			src: `package p

import "fmt"
import "os"

func f() {}
`,
			path:     "io",
			wantName: "io",
			want: `package p

import "fmt"
import "io"
import "os"

func f() {}
`,
		},
		{
			name: "UngroupedDocumented",
			src: `package p

import "github.com/a/x"

// y is documented.
import "github.com/z/y"
`,
			want: `package p

import "github.com/a/x"

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

// y is documented.
import "github.com/z/y"
`,
		},
		{
			name: "UngroupedAddStd",
			src: `package p

import "github.com/a/x"

func f() {}
`,
			path:     "context",
			wantName: "context",
			want: `package p

import "context"

import "github.com/a/x"

func f() {}
`,
		},
		{
			name: "NoImports",
			src: `package p

func f() {}
`,
			want: `package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() {}
`,
		},
		{
			name: "NoImportsPackageDoc",
			src: `// Package p does things.
package p // import "example.com/p"

// f is documented.
func f() {}
`,
			want: `// Package p does things.
package p // import "example.com/p"

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

// f is documented.
func f() {}
`,
		},
		{
			name: "NoImportsBuildTag",
			src: `//go:build linux && !cgo

// Package p does things.
package p

var v = 1
`,
			want: `//go:build linux && !cgo

// Package p does things.
package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

var v = 1
`,
		},
		{
			name: "NoDecls",
			src: `package p
`,
			at: "p",
			want: `package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
`,
		},
		{
			name: "CgoOnly",
			src: `package p

// #include <stdio.h>
import "C"

func f() {}
`,
			want: `package p

// #include <stdio.h>
import "C"

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() {}
`,
		},
		{
			name: "CgoOnlyStd",
			src: `package p

// #include <stdio.h>
import "C"

func f() {}
`,
			path:     "context",
			wantName: "context",
			want: `package p

// #include <stdio.h>
import "C"

import "context"

func f() {}
`,
		},
		{
			name: "CgoAndGroup",
			src: `package p

// #include <stdio.h>
import "C"

import (
	"fmt"
)

func f() {}
`,
			path:     "context",
			wantName: "context",
			want: `package p

// #include <stdio.h>
import "C"

import (
	"context"
	"fmt"
)

func f() {}
`,
		},
		{
			name: "CgoAndSingle",
			src: `package p

import "fmt"

// #include <stdio.h>
import "C"

func f() {}
`,
			want: `package p

import "fmt"

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

// #include <stdio.h>
import "C"

func f() {}
`,
		},
		{
			name: "Reuse",
			src: `package p

import (
	"fmt"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

func f() {}
`,
		},
		{
			name: "ReuseRenamed",
			src: `package p

import rt "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() {}
`,
			wantName: "rt",
		},
		{
			name: "ReuseNotShadowedElsewhere",
			src: `package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() { oaiguard := 1; _ = oaiguard }

func g() { call() }

func call() {}
`,
			at: "call() }",
		},
		{
			name: "ShadowedImport",
			src: `package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() {
	oaiguard := 1
	_ = oaiguard
	call()
}

func call() {}
`,
			at:       "call()",
			wantName: "oaiguard2",
			want: `package p

import "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

import oaiguard2 "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f() {
	oaiguard := 1
	_ = oaiguard
	call()
}

func call() {}
`,
		},
		{
			name: "BlankImport",
			src: `package p

import (
	_ "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)
`,
			want: `package p

import (
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	_ "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)
`,
		},
		{
			name: "DotImport",
			src: `package p

import (
	"fmt"

	. "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)
`,
			want: `package p

import (
	"fmt"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	. "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)
`,
		},
		{
			name: "PackageLevelConflict",
			src: `package p

import "fmt"

var oaiguard = 1
`,
			wantName: "oaiguard2",
			want: `package p

import "fmt"

import oaiguard2 "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

var oaiguard = 1
`,
		},
		{
			name: "LocalShadow",
			src: `package p

func f(oaiguard int) {
	call()
}

func call() {}
`,
			at:       "call()",
			wantName: "oaiguard2",
			want: `package p

import oaiguard2 "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

func f(oaiguard int) {
	call()
}

func call() {}
`,
		},
		{
			name: "FreshNameSkipsTaken",
			src: `package p

type oaiguard struct{}

func f() { oaiguard2 := 0; _ = oaiguard2 }
`,
			wantName: "oaiguard3",
			want: `package p

import oaiguard3 "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"

type oaiguard struct{}

func f() { oaiguard2 := 0; _ = oaiguard2 }
`,
		},
		{
			name: "UniverseConflict",
			src: `package p

func f() {}
`,
			path:      "example.com/x/new",
			preferred: "new",
			wantName:  "new2",
			want: `package p

import new2 "example.com/x/new"

func f() {}
`,
		},
		{
			name: "PreferredRename",
			src: `package p

import (
	"fmt"

	"github.com/z/y"
)
`,
			preferred: "oairt",
			wantName:  "oairt",
			want: `package p

import (
	"fmt"

	oairt "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	"github.com/z/y"
)
`,
		},
		{
			name: "EmptyPreferred",
			src: `package p

func f() {}
`,
			path:      "example.com/x/v3",
			preferred: "-",
			wantName:  "v3",
			want: `package p

import "example.com/x/v3"

func f() {}
`,
		},
	} {
		t.Run(test.name, func(t *testing.T) {
			if test.path == "" {
				test.path = rt
			}
			switch test.preferred {
			case "":
				test.preferred = path.Base(test.path)
			case "-":
				test.preferred = ""
			}
			if test.wantName == "" {
				test.wantName = "oaiguard"
			}
			if test.want == "" {
				test.want = test.src
			}
			if out, err := format.Source([]byte(test.src)); err != nil || string(out) != test.src {
				t.Fatalf("input is not gofmt-clean (%v):\n%s", err, out)
			}

			c := check(t, test.src)
			pos := c.posOf(t, test.src, test.at)
			name, edits := fixedit.AddImport(c.fset, c.info, c.file, test.path, test.preferred, pos)
			if name != test.wantName {
				t.Errorf("name = %q, want %q", name, test.wantName)
			}
			for _, e := range edits {
				if e.End != e.Pos {
					t.Errorf("edit %+v is not a pure insertion", e)
				}
			}
			if !strings.Contains(test.src, "import ()") { // the one edit inside a line
				lineEdits(t, c, edits)
			}
			got := c.apply(t, test.src, edits)
			if got != test.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, test.want)
			}
			if out, err := format.Source([]byte(got)); err != nil || string(out) != got {
				t.Errorf("output is not gofmt-clean (%v); gofmt gives:\n%s", err, out)
			}

			// In the output, name must denote the package at pos (which
			// moved by the length of the insertions, all of which precede it).
			shift := len(got) - len(test.src)
			offset := c.fset.File(c.file.FileStart).Offset(pos) + shift
			c2 := check(t, got)
			pos2 := c2.fset.File(c2.file.FileStart).Pos(offset)
			scope := c2.info.Scopes[c2.file].Innermost(pos2)
			if scope == nil {
				scope = c2.info.Scopes[c2.file]
			}
			_, obj := scope.LookupParent(name, pos2)
			if pkgName, ok := obj.(*types.PkgName); !ok || pkgName.Imported().Path() != test.path {
				t.Errorf("in the output, %s at offset %d denotes %v, want package %q", name, offset, obj, test.path)
			}
		})
	}
}

// TestAddImportIdenticalEdits checks that fixes for two diagnostics in
// one file add the import with byte-identical edits, so that drivers
// merge them (go vet -fix) or drop the duplicate (golangci-lint, nogo),
// even when the name is shadowed at one of the positions.
func TestAddImportIdenticalEdits(t *testing.T) {
	for _, src := range []string{
		`package p

import (
	"context"

	"github.com/openai/openai-go/v3"
)

func f() { call() }

func g(oaiguard int) { call() }

func call() {}
`,
		`package p

func f() { call() }

func g() { call() }

func call() {}
`,
	} {
		c := check(t, src)
		var (
			names []string
			all   [][]analysis.TextEdit
		)
		for _, at := range []string{"call() }\n\nfunc g", "call() }\n\nfunc call"} {
			name, edits := fixedit.AddImport(c.fset, c.info, c.file, rt, "oaiguard", c.posOf(t, src, at))
			if len(edits) == 0 {
				t.Fatalf("no edits (name %q)", name)
			}
			names = append(names, name)
			all = append(all, edits)
		}
		if names[0] != names[1] {
			t.Errorf("names differ: %q vs %q", names[0], names[1])
		}
		if len(all[0]) != len(all[1]) {
			t.Fatalf("edits differ: %+v vs %+v", all[0], all[1])
		}
		for i := range all[0] {
			a, b := all[0][i], all[1][i]
			if a.Pos != b.Pos || a.End != b.End || !bytes.Equal(a.NewText, b.NewText) {
				t.Errorf("edit %d differs: %+v vs %+v", i, a, b)
			}
		}
	}
}

func TestDeleteImport(t *testing.T) {
	for _, test := range []struct {
		name, src, path, want string
		ok                    bool
	}{
		{"middle", "package p\n\nimport (\n\t\"a\"\n\t\"b\"\n\t\"c\"\n)\n", "b", "package p\n\nimport (\n\t\"a\"\n\t\"c\"\n)\n", true},
		{"first", "package p\n\nimport (\n\t\"a\"\n\t\"b\"\n)\n", "a", "package p\n\nimport (\n\t\"b\"\n)\n", true},
		{"alone in its run, last", "package p\n\nimport (\n\t\"a\"\n\n\t\"x/b\"\n)\n", "x/b", "package p\n\nimport (\n\t\"a\"\n)\n", true},
		{"alone in its run, first", "package p\n\nimport (\n\t\"a\"\n\n\t\"x/b\"\n)\n", "a", "package p\n\nimport (\n\t\"x/b\"\n)\n", true},
		{"alone in its run, middle", "package p\n\nimport (\n\t\"a\"\n\n\t\"x/b\"\n\n\t\"y/c\"\n)\n", "x/b", "package p\n\nimport (\n\t\"a\"\n\n\t\"y/c\"\n)\n", true},
		{"with comments", "package p\n\nimport (\n\t\"a\"\n\t// why\n\t\"b\" // note\n)\n", "b", "package p\n\nimport (\n\t\"a\"\n)\n", true},
		{"lone import", "package p\n\nimport (\n\t\"a\"\n)\n", "a", "", false},
		{"unparenthesized", "package p\n\nimport \"a\"\n\nfunc f() {}\n", "a", "package p\n\nfunc f() {}\n", true},
		{"unparenthesized among others", "package p\n\nimport \"a\"\nimport \"b\"\n\nimport \"x/c\"\n", "x/c", "package p\n\nimport \"a\"\nimport \"b\"\n", true},
		{"shares a line", "package p\n\nimport (\"a\"; \"b\")\n", "a", "", false},
		{"cgo", "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"a\"\n", "C", "", false},
	} {
		t.Run(test.name, func(t *testing.T) {
			c := check(t, test.src)
			var spec *ast.ImportSpec
			for _, s := range c.file.Imports {
				if s.Path.Value == `"`+test.path+`"` {
					spec = s
				}
			}
			im := fixedit.NewImports(c.fset, c.info, c.file)
			ok := im.Delete(spec)
			if ok != test.ok {
				t.Fatalf("ok = %v", ok)
			}
			if !ok {
				if edits := im.Edits(); len(edits) != 0 {
					t.Errorf("declined, but edits %+v", edits)
				}
				return
			}
			edits := im.Edits()
			lineEdits(t, c, edits)
			got := c.apply(t, test.src, edits)
			if got != test.want {
				t.Errorf("got\n%s\nwant\n%s", got, test.want)
			}
			if out, err := format.Source([]byte(got)); err != nil || string(out) != got {
				t.Errorf("output is not gofmt-clean (%v):\n%s", err, got)
			}
		})
	}
}

// lineEdits fails unless every edit is whole lines: an insertion at the
// start of a line that ends in a newline, or a deletion of exactly one
// line.
func lineEdits(t *testing.T, c checked, edits []analysis.TextEdit) {
	t.Helper()
	tf := c.fset.File(c.file.FileStart)
	atLineStart := func(p token.Pos) bool {
		pos := tf.Position(p)
		return pos.Column == 1 || int(p) == tf.Base()+tf.Size()
	}
	for _, e := range edits {
		switch {
		case !atLineStart(e.Pos) || !atLineStart(e.End):
			t.Errorf("edit %+v does not start and end at the start of a line", e)
		case e.Pos == e.End && !strings.HasSuffix(string(e.NewText), "\n"):
			t.Errorf("insertion %q does not end a line", e.NewText)
		case e.Pos != e.End && (len(e.NewText) != 0 || tf.Line(e.End)-tf.Line(e.Pos) != 1 && int(e.End) != tf.Base()+tf.Size()):
			t.Errorf("deletion %+v is not exactly one line", e)
		}
	}
}

// TestAddImportCommentInsideSpec: a spec with a comment between its name
// and its path is gofmt-clean alone in its run, but gofmt moves the comment
// after the path once the run has two specs. An added import must not join
// that run (issue 9).
func TestAddImportCommentInsideSpec(t *testing.T) {
	srcs := []string{`package p

import (
	"context"

	openai /* sdk */ "github.com/openai/openai-go/v3"
)
`, `package p

import (
	openai /* sdk */ "github.com/openai/openai-go/v3"
)
`, `package p

import (
	ctx /* std */ "context"

	openai /* sdk */ "github.com/openai/openai-go/v3"
)
`, `package p

import "context"
import openai /* sdk */ "github.com/openai/openai-go/v3"
`, `package p

import (
	"context"

	"github.com/b/b"

	openai /* sdk */ "github.com/openai/openai-go/v3"
)
`}
	for _, src := range srcs {
		src += "\nvar _ = 0\n"
		if !gofmtClean(src) {
			t.Fatalf("the test's source is not gofmt-clean:\n%s", src)
		}
		for _, p := range []string{rt, "errors", "strings", "github.com/zz/z", "github.com/a/a", "github.com/openai/openai-go/v3/option"} {
			c := check(t, src)
			_, edits := fixedit.AddImport(c.fset, c.info, c.file, p, "", c.posOf(t, src, ""))
			out := c.apply(t, src, edits)
			if !strings.Contains(out, strconv.Quote(p)) {
				t.Errorf("adding %s added nothing:\n%s", p, out)
			}
			if !gofmtClean(out) {
				formatted, _ := format.Source([]byte(out))
				t.Errorf("adding %s leaves a file that is not gofmt-clean:\n%s\ngofmt:\n%s", p, out, formatted)
			}
		}
	}
}

func gofmtClean(src string) bool {
	out, err := format.Source([]byte(src))
	return err == nil && string(out) == src
}
