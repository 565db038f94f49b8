package runtimegen

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
)

// checkedIn maps the checked-in runtimes to their SDKs.
var checkedIn = map[string]string{
	"../../runtime/openaigo/oaiguard": sdk.OpenAIGoV3,
	"../../runtime/goopenai/oaiguard": sdk.GoOpenAIPath,
}

func TestCheckedInRuntimesAreUpToDate(t *testing.T) {
	if runtimeapi.OpenAIGoV3 != "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard" ||
		runtimeapi.GoOpenAI != "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard" {
		t.Fatalf("runtimeapi names other import paths than the directories checked here")
	}
	// Each runtime is a module of its own that requires the lowest SDK
	// version it supports; it is generated from that version's request
	// types, loaded from that module alone (GOWORK=off), as genruntime does.
	t.Setenv("GOWORK", "off")
	helpers, err := TestHelpers()
	if err != nil {
		t.Fatal(err)
	}
	for dir, mod := range checkedIn {
		version, err := RequiredVersion(dir, mod)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(Options{SDK: mod, SDKVersion: version, Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		checkDir(t, dir, files, "go generate ./runtime/...")
		byDir := map[string]map[string][]byte{}
		for name, src := range helpers {
			d, base := filepath.Split(filepath.FromSlash(name))
			d = filepath.Join(dir, "..", "internal", d)
			if byDir[d] == nil {
				byDir[d] = map[string][]byte{}
			}
			byDir[d][base] = src
		}
		for d, files := range byDir {
			checkDir(t, d, files, "go generate ./runtime/...")
		}
	}
	tables, err := Tables("core")
	if err != nil {
		t.Fatal(err)
	}
	checkDir(t, "core", map[string][]byte{"tables.go": tables}, "go generate ./internal/runtimegen/core")
}

// checkDir fails unless dir holds exactly files among its generated files.
func checkDir(t *testing.T, dir string, files map[string][]byte, fix string) {
	t.Helper()
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s/%s: %v; run `%s`", dir, name, err, fix)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from the generator's output; run `%s`", dir, name, fix)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; ok || e.IsDir() {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if IsGenerated(src) {
			t.Errorf("%s/%s was generated but the generator no longer writes it; run `%s`", dir, e.Name(), fix)
		}
	}
}

func TestGenerateUnknownSDK(t *testing.T) {
	_, err := Generate(Options{SDK: "github.com/example/openai"})
	if err == nil || !strings.Contains(err.Error(), `unknown SDK "github.com/example/openai"`) || !strings.Contains(err.Error(), sdk.GoOpenAIPath) {
		t.Errorf("err = %v; want it to name the SDK and the supported ones", err)
	}
	if _, err := Generate(Options{SDK: sdk.OpenAIGoV3, Package: "not-an-ident"}); err == nil {
		t.Error("a bad package name was accepted")
	}
	if _, err := Generate(Options{SDK: sdk.OpenAIGoV3, SDKVersion: "3.1"}); err == nil {
		t.Error("a bad version was accepted")
	}
}

// parsed is one generated package, parsed.
type parsed struct {
	files map[string]*ast.File
	funcs map[string]*ast.FuncDecl // top-level functions, no methods
}

func generate(t *testing.T, opts Options) (map[string][]byte, parsed) {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = sdkDir(t, opts.SDK)
	}
	files, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{files: map[string]*ast.File{}, funcs: map[string]*ast.FuncDecl{}}
	fset := token.NewFileSet()
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p.files[name] = f
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				p.funcs[fd.Name.Name] = fd
			}
		}
	}
	return files, p
}

func TestGeneratedFiles(t *testing.T) {
	for _, mod := range SDKs() {
		files, p := generate(t, Options{SDK: mod, Package: "rt"})
		for name, src := range files {
			if !IsGenerated(src) {
				t.Errorf("%s %s: does not start with %q", mod, name, Marker)
			}
			if out, err := format.Source(src); err != nil || !bytes.Equal(out, src) {
				t.Errorf("%s %s: not gofmt-formatted (%v)", mod, name, err)
			}
			f := p.files[name]
			if f.Name.Name != "rt" {
				t.Errorf("%s %s: package %s, want rt", mod, name, f.Name.Name)
			}
			if (f.Doc != nil) != (name == "doc.go") {
				t.Errorf("%s %s: only doc.go may have the package comment", mod, name)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				first, _, _ := strings.Cut(path, "/")
				if strings.Contains(first, ".") && path != mod && !strings.HasPrefix(path, mod+"/") {
					t.Errorf("%s %s imports %s: a runtime may import only its SDK and the standard library", mod, name, path)
				}
			}
			// Every exported declaration has a doc comment.
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && d.Doc == nil {
						t.Errorf("%s %s: %s has no doc comment", mod, name, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						for _, id := range specNames(s) {
							if id.IsExported() && d.Doc == nil && specDoc(s) == nil {
								t.Errorf("%s %s: %s has no doc comment", mod, name, id.Name)
							}
						}
					}
				}
			}
		}
	}
}

func specNames(s ast.Spec) []*ast.Ident {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []*ast.Ident{s.Name}
	case *ast.ValueSpec:
		return s.Names
	}
	return nil
}

func specDoc(s ast.Spec) *ast.CommentGroup {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		return s.Doc
	}
	return nil
}

// The wrappers the checks insert (runtimeapi.Wrapper) must all exist, with
// the shape their name promises.
func TestWrapperNames(t *testing.T) {
	for _, mod := range SDKs() {
		sp := specs[mod]
		_, p := generate(t, Options{SDK: mod})
		want := []string{"Do", "Classify", "IsRetryable"}
		for n := 0; n <= sp.arity; n++ {
			want = append(want, runtimeapi.Wrapper(runtimeapi.ValueAndError, n), runtimeapi.Wrapper(runtimeapi.ErrorOnly, n))
		}
		for n := 1; n <= sp.streamArity; n++ {
			want = append(want, runtimeapi.Wrapper(runtimeapi.Stream, n))
		}
		for _, ci := range sdk.ErrorClasses {
			if ci.Class != sdk.ClassUnknown {
				want = append(want, "Is"+string(ci.Class))
			}
		}
		for _, name := range want {
			fd, ok := p.funcs[name]
			if !ok {
				t.Errorf("%s: no func %s", mod, name)
				continue
			}
			if arity, ok := wrapperArity(name); ok {
				// ctx, fn, the arguments, and for openai-go the options.
				params := 0
				for _, f := range fd.Type.Params.List {
					params += len(f.Names)
				}
				wantParams := 2 + arity
				if sp.family == sdk.OpenAIGo {
					wantParams++
				}
				if params != wantParams {
					t.Errorf("%s: %s has %d parameters, want %d", mod, name, params, wantParams)
				}
			}
		}
		if _, ok := p.funcs["Stream0"]; ok {
			t.Errorf("%s: Stream0 exists but no SDK method has that shape", mod)
		}
		hasTransport := p.funcs["Transport"] != nil && p.funcs["HTTPClient"] != nil
		if hasTransport != (sp.family == sdk.GoOpenAI) {
			t.Errorf("%s: Transport and HTTPClient present = %v; they are for go-openai only", mod, hasTransport)
		}
	}
}

// wrapperArity returns the arity a wrapper's name promises.
func wrapperArity(name string) (int, bool) {
	for _, base := range []string{"Call", "Exec", "Stream"} {
		if rest, ok := strings.CutPrefix(name, base); ok {
			if rest == "" {
				return 1, true
			}
			n, err := strconv.Atoi(rest)
			return n, err == nil
		}
	}
	return 0, false
}

func TestStreamErrorFollowsSDKVersion(t *testing.T) {
	tests := []struct {
		mod, version string
		want         bool
	}{
		{sdk.OpenAIGoV3, "", true},
		{sdk.OpenAIGoV3, "v3.98.0", true},
		{sdk.OpenAIGoV3, "v3.17.0", true},
		{sdk.OpenAIGoV3, "v3.17.0-rc.1", false},
		{sdk.OpenAIGoV3, "v3.16.2", false},
		{sdk.OpenAIGoV3, "v3.0.0", false},
		{sdk.CharmOpenAI, "v0.0.0-20260921175203-216db9e71b83", true},
		{sdk.OpenAIGoV2, "", false},
		{sdk.OpenAIGoV1, "", false},
	}
	for _, tt := range tests {
		files, _ := generate(t, Options{SDK: tt.mod, SDKVersion: tt.version})
		got := bytes.Contains(files["classify_sdk.go"], []byte("ssestream.StreamError"))
		if got != tt.want {
			t.Errorf("%s@%s: uses ssestream.StreamError = %v, want %v", tt.mod, tt.version, got, tt.want)
		}
	}
}

func TestCoreFilesAreCopiedVerbatim(t *testing.T) {
	files, _ := generate(t, Options{SDK: sdk.GoOpenAIPath, Package: "rt"})
	entries, err := os.ReadDir("core")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == "doc.go" || name == "tables.go" {
			continue
		}
		want = append(want, name)
		src, err := os.ReadFile(filepath.Join("core", name))
		if err != nil {
			t.Fatal(err)
		}
		expect := Marker + "\n\n" + strings.Replace(string(src), "package core\n", "package rt\n", 1)
		if string(files[name]) != expect {
			t.Errorf("core/%s: the copy differs from the source by more than the package clause", name)
		}
	}
	if len(want) < 5 {
		t.Fatalf("found only core files %v", want)
	}
	sort.Strings(want)
	t.Logf("core files: %v", want)
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("stale.go", Marker+"\n\npackage x\n")
	write("mine.go", "package x\n")
	write("mine_test.go", "package x\n")
	gen := map[string][]byte{"a.go": []byte(Marker + "\n\npackage x\n")}
	if err := WriteDir(dir, gen); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "a.go mine.go mine_test.go" {
		t.Errorf("dir holds %v; want the new file and the hand-written ones, without the stale one", names)
	}
	if err := WriteDir(dir, map[string][]byte{"mine.go": []byte(Marker + "\n\npackage x\n")}); err == nil {
		t.Error("WriteDir overwrote a hand-written file")
	}
}

func TestSDKTables(t *testing.T) {
	seen := map[sdk.ErrorClass]bool{}
	for i, ci := range sdk.ErrorClasses {
		if seen[ci.Class] || ci.Words == "" || ci.Doc == "" {
			t.Errorf("class %d %q: duplicate or undocumented", i, ci.Class)
		}
		seen[ci.Class] = true
	}
	if sdk.ErrorClasses[0].Class != sdk.ClassUnknown {
		t.Error("the zero class must be Unknown")
	}
	for _, ms := range [][]sdk.ErrorMatch{sdk.ErrorCodes, sdk.ErrorTypes} {
		values := map[string]bool{}
		for _, m := range ms {
			if !seen[m.Class] || values[m.Value] {
				t.Errorf("match %+v: unknown class or duplicate value", m)
			}
			values[m.Value] = true
		}
	}
	for status, c := range sdk.StatusClasses {
		if !seen[c] {
			t.Errorf("status %d: unknown class %q", status, c)
		}
	}
	for _, tt := range []struct {
		status int
		want   sdk.ErrorClass
	}{{429, sdk.ClassRateLimited}, {502, sdk.ClassServer}, {418, sdk.ClassInvalidRequest}, {200, sdk.ClassUnknown}, {302, sdk.ClassUnknown}} {
		if got := sdk.StatusClass(tt.status); got != tt.want {
			t.Errorf("StatusClass(%d) = %q, want %q", tt.status, got, tt.want)
		}
	}
	if !sdk.ClassRateLimited.Retryable() || sdk.ClassQuotaExhausted.Retryable() || sdk.ErrorClass("Nope").Retryable() {
		t.Error("ErrorClass.Retryable disagrees with the table")
	}
}

func TestVersionAtLeast(t *testing.T) {
	tests := []struct {
		v, min string
		want   bool
	}{
		{"", "v3.17.0", true},
		{"v3.17.0", "v3.17.0", true},
		{"v3.17.1", "v3.17.0", true},
		{"v3.18", "v3.17.0", true},
		{"v4.0.0", "v3.17.0", true},
		{"v3.16.9", "v3.17.0", false},
		{"v3.17.0-beta", "v3.17.0", false},
		{"v3.17.1-0.20260101000000-abcdef123456", "v3.17.0", true},
		{"v3.17.0+incompatible", "v3.17.0", true},
	}
	for _, tt := range tests {
		got, err := versionAtLeast(tt.v, tt.min)
		if err != nil || got != tt.want {
			t.Errorf("versionAtLeast(%q, %q) = %v, %v; want %v", tt.v, tt.min, got, err, tt.want)
		}
	}
	for _, bad := range []string{"3.17.0", "vX", "v1.2.3.4", "v1.-2.0"} {
		if _, err := versionAtLeast(bad, "v3.17.0"); err == nil {
			t.Errorf("versionAtLeast(%q) accepted a bad version", bad)
		}
	}
}

// The go-openai runtime names only the sentinel errors its SDK version
// declares: the checked-in one is generated from v1.42.0, which lacks
// three that v1.43.0 (this module's pin) added; generated from this
// module, it names them all.
func TestClientErrorsFollowSDKVersion(t *testing.T) {
	t.Setenv("GOWORK", "off")
	const added = "ErrReasoningEffortUnsupported"
	for _, tt := range []struct {
		dir  string
		want bool
	}{
		{"../../runtime/goopenai/oaiguard", false},
		{".", true},
	} {
		version, err := RequiredVersion(tt.dir, sdk.GoOpenAIPath)
		if err != nil {
			t.Fatal(err)
		}
		files, err := Generate(Options{SDK: sdk.GoOpenAIPath, SDKVersion: version, Dir: tt.dir})
		if err != nil {
			t.Fatal(err)
		}
		src := string(files["classify_sdk.go"])
		if got := strings.Contains(src, "openai."+added); got != tt.want {
			t.Errorf("go-openai %s (%s): classify_sdk.go names %s: %v, want %v", version, tt.dir, added, got, tt.want)
		}
		if !strings.Contains(src, "openai.ErrChatCompletionStreamNotSupported") {
			t.Errorf("go-openai %s: classify_sdk.go lacks a sentinel every supported version has", version)
		}
	}
}
