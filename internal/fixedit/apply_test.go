package fixedit_test

import (
	"go/token"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"golang.org/x/tools/go/analysis"
)

func TestApply(t *testing.T) {
	const src = "0123456789"
	fset := token.NewFileSet()
	other := fset.AddFile("other.go", -1, 5)
	f := fset.AddFile("a.go", -1, len(src))
	at := func(offset int) token.Pos { return f.Pos(offset) }
	edit := func(pos, end token.Pos, text string) analysis.TextEdit {
		return analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)}
	}

	for _, test := range []struct {
		name  string
		edits []analysis.TextEdit
		want  string // or error substring, if wantErr
		err   bool
	}{
		{"None", nil, src, false},
		{"Replace", []analysis.TextEdit{edit(at(2), at(4), "x")}, "01x456789", false},
		{"Delete", []analysis.TextEdit{edit(at(0), at(10), "")}, "", false},
		{"InsertNoPosEnd", []analysis.TextEdit{edit(at(3), token.NoPos, "x")}, "012x3456789", false},
		{"InsertAtEOF", []analysis.TextEdit{edit(at(10), at(10), "x")}, "0123456789x", false},
		{"Unsorted", []analysis.TextEdit{edit(at(8), at(9), "b"), edit(at(1), at(2), "a")}, "0a234567b9", false},
		{"InsertionsKeepOrder", []analysis.TextEdit{edit(at(5), at(5), "a"), edit(at(5), at(5), "b")}, "01234ab56789", false},
		{"InsertBeforeReplace", []analysis.TextEdit{edit(at(5), at(7), "R"), edit(at(5), at(5), "i")}, "01234iR789", false},
		{"Adjacent", []analysis.TextEdit{edit(at(2), at(4), "x"), edit(at(4), at(6), "y")}, "01xy6789", false},
		{"Overlap", []analysis.TextEdit{edit(at(2), at(5), "x"), edit(at(4), at(6), "y")}, "overlapping", true},
		{"InsertInsideReplace", []analysis.TextEdit{edit(at(2), at(5), "x"), edit(at(3), at(3), "y")}, "overlapping", true},
		{"EndBeforePos", []analysis.TextEdit{edit(at(5), at(4), "x")}, "before it starts", true},
		{"NoPos", []analysis.TextEdit{edit(token.NoPos, token.NoPos, "x")}, "outside", true},
		{"OtherFile", []analysis.TextEdit{edit(other.Pos(1), other.Pos(1), "x")}, "outside", true},
		{"PastEOF", []analysis.TextEdit{edit(at(9), at(9)+2, "x")}, "outside", true},
	} {
		t.Run(test.name, func(t *testing.T) {
			out, err := fixedit.Apply([]byte(src), f, test.edits)
			switch {
			case test.err && (err == nil || !strings.Contains(err.Error(), test.want)):
				t.Errorf("Apply = %q, %v; want error containing %q", out, err, test.want)
			case !test.err && (err != nil || string(out) != test.want):
				t.Errorf("Apply = %q, %v; want %q", out, err, test.want)
			}
		})
	}

	if _, err := fixedit.Apply([]byte("short"), f, nil); err == nil {
		t.Errorf("Apply with src of the wrong size succeeded")
	}
}
