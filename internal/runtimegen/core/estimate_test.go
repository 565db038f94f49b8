package core

import (
	"math"
	"strings"
	"testing"
)

func TestScanRequest(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		model  string
		tokens float64
	}{
		{
			"chat with max_completion_tokens and n",
			`{"messages":[{"role":"user","content":"12345678"},{"role":"system","content":[{"type":"text","text":"abcd"}]}],"model":"gpt-4o","max_completion_tokens":100,"n":2}`,
			"gpt-4o", (4+8+6+4+4)/4.0 + 200, // every string value but the model, /4; 100 × n
		},
		{
			"responses API",
			`{"model":"gpt-4.1","input":"hello world!","max_output_tokens":50}`,
			"gpt-4.1", 12/4.0 + 50,
		},
		{
			"escaped quotes and nested model keys do not confuse it",
			`{"model":"m","metadata":{"model":"other","n":9},"messages":[{"content":"a\"b\\c"}],"max_tokens":7}`,
			"m", (5+1+6)/4.0 + 7,
		},
		{
			"an inline image counts as one image, not its base64",
			`{"model":"v","messages":[{"content":[{"image_url":{"url":"data:image/png;base64,` + strings.Repeat("A", 50000) + `"}}]}]}`,
			"v", imageBytes / 4.0,
		},
		{"embeddings, no output", `{"input":["abcd","efgh"],"model":"text-embedding-3-small"}`, "text-embedding-3-small", 2},
		{"whitespace", " {\n \"model\" : \"x\" ,\n \"max_tokens\" : 12 }\n", "x", 12},
		{"numbers that are not counts are ignored", `{"model":"x","max_tokens":1.5e3,"n":-1}`, "x", 0},
		{"not an object", `["model"]`, "", 0},
		{"two objects", `{"model":"a"}{"model":"b"}`, "", 0},
		{"unterminated string", `{"model":"a`, "", 0},
		{"unbalanced", `{"model":"a"`, "", 0},
		{"empty", ``, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := scanRequest([]byte(tt.body))
			if string(rc.model) != tt.model || math.Abs(rc.tokens-tt.tokens) > 1e-9 {
				t.Errorf("scanRequest = model %q, tokens %v; want %q, %v", rc.model, rc.tokens, tt.model, tt.tokens)
			}
		})
	}
}

func TestScanRequestDoesNotAllocate(t *testing.T) {
	body := []byte(`{"messages":[{"role":"user","content":"Say hello to the benchmark, briefly."}],"model":"gpt-4o","max_completion_tokens":64}`)
	if n := testing.AllocsPerRun(100, func() { scanRequest(body) }); n != 0 {
		t.Errorf("scanRequest allocates %v times per body", n)
	}
}

func FuzzScanRequest(f *testing.F) {
	for _, s := range []string{
		`{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":10,"n":3}`,
		`{"model":"a\"b","input":["x",{"y":[1,2,{"z":"w"}]}]}`,
		`{`, `}`, `"`, `{"a":"\`, `{"n":99999999999999999999}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rc := scanRequest(b)
		if rc.tokens < 0 || math.IsNaN(rc.tokens) || math.IsInf(rc.tokens, 0) {
			t.Errorf("tokens %v", rc.tokens)
		}
		if len(rc.model) > len(b) {
			t.Errorf("model longer than the body")
		}
	})
}

// FuzzStringEnd checks the quote-jumping stringEnd against the plain
// byte-by-byte reading of a JSON string.
func FuzzStringEnd(f *testing.F) {
	for _, s := range []string{`abc"`, `a\"b"`, `a\\"b`, `\\\\\"x\\"`, strings.Repeat(`x\\`, 40) + `"`, strings.Repeat("y", 100) + `\"z"`} {
		f.Add([]byte(s))
	}
	naive := func(b []byte) int {
		for i := 0; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i
			}
		}
		return -1
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := stringEnd(b, 0), naive(b); got != want {
			t.Errorf("stringEnd(%q) = %d, want %d", b, got, want)
		}
	})
}
