package oaiguard_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

// Log every attempt with log/slog: an AttemptEvent is an slog.LogValuer,
// and holds no API key.
func ExampleAttemptEvent() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			// For a stable example: no time, and no error text, which is the
			// SDK's own and differs between its versions (it held the
			// response body until v3.70.0).
			if a.Key == slog.TimeKey || len(groups) == 1 && groups[0] == "attempt" && a.Key == "error" {
				return slog.Attr{}
			}
			return a
		},
	}))
	p := oaiguard.DefaultPolicy
	p.OnAttempt = func(e oaiguard.AttemptEvent) {
		logger.Info("openai call", "attempt", e)
	}
	ctx := oaiguard.WithPolicy(context.Background(), p.WithRand(func() float64 { return 0.01 }))

	// A server that is overloaded once, then answers.
	client := openai.NewClient(
		option.WithAPIKey("sk-proj-example0123456789"),
		option.WithHTTPClient(&http.Client{Transport: &overloadedOnce{}}),
	)
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hello")},
	})
	if err != nil {
		logger.Error("openai call failed", "err", err)
	}
	// Output:
	// level=INFO msg="openai call" attempt.attempt=1 attempt.outcome=overloaded attempt.model=gpt-4o attempt.status=503 attempt.request_id=req_1 attempt.delay=10ms
	// level=INFO msg="openai call" attempt.attempt=2 attempt.outcome=ok attempt.model=gpt-4o attempt.status=200 attempt.request_id=req_2
}

// overloadedOnce answers 503, then a chat completion.
type overloadedOnce struct{ n int }

func (o *overloadedOnce) RoundTrip(req *http.Request) (*http.Response, error) {
	o.n++
	status, body := 200, completionBody
	if o.n == 1 {
		status, body = 503, `{"error":{"message":"The server is overloaded","type":"server_error"}}`
	}
	return &http.Response{
		StatusCode: status,
		Header:     http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_" + string(rune('0'+o.n))}},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    req,
	}, nil
}
