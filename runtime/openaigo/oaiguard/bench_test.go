//go:build go1.24

// b.Loop needs Go 1.24; the constraint raises this file's language
// version above the module's, which stays at the lowest the runtime
// supports.

package oaiguard_test

// Micro-benchmarks of the wrapper's cost on the success path: the same real
// openai-go client and request, through an in-process transport that
// answers at once, called directly and through oaiguard.Call. The
// difference per operation is the wrapper's overhead (pacing, latch and
// budget bookkeeping included). They print figures and assert nothing
// about speed; TestCallAllocations holds the allocation count.

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oaiguard/oaiguard/runtime/openaigo/internal/overhead"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
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

func benchClient() openai.Client {
	return openai.NewClient(
		option.WithBaseURL("http://bench.invalid/v1/"),
		option.WithAPIKey(apiKey),
		option.WithHTTPClient(&http.Client{Transport: instantTransport{}}),
	)
}

var benchParams = openai.ChatCompletionNewParams{
	Model:               openai.ChatModelGPT4o,
	Messages:            []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Say hello to the benchmark, briefly.")},
	MaxCompletionTokens: openai.Int(64),
}

// BenchmarkDirectPlain is the SDK alone, called as users call it, with no
// request option.
func BenchmarkDirectPlain(b *testing.B) {
	client := benchClient()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.Chat.Completions.New(ctx, benchParams); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirect is the SDK alone, with its retries off as the wrapper
// would switch them off.
func BenchmarkDirect(b *testing.B) {
	client := benchClient()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.Chat.Completions.New(ctx, benchParams, option.WithMaxRetries(0)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCall is the same call through oaiguard.Call, with a governor of
// its own.
func BenchmarkCall(b *testing.B) {
	client := benchClient()
	ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, benchParams); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCallParallel is BenchmarkCall from GOMAXPROCS goroutines sharing
// one limiter, to show the cost of its lock under contention.
func BenchmarkCallParallel(b *testing.B) {
	client := benchClient()
	ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, benchParams); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// overheadPair returns the direct call and the same call through
// oaiguard.Call, for the overhead figures; a failed call fails tb.
func overheadPair(tb testing.TB) (direct, wrapped func()) {
	client := benchClient()
	ctx := context.Background()
	gctx := oaiguard.WithPolicy(ctx, oaiguard.Policy{Governor: oaiguard.NewGovernor()})
	direct = func() {
		if _, err := client.Chat.Completions.New(ctx, benchParams); err != nil {
			tb.Fatal(err)
		}
	}
	wrapped = func() {
		if _, err := oaiguard.Call(gctx, client.Chat.Completions.New, benchParams); err != nil {
			tb.Fatal(err)
		}
	}
	return direct, wrapped
}

// BenchmarkOverhead reports the wrapper's cost per call against the plain
// SDK call, from interleaved rounds (overhead-ns/call, the median; q1 and
// q3), and its allocations beyond the SDK's (overhead-allocs/call).
//
//	go test ./runtime/openaigo/oaiguard -run '^$' -bench Overhead -benchtime 100000x
func BenchmarkOverhead(b *testing.B) {
	direct, wrapped := overheadPair(b)
	overhead.Measure(b, direct, wrapped)
}

// TestCallAllocations: a successful call through the wrapper allocates at
// most two objects more than the plain SDK call. Both are openai-go's
// (WithMiddleware's append and the closure that chains the middleware);
// the call's own state is reused.
func TestCallAllocations(t *testing.T) {
	direct, wrapped := overheadPair(t)
	overhead.CheckAllocs(t, direct, wrapped, 2)
}
