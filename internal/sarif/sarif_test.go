package sarif

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestTextRegion: columns count UTF-16 code units (é is one, 😀 two, an
// invalid byte one), lines and columns are 1-based, and Offset inverts it.
func TestTextRegion(t *testing.T) {
	src := []byte("ab\né😀x\xffy\n\nz")
	for _, tc := range []struct {
		sub                      string
		line, col, endLine, endC int
	}{
		{"ab", 1, 1, 1, 3},
		{"x", 2, 4, 2, 5},
		{"y", 2, 6, 2, 7},
		{"😀x", 2, 2, 2, 5},
		{"y\n\nz", 2, 6, 4, 2},
	} {
		start := bytes.Index(src, []byte(tc.sub))
		r := TextRegion(src, start, start+len(tc.sub))
		if r.StartLine != tc.line || r.StartColumn != tc.col || r.EndLine != tc.endLine || r.EndColumn != tc.endC || *r.ByteOffset != start || *r.ByteLength != len(tc.sub) {
			t.Errorf("%q: %d:%d-%d:%d, want %d:%d-%d:%d", tc.sub, r.StartLine, r.StartColumn, r.EndLine, r.EndColumn, tc.line, tc.col, tc.endLine, tc.endC)
		}
		if off, ok := Offset(src, r.StartLine, r.StartColumn); !ok || off != start {
			t.Errorf("%q: Offset(%d, %d) = %d, %v; want %d", tc.sub, r.StartLine, r.StartColumn, off, ok, start)
		}
		if off, ok := Offset(src, r.EndLine, r.EndColumn); !ok || off != start+len(tc.sub) {
			t.Errorf("%q: end Offset = %d, %v; want %d", tc.sub, off, ok, start+len(tc.sub))
		}
	}
	// Inside the surrogate pair of 😀, past the line, past the text.
	for _, lc := range [][2]int{{2, 3}, {1, 5}, {9, 1}} {
		if off, ok := Offset(src, lc[0], lc[1]); ok {
			t.Errorf("Offset(%d, %d) = %d, want not ok", lc[0], lc[1], off)
		}
	}
}

// TestEmptyResults: a run with no results writes "results": [], which
// says the tool ran and found nothing.
func TestEmptyResults(t *testing.T) {
	var b strings.Builder
	log := &Log{Schema: Schema, Version: Version, Runs: []Run{{Tool: Tool{Driver: Driver{Name: "x"}}, Results: []Result{}}}}
	if err := log.Write(&b); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"results": []`) {
		t.Errorf("no empty results list:\n%s", b.String())
	}
}
