package fixtest

import (
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
