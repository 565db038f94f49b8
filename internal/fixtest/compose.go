package fixtest

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"slices"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// maxRounds bounds the runs of go fix Compose simulates.
const maxRounds = 3

// Errorf is what Compose reports failures to (a *testing.T).
type Errorf interface {
	Errorf(format string, args ...any)
	Logf(format string, args ...any)
	Helper()
}

// Report counts what Compose checked.
type Report struct {
	Fixes int // fixes offered in the file
	// Rounds counts the runs of go fix it takes until no fix is offered:
	// 1 unless a fix kept code whose own fix it had made yield (see
	// brokenretry.Result).
	Rounds int
	// Orders counts the orders of applying them one at a time (0 when the
	// file has more fixes than Compose explores), and States the distinct
	// files those orders pass through.
	Orders, States int
}

// Compose checks how the fixes in the file named name of the package path
// (whose sources are files) compose, and reports failures to t:
//
//   - no two fixes overlap, so that every driver applies them all, in any
//     order, to the same effect;
//   - all fixes merged at once as go fix merges them (no conflict, which
//     would make go fix apply nothing), then tidied as go fix tidies (unused
//     imports removed, gofmt), give a file that parses and type-checks; if
//     a check offers a fix there, the same again (Rounds), at most three
//     times;
//   - when the file has at most maxOrders fixes: applied raw one at a time,
//     as gopls applies a quick fix, each re-analysed after the last, in
//     every order, each file on the way parses, is gofmt-clean and
//     type-checks, and every order ends where the merge did; with more
//     fixes, each applied alone does;
//   - every message is one line.
func (u *Universe) Compose(t Errorf, analyzers []*analysis.Analyzer, path string, files []File, name string, maxOrders int) Report {
	t.Helper()
	var src []byte
	for _, f := range files {
		if f.Name == name {
			src = f.Src
		}
	}
	var rep Report
	st, err := u.state(analyzers, path, files, name, src)
	if err != nil || len(st.errs) > 0 {
		t.Errorf("%s: does not check before any fix: %v %v", name, err, st.errs)
		return rep
	}
	fixed := st.fixable()
	rep.Fixes = len(fixed)
	if len(fixed) == 0 {
		return rep
	}
	for _, pair := range u.Overlaps(fixed) {
		t.Errorf("fixes overlap:\n\t%s\n\t%s", pair[0], pair[1])
	}

	// All at once, as go fix does; again while fixes are offered (the
	// user re-runs), up to maxRounds times.
	tidy := src
	for round, fs := 1, fixed; len(fs) > 0; round++ {
		if round > maxRounds {
			t.Errorf("%s: fixes are still offered after %d rounds of go fix: %v", name, maxRounds, fs)
			return rep
		}
		rep.Rounds = round
		merged, dropped := u.Merge(fs)
		for _, f := range dropped {
			t.Errorf("%s: fix conflicts with the others in the merge (go fix would apply none): %s", name, f)
		}
		out, err := udiff.ApplyBytes(tidy, merged)
		if err != nil {
			t.Errorf("%s: merged fixes do not apply: %v", name, err)
			return rep
		}
		if _, err := parser.ParseFile(token.NewFileSet(), name, out, parser.SkipObjectResolution); err != nil {
			t.Errorf("%s: all fixes together leave a file that does not parse: %v\n%s", name, err, out)
			return rep
		}
		if tidy, err = fixedit.Tidy(out, u.PackageNames()); err != nil {
			t.Errorf("%s: tidy: %v", name, err)
			return rep
		}
		all, err := u.state(analyzers, path, files, name, tidy)
		switch {
		case err != nil:
			t.Errorf("%s: all fixes together: %v", name, err)
			return rep
		case len(all.errs) > 0:
			t.Errorf("%s: all fixes together do not compile: %v\n%s", name, all.errs, tidy)
			return rep
		}
		fs = all.fixable()
	}

	// All at once, raw: golangci-lint's way (its checks' edits pooled in
	// either order) and nogo's: see rawRuns.
	var checks []string
	for _, a := range analyzers {
		checks = append(checks, a.Name)
	}
	slices.Sort(checks)
	backwards := slices.Clone(checks)
	slices.Reverse(backwards)
	linter := func(order []string) func([]byte, []Finding) ([]byte, error) {
		return func(src []byte, fs []Finding) ([]byte, error) {
			out, _, err := u.RawLinter(src, fs, order)
			return out, err
		}
	}
	nogo := func(src []byte, fs []Finding) ([]byte, error) {
		out, _, err := u.RawFirst(src, fs)
		return out, err
	}
	u.rawRuns(t, analyzers, path, files, name, st, tidy, "golangci-lint --fix", linter(checks))
	u.rawRuns(t, analyzers, path, files, name, st, tidy, "golangci-lint --fix (checks pooled backwards)", linter(backwards))
	u.rawRuns(t, analyzers, path, files, name, st, tidy, "nogo", nogo)

	// One at a time, in every order; with more fixes than that allows,
	// each fix alone.
	orders := map[string]int{} // file text → orders from it to the end
	var explore func(st *state, depth int) int
	explore = func(st *state, depth int) int {
		if n, ok := orders[string(st.src)]; ok {
			return n
		}
		orders[string(st.src)] = 0 // cut cycles
		fs := st.fixable()
		if len(fs) == 0 {
			if !sameFile(st.src, tidy) {
				t.Errorf("%s: fixes applied one at a time end in\n%s\nbut merged at once in\n%s", name, st.src, tidy)
			}
			orders[string(st.src)] = 1
			return 1
		}
		if depth > len(fixed)+2 {
			t.Errorf("%s: fixes do not run out after %d applied one at a time; still offered: %v", name, depth, fs)
			return 0
		}
		if depth == 1 && len(fixed) > maxOrders {
			return 0
		}
		n := 0
		for _, f := range fs {
			next, err := udiff.ApplyBytes(st.src, u.Edits(f))
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if _, err := parser.ParseFile(token.NewFileSet(), name, next, parser.SkipObjectResolution); err != nil {
				t.Errorf("%s: applied alone, the fix leaves a file that does not parse: %v\n%s", f, err, next)
				continue
			}
			if !Gofmt(next) {
				formatted, _ := format.Source(next)
				t.Errorf("%s: applied alone, the fix is not gofmt-clean:\n%s", f, udiff.Unified("fixed", "gofmt", string(next), string(formatted)))
			}
			ns, err := u.state(analyzers, path, files, name, next)
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			if len(ns.errs) > 0 {
				t.Errorf("%s: applied alone, the fix does not compile: %v\n%s", f, ns.errs, next)
				continue
			}
			n += explore(ns, depth+1)
		}
		orders[string(st.src)] = n
		return n
	}
	n := explore(st, 0)
	if len(fixed) <= maxOrders {
		rep.Orders = n
	}
	rep.States = len(orders)
	return rep
}

// rawRuns applies the fixes of st's file as driver applies them, all at
// once and raw, again while fixes are offered. Raw, a run must leave a file
// that parses. Cleaned as golangci-lint's goimports formatter cleans it
// (which README's .golangci.yml enables, and which nogo users run on its
// patch): unused imports removed (fixedit.Tidy, what go fix does), then
// x/tools' imports.Process, goimports' own formatting, which merges the
// import declarations into one, sorts each run of specs and drops a spec
// repeated in it (see Goimports), it must compile, and the last run must end where go fix's merge
// and tidy ended (want). Raw alone cannot be more: fixes that are right
// applied alone, as gopls applies them, cannot also be right pooled with no
// cleanup when each of two removes one use of an import, or when two add
// different imports at one point (golangci-lint drops a repeated edit only
// next to its twin: a repeated import spec that goimports then drops).
//
// goimports does not drop a renamed repeat among one-line declarations
// (see TestGoimportsKeepsRenamedRepeat); fixedit.Imports.Add gives a
// renamed spec added among them an offset no other spec shares, so the
// pool keeps one copy whatever its order, and no limit is excused here.

func (u *Universe) rawRuns(t Errorf, analyzers []*analysis.Analyzer, path string, files []File, name string, st *state, want []byte, driver string, apply func([]byte, []Finding) ([]byte, error)) {
	t.Helper()
	for run := 1; ; run++ {
		fs := st.fixable()
		if len(fs) == 0 {
			end := st.src
			if formatted, err := format.Source(end); err == nil {
				end = formatted // trailing comments realigned, as go fix's tidy does
			}
			if !sameFile(end, want) {
				t.Errorf("%s: %s ends elsewhere than go fix:\n%s", name, driver, udiff.Unified("go fix", driver, string(want), string(st.src)))
			}
			return
		}
		if run > maxRounds {
			t.Errorf("%s: %s still offers fixes after %d runs: %v", name, driver, maxRounds, fs)
			return
		}
		out, err := apply(st.src, fs)
		if err != nil {
			t.Errorf("%s: %s: %v", name, driver, err)
			return
		}
		if _, err := parser.ParseFile(token.NewFileSet(), name, out, parser.SkipObjectResolution); err != nil {
			t.Errorf("%s: %s (run %d) leaves a file that does not parse: %v\n%s", name, driver, run, err, out)
			return
		}
		if out, err = u.Goimports(out); err != nil {
			t.Errorf("%s: %s (run %d) then goimports: %v", name, driver, run, err)
			return
		}
		if !Gofmt(out) {
			formatted, _ := format.Source(out)
			t.Errorf("%s: %s (run %d) then goimports leaves a file that is not gofmt-clean:\n%s", name, driver, run, udiff.Unified("fixed", "gofmt", string(out), string(formatted)))
		}
		next, err := u.state(analyzers, path, files, name, out)
		if err != nil {
			t.Errorf("%s: %s (run %d): %v", name, driver, run, err)
			return
		}
		if len(next.errs) > 0 {
			t.Errorf("%s: %s (run %d) then goimports leaves a file that does not compile: %v\n%s", name, driver, run, next.errs, out)
			return
		}
		st = next
	}
}

type state struct {
	name     string
	src      []byte
	errs     []error
	findings []Finding
}

// fixable returns the findings in the state's file that offer a fix.
func (s *state) fixable() []Finding {
	var out []Finding
	for _, f := range s.findings {
		if f.File == s.name && f.Fixed() {
			out = append(out, f)
		}
	}
	return out
}

// state checks and analyses the package with name holding src, and checks
// that every message is one line.
func (u *Universe) state(analyzers []*analysis.Analyzer, path string, files []File, name string, src []byte) (*state, error) {
	pkg, errs, err := u.Check(path, With(files, name, src))
	if err != nil {
		return nil, err
	}
	s := &state{name: name, src: src, errs: errs}
	if len(errs) > 0 {
		return s, nil
	}
	if s.findings, err = u.Analyze(analyzers, pkg); err != nil {
		return nil, err
	}
	for _, f := range s.findings {
		if strings.ContainsAny(f.Diag.Message, "\n\r") {
			return nil, fmt.Errorf("%s: the message spans lines: %q", f.Pos, f.Diag.Message)
		}
	}
	return s, nil
}

// sameFile reports whether a and b hold the same imports and the same code
// after them. The order of imports may differ: two fixes that add different
// imports at one place (among ungrouped imports, which gofmt does not sort)
// come out of x/tools' merge in the order it merged the fixes, and out of
// one-at-a-time application sorted.
func sameFile(a, b []byte) bool {
	split := func(src []byte) ([]string, []byte, bool) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return nil, nil, false
		}
		var specs []string
		for _, s := range f.Imports {
			name := ""
			if s.Name != nil {
				name = s.Name.Name
			}
			specs = append(specs, name+" "+s.Path.Value)
		}
		slices.Sort(specs)
		rest := 0
		if len(f.Decls) > 0 {
			rest = fset.Position(f.Decls[len(f.Decls)-1].End()).Offset
		}
		return specs, src[rest:], true
	}
	ia, ra, oka := split(a)
	ib, rb, okb := split(b)
	return oka && okb && slices.Equal(ia, ib) && bytes.Equal(ra, rb)
}
