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
// models. The runtime's module cannot import the analyzer's, so the
// expectations are written out here: internal/sdk's
// TestReasoningModelSets holds the table to the same answers.
func TestModelSetsMatchTheTable(t *testing.T) {
	// id → {the API's reasoning models, go-openai's client-side check}
	want := map[string][2]bool{
		"o1":                     {true, true},
		"o1-mini":                {true, true},
		"o1-2024-12-17":          {true, true},
		"o3":                     {true, true},
		"o3-mini":                {true, true},
		"o3-pro":                 {true, true},
		"o30":                    {false, true},
		"o4-mini":                {true, true},
		"gpt-5":                  {true, true},
		"gpt-5-mini":             {true, true},
		"gpt-5-nano-2025-08-07":  {true, true},
		"gpt-5-chat-latest":      {false, true},
		"gpt-5.1":                {false, true},
		"gpt-5.1-chat-latest":    {false, true},
		"gpt-4o":                 {false, false},
		"gpt-4.1-mini":           {false, false},
		"":                       {false, false},
		"omni-moderation-latest": {false, false},
	}
	for id, w := range want {
		if got := reasoningModels.match(id); got != w[0] {
			t.Errorf("reasoningModels.match(%q) = %v, the table says %v", id, got, w[0])
		}
	}
}
