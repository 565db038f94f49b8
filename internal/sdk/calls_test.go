package sdk_test

import (
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/runtimeapi"
	"github.com/oaiguard/oaiguard/internal/sdk"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// load type-checks SDK packages from the fixture module, which pins the
// real SDK versions.
func load(t *testing.T, patterns ...string) []*packages.Package {
	t.Helper()
	dir := testenv.Module(t, "testdata/mod")
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, e)
		}
	}
	return pkgs
}

// methods lists the exported methods of every named type in pkgs.
func methods(pkgs []*packages.Package) []*types.Func {
	var out []*types.Func
	for _, p := range pkgs {
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			ms := types.NewMethodSet(types.NewPointer(tn.Type()))
			for i := 0; i < ms.Len(); i++ {
				if fn := ms.At(i).Obj().(*types.Func); fn.Exported() && fn.Pkg() == p.Types {
					out = append(out, fn)
				}
			}
		}
	}
	return out
}

func recvName(fn *types.Func) string {
	t := fn.Signature().Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.(*types.Named).Obj().Name()
}

func ctxFirst(fn *types.Func) bool {
	p := fn.Signature().Params()
	return p.Len() > 0 && p.At(0).Type().String() == "context.Context"
}

func TestOpenAIGoV3(t *testing.T) {
	const m = sdk.OpenAIGoV3
	pkgs := load(t, m, m+"/responses", m+"/conversations", m+"/realtime", m+"/webhooks", m+"/live", m+"/option", m+"/packages/pagination", m+"/packages/ssestream")
	kinds := map[sdk.Kind]int{}
	for _, fn := range methods(pkgs) {
		c, ok := sdk.ClassifyFunc(fn)
		recv := recvName(fn)
		service := strings.HasSuffix(recv, "Service") && ctxFirst(fn)
		switch {
		case service && !ok:
			t.Errorf("%s.%s: a ctx-first service method is not an API call", recv, fn.Name())
		case strings.Contains(recv, "Connection") || recv == "TranslationSession" || recv == "ResponseLane":
			if ok {
				t.Errorf("%s.%s: WebSocket methods are not REST calls", recv, fn.Name())
			}
		case strings.HasSuffix(recv, "Params") || strings.HasSuffix(recv, "Union") || strings.HasSuffix(recv, "Accumulator"):
			if ok {
				t.Errorf("%s.%s: a value method is not an API call", recv, fn.Name())
			}
		}
		if !ok {
			continue
		}
		kinds[c.Kind]++
		if c.Module != m || c.Family != sdk.OpenAIGo {
			t.Errorf("%s.%s: module %s family %v", recv, fn.Name(), c.Module, c.Family)
		}
		checkArity(t, c, false)
	}
	t.Logf("openai-go v3 API methods by kind: %v", kinds)
	for _, k := range []sdk.Kind{sdk.Request, sdk.Raw, sdk.Stream, sdk.Pager, sdk.Poll, sdk.NextPage} {
		if kinds[k] == 0 {
			t.Errorf("no %v methods found", k)
		}
	}
	if kinds[sdk.Raw] != 6 {
		t.Errorf("raw methods = %d, want Execute, Get, Post, Put, Patch, Delete", kinds[sdk.Raw])
	}
	if kinds[sdk.Request] < 350 {
		t.Errorf("only %d request methods: the service rule lost some", kinds[sdk.Request])
	}
}

func TestGoOpenAI(t *testing.T) {
	pkgs := load(t, sdk.GoOpenAIPath)
	n, api := 0, 0
	for _, fn := range methods(pkgs) {
		c, ok := sdk.ClassifyFunc(fn)
		if recvName(fn) == "Client" && ctxFirst(fn) {
			n++
			if !ok {
				t.Errorf("Client.%s is not an API call", fn.Name())
			}
		} else if ok {
			t.Errorf("%s.%s classified as an API call", recvName(fn), fn.Name())
		}
		if ok {
			api++
			checkArity(t, c, true)
			if strings.HasSuffix(fn.Name(), "Stream") != (c.Kind == sdk.Stream) {
				t.Errorf("Client.%s: kind %v", fn.Name(), c.Kind)
			}
		}
	}
	if api < 90 {
		t.Errorf("go-openai: %d API methods, want the ~91 ctx-first Client methods", api)
	}
	t.Logf("go-openai: %d API methods", api)
}

// TestOlderOpenAIGo checks that the same rule covers v1, v2 and the fork,
// for which `oaiguard gen` writes runtimes.
func TestOlderOpenAIGo(t *testing.T) {
	for _, m := range []string{sdk.OpenAIGoV1, sdk.OpenAIGoV2, sdk.CharmOpenAI} {
		pkgs := load(t, m)
		api := 0
		for _, fn := range methods(pkgs) {
			if c, ok := sdk.ClassifyFunc(fn); ok {
				api++
				if c.Module != m {
					t.Errorf("%s: module %s", fn.FullName(), c.Module)
				}
				checkArity(t, c, false)
			}
		}
		if api < 100 {
			t.Errorf("%s: only %d API methods", m, api)
		}
	}
}

// checkArity ties the SDK to the runtime: every method the fix wraps must
// have a wrapper of its arity.
func checkArity(t *testing.T, c *sdk.Call, goOpenAI bool) {
	t.Helper()
	var r runtimeapi.Result
	switch {
	case c.Kind == sdk.Stream && c.Result == sdk.ValueOnly:
		if !strings.Contains(c.Func.Signature().Results().At(0).Type().String(), "ssestream") {
			return // BetaAgentSessionService.Stream: no wrapper, by design
		}
		r = runtimeapi.Stream
	case c.Kind == sdk.Stream && goOpenAI:
		r = runtimeapi.Stream
	case c.Result == sdk.ValueOnly || c.Kind == sdk.Poll || c.Kind == sdk.NextPage:
		return
	case c.Result == sdk.ErrorOnly:
		r = runtimeapi.ErrorOnly
	default:
		r = runtimeapi.ValueAndError
	}
	if !runtimeapi.Provides(goOpenAI, r, c.Arity) {
		t.Errorf("%s: no runtime wrapper for arity %d", c.Func.FullName(), c.Arity)
	}
}

func TestModuleOf(t *testing.T) {
	for _, tc := range []struct{ path, mod, sub string }{
		{"github.com/openai/openai-go", sdk.OpenAIGoV1, ""},
		{"github.com/openai/openai-go/option", sdk.OpenAIGoV1, "option"},
		{"github.com/openai/openai-go/v2/option", sdk.OpenAIGoV2, "option"},
		{"github.com/openai/openai-go/v3/responses", sdk.OpenAIGoV3, "responses"},
		{"github.com/charmbracelet/openai-go/packages/ssestream", sdk.CharmOpenAI, "packages/ssestream"},
		{"github.com/sashabaranov/go-openai", sdk.GoOpenAIPath, ""},
		{"github.com/sashabaranov/go-openai/jsonschema", sdk.GoOpenAIPath, "jsonschema"},
		{"github.com/openai/openai-go-extra", "", ""},
		{"example.com/openai", "", ""},
	} {
		mod, sub, ok := sdk.ModuleOf(tc.path)
		if mod != tc.mod || sub != tc.sub || ok != (tc.mod != "") {
			t.Errorf("ModuleOf(%q) = %q, %q, %v; want %q, %q", tc.path, mod, sub, ok, tc.mod, tc.sub)
		}
	}
}

// TestOneShot lists the methods whose arguments carry an io.Reader, which
// a wrapper cannot send twice: the uploads, and nothing else.
func TestOneShot(t *testing.T) {
	var got []string
	for _, fn := range methods(load(t, sdk.GoOpenAIPath, sdk.OpenAIGoV3)) {
		if c, ok := sdk.ClassifyFunc(fn); ok && c.OneShot {
			got = append(got, recvName(fn)+"."+fn.Name())
		}
	}
	t.Logf("one-shot: %v", got)
	for _, want := range []string{"Client.CreateTranscription", "Client.CreateTranslation", "Client.CreateEditImage", "Client.CreateVariImage", "FileService.New", "AudioTranscriptionService.New", "ImageService.Edit"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s is not one-shot", want)
		}
	}
	for _, not := range []string{"Client.CreateChatCompletion", "Client.CreateFile", "Client.CreateFileBytes", "ChatCompletionService.New", "ResponseService.New", "EmbeddingService.New"} {
		if slices.Contains(got, not) {
			t.Errorf("%s taken for one-shot", not)
		}
	}
}
