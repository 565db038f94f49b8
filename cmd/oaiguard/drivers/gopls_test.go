package drivers_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

var goplsOnce struct {
	sync.Once
	bin, log string
	err      error
}

// buildGopls runs `oaiguard gopls` once per test binary: it builds gopls
// with the checks, or finds it in the user cache dir.
func buildGopls(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: skipping the gopls end-to-end test, which builds gopls with oaiguard's checks (minutes cold, then cached in the user cache dir)")
	}
	tool := buildTool(t)
	goplsOnce.Do(func() {
		dir := filepath.Dir(tool) // removed by TestMain
		start := time.Now()
		cmd := exec.Command(tool, "gopls", "-o", filepath.Join(dir, "gopls"), "-src", testenv.Root)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		goplsOnce.log = string(out) + "(" + time.Since(start).Round(time.Millisecond).String() + ")"
		goplsOnce.bin, goplsOnce.err = filepath.Join(dir, "gopls"), err
	})
	if goplsOnce.err != nil {
		t.Fatalf("oaiguard gopls: %v\n%s", goplsOnce.err, goplsOnce.log)
	}
	t.Logf("oaiguard gopls: %s", goplsOnce.log)
	return goplsOnce.bin
}

var oaiguardChecks = func() map[string]bool {
	m := map[string]bool{}
	for _, a := range analyzer.All() {
		m[a.Name] = true
	}
	return m
}()

// TestGoplsLSP drives the built gopls as an editor does, on a copy of the
// example module: open main.go, wait for unretried's diagnostic, ask for
// code actions there, apply the quick fix, and check that the module
// builds, the file is gofmt-clean, and the diagnostics after the change
// are those before minus the fixed one.
func TestGoplsLSP(t *testing.T) {
	t.Parallel()
	gopls := buildGopls(t)
	mod := testenv.CopyExample(t)
	name := filepath.Join(mod, "main.go")
	uri := fileURI(name)
	src := string(readFile(t, name))

	c := startLSP(t, mod, nil, gopls, "serve")
	var init struct {
		Capabilities struct {
			CodeActionProvider json.RawMessage `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct{ Name, Version string } `json:"serverInfo"`
	}
	initialize(c, mod, &init)
	t.Logf("server: %s", init.ServerInfo.Name)
	c.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": src},
	})

	// The example's main.go has unretried's finding at line 51 (0-based 50).
	const line = 50
	isFinding := func(d lspDiagnostic) bool { return d.Source == "unretried" && d.Range.Start.Line == line }
	before := c.diagnostics(uri, 0, func(p publishedDiagnostics) bool { return slices.ContainsFunc(p.Diagnostics, isFinding) })
	diag := before.Diagnostics[slices.IndexFunc(before.Diagnostics, isFinding)]
	t.Logf("diagnostic: %+v", diag)
	if diag.Severity != 2 {
		t.Errorf("severity %d, want 2 (warning)", diag.Severity)
	}
	if diag.CodeDesc == nil || !strings.Contains(diag.CodeDesc.Href, "checks.md#unretried") {
		t.Errorf("code description %+v, want a link to docs/checks.md#unretried", diag.CodeDesc)
	}
	oaiguardDiags := func(p publishedDiagnostics) []string {
		var s []string
		for _, d := range p.Diagnostics {
			if oaiguardChecks[d.Source] {
				s = append(s, d.Source+": "+d.Message)
			}
		}
		slices.Sort(s)
		return s
	}
	t.Logf("oaiguard's diagnostics in main.go:\n%s", strings.Join(oaiguardDiags(before), "\n"))

	var actions []codeAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        diag.Range,
		"context":      map[string]any{"diagnostics": []lspDiagnostic{diag}, "only": []string{"quickfix"}, "triggerKind": 1},
	}, &actions)
	i := slices.IndexFunc(actions, func(a codeAction) bool {
		return a.Kind == "quickfix" && slices.ContainsFunc(a.Diagnostics, func(d lspDiagnostic) bool { return d.Source == "unretried" })
	})
	if i < 0 {
		t.Fatalf("no quickfix for unretried's diagnostic among %d code actions: %+v", len(actions), actions)
	}
	action := actions[i]
	t.Logf("quick fix %q: edit %v, command %v, data %s", action.Title, action.Edit != nil, action.Command != nil, action.Data)
	edit := action.Edit
	if edit == nil && action.Data != nil {
		var resolved codeAction
		c.call("codeAction/resolve", action, &resolved)
		edit, action.Command = resolved.Edit, resolved.Command
	}
	if edit == nil && action.Command != nil {
		n := len(c.appliedEdits())
		c.call("workspace/executeCommand", map[string]any{"command": action.Command.Command, "arguments": action.Command.Arguments}, nil)
		edits := waitFor(c, "workspace/applyEdit", time.Minute, func() ([]json.RawMessage, bool) { return c.edits, len(c.edits) > n })
		edit = new(workspaceEdit)
		if err := json.Unmarshal(edits[n], edit); err != nil {
			t.Fatal(err)
		}
	}
	if edit == nil {
		t.Fatalf("the quick fix carries no edit, data or command: %+v", action)
	}
	var textEdits []lspTextEdit
	for u, es := range edit.Changes {
		if u != uri {
			t.Errorf("the quick fix edits %s too", u)
		}
		textEdits = append(textEdits, es...)
	}
	for _, dc := range edit.DocumentChanges {
		if dc.Kind != "" || dc.TextDocument.URI != uri {
			t.Errorf("the quick fix changes %s (%s)", dc.TextDocument.URI, dc.Kind)
		}
		textEdits = append(textEdits, dc.Edits...)
	}
	fixed := applyTextEdits(t, src, textEdits)
	if err := os.WriteFile(name, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("main.go after the quick fix:\n%s", fixed)
	run(t, mod, "go", "build", "./...")
	if out := run(t, mod, "gofmt", "-l", "main.go"); out != "" {
		t.Errorf("main.go is not gofmt-clean after the quick fix")
	}

	// The editor sends the change; the diagnostics for version 2 come from
	// the same checks as before less one unretried (other messages may
	// change: transport's names the call's new line), and none is the
	// fixed one.
	checks := func(p publishedDiagnostics) []string {
		var s []string
		for _, d := range p.Diagnostics {
			if oaiguardChecks[d.Source] {
				s = append(s, d.Source)
			}
		}
		slices.Sort(s)
		return s
	}
	want := checks(before)
	i = slices.Index(want, "unretried")
	want = slices.Delete(want, i, i+1)
	fixedGone := func(p publishedDiagnostics) bool {
		return p.Version != nil && slices.Equal(checks(p), want) &&
			!slices.ContainsFunc(p.Diagnostics, func(d lspDiagnostic) bool { return d.Source == "unretried" && d.Message == diag.Message })
	}
	seq := c.published(uri).seq
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixed}},
	})
	after := c.diagnostics(uri, seq, func(p publishedDiagnostics) bool { return fixedGone(p) && *p.Version == 2 })
	t.Logf("oaiguard's diagnostics after the change:\n%s", strings.Join(oaiguardDiags(after), "\n"))

	// Closed and reopened from disk: the same.
	seq = c.published(uri).seq
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	c.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 3, "text": fixed},
	})
	c.diagnostics(uri, seq, func(p publishedDiagnostics) bool { return fixedGone(p) && *p.Version == 3 })
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}

// TestGoplsAnalysesSetting: gopls's "analyses" setting switches a check
// off by name, and the others still run.
func TestGoplsAnalysesSetting(t *testing.T) {
	t.Parallel()
	gopls := buildGopls(t)
	mod := testenv.CopyExample(t)
	name := filepath.Join(mod, "main.go")
	uri := fileURI(name)
	c := startLSP(t, mod, map[string]any{"analyses": map[string]any{"unretried": false}}, gopls, "serve")
	initialize(c, mod, nil)
	c.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(readFile(t, name))},
	})
	// brokenretry's findings in main.go show that the analysis ran.
	p := c.diagnostics(uri, 0, func(p publishedDiagnostics) bool {
		return slices.ContainsFunc(p.Diagnostics, func(d lspDiagnostic) bool { return d.Source == "brokenretry" })
	})
	for _, d := range p.Diagnostics {
		if d.Source == "unretried" {
			t.Errorf("with \"analyses\": {\"unretried\": false}: %s", d.Message)
		}
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}

// TestGoplsCommands runs gopls's command line: `gopls check` reports the
// findings standalone reports, at the same positions with the same
// messages, and `gopls codeaction -exec -diff` prints unretried's fix.
func TestGoplsCommands(t *testing.T) {
	t.Parallel()
	gopls := buildGopls(t)
	mod := testenv.CopyExample(t)
	bin := buildTool(t)

	// Every Go file of the example's package: each holds findings.
	files, err := filepath.Glob(filepath.Join(mod, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in the example's copy: %v", err)
	}
	args := []string{"check"}
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			args = append(args, filepath.Base(f))
		}
	}
	out, code := runCode(t, mod, gopls, args...)
	if code != 0 {
		t.Errorf("gopls check: exit %d", code)
	}
	got := goplsCheckFindings(t, mod, out)
	var want []string
	var at string // unretried's finding in main.go
	for _, f := range standaloneFindings(t, mod, bin) {
		want = append(want, f.position()+": "+f.Message)
		if f.File == "main.go" && f.Line == 51 && f.Check == "unretried" {
			at = f.position()
		}
	}
	if at == "" {
		t.Fatalf("oaiguard finds no unretried at main.go:51")
	}
	slices.Sort(want)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("gopls check lacks %s", w)
		}
	}

	// codeaction -exec -diff at unretried's finding in main.go.
	diff := run(t, mod, gopls, "codeaction", "-kind=quickfix", "-exec", "-diff", at)
	t.Logf("gopls codeaction -exec -diff:\n%s", diff)
	// main.go uses both SDKs: the go-openai runtime is imported as oaiguardgo.
	if !strings.Contains(diff, "+\toaiguardgo \"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard\"") || !regexp.MustCompile(`(?m)^\+.*oaiguardgo\.Call\(ctx, c\.CreateChatCompletion,`).MatchString(diff) {
		t.Errorf("gopls codeaction -exec -diff: no runtime import or oaiguardgo.Call in the diff")
	}
}

// goplsCheckFindings reads `gopls check` output, file:line:col[-col]: message
// lines, into file:line:col: message with the file relative to mod, sorted;
// only the example's files.
func goplsCheckFindings(t *testing.T, mod, out string) []string {
	t.Helper()
	re := regexp.MustCompile(`^(.*\.go):(\d+):(\d+)(?:-[\d:]+)?: (.*)$`)
	var got []string
	for line := range strings.Lines(out) {
		m := re.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil || strings.HasPrefix(m[4], "- ") { // "- ": related information
			continue
		}
		rel, err := filepath.Rel(mod, m[1])
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = m[1]
		}
		got = append(got, filepath.ToSlash(rel)+":"+m[2]+":"+m[3]+": "+m[4])
	}
	slices.Sort(got)
	return got
}

// initialize sends initialize, as an editor that applies edits, reads
// versioned diagnostics and takes code action literals, with edits or
// resolved, and then initialized.
func initialize(c *lspClient, mod string, init any) {
	c.t.Helper()
	c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   fileURI(mod),
		"workspaceFolders": []any{
			map[string]any{"uri": fileURI(mod), "name": "example"},
		},
		"capabilities": map[string]any{
			"workspace": map[string]any{
				"applyEdit":     true,
				"configuration": true,
				"workspaceEdit": map[string]any{"documentChanges": true},
			},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"versionSupport": true, "codeDescriptionSupport": true},
				"codeAction": map[string]any{
					"codeActionLiteralSupport": map[string]any{
						"codeActionKind": map[string]any{"valueSet": []string{"quickfix", "refactor", "source"}},
					},
					"dataSupport":    true,
					"resolveSupport": map[string]any{"properties": []string{"edit"}},
				},
			},
		},
	}, init)
	c.notify("initialized", map[string]any{})
}
