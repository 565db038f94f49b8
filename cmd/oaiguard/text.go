package main

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// finding is one diagnostic of a root action, placed.
type finding struct {
	check    string
	pos, end token.Position
	message  string
	related  []analysis.RelatedInformation
	fset     *token.FileSet
}

// printText prints the root actions' diagnostics as go vet does
// ("file:line:col: message", each related position on a line of its own
// after it, and contextLines of source around each when it is not
// negative), in file and line order across checks: the checker prints
// them check by check, so that two findings on neighbouring lines of
// different checks came out far apart. A diagnostic reported twice (a
// file of both a package and its test variant) is printed once.
func printText(w io.Writer, acts []*checker.Action, contextLines int) error {
	var all []finding
	type key struct {
		pos, end       token.Position
		check, message string
	}
	seen := map[key]bool{}
	for _, act := range acts {
		if act.Err != nil || !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			f := finding{check: act.Analyzer.Name, pos: fset.Position(d.Pos), end: fset.Position(d.End), message: d.Message, related: d.Related, fset: fset}
			k := key{f.pos, f.end, f.check, f.message}
			if seen[k] {
				continue
			}
			seen[k] = true
			all = append(all, f)
		}
	}
	slices.SortStableFunc(all, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.pos.Filename, b.pos.Filename),
			cmp.Compare(a.pos.Line, b.pos.Line),
			cmp.Compare(a.pos.Column, b.pos.Column),
			cmp.Compare(a.check, b.check),
			cmp.Compare(a.message, b.message))
	})
	files := map[string][]string{}
	var b strings.Builder
	put := func(pos, end token.Position, message string) {
		fmt.Fprintf(&b, "%s: %s\n", pos, message)
		if contextLines < 0 || pos.Filename == "" {
			return
		}
		if !end.IsValid() {
			end = pos
		}
		lines, ok := files[pos.Filename]
		if !ok {
			data, _ := os.ReadFile(pos.Filename)
			lines = strings.Split(string(data), "\n")
			files[pos.Filename] = lines
		}
		for i := pos.Line - contextLines; i <= end.Line+contextLines; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(&b, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	for _, f := range all {
		put(f.pos, f.end, f.message)
		for _, r := range f.related {
			put(f.fset.Position(r.Pos), f.fset.Position(r.End), "\t"+r.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
