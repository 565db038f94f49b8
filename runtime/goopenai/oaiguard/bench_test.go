//go:build go1.24

// b.Loop needs Go 1.24; the constraint raises this file's language
// version above the module's, which stays at the lowest the runtime
// supports.

package oaiguard_test

// Micro-benchmarks of the wrapper's cost on the success path for go-openai:
// the same real client and request through an in-process transport that
// answers at once, called directly and through oaiguard.Call with the
// runtime's transport (which paces and records). The difference per
// operation is the runtime's overhead. They print figures and assert
// nothing about speed; TestCallAllocations holds the allocation count.

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/internal/overhead"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

// instantTransport answers every request with a chat completion and the
// rate-limit headers of a large account, without a network.
type instantTransport struct{}

const completionBody = `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",` +
	`"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],` +
	`"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`

func (instantTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: 200,
		Header: http.Header{
			"Content-Type":                   {"application/json"},
			"X-Request-Id":                   {"req_bench"},
			"X-Ratelimit-Limit-Requests":     {"100000000"},
			"X-Ratelimit-Remaining-Requests": {"99999999"},
			"X-Ratelimit-Reset-Requests":     {"6ms"},
			"X-Ratelimit-Limit-Tokens":       {"100000000000"},
			"X-Ratelimit-Remaining-Tokens":   {"99999999000"},
			"X-Ratelimit-Reset-Tokens":       {"60ms"},
		},
		Body:          io.NopCloser(strings.NewReader(completionBody)),
		ContentLength: int64(len(completionBody)),
		Request:       req,
	}, nil
}

var benchRequest = goopenai.ChatCompletionRequest{
	Model:               goopenai.GPT4o,
	Messages:            []goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleUser, Content: "Say hello to the benchmark, briefly."}},
	MaxCompletionTokens: 64,
}

func benchClient(hc *http.Client) *goopenai.Client {
	cfg := goopenai.DefaultConfig("sk-bench-0000000000000000")
	cfg.BaseURL = "http://bench.invalid/v1"
	cfg.HTTPClient = hc
	return goopenai.NewClientWithConfig(cfg)
}

// BenchmarkDirect is the SDK alone.
func BenchmarkDirect(b *testing.B) {
	client := benchClient(&http.Client{Transport: instantTransport{}})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.CreateChatCompletion(ctx, benchRequest); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCall is the same call through oaiguard.Call, the client
// configured with the runtime's transport, with a governor of its own.
func BenchmarkCall(b *testing.B) {
	client := benchClient(oaiguard.HTTPClient(&http.Client{Transport: instantTransport{}}))
	ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, benchRequest); err != nil {
			b.Fatal(err)
		}
	}
}

// overheadPair returns the direct call and the same call through
// oaiguard.Call with the runtime's transport, for the overhead figures; a
// failed call fails tb.
func overheadPair(tb testing.TB) (direct, wrapped func()) {
	plain := benchClient(&http.Client{Transport: instantTransport{}})
	guarded := benchClient(oaiguard.HTTPClient(&http.Client{Transport: instantTransport{}}))
	ctx := context.Background()
	gctx := oaiguard.WithPolicy(ctx, oaiguard.Policy{Governor: oaiguard.NewGovernor()})
	direct = func() {
		if _, err := plain.CreateChatCompletion(ctx, benchRequest); err != nil {
			tb.Fatal(err)
		}
	}
	wrapped = func() {
		if _, err := oaiguard.Call(gctx, guarded.CreateChatCompletion, benchRequest); err != nil {
			tb.Fatal(err)
		}
	}
	return direct, wrapped
}

// BenchmarkOverhead reports the wrapper's cost per call against the plain
// SDK call, from interleaved rounds (overhead-ns/call, the median; q1 and
// q3), and its allocations beyond the SDK's (overhead-allocs/call).
//
//	go test ./runtime/goopenai/oaiguard -run '^$' -bench Overhead -benchtime 100000x
func BenchmarkOverhead(b *testing.B) {
	direct, wrapped := overheadPair(b)
	overhead.Measure(b, direct, wrapped)
}

// TestCallAllocations: a successful call through the wrapper and the
// runtime's transport allocates at most two objects more than the plain SDK
// call.
func TestCallAllocations(t *testing.T) {
	direct, wrapped := overheadPair(t)
	overhead.CheckAllocs(t, direct, wrapped, 2)
}
