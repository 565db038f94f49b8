//go:build go1.24

// b.Loop needs Go 1.24; the constraint raises this file's language
// version above the module's, which stays at the lowest the runtime
// supports.

package oaiguard

// validateRequest runs on every one-argument call; on a valid request it
// must cost no allocation, since the wrapper's whole overhead per call is
// budgeted in allocations (see bench_test.go).

import (
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

var validChat = openai.ChatCompletionNewParams{
	Model:       openai.ChatModelGPT4o,
	Messages:    []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hello")},
	Temperature: openai.Float(0.7),
	TopP:        openai.Float(0.9),
	LogitBias:   map[string]int64{"50256": -100},
	Metadata:    shared.Metadata{"team": "search"},
}

func TestValidateRequestAllocatesNothing(t *testing.T) {
	other := openai.FileListParams{}
	resp := responses.ResponseNewParams{Model: "gpt-4o", MaxOutputTokens: openai.Int(64)}
	id := "resp_1"
	for name, f := range map[string]func() error{
		"chat":         func() error { return validateRequest(&validChat) },
		"responses":    func() error { return validateRequest(&resp) },
		"another type": func() error { return validateRequest(&other) },
		"a string":     func() error { return validateRequest(&id) },
	} {
		if err := f(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := testing.AllocsPerRun(200, func() { _ = f() }); n != 0 {
			t.Errorf("%s: %v allocations per validation, want 0", name, n)
		}
	}
}

func BenchmarkValidateChat(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := validateRequest(&validChat); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTypedCostOf: the model and the output bound come from the typed
// request; requests whose raw JSON may set them, and other types, tell
// nothing.
func TestTypedCostOf(t *testing.T) {
	chat := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o, MaxTokens: openai.Int(100), MaxCompletionTokens: openai.Int(300), N: openai.Int(2)}
	if got, want := typedCostOf(&chat, nil), (typedCost{model: "gpt-4o", maxOut: 300, n: 2, ok: true}); got != want {
		t.Errorf("chat: %+v, want %+v", got, want)
	}
	resp := responses.ResponseNewParams{Model: "gpt-4.1", MaxOutputTokens: openai.Int(64)}
	if got, want := typedCostOf(&resp, nil), (typedCost{model: "gpt-4.1", maxOut: 64, ok: true}); got != want {
		t.Errorf("responses: %+v, want %+v", got, want)
	}
	raw := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}
	raw.SetExtraFields(map[string]any{"max_tokens": 5000})
	if got := typedCostOf(&raw, nil); got.ok {
		t.Errorf("max_tokens as raw JSON: %+v, want nothing known", got)
	}
	if got := typedCostOf(&chat, []option.RequestOption{option.WithJSONSet("model", "gpt-4.1")}); got.ok {
		t.Errorf("with a request option, which may rewrite the body: %+v, want nothing known", got)
	}
	other := openai.FileListParams{}
	if got := typedCostOf(&other, nil); got.ok {
		t.Errorf("another type: %+v, want nothing known", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = typedCostOf(&chat, nil) }); n != 0 {
		t.Errorf("typedCostOf allocates %v times", n)
	}
}

// The generated model sets match as oaiguard's table does, so that the
// runtime and the badrequest check agree on which models are reasoning
// models.
func TestModelSetsMatchTheTable(t *testing.T) {
	ids := []string{"o1", "o1-mini", "o1-2024-12-17", "o3", "o3-mini", "o3-pro", "o30", "o4-mini", "gpt-5", "gpt-5-mini",
		"gpt-5-nano-2025-08-07", "gpt-5-chat-latest", "gpt-5.1", "gpt-5.1-chat-latest", "gpt-4o", "gpt-4.1-mini", "", "omni-moderation-latest"}
	sets := map[string][2]any{"reasoningModels": {reasoningModels, sdk.ReasoningModels}}
	if sdkSets != nil {
		sets["sdkReasoningModels"] = sdkSets()
	}
	for name, pair := range sets {
		got, want := pair[0].(modelSet), pair[1].(sdk.ModelSet)
		for _, id := range ids {
			if got.match(id) != want.Match(id) {
				t.Errorf("%s.match(%q) = %v, the table says %v", name, id, got.match(id), want.Match(id))
			}
		}
	}
	if !reasoningModels.match("o3") || reasoningModels.match("gpt-4o") {
		t.Error("reasoningModels match the wrong models")
	}
}

// openai-go checks nothing on the client: no set of its own.
var sdkSets func() [2]any
