package sdk

import "testing"

// TestReasoningModelSets holds the model sets to the answers that the
// runtimes' TestModelSetsMatchTheTable expects of their generated copies
// (a runtime's module cannot import this one): change both together.
func TestReasoningModelSets(t *testing.T) {
	// id → {ReasoningModels, GoOpenAIReasoningModels}
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
		if got := ReasoningModels.Match(id); got != w[0] {
			t.Errorf("ReasoningModels.Match(%q) = %v, want %v", id, got, w[0])
		}
		if got := GoOpenAIReasoningModels.Match(id); got != w[1] {
			t.Errorf("GoOpenAIReasoningModels.Match(%q) = %v, want %v", id, got, w[1])
		}
	}
}
