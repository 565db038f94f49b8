package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/sarif"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestSARIF runs `oaiguard -sarif ./...` on a copy of the example module
// and checks the log against the SARIF 2.1.0 schema, against what GitHub
// code scanning requires of an upload, and its fixes against -fix: applied
// to the files, they must give what `oaiguard -fix` writes.
func TestSARIF(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	mod := copyExampleWide(t)
	schema := testenv.SARIFSchema(t)

	out, code := runCode(t, mod, bin, "-sarif", "./...")
	if code != 0 {
		t.Fatalf("oaiguard -sarif: exit %d, want 0 (findings are the output, as with -json)\n%s", code, out)
	}
	validate(t, schema, out)
	if alt, _ := runCode(t, mod, bin, "-format=sarif", "./..."); alt != out {
		t.Errorf("-format=sarif and -sarif differ")
	}

	var log sarif.Log
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "oaiguard" || d.Version == "" || d.InformationURI == "" {
		t.Errorf("tool.driver = %q %q %q, want name, version and informationUri", d.Name, d.Version, d.InformationURI)
	}
	if got := run.OriginalURIBaseIDs[sarif.SrcRoot].URI; got != (&url.URL{Scheme: "file", Path: filepath.ToSlash(mod) + "/"}).String() {
		t.Errorf("%%SRCROOT%% = %q, want the module root %s as a file URI", got, mod)
	}

	// Rules: one per check, with the docs of `oaiguard help`.
	rules := map[string]int{}
	for i, r := range d.Rules {
		rules[r.ID] = i
		if r.HelpURI == "" || r.Help == nil || r.Help.Text == "" || r.ShortDescription == nil {
			t.Errorf("rule %s lacks helpUri, help or shortDescription", r.ID)
		}
	}
	for _, doc := range analyzer.Docs() {
		i, ok := rules[doc.Name]
		if !ok {
			t.Errorf("no rule for check %s", doc.Name)
			continue
		}
		if r := d.Rules[i]; r.Help.Text != doc.String() || r.HelpURI != doc.URL() {
			t.Errorf("rule %s: help or helpUri is not the check's doc", doc.Name)
		}
	}

	// What GitHub code scanning requires of each result.
	var got []string
	for _, r := range run.Results {
		where := fmt.Sprintf("result %s %q", r.RuleID, r.Message.Text)
		i, ok := rules[r.RuleID]
		if !ok || r.RuleIndex != i {
			t.Errorf("%s: ruleId/ruleIndex %d not in tool.driver.rules", where, r.RuleIndex)
		}
		if r.Message.Text == "" || strings.Contains(r.Message.Text, "\n") {
			t.Errorf("%s: message.text must be one non-empty line", where)
		}
		if len(r.Locations) == 0 {
			t.Errorf("%s: no location", where)
			continue
		}
		pl := r.Locations[0].PhysicalLocation
		reg := pl.Region
		if pl.ArtifactLocation.URIBaseID != sarif.SrcRoot || pl.ArtifactLocation.URI == "" || strings.HasPrefix(pl.ArtifactLocation.URI, "/") || reg == nil || reg.StartLine < 1 || reg.StartColumn < 1 {
			t.Errorf("%s: location %+v is not a relative URI under %%SRCROOT%% with a region", where, pl)
			continue
		}
		check, cat, _ := strings.Cut(r.RuleID, "/")
		if strings.Contains(cat, ",") {
			t.Errorf("%s: category list in the rule id", where)
		}
		got = append(got, fmt.Sprintf("%s:%d %s", pl.ArtifactLocation.URI, reg.StartLine, check))
	}
	slices.Sort(got)
	if want := wideColumn(t, mod); !slices.ContainsFunc(run.Results, func(r sarif.Result) bool {
		reg := r.Locations[0].PhysicalLocation.Region
		return r.RuleID == "unretried" && reg.StartLine == 51 && reg.StartColumn == want
	}) {
		t.Errorf("no unretried finding at main.go:51, UTF-16 column %d", want)
	}
	if !slices.Equal(got, wantFindings) {
		t.Errorf("SARIF findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}
	for _, id := range []string{"brokenretry/stacked", "errtype/assert"} {
		i, ok := rules[id]
		if !ok {
			t.Errorf("no rule %s", id)
		} else if want := "#" + strings.Split(id, "/")[1]; !strings.HasSuffix(d.Rules[i].HelpURI, want) {
			t.Errorf("rule %s: helpUri %s, want the anchor %s", id, d.Rules[i].HelpURI, want)
		}
	}

	// The fixes, applied to the files, give what oaiguard -fix writes.
	fixed := applySARIFFixes(t, mod, run)
	if len(fixed) == 0 {
		t.Fatal("the log carries no fixes")
	}
	fixMod := copyExampleWide(t)
	run2 := exec.Command(bin, "-fix", "./...")
	run2.Dir = fixMod
	if msg, err := run2.CombinedOutput(); err != nil {
		t.Fatalf("oaiguard -fix: %v\n%s", err, msg)
	}
	want := snapshot(t, fixMod)
	for name, src := range fixed {
		if !bytes.Equal(src, want[name]) {
			t.Errorf("%s: SARIF fixes give\n%s\noaiguard -fix gives\n%s", name, src, want[name])
		}
	}
	for name, src := range want {
		if _, ok := fixed[name]; !ok && !bytes.Equal(src, snapshot(t, mod)[name]) {
			t.Errorf("%s: oaiguard -fix changed it, the SARIF fixes do not", name)
		}
	}
}

// wideCall is the call at main.go:51 of the example, which wide characters
// precede in copyExampleWide: its UTF-16 column differs from its byte one.
const wideCall = "c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{"

func copyExampleWide(t *testing.T) string {
	t.Helper()
	mod := testenv.CopyExample(t)
	name := filepath.Join(mod, "main.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	wide := bytes.Replace(src, []byte("err := "+wideCall), []byte("err := /* é😀 */ "+wideCall), 1)
	if bytes.Equal(wide, src) {
		t.Fatalf("main.go lacks %q", wideCall)
	}
	if err := os.WriteFile(name, wide, 0o644); err != nil {
		t.Fatal(err)
	}
	return mod
}

// wideColumn is the UTF-16 column of wideCall in main.go.
func wideColumn(t *testing.T, mod string) int {
	src, _ := os.ReadFile(filepath.Join(mod, "main.go"))
	for line := range strings.Lines(string(src)) {
		if before, _, ok := strings.Cut(line, wideCall); ok {
			if len(utf16.Encode([]rune(before))) == len(before) {
				t.Fatal("no wide character before the call")
			}
			return len(utf16.Encode([]rune(before))) + 1
		}
	}
	t.Fatalf("main.go lacks %q", wideCall)
	return 0
}

// applySARIFFixes applies the first fix of each result as a SARIF consumer
// would: regions by line and UTF-16 column (checked against their bytes),
// merged as -fix merges, then gofmt. It returns the new files by name.
func applySARIFFixes(t *testing.T, mod string, run sarif.Run) map[string][]byte {
	t.Helper()
	edits := map[string][]udiff.Edit{}
	seen := map[string]bool{}
	for _, r := range run.Results {
		if len(r.Fixes) == 0 {
			continue
		}
		key, _ := json.Marshal(r.Fixes[0].ArtifactChanges)
		if seen[string(key)] {
			continue
		}
		seen[string(key)] = true
		for _, ch := range r.Fixes[0].ArtifactChanges {
			if ch.ArtifactLocation.URIBaseID != sarif.SrcRoot {
				t.Fatalf("fix location %+v is not under %%SRCROOT%%", ch.ArtifactLocation)
			}
			name := ch.ArtifactLocation.URI
			src, err := os.ReadFile(filepath.Join(mod, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			var fileEdits []udiff.Edit
			for _, rep := range ch.Replacements {
				reg := rep.DeletedRegion
				start, ok1 := sarif.Offset(src, reg.StartLine, reg.StartColumn)
				end, ok2 := sarif.Offset(src, reg.EndLine, reg.EndColumn)
				if !ok1 || !ok2 || reg.ByteOffset == nil || start != *reg.ByteOffset || end-start != *reg.ByteLength {
					t.Fatalf("%s: region %d:%d-%d:%d gives bytes %d-%d (ok %v %v), want %v+%v", name, reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn, start, end, ok1, ok2, ptr(reg.ByteOffset), ptr(reg.ByteLength))
				}
				text := ""
				if rep.InsertedContent != nil {
					text = rep.InsertedContent.Text
				}
				fileEdits = append(fileEdits, udiff.Edit{Start: start, End: end, New: text})
			}
			merged, ok := udiff.Merge(edits[name], fileEdits)
			if !ok {
				t.Fatalf("%s: fixes conflict", name)
			}
			edits[name] = merged
		}
	}
	out := map[string][]byte{}
	for name, es := range edits {
		src, _ := os.ReadFile(filepath.Join(mod, filepath.FromSlash(name)))
		fixed, err := udiff.ApplyBytes(src, es)
		if err != nil {
			t.Fatal(err)
		}
		if out[name], err = format.Source(fixed); err != nil {
			t.Fatalf("%s after the SARIF fixes: %v\n%s", name, err, fixed)
		}
	}
	return out
}

// TestSARIFNoFindings: a module with nothing to report gives a valid log
// with an empty results list (not a missing one), and exit status 0.
func TestSARIFNoFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	bin := buildTool(t)
	mod := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":  "module example.com/clean\n\ngo 1.26\n",
		"main.go": "package main\n\nfunc main() { println(\"héllo 😀\") }\n",
	} {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, code := runCode(t, mod, bin, "-format=sarif", "./...")
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s", code, out)
	}
	validate(t, testenv.SARIFSchema(t), out)
	var raw struct {
		Runs []struct {
			Results     *[]json.RawMessage
			Invocations []sarif.Invocation
		}
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Runs) != 1 || raw.Runs[0].Results == nil || len(*raw.Runs[0].Results) != 0 {
		t.Errorf("want one run with results: []\n%s", out)
	}
	if inv := raw.Runs[0].Invocations; len(inv) != 1 || !inv[0].ExecutionSuccessful {
		t.Errorf("want one successful invocation: %+v", inv)
	}

	// A package that cannot be analysed: exit 1, as in the other formats,
	// and a valid log that says so.
	if err := os.MkdirAll(filepath.Join(mod, "broken"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "broken", "b.go"), []byte("package broken\n\nfunc f() { undefinedCall() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = runCode(t, mod, bin, "-sarif", "./...")
	if code != 1 {
		t.Errorf("with a broken package: exit %d, want 1", code)
	}
	validate(t, testenv.SARIFSchema(t), out)
	var log sarif.Log
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if inv := log.Runs[0].Invocations[0]; inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) == 0 || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "undefinedCall") {
		t.Errorf("invocation does not report the broken package: %+v", inv)
	}
}

// TestFormatFlags: -format and its shorthands must agree; a wrong value
// and -fix with a machine format are clear errors, exit 2.
func TestFormatFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool")
	}
	bin := buildTool(t)
	mod := testenv.CopyExample(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-format=xml", "./..."}, "-format=xml: want text, json or sarif"},
		{[]string{"-json", "-sarif", "./..."}, "-sarif and -json disagree"},
		{[]string{"-format=json", "-sarif", "./..."}, "-sarif and -format=json disagree"},
		{[]string{"-fix", "-sarif", "./..."}, "-fix applies the fixes and prints no findings"},
	} {
		_, out, code := runCode3(t, mod, bin, tc.args...)
		if code != 2 || !strings.Contains(out, tc.want) {
			t.Errorf("oaiguard %v: exit %d, output %q; want exit 2 and %q", tc.args, code, out, tc.want)
		}
	}
}

func validate(t *testing.T, schema *jsonschema.Schema, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("not SARIF 2.1.0: %v", err)
	}
}

func ptr(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
