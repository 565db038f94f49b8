//go:build go1.24

// b.Loop needs Go 1.24; the constraint raises this file's language
// version above the module's, which stays at the lowest the runtime
// supports.

package oaiguard

// validateRequest runs on every one-argument call; on a valid request it
// must cost no allocation, since the wrapper's whole overhead per call is
// budgeted in allocations.

import (
	"testing"

	"github.com/sashabaranov/go-openai"
)

var validChat = openai.ChatCompletionRequest{
	Model:       openai.GPT4o,
	Messages:    []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hello"}},
	Temperature: 0.7,
	TopP:        0.9,
	LogitBias:   map[string]int{"50256": -100},
	Metadata:    map[string]string{"team": "search"},
}

func TestValidateRequestAllocatesNothing(t *testing.T) {
	// CreateEmbeddings takes an interface; the request arrives inside one.
	var conv openai.EmbeddingRequestConverter = openai.EmbeddingRequestStrings{Model: openai.SmallEmbedding3, Input: []string{"a"}}
	for name, f := range map[string]func() error{
		"chat":                      func() error { return validateRequest(&validChat) },
		"embeddings in a converter": func() error { return validateRequest(&conv) },
		"another type":              func() error { return validateRequest(&openai.ModerationRequest{Input: "x"}) },
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
	chat := openai.ChatCompletionRequest{Model: openai.GPT4o, MaxTokens: 100, MaxCompletionTokens: 300, N: 2}
	if got, want := typedCostOf(&chat), (typedCost{model: "gpt-4o", maxOut: 300, n: 2, ok: true}); got != want {
		t.Errorf("chat: %+v, want %+v", got, want)
	}
	raw := openai.CreateResponseRequest{Model: openai.GPT4o, ExtraBody: map[string]any{"model": "gpt-4.1"}}
	if got := typedCostOf(&raw); got.ok {
		t.Errorf("model as raw JSON: %+v, want nothing known", got)
	}
	other := openai.ModerationRequest{Input: "x"}
	if got := typedCostOf(&other); got.ok {
		t.Errorf("another type: %+v, want nothing known", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = typedCostOf(&chat) }); n != 0 {
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
		if got := sdkReasoningModels.match(id); got != w[1] {
			t.Errorf("sdkReasoningModels.match(%q) = %v, the table says %v", id, got, w[1])
		}
	}
}
