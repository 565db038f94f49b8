package fixtest

import (
	"strings"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"
)

// TestValidEdits holds validEdits to golangci-lint's validateEdits: twins
// count once only next to each other, insertions at one point never
// overlap, and a replacement that starts inside another does.
func TestValidEdits(t *testing.T) {
	a := udiff.Edit{Start: 5, End: 5, New: "import \"a\"\n"}
	b := udiff.Edit{Start: 5, End: 5, New: "import \"b\"\n"}
	cut := udiff.Edit{Start: 2, End: 8, New: ""}
	inside := udiff.Edit{Start: 6, End: 9, New: "x"}
	for _, c := range []struct {
		name  string
		in    []udiff.Edit
		count int
		ok    bool
	}{
		{"twins", []udiff.Edit{a, a}, 1, true},
		{"twins apart", []udiff.Edit{a, b, a}, 3, true},
		{"two insertions", []udiff.Edit{b, a}, 2, true},
		{"overlap", []udiff.Edit{cut, inside}, 2, false},
		{"insertion in a cut", []udiff.Edit{cut, a}, 2, false},
	} {
		out, ok := validEdits(c.in)
		if len(out) != c.count || ok != c.ok {
			t.Errorf("%s: %d edits, ok=%v; want %d, %v", c.name, len(out), ok, c.count, c.ok)
		}
	}
}

// TestGoimportsMergesDeclarations: pooled raw, two fixes that add different
// import declarations at one point and a third that repeats one leave
// `import "a"` twice among one-line declarations (issue 9's last broken
// case); goimports merges the declarations into one group and drops the
// repeated spec, as x/tools' imports.Process does.
func TestGoimportsMergesDeclarations(t *testing.T) {
	src := `package p

import "context"

import "example.com/a"
import "example.com/b"
import "example.com/a"
import "example.com/sdk"

var _ = context.Background
`
	out, err := (&Universe{}).Goimports([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := `package p

import (
	"context"

	"example.com/a"
	"example.com/b"
	"example.com/sdk"
)

var _ = context.Background
`
	if string(out) != want {
		t.Errorf("goimports gave\n%s\nwant\n%s", out, want)
	}
}

// TestGoimportsKeepsRenamedRepeat documents why fixedit.Imports.Add puts a
// renamed spec added among one-line declarations where no other spec goes:
// goimports' merge of one-line declarations moves a renamed spec's path but
// not its name, so the renamed spec stays in a run of its own and its
// repeat is kept. If this fails, goimports got better.
func TestGoimportsKeepsRenamedRepeat(t *testing.T) {
	src := `package p

import "context"

import x "example.com/a"
import "example.com/b"
import x "example.com/a"

var _ = context.Background
var _ = x.A
`
	out, err := (&Universe{}).Goimports([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), `x "example.com/a"`); n != 2 {
		t.Errorf("goimports kept %d renamed specs, want the 2 goimports is known to keep:\n%s", n, out)
	}
}
