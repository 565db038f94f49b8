package sdk_test

import (
	"go/types"
	"testing"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

// TestErrorTypes looks the SDKs' error types up in the real modules and
// checks that each is recognised, through aliases and pointers, and that
// nothing else in those packages is.
func TestErrorTypes(t *testing.T) {
	want := map[string]sdk.ErrorKind{
		"github.com/openai/openai-go/v3.Error":                          sdk.APIError,
		"github.com/openai/openai-go/v2.Error":                          sdk.APIError,
		"github.com/openai/openai-go.Error":                             sdk.APIError,
		"github.com/charmbracelet/openai-go.Error":                      sdk.APIError,
		"github.com/openai/openai-go/v3/packages/ssestream.StreamError": sdk.StreamError,
		"github.com/sashabaranov/go-openai.APIError":                    sdk.APIError,
		"github.com/sashabaranov/go-openai.RequestError":                sdk.RequestError,
	}
	pkgs := load(t,
		"github.com/openai/openai-go/v3", "github.com/openai/openai-go/v2", "github.com/openai/openai-go",
		"github.com/charmbracelet/openai-go", "github.com/openai/openai-go/v3/packages/ssestream",
		"github.com/sashabaranov/go-openai")
	found := 0
	for _, p := range pkgs {
		for _, name := range p.Types.Scope().Names() {
			tn, ok := p.Types.Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			key := p.PkgPath + "." + name
			et, isErr := sdk.ErrorTypeOf(tn.Type())
			kind, wanted := want[key]
			if isErr != wanted || (wanted && et.Kind != kind) {
				t.Errorf("%s: got %v %v, want %v %v", key, isErr, et.Kind, wanted, kind)
				continue
			}
			if !wanted {
				continue
			}
			found++
			ptr := types.NewPointer(tn.Type())
			if !sdk.IsPointerToErrorType(ptr) {
				t.Errorf("*%s is not a pointer to an error type", key)
			}
			if sdk.IsPointerToErrorType(tn.Type()) || sdk.IsPointerToErrorType(types.NewPointer(ptr)) {
				t.Errorf("%s or **%s taken for an errors.As target", key, key)
			}
			if f := et.FieldOf("Code"); f != sdk.CodeField && et.Kind == sdk.APIError {
				t.Errorf("%s.Code: %v", key, f)
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d error types", found, len(want))
	}
}

func TestErrorTextOf(t *testing.T) {
	for _, tc := range []struct {
		module, version string
		want            sdk.ErrorText
	}{
		{sdk.OpenAIGoV3, "v3.98.0", sdk.ErrorText{Status: true}},
		{sdk.OpenAIGoV3, "v3.71.0", sdk.ErrorText{Status: true}},
		{sdk.OpenAIGoV3, "v3.70.2", sdk.ErrorText{Status: true, Message: true, CodeAndType: true}},
		{sdk.OpenAIGoV3, "", sdk.ErrorText{Status: true, Message: true, CodeAndType: true}},
		{sdk.OpenAIGoV2, "v2.7.1", sdk.ErrorText{Status: true, Message: true, CodeAndType: true}},
		{sdk.GoOpenAIPath, "v1.43.0", sdk.ErrorText{Status: true, Message: true}},
	} {
		if got := sdk.ErrorTextOf(tc.module, tc.version); got != tc.want {
			t.Errorf("ErrorTextOf(%s, %q) = %+v, want %+v", tc.module, tc.version, got, tc.want)
		}
	}
}
