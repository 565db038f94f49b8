package sdk

import (
	"math"
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
