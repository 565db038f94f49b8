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

	"github.com/oaiguard/oaiguard/internal/sdk"
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

var sdkSets = func() [2]any { return [2]any{sdkReasoningModels, sdk.GoOpenAIReasoningModels} }
