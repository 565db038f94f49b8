package main

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/lint"
	"github.com/oaiguard/oaiguard/internal/sarif"
)

// The tool as SARIF names it.
const (
	toolName = "oaiguard"
	toolURI  = "https://github.com/oaiguard/oaiguard"
)

// sarifLevel is every rule's and result's level. The checks report code
// that will fail in production, but none is certain to: warning, as go vet.
const sarifLevel = "warning"

// sarifReport builds the SARIF log of a standalone run. Rules: one per check
// (all, with enabled telling which ran), then one per check/category pair
// the run reported, ruleId "check/category". Locations are relative to root, under %SRCROOT%;
// columns count UTF-16 code units. Each result carries all its diagnostic's
// suggested fixes, except in generated files, which -fix does not touch
// either. failures become the invocation's notifications.
func sarifReport(all, ran []*analysis.Analyzer, docs map[string]*lint.Doc, acts []*checker.Action, root string, failures []string) *sarif.Log {
	run := sarif.Run{
		Tool:       sarif.Tool{Driver: sarif.Driver{Name: toolName, Version: toolVersion(), InformationURI: toolURI}},
		ColumnKind: sarif.ColumnKind,
		OriginalURIBaseIDs: map[string]sarif.ArtifactLocation{
			sarif.SrcRoot: {URI: dirURI(root)},
		},
		Results: []sarif.Result{},
	}
	inv := sarif.Invocation{ExecutionSuccessful: len(failures) == 0}
	for _, f := range failures {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarif.Notification{Level: "error", Message: sarif.Message{Text: f}})
	}
	run.Invocations = []sarif.Invocation{inv}

	index := map[string]int{} // rule id → index in Rules
	checkOf := map[string]*analysis.Analyzer{}
	for _, a := range all {
		index[a.Name] = len(run.Tool.Driver.Rules)
		checkOf[a.Name] = a
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, checkRule(a, docs[a.Name], "", slices.Contains(ran, a)))
	}

	srcs := map[string][]byte{} // file contents, for UTF-16 columns
	source := func(tf *token.File) []byte {
		src, ok := srcs[tf.Name()]
		if !ok {
			src, _ = os.ReadFile(tf.Name())
			if len(src) != tf.Size() {
				src = nil // changed since it was analysed: columns in bytes
			}
			srcs[tf.Name()] = src
		}
		return src
	}
	region := func(tf *token.File, start, end token.Pos) sarif.Region {
		if !end.IsValid() || end < start {
			end = start
		}
		s, e := tf.Offset(start), tf.Offset(end)
		if src := source(tf); src != nil {
			return sarif.TextRegion(src, s, e)
		}
		sp, ep := tf.Position(start), tf.Position(end)
		n := e - s
		return sarif.Region{StartLine: sp.Line, StartColumn: sp.Column, EndLine: ep.Line, EndColumn: ep.Column, ByteOffset: &s, ByteLength: &n}
	}

	var catRules []string
	seen := map[string]bool{}
	for _, act := range acts {
		generated := generatedFiles(act.Package)
		for _, d := range act.Diagnostics {
			tf := act.Package.Fset.File(d.Pos)
			if tf == nil {
				continue
			}
			id := ruleID(act.Analyzer.Name, d.Category)
			loc := artifact(tf.Name(), root)
			reg := region(tf, d.Pos, d.End)
			key := fmt.Sprintf("%s\x00%s\x00%d\x00%d\x00%s", id, tf.Name(), *reg.ByteOffset, *reg.ByteLength, d.Message)
			if seen[key] { // test variants repeat findings
				continue
			}
			seen[key] = true
			if _, ok := index[id]; !ok {
				index[id] = -1
				catRules = append(catRules, id)
			}
			res := sarif.Result{
				RuleID:    id,
				Level:     sarifLevel,
				Message:   sarif.Message{Text: d.Message},
				Locations: []sarif.Location{{PhysicalLocation: sarif.PhysicalLocation{ArtifactLocation: loc, Region: &reg}}},
			}
		fixes:
			for _, fix := range d.SuggestedFixes {
				byFile := map[*token.File][]analysis.TextEdit{}
				var files []*token.File
				for _, e := range fix.TextEdits {
					etf := act.Package.Fset.File(e.Pos)
					if etf == nil || generated[etf] {
						continue fixes
					}
					if _, ok := byFile[etf]; !ok {
						files = append(files, etf)
					}
					byFile[etf] = append(byFile[etf], e)
				}
				sf := sarif.Fix{Description: &sarif.Message{Text: fix.Message}}
				for _, etf := range files {
					edits := byFile[etf]
					slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return cmp.Compare(a.Pos, b.Pos) })
					ch := sarif.ArtifactChange{ArtifactLocation: artifact(etf.Name(), root)}
					for _, e := range edits {
						ch.Replacements = append(ch.Replacements, sarif.Replacement{
							DeletedRegion:   region(etf, e.Pos, e.End),
							InsertedContent: &sarif.ArtifactContent{Text: string(e.NewText)},
						})
					}
					sf.ArtifactChanges = append(sf.ArtifactChanges, ch)
				}
				if len(sf.ArtifactChanges) > 0 {
					res.Fixes = append(res.Fixes, sf)
				}
			}
			run.Results = append(run.Results, res)
		}
	}

	slices.Sort(catRules)
	for _, id := range catRules {
		check, cat, _ := strings.Cut(id, "/")
		index[id] = len(run.Tool.Driver.Rules)
		a := checkOf[check]
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, checkRule(a, docs[check], cat, true))
	}
	for i := range run.Results {
		run.Results[i].RuleIndex = index[run.Results[i].RuleID]
	}
	slices.SortStableFunc(run.Results, func(a, b sarif.Result) int {
		pa, pb := a.Locations[0].PhysicalLocation, b.Locations[0].PhysicalLocation
		return cmp.Or(
			cmp.Compare(pa.ArtifactLocation.URI, pb.ArtifactLocation.URI),
			cmp.Compare(*pa.Region.ByteOffset, *pb.Region.ByteOffset),
			cmp.Compare(a.RuleID, b.RuleID),
		)
	})
	return &sarif.Log{Schema: sarif.Schema, Version: sarif.Version, Runs: []sarif.Run{run}}
}

// ruleID is the check's name, or check/category when the category names a
// problem of the check rather than the check itself.
func ruleID(check, cat string) string {
	if cat == "" || cat == check {
		return check
	}
	return check + "/" + cat
}

// checkRule is the rule of a check, or of one of its categories: its help
// is the check's documentation, as `oaiguard help` prints it, and its
// helpUri the check's doc URL with the category as the anchor (as
// go/analysis resolves a Diagnostic.Category against Analyzer.URL).
func checkRule(a *analysis.Analyzer, doc *lint.Doc, cat string, enabled bool) sarif.Rule {
	r := sarif.Rule{
		ID:                   a.Name,
		Name:                 a.Name,
		HelpURI:              a.URL,
		DefaultConfiguration: &sarif.Configuration{Enabled: enabled, Level: sarifLevel},
	}
	title, rest, _ := strings.Cut(a.Doc, "\n\n")
	r.ShortDescription = &sarif.Message{Text: strings.TrimSpace(title)}
	r.Help = &sarif.Message{Text: a.Doc}
	if rest = strings.TrimSpace(rest); rest != "" {
		r.FullDescription = &sarif.Message{Text: firstParagraph(rest)}
	}
	if doc != nil {
		r.ShortDescription = &sarif.Message{Text: doc.Title}
		r.FullDescription = &sarif.Message{Text: firstParagraph(strings.TrimSpace(doc.Why))}
		r.Help = &sarif.Message{Text: doc.String(), Markdown: doc.Markdown()}
	}
	if cat != "" {
		r.ID = a.Name + "/" + cat
		r.Name = a.Name + "/" + cat
		r.ShortDescription.Text += " (" + cat + ")"
		r.HelpURI = anchor(a.URL, cat)
	}
	return r
}

// anchor replaces the fragment of base with frag.
func anchor(base, frag string) string {
	u, err := url.Parse(base)
	if err != nil || base == "" {
		return ""
	}
	u.Fragment = frag
	return u.String()
}

func firstParagraph(s string) string {
	p, _, _ := strings.Cut(s, "\n\n")
	return strings.Join(strings.Fields(p), " ")
}

// artifact is a file's location: relative to root under %SRCROOT%, or, for
// a file outside root, an absolute file URI.
func artifact(name, root string) sarif.ArtifactLocation {
	if rel, err := filepath.Rel(root, name); err == nil && filepath.IsLocal(rel) {
		return sarif.ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath(), URIBaseID: sarif.SrcRoot}
	}
	return sarif.ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(name)}).String()}
}

// dirURI is the file URI of a directory, with the final slash SARIF wants.
func dirURI(dir string) string {
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// sarifRoot is %SRCROOT%: the main module's directory, or else the working
// directory.
func sarifRoot(pkgs []*packages.Package) string {
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" {
			return p.Module.Dir
		}
	}
	wd, _ := os.Getwd()
	return wd
}

func generatedFiles(pkg *packages.Package) map[*token.File]bool {
	generated := map[*token.File]bool{}
	for _, f := range pkg.Syntax {
		generated[pkg.Fset.File(f.FileStart)] = ast.IsGenerated(f)
	}
	return generated
}

// toolVersion is the module version the binary was built from.
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
