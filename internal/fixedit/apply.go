package fixedit

import (
	"bytes"
	"cmp"
	"fmt"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// Apply returns the result of applying edits to src, the content of
// tokFile, as analysis drivers do: without formatting. Tests use it to
// check that a fix's raw output is what gopls users see, e.g. that it is
// gofmt-clean (format.Source(out) equals out).
//
// Like the drivers' validation, Apply stably sorts the edits by
// position (so insertions at one point keep their order) and rejects
// an edit that ends before it starts or lies outside tokFile, and
// edits that overlap. An End of token.NoPos means End == Pos.
func Apply(src []byte, tokFile *token.File, edits []analysis.TextEdit) ([]byte, error) {
	if tokFile.Size() != len(src) {
		return nil, fmt.Errorf("%s: file size %d, but len(src) = %d", tokFile.Name(), tokFile.Size(), len(src))
	}
	type span struct {
		start, end int
		text       []byte
	}
	inFile := func(p token.Pos) bool {
		return tokFile.Base() <= int(p) && int(p) <= tokFile.Base()+tokFile.Size()
	}
	spans := make([]span, 0, len(edits))
	for i, e := range edits {
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		switch {
		case !inFile(e.Pos) || !inFile(end):
			return nil, fmt.Errorf("edit #%d [%d, %d) is outside %s", i, e.Pos, end, tokFile.Name())
		case end < e.Pos:
			return nil, fmt.Errorf("edit #%d ends (%d) before it starts (%d)", i, end, e.Pos)
		}
		spans = append(spans, span{tokFile.Offset(e.Pos), tokFile.Offset(end), e.NewText})
	}
	slices.SortStableFunc(spans, func(x, y span) int {
		return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end))
	})

	var out bytes.Buffer
	last := 0
	for _, s := range spans {
		if s.start < last {
			return nil, fmt.Errorf("overlapping edits at %v", tokFile.Position(tokFile.Pos(s.start)))
		}
		out.Write(src[last:s.start])
		out.Write(s.text)
		last = s.end
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}
