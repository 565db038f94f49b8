package runtimegen

import (
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/oaiguard/oaiguard/internal/sdk"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

var (
	rootRequiresOnce sync.Once
	rootRequires     map[string]string
)

// sdkDir returns the directory to load mod's request types from: this
// module when its go.mod requires mod (the checked-in runtimes), else the
// fixture module, which requires every supported SDK at its pinned
// version.
func sdkDir(t *testing.T, mod string) string {
	t.Helper()
	rootRequiresOnce.Do(func() { rootRequires = requiredVersions(t, "../../go.mod") })
	if _, ok := rootRequires[mod]; ok {
		return ""
	}
	return testenv.Module(t, "testdata/mod")
}

// switchCases returns the types of the cases of the first type switch in
// fn, as source text.
func switchCases(fn *ast.FuncDecl) []string {
	var out []string
	ast.Inspect(fn, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSwitchStmt)
		if !ok || out != nil {
			return out == nil
		}
		for _, s := range ts.Body.List {
			for _, e := range s.(*ast.CaseClause).List {
				out = append(out, types.ExprString(e))
			}
		}
		return false
	})
	return out
}

// Every request type of every kind gets a validator, and validateRequest
// dispatches to it; the one-argument wrappers call validateRequest.
func TestValidatorSetIsComplete(t *testing.T) {
	for _, mod := range SDKs() {
		sp := specs[mod]
		_, p := generate(t, Options{SDK: mod, Dir: sdkDir(t, mod)})
		kinds := map[sdk.RequestKind]bool{}
		cases := switchCases(p.funcs["validateRequest"])
		for _, rt := range sdk.RequestTypes[sp.family] {
			kinds[rt.Kind] = true
			if p.funcs[validatorName(requestType{RequestType: rt})] == nil {
				t.Errorf("%s: no validator for %s", mod, rt.Name)
			}
			qual := "openai."
			if rt.Package != "" {
				qual = rt.Package + "."
			}
			if !contains(cases, "*"+qual+rt.Name) {
				t.Errorf("%s: validateRequest has no case for %s (cases %v)", mod, rt.Name, cases)
			}
		}
		for _, k := range sdk.RequestKinds {
			if !kinds[k] {
				t.Errorf("%s: no request type of kind %q", mod, k)
			}
		}
		for _, w := range []string{"Call", "Stream"} {
			if fn := p.funcs[w]; fn == nil || !calls(fn, "validateRequest") {
				t.Errorf("%s: %s does not call validateRequest", mod, w)
			}
		}
		for _, w := range []string{"Call2", "Call0", "Exec", "Do"} {
			if fn := p.funcs[w]; fn != nil && calls(fn, "validateRequest") {
				t.Errorf("%s: %s validates, but only one-argument wrappers take a request", mod, w)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func calls(fn *ast.FuncDecl, name string) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// openai-go marks required fields itself; its tags must agree with the
// table, which go-openai's validators rely on, in every version.
func TestOpenAIGoRequiredTagsMatchTheTable(t *testing.T) {
	for _, mod := range SDKs() {
		sp := specs[mod]
		if sp.family != sdk.OpenAIGo {
			continue
		}
		set, err := loadRequests(sdkDir(t, mod), mod, sp.family)
		if err != nil {
			t.Fatal(err)
		}
		for _, rt := range set.types {
			var tagged, table []string
			for _, f := range fields(rt.st, nil) {
				if f.sdkRequired {
					tagged = append(tagged, f.json)
				}
			}
			for _, r := range sdk.RequiredFields {
				if r.Kind == rt.Kind {
					table = append(table, r.Field)
				}
			}
			sort.Strings(tagged)
			sort.Strings(table)
			if strings.Join(tagged, ",") != strings.Join(table, ",") {
				t.Errorf("%s %s: the SDK requires %v, the table %v", mod, rt.Name, tagged, table)
			}
		}
	}
}

// go-openai drops a zero Temperature or TopP; the validator cannot see it
// and says so, with the way out.
func TestZeroDroppedIsDocumented(t *testing.T) {
	files, _ := generate(t, Options{SDK: sdk.GoOpenAIPath, Dir: sdkDir(t, sdk.GoOpenAIPath)})
	src := string(files["validate_sdk.go"])
	for _, name := range []string{"validateChatCompletionRequest", "validateCompletionRequest"} {
		i := strings.Index(src, "// "+name+" checks")
		j := strings.Index(src, "func "+name+"(")
		if i < 0 || j < i || !strings.Contains(src[i:j], "Temperature and TopP are not sent when they are 0") ||
			!strings.Contains(src[i:j], "math.SmallestNonzeroFloat32") {
			t.Errorf("%s: the doc comment does not explain the dropped zero", name)
		}
	}
	files, _ = generate(t, Options{SDK: sdk.OpenAIGoV3, Dir: sdkDir(t, sdk.OpenAIGoV3)})
	if strings.Contains(string(files["validate_sdk.go"]), "SmallestNonzeroFloat32") {
		t.Error("openai-go sends a zero temperature (param.Opt); its validators must not claim otherwise")
	}
}

// A field whose type the generator cannot check, for a rule or a
// required field, stops generation with an error naming it.
func TestUnsupportedFieldTypesAreErrors(t *testing.T) {
	pkg := types.NewPackage(sdk.GoOpenAIPath, "openai")
	str := types.Typ[types.String]
	newType := func(name string, fields []*types.Var, tags []string) requestType {
		obj := types.NewTypeName(token.NoPos, pkg, name, nil)
		st := types.NewStruct(fields, tags)
		types.NewNamed(obj, st, nil)
		return requestType{RequestType: sdk.RequestType{Kind: sdk.ChatCompletions, Name: name}, obj: obj, st: st}
	}
	field := func(name string, t types.Type) *types.Var { return types.NewField(token.NoPos, pkg, name, t, false) }
	g := gen{spec: specs[sdk.GoOpenAIPath], pkg: "oaiguard"}
	ok := []*types.Var{field("Model", str), field("Messages", types.NewSlice(str))}
	okTags := []string{`json:"model"`, `json:"messages"`}
	tests := []struct {
		rt   requestType
		want string
	}{
		{newType("TempIsText", append(ok, field("Temperature", str)), append(okTags, `json:"temperature,omitempty"`)), "Temperature (temperature): no way to check a range"},
		{newType("ModelIsNumber", []*types.Var{field("Model", types.Typ[types.Int]), field("Messages", types.NewSlice(str))}, okTags), "Model (model): no way to check that it is set"},
		{newType("NoMessages", ok[:1], okTags[:1]), `has no field "messages"`},
		{newType("BiasOfText", append(ok, field("LogitBias", types.NewMap(str, str))), append(okTags, `json:"logit_bias"`)), "no way to check the range of map values"},
	}
	for _, tt := range tests {
		f := newFile("oaiguard")
		err := g.validator(f.Group, tt.rt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to say %q", tt.rt.Name, err, tt.want)
		}
	}
	f := newFile("oaiguard")
	if err := g.validator(f.Group, newType("Fine", ok, okTags)); err != nil {
		t.Errorf("a valid request type: %v", err)
	}
}

// Without the SDK in the module, generation fails with an error that says
// what to do, and does not panic.
func TestLoadOutsideAModuleThatRequiresTheSDK(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/plain\n\ngo 1.26\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(Options{SDK: sdk.GoOpenAIPath, Dir: dir})
	if err == nil || !strings.Contains(err.Error(), sdk.GoOpenAIPath) || !strings.Contains(err.Error(), "must require it") {
		t.Errorf("err = %v; want it to name the SDK and say the module must require it", err)
	}
}

// The validators say which SDK version they were derived from, so that a
// version bump in go.mod fails the drift test until they are regenerated.
func TestValidatorsNameTheSDKVersion(t *testing.T) {
	files, _ := generate(t, Options{SDK: sdk.OpenAIGoV3, Dir: sdkDir(t, sdk.OpenAIGoV3)})
	v := requiredVersions(t, "../../go.mod")[sdk.OpenAIGoV3]
	if v == "" || !strings.Contains(string(files["validate_sdk.go"]), sdk.OpenAIGoV3+" "+v) {
		t.Errorf("validate_sdk.go does not name %s %s", sdk.OpenAIGoV3, v)
	}
}
