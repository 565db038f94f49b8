package lint

import (
	"go/parser"
	"go/token"
	"testing"
)

// TestIgnoredSpans: a directive on a statement's first line, or the line
// above, covers every line of the statement (a field of a multi-line
// request literal), but not a loop's body, nor lines past the statement.
func TestIgnoredSpans(t *testing.T) {
	src := `package p

func f() {
	//oaiguard:ignore retired reviewed
	req := Req{
		Model: "gpt-4o", // line 6
	}
	use(req) // line 8
	//oaiguard:ignore brokenretry/nojitter reviewed
	for {
		use(Req{Model: "gpt-4o"}) // line 11
	}
	use(Req{ //oaiguard:ignore all reviewed
		Model: "gpt-4o", // line 14
	})
	go func() {
		use(1) // line 17
	}()
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ig := NewIgnores(fset, f)
	tf := fset.File(f.FileStart)
	for _, tc := range []struct {
		name string
		line int
		want bool
	}{
		{"retired", 5, true},
		{"retired", 6, true},
		{"retired", 7, true},
		{"unretried", 6, false},
		{"retired", 8, false},
		{"brokenretry/nojitter", 10, true},
		{"nojitter", 10, false}, // the Reporter asks with its check before the slash
		{"nojitter", 11, false},
		{"retired", 14, true},
		{"unretried", 14, true},
		{"unretried", 17, false},
	} {
		if got := ig.Ignored(tc.name, tf.LineStart(tc.line)); got != tc.want {
			t.Errorf("Ignored(%s, line %d) = %v, want %v", tc.name, tc.line, got, tc.want)
		}
	}
}
