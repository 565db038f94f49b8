package main

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/fixedit"
	"github.com/oaiguard/oaiguard/internal/lint"
)

// vetProtocol reports whether the go command runs the binary as a vet or fix
// tool (-V=full, -flags, or a single *.cfg), or asks for help: multichecker
// serves those exactly as before.
func vetProtocol(args []string) bool {
	var operands []string
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") {
			return true
		}
		if !strings.HasPrefix(a, "-") {
			operands = append(operands, a)
		}
	}
	switch {
	case len(operands) == 0:
		return len(args) == 0 // no packages: multichecker's usage
	case operands[0] == "help":
		return true
	}
	return len(operands) == 1 && strings.HasSuffix(operands[0], ".cfg")
}

// standalone is `oaiguard [flags] packages`: it loads the packages (without
// their test variants unless -test: test files are never checked), runs the
// checks, and prints the findings or applies the fixes. A package that
// cannot be analysed gets one line. It returns the exit code: 2 for bad
// flags, 1 for errors (a package or check that could not be analysed, a fix
// that could not be applied), else 3 for findings in text mode and 0 for
// findings in the JSON and SARIF formats (the findings are the output, as
// with go vet -json) and with -fix. Errors go to stderr in every format;
// SARIF also records them as the invocation's notifications, and its log is
// written all the same, with what could be analysed.
func standalone(args []string, analyzers []*analysis.Analyzer, docs []*lint.Doc, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("oaiguard", flag.ContinueOnError)
	var (
		format  = fs.String("format", "text", "print the findings as `text`, json or sarif (SARIF 2.1.0, with the fixes)")
		jsonOut = fs.Bool("json", false, "same as -format=json")
		sarifOn = fs.Bool("sarif", false, "same as -format=sarif")
		fix     = fs.Bool("fix", false, "apply the first fix of each finding")
		diff    = fs.Bool("diff", false, "print the changes -fix would make as a diff, and write nothing (implies -fix)")
		context = fs.Int("c", -1, "print this many lines of source around each finding")
		tests   = fs.Bool("test", false, "load the packages' test variants too (test files are never checked; their calls count as callers)")
	)
	enabled := map[*analysis.Analyzer]*triState{}
	for _, a := range analyzers {
		t := new(triState)
		enabled[a] = t
		fs.Var(t, a.Name, "enable the "+a.Name+" check")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	usage := func() {
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, "usage: oaiguard [flags] packages\n       oaiguard help [check]\n\nFlags:\n")
		fs.PrintDefaults()
	}
	// The flag package prints the whole usage after a bad flag's error;
	// one line of error and a pointer to -help say it better.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return 0
		}
		fmt.Fprintf(stderr, "oaiguard: %v\nrun 'oaiguard -help' for usage\n", err)
		return 2
	}
	fs.SetOutput(stderr)
	if fs.NArg() == 0 {
		usage()
		return 2
	}
	// -diff alone asks for the diff: printing nothing would look like
	// no fixes.
	*fix = *fix || *diff
	out, err := outputFormat(*format, *jsonOut, *sarifOn, *fix)
	if err != nil {
		fmt.Fprintf(stderr, "oaiguard: %v\n", err)
		return 2
	}
	all := analyzers
	analyzers = selected(analyzers, enabled)
	var failures []string // what went to stderr, for SARIF's notifications
	fail := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		failures = append(failures, msg)
		fmt.Fprintf(stderr, "oaiguard: %s\n", msg)
	}

	ld, err := load(&packages.Config{Tests: *tests}, fs.Args(), needFacts(analyzers))
	var pkgs []*packages.Package
	if ld != nil {
		pkgs = ld.Roots
	}
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(fs.Args(), " "))
	}
	if err != nil {
		fmt.Fprintf(stderr, "oaiguard: %v\n", err)
		return 1
	}
	exit := 0
	var good []*packages.Package
	for i, p := range pkgs {
		if len(p.Errors) == 0 && p.IllTyped {
			// The checker would skip it and say only "analysis skipped
			// due to errors in package", once per check: name the
			// dependency that does not type-check, and its first error.
			if dep := brokenDep(p, map[*packages.Package]bool{}); dep != nil {
				fail("%s not analysed: its dependency %s has errors: %s", p.ID, dep.ID, oneLine(dep.Errors[0]))
				exit = 1
				continue
			}
		}
		if len(p.Errors) == 0 {
			good = append(good, ld.Checked[i])
			continue
		}
		shown := oneLine(firstCause(p))
		more := ""
		if n := unshown(p.Errors, shown); n > 0 {
			more = fmt.Sprintf(" (and %d more)", n)
		}
		fail("%s not analysed: %s%s", p.ID, shown, more)
		exit = 1
	}
	if len(good) == 0 && out != "sarif" {
		return exit
	}
	// Sequential: the checker's parallel mode starts a goroutine for
	// every action (each check on each package, and apicalls on each
	// dependency) at once, and nearly all wait on apicalls' bottom-up
	// facts: about 3,000 goroutines at once on a module of 300 packages,
	// whose stacks (about 4 KB each) were a third of what the checks cost
	// in peak memory over loading the packages (README, "Cost at scale").
	// Loading, the larger part of the work, stays parallel; the checks
	// give up using several cores.
	graph, err := checker.Analyze(analyzers, good, &checker.Options{Sequential: true})
	if err != nil {
		fmt.Fprintf(stderr, "oaiguard: %v\n", err)
		return 1
	}
	// One line per analysis that failed by itself; what failed because of
	// it (failed prerequisites) says nothing more.
	var ok []*checker.Action
	for _, act := range graph.Roots {
		if act.Err == nil {
			ok = append(ok, act)
		}
	}
	for act := range graph.All() {
		if act.Err != nil && !strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
			fail("%s: %v", act, act.Err)
			exit = 1
		}
	}
	graph = &checker.Graph{Roots: ok}

	if *fix {
		if err := applyFixes(ok, *diff, stdout); err != nil {
			fmt.Fprintf(stderr, "oaiguard: %v\n", err)
			return 1
		}
		return exit
	}
	switch out {
	case "sarif":
		docByName := map[string]*lint.Doc{}
		for _, d := range docs {
			docByName[d.Name] = d
		}
		log := sarifReport(all, analyzers, docByName, ok, sarifRoot(pkgs), failures)
		if err := log.Write(stdout); err != nil {
			fmt.Fprintf(stderr, "oaiguard: %v\n", err)
			return 1
		}
		return exit
	case "json":
		if err := graph.PrintJSON(stdout); err != nil {
			return 1
		}
		return exit
	}
	if err := printText(stderr, ok, *context); err != nil {
		return 1
	}
	for _, act := range ok {
		if len(act.Diagnostics) > 0 {
			return max(exit, 3)
		}
	}
	return exit
}

// outputFormat resolves -format and its shorthands -json and -sarif: they
// must agree, and -fix, which prints no findings, takes none but text.
func outputFormat(format string, jsonOut, sarifOn, fix bool) (string, error) {
	switch format {
	case "text", "json", "sarif":
	default:
		return "", fmt.Errorf("-format=%s: want text, json or sarif", format)
	}
	from := "-format=" + format
	for _, s := range []struct {
		on   bool
		name string
	}{{jsonOut, "json"}, {sarifOn, "sarif"}} {
		if !s.on {
			continue
		}
		if format != "text" && format != s.name {
			return "", fmt.Errorf("-%s and %s disagree", s.name, from)
		}
		format, from = s.name, "-"+s.name
	}
	if fix && format != "text" {
		return "", fmt.Errorf("-fix applies the fixes and prints no findings; it takes no -format=%s (-format=sarif carries the fixes in the log)", format)
	}
	return format, nil
}

// oneLine renders a package error on one line: the go command's errors
// carry a "# package" header line and a position of "-".
func oneLine(e packages.Error) string {
	var parts []string
	for _, l := range strings.Split(strings.ReplaceAll(e.Msg, ":\n\t", ": "), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			parts = append(parts, l)
		}
	}
	msg := strings.Join(parts, "; ")
	if e.Pos != "" && e.Pos != "-" {
		msg = e.Pos + ": " + msg
	}
	return msg
}

// triState is a check's enable flag: unset, true or false. If any is true,
// only those run; otherwise, all but those set false (as go vet's flags).
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) IsBoolFlag() bool { return true }
func (t *triState) String() string {
	switch *t {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}
func (t *triState) Set(s string) error {
	switch s {
	case "true", "1", "t", "T", "TRUE", "True":
		*t = setTrue
	case "false", "0", "f", "F", "FALSE", "False":
		*t = setFalse
	default:
		return fmt.Errorf("want true or false")
	}
	return nil
}

func selected(all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var yes, notNo []*analysis.Analyzer
	for _, a := range all {
		switch *enabled[a] {
		case setTrue:
			yes = append(yes, a)
			notNo = append(notNo, a)
		case unset:
			notNo = append(notNo, a)
		}
	}
	if len(yes) > 0 {
		return yes
	}
	return notNo
}

// needFacts reports whether an analyzer, or one it requires, uses facts:
// then the dependencies that reach an SDK are analysed too, from source
// (see load).
func needFacts(as []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer) bool
	visit = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		return slices.ContainsFunc(a.Requires, visit)
	}
	return slices.ContainsFunc(as, visit)
}

// applyFixes applies the first fix of each diagnostic as go fix does: fixes
// are merged one by one with x/tools' three-way merge (exported by
// go-udiff), a fix that conflicts is dropped (and reported, so that the user
// re-runs), and each file is then tidied (imports the merge left unused go,
// gofmt). Fixes to generated files are skipped. Before a file is written,
// and after, it must parse: a file that would not is left as it was, and
// the error names it and the checks whose fixes met there. With diff, the
// changes are printed as a unified diff instead.
func applyFixes(acts []*checker.Action, diff bool, stdout io.Writer) error {
	type fileState struct {
		tf     *token.File
		pkg    *packages.Package
		merged []udiff.Edit
		checks []string
	}
	files := map[string]*fileState{}
	seen := map[string]bool{} // fixes, by file and edits: test variants repeat them
	total, dropped := 0, 0
	for _, act := range acts {
		generated := map[*token.File]bool{}
		for _, f := range act.Package.Syntax {
			generated[act.Package.Fset.File(f.FileStart)] = ast.IsGenerated(f)
		}
	diags:
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			byFile := map[*token.File][]udiff.Edit{}
			for _, e := range d.SuggestedFixes[0].TextEdits {
				tf := act.Package.Fset.File(e.Pos)
				if tf == nil || generated[tf] {
					continue diags
				}
				end := e.End
				if !end.IsValid() {
					end = e.Pos
				}
				byFile[tf] = append(byFile[tf], udiff.Edit{Start: tf.Offset(e.Pos), End: tf.Offset(end), New: string(e.NewText)})
			}
			var parts []string
			for tf, edits := range byFile {
				udiff.SortEdits(edits)
				parts = append(parts, fmt.Sprint(tf.Name(), edits))
			}
			sort.Strings(parts)
			key := strings.Join(parts, "\n")
			if seen[key] {
				continue
			}
			seen[key] = true
			total++
			// The whole fix merges, or none of it.
			next := map[string][]udiff.Edit{}
			for tf, edits := range byFile {
				fs := files[tf.Name()]
				if fs == nil {
					fs = &fileState{tf: tf, pkg: act.Package}
					files[tf.Name()] = fs
				}
				merged, ok := udiff.Merge(fs.merged, edits)
				if !ok {
					dropped++
					continue diags
				}
				next[tf.Name()] = merged
			}
			for name, merged := range next {
				fs := files[name]
				fs.merged = merged
				if !slices.Contains(fs.checks, act.Analyzer.Name) {
					fs.checks = append(fs.checks, act.Analyzer.Name)
				}
			}
		}
	}

	var names []string
	for name, fs := range files {
		if len(fs.merged) > 0 {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var errs []error
	updated := 0
	for _, name := range names {
		fs := files[name]
		old, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(old) != fs.tf.Size() {
			errs = append(errs, fmt.Errorf("%s changed while it was analysed; not fixed", name))
			continue
		}
		out, err := udiff.ApplyBytes(old, fs.merged)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", name, err))
			continue
		}
		if err := parses(name, out); err != nil {
			errs = append(errs, fmt.Errorf("the fixes of %s would leave %s unparsable (%v); it is unchanged", strings.Join(fs.checks, ", "), name, err))
			continue
		}
		if tidy, err := fixedit.Tidy(out, packageNames(fs.pkg)); err == nil {
			out = tidy
		}
		if diff {
			io.WriteString(stdout, udiff.Unified(name+" (old)", name+" (new)", string(old), string(out)))
			continue
		}
		if err := writeChecked(name, old, out); err != nil {
			errs = append(errs, fmt.Errorf("%v (fixes of %s)", err, strings.Join(fs.checks, ", ")))
			continue
		}
		updated++
	}
	if dropped > 0 {
		errs = append(errs, fmt.Errorf("applied %d of %d fixes, %d files updated; %d conflicted with others (re-run to apply them)", total-dropped, total, updated, dropped))
	}
	return errors.Join(errs...)
}

// writeChecked writes out to name and reads it back: if what is there does
// not parse, it restores old.
func writeChecked(name string, old, out []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(name, out, info.Mode().Perm()); err != nil {
		return err
	}
	back, err := os.ReadFile(name)
	if err == nil {
		err = parses(name, back)
	}
	if err != nil {
		if rerr := os.WriteFile(name, old, info.Mode().Perm()); rerr != nil {
			return fmt.Errorf("%s does not parse after the fixes (%v) and could not be restored: %v", name, err, rerr)
		}
		return fmt.Errorf("%s does not parse after the fixes (%v); restored", name, err)
	}
	return nil
}

func parses(name string, src []byte) error {
	_, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
	return err
}

// packageNames maps the import paths the package reaches to package names,
// for fixedit.Tidy to tell an unused import.
func packageNames(pkg *packages.Package) map[string]string {
	names := map[string]string{}
	if pkg.Types == nil {
		return names
	}
	stack := pkg.Types.Imports()
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if _, ok := names[p.Path()]; ok {
			continue
		}
		names[p.Path()] = p.Name()
		stack = append(stack, p.Imports()...)
	}
	return names
}

// firstCause picks the error that says why p failed: the go command's
// (a missing go.sum entry, a missing module), its own or a direct
// import's, before the type checker's, which only sees the import fail
// ("could not import …: invalid package name").
// brokenDep returns the first dependency of p, in the order of import
// paths, depth first, that has errors of its own, or nil.
func brokenDep(p *packages.Package, seen map[*packages.Package]bool) *packages.Package {
	for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
		imp := p.Imports[path]
		if seen[imp] {
			continue
		}
		seen[imp] = true
		if len(imp.Errors) > 0 {
			return imp
		}
		if imp.IllTyped {
			if dep := brokenDep(imp, seen); dep != nil {
				return dep
			}
		}
	}
	return nil
}

// unshown counts the errors that the line shown does not already say: the
// go command's error for a package and the type checker's often report
// the same problem twice, and the go command's may hold several at once.
func unshown(errs []packages.Error, shown string) int {
	seen := map[string]bool{}
	n := 0
	for _, e := range errs {
		msg := oneLine(packages.Error{Msg: e.Msg})
		if seen[msg] || strings.Contains(shown, msg) {
			continue
		}
		seen[msg] = true
		n++
	}
	return n
}

func firstCause(p *packages.Package) packages.Error {
	for _, e := range p.Errors {
		if e.Kind == packages.ListError {
			return e
		}
	}
	for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
		for _, e := range p.Imports[path].Errors {
			if e.Kind == packages.ListError {
				return e
			}
		}
	}
	return p.Errors[0]
}
