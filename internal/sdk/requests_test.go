package sdk

import (
	"math"
	"strings"
	"testing"
)

func TestRequestTables(t *testing.T) {
	known := map[RequestKind]bool{}
	for _, k := range RequestKinds {
		known[k] = true
	}
	for fam, types := range RequestTypes {
		kinds := map[RequestKind]bool{}
		names := map[string]bool{}
		for _, rt := range types {
			if !known[rt.Kind] || rt.Name == "" || names[rt.Package+"."+rt.Name] {
				t.Errorf("%s: bad or duplicate request type %+v", fam, rt)
			}
			kinds[rt.Kind], names[rt.Package+"."+rt.Name] = true, true
		}
		for _, k := range RequestKinds {
			if !kinds[k] {
				t.Errorf("%s has no request type of kind %q", fam, k)
			}
		}
	}
	for _, r := range RequiredFields {
		if !known[r.Kind] || r.Field == "" {
			t.Errorf("bad required field %+v", r)
		}
		if got, ok := Required(r.Kind, r.Field); !ok || got != r {
			t.Errorf("Required(%q, %q) = %+v, %v", r.Kind, r.Field, got, ok)
		}
	}
	if _, ok := Required(Responses, "model"); ok {
		t.Error("a Responses request requires no model: a stored prompt can supply it")
	}
	for _, r := range FieldRules {
		bounded := r.Min.Set || r.Max.Set
		limited := r.MaxEntries > 0 || r.MaxKeyChars > 0 || r.MaxValueChars > 0
		if r.Field == "" || bounded == limited || r.Min.Set && r.Max.Set && r.Min.Value > r.Max.Value {
			t.Errorf("rule %+v: needs a field and either bounds or entry limits", r)
		}
		for _, k := range r.Kinds {
			if !known[k] {
				t.Errorf("rule %s: unknown kind %q", r.Field, k)
			}
		}
	}
}

func TestRules(t *testing.T) {
	n := Rules(ChatCompletions, "n")
	if len(n) != 1 || !n[0].InRange(128) || n[0].InRange(129) || n[0].InRange(0) {
		t.Errorf("chat n rules = %+v", n)
	}
	if n := Rules(Completions, "n"); len(n) != 1 || !n[0].InRange(1000) {
		t.Errorf("completion n rules = %+v", n)
	}
	if len(Rules(ChatCompletions, "logprobs")) != 0 || len(Rules(Completions, "logprobs")) != 1 {
		t.Error("logprobs is a count only for completions")
	}
	temp := Rules(Responses, "temperature")
	if len(temp) != 1 || !temp[0].InRange(0) || !temp[0].InRange(2) || temp[0].InRange(2.01) || temp[0].InRange(math.NaN()) ||
		!temp[0].HasDefault || temp[0].Default != 1 {
		t.Errorf("temperature rules = %+v", temp)
	}
	if len(Rules(Embeddings, "nothing")) != 0 {
		t.Error("rules for an unknown field")
	}
}

func TestReasoningModels(t *testing.T) {
	for _, tt := range []struct {
		fam        Family
		kind       RequestKind
		model      string
		reasoning  bool
		sdkChecked bool
	}{
		{OpenAIGo, ChatCompletions, "o3", true, false},
		{OpenAIGo, ChatCompletions, "o3-mini-2025-01-31", true, false},
		{OpenAIGo, ChatCompletions, "gpt-5-nano", true, false},
		{OpenAIGo, ChatCompletions, "gpt-5-chat-latest", false, false},
		{OpenAIGo, ChatCompletions, "gpt-5.1", false, false},
		{OpenAIGo, Responses, "o30", false, false},
		{OpenAIGo, ChatCompletions, "gpt-4o", false, false},
		{GoOpenAI, ChatCompletions, "gpt-5.1", true, true},
		{GoOpenAI, ChatCompletions, "gpt-5-chat-latest", true, true},
		{GoOpenAI, ChatCompletions, "gpt-4o", false, true},
		{GoOpenAI, Responses, "gpt-5.1", false, false},
		{GoOpenAI, Responses, "o1", true, false},
	} {
		r, s := ReasoningModel(tt.fam, tt.kind, tt.model)
		if r != tt.reasoning || s != tt.sdkChecked {
			t.Errorf("ReasoningModel(%v, %s, %q) = %v, %v; want %v, %v", tt.fam, tt.kind, tt.model, r, s, tt.reasoning, tt.sdkChecked)
		}
	}
	for _, r := range ReasoningRules {
		if r.Field == "" || len(r.Kinds) == 0 || r.Forbidden == (r.Min.Set || r.Max.Set) {
			t.Errorf("bad reasoning rule %+v", r)
		}
		if r.SDKOnly && r.SDKError == "" {
			t.Errorf("rule %s: only go-openai enforces it, so it must name go-openai's error", r.Field)
		}
	}
	temp := ReasoningRules[0]
	if temp.Field != "temperature" || !temp.Allows(1) || temp.Allows(0) || temp.Allows(0.5) {
		t.Errorf("temperature rule %+v", temp)
	}
	for _, w := range WordRules {
		if w.Word != strings.ToLower(w.Word) || w.Field == "" || w.Messages == "" {
			t.Errorf("bad word rule %+v", w)
		}
	}
}
