package oaiguard_test

// These tests drive the real go-openai client against a scripted fake of
// the API on loopback. They are hand-written and survive regeneration.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

const apiKey = "sk-proj-abcDEF0123456789secret"

// clock is a fake clock: sleeps return at once and move it on.
type clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	return nil
}

func (c *clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// testPolicy makes 4 attempts with backoff windows of 1ms doubling up to
// 8ms, sleeps on c, and has a Governor of its own: the process-wide one
// would carry one test's rate limits into the next.
func testPolicy(c *clock) oaiguard.Policy {
	return oaiguard.Policy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 8 * time.Millisecond, MaxElapsed: time.Minute, Governor: oaiguard.NewGovernor()}.
		WithClock(c.Now, c.Sleep)
}

// setup returns a client of a fake server, whose HTTP client records
// responses when record is set, and a context whose policy is testPolicy.
func setup(t *testing.T, record bool, replies ...fakeapi.Reply) (*fakeapi.Server, *openai.Client, context.Context, *clock) {
	t.Helper()
	srv := fakeapi.New(t, replies...)
	cfg := openai.DefaultConfig(apiKey)
	cfg.BaseURL = srv.URL + "/v1"
	if record {
		cfg.HTTPClient = oaiguard.HTTPClient(nil)
	}
	c := &clock{now: time.Now()}
	return srv, openai.NewClientWithConfig(cfg), oaiguard.WithPolicy(context.Background(), testPolicy(c)), c
}

var req = openai.ChatCompletionRequest{
	Model:    openai.GPT4o,
	Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hello"}},
}

func asError(t *testing.T, err error) *oaiguard.Error {
	t.Helper()
	var e *oaiguard.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *oaiguard.Error", err, err)
	}
	return e
}

func TestRateLimitThenSuccess(t *testing.T) {
	srv, client, ctx, c := setup(t, true, fakeapi.RateLimited("retry-after-ms", "1500"), fakeapi.RateLimited("Retry-After", "3"))
	resp, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "hi" {
		t.Errorf("content = %q", resp.Choices[0].Message.Content)
	}
	if got := c.Sleeps(); srv.Count() != 3 || len(got) != 2 || got[0] != 1500*time.Millisecond || got[1] != 3*time.Second {
		t.Errorf("requests %d, sleeps %v; want 3 requests and the headers' waits [1.5s 3s]", srv.Count(), got)
	}
}

// Without the recording transport go-openai's error keeps no header; the
// message's "try again in 200ms" is the hint then.
func TestMessageHintWithoutTransport(t *testing.T) {
	srv, client, ctx, c := setup(t, false, fakeapi.RateLimited("Retry-After", "30"))
	if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); err != nil {
		t.Fatal(err)
	}
	if got := c.Sleeps(); srv.Count() != 2 || len(got) != 1 || got[0] != 200*time.Millisecond {
		t.Errorf("requests %d, sleeps %v; want the message's 200ms", srv.Count(), got)
	}
}

func TestQuotaExhaustedIsNotRetried(t *testing.T) {
	srv, client, ctx, c := setup(t, true, fakeapi.QuotaExhausted())
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	if srv.Count() != 1 || len(c.Sleeps()) != 0 {
		t.Fatalf("server saw %d requests and the call slept %v; want 1 and none", srv.Count(), c.Sleeps())
	}
	if !oaiguard.IsQuotaExhausted(err) || oaiguard.IsRetryable(err) {
		t.Errorf("class of %v = %v, want QuotaExhausted", err, oaiguard.Classify(err))
	}
	if e := asError(t, err); e.Attempts != 1 {
		t.Errorf("Attempts = %d", e.Attempts)
	}
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 429 || apiErr.Code != "insufficient_quota" {
		t.Errorf("errors.As to *openai.APIError: %+v", apiErr)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	var classes []oaiguard.Class
	srv, client, _, c := setup(t, true,
		fakeapi.APIError(500, "server_error", "server_error", "The server had an error while processing your request."),
		fakeapi.APIError(503, "", "service_unavailable_error", "The engine is currently overloaded."),
	)
	p := testPolicy(c)
	p.OnRetry = func(e oaiguard.RetryEvent) { classes = append(classes, e.Class) }
	if _, err := oaiguard.Call(oaiguard.WithPolicy(context.Background(), p), client.CreateChatCompletion, req); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 3 || fmt.Sprint(classes) != fmt.Sprint([]oaiguard.Class{oaiguard.Server, oaiguard.Overloaded}) {
		t.Errorf("requests %d, retried classes %v", srv.Count(), classes)
	}
}

func TestRetryAfterBeyondDeadlineReturnsAtOnce(t *testing.T) {
	srv, client, ctx, c := setup(t, true, fakeapi.RateLimited("Retry-After", "30", "X-Request-Id", "req_123"))
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v; should return at once", d)
	}
	e := asError(t, err)
	if e.Class != oaiguard.RateLimited || e.Attempts != 1 || e.RetryAfter != 30*time.Second || e.RequestID != "req_123" {
		t.Errorf("Error = %+v", e)
	}
	if srv.Count() != 1 || len(c.Sleeps()) != 0 {
		t.Errorf("requests %d, sleeps %v", srv.Count(), c.Sleeps())
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.RateLimited("Retry-After", "10"))
	cfg := openai.DefaultConfig(apiKey)
	cfg.BaseURL = srv.URL + "/v1"
	cfg.HTTPClient = oaiguard.HTTPClient(nil)
	client := openai.NewClientWithConfig(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := oaiguard.Policy{OnRetry: func(oaiguard.RetryEvent) { time.AfterFunc(20*time.Millisecond, cancel) }}
	start := time.Now()
	_, err := oaiguard.Call(oaiguard.WithPolicy(ctx, p), client.CreateChatCompletion, req)
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v to notice the cancel", d)
	}
	if !oaiguard.IsCanceled(err) || !errors.Is(err, context.Canceled) || asError(t, err).Attempts != 1 {
		t.Errorf("err = %v", err)
	}
	time.Sleep(50 * time.Millisecond) // a stray attempt would arrive now
	if srv.Count() != 1 {
		t.Errorf("server saw %d requests after the cancel, want 1", srv.Count())
	}
}

func TestOddErrorBodies(t *testing.T) {
	tests := []struct {
		name     string
		reply    fakeapi.Reply
		class    oaiguard.Class
		attempts int
	}{
		{"HTML 502", fakeapi.Reply{Status: 502, ContentType: "text/html", Body: "<html><body><h1>502 Bad Gateway</h1></body></html>"}, oaiguard.Server, 4},
		{"error as a string, 503", fakeapi.Reply{Status: 503, Body: `{"error":"upstream unavailable"}`}, oaiguard.Overloaded, 4},
		{"error as a string, 400", fakeapi.Reply{Status: 400, Body: `{"error":"bad model"}`}, oaiguard.InvalidRequest, 1},
		{"error null, 500", fakeapi.Reply{Status: 500, Body: `{"error":null}`}, oaiguard.Server, 4},
		{"numeric code", fakeapi.Reply{Status: 429, Body: `{"error":{"message":"slow down","type":"requests","code":429}}`}, oaiguard.RateLimited, 4},
		{"quota under a new code", fakeapi.APIError(429, "credit_balance_exhausted", "insufficient_quota", "Your credit balance is too low."), oaiguard.QuotaExhausted, 1},
		{"request too large", fakeapi.APIError(429, "rate_limit_exceeded", "tokens", "Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 41000."), oaiguard.RequestTooLarge, 1},
		{"context length", fakeapi.APIError(400, "context_length_exceeded", "invalid_request_error", "This model's maximum context length is 128000 tokens."), oaiguard.ContextLengthExceeded, 1},
		{"sunset endpoint", fakeapi.APIError(404, "", "invalid_request_error", "Invalid URL (POST /v1/assistants)"), oaiguard.NotFound, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t, false)
			srv.Then = tt.reply
			_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
			e := asError(t, err)
			if e.Class != tt.class || e.Attempts != tt.attempts || srv.Count() != tt.attempts {
				t.Errorf("class %v after %d attempts (server saw %d); want %v after %d. err: %v",
					e.Class, e.Attempts, srv.Count(), tt.class, tt.attempts, err)
			}
			var reqErr *openai.RequestError
			var apiErr *openai.APIError
			if !errors.As(err, &reqErr) && !errors.As(err, &apiErr) {
				t.Errorf("err %v wraps neither of go-openai's error types", err)
			}
		})
	}
}

func TestNoKeyInErrors(t *testing.T) {
	srv, client, ctx, _ := setup(t, true)
	srv.Then = fakeapi.APIError(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided: "+apiKey+".")
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	if !oaiguard.IsAuth(err) || srv.Count() != 1 {
		t.Fatalf("class %v after %d requests", oaiguard.Classify(err), srv.Count())
	}
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Error(), apiKey) {
		t.Fatalf("setup: the server should have echoed the key into go-openai's error: %v", apiErr)
	}
	if s := err.Error(); strings.Contains(s, "abcDEF0123456789") || !strings.Contains(s, "provided: [REDACTED]") {
		t.Errorf("error text leaks the key: %q", s)
	}
}

func TestClientSideErrorsAreNotRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, true)
	streaming := req
	streaming.Stream = true // go-openai refuses this on the non-stream call
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, streaming)
	if !oaiguard.IsInvalidRequest(err) || !errors.Is(err, openai.ErrChatCompletionStreamNotSupported) || srv.Count() != 0 {
		t.Errorf("err %v (class %v), requests %d", err, oaiguard.Classify(err), srv.Count())
	}
	if e := asError(t, err); e.Attempts != 1 {
		t.Errorf("Attempts = %d", e.Attempts)
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, true, fakeapi.Reply{Hangup: true}, fakeapi.Reply{Hangup: true})
	if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 3 {
		t.Errorf("server saw %d requests, want 3", srv.Count())
	}
}

func TestStreamCreationIsRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, true,
		fakeapi.RateLimited(),
		fakeapi.SSE(false, fakeapi.Chunk("he"), fakeapi.Chunk("llo")),
	)
	streamReq := req
	streamReq.Stream = true
	stream, err := oaiguard.Call(ctx, client.CreateChatCompletionStream, streamReq)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var text string
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		text += chunk.Choices[0].Delta.Content
	}
	if text != "hello" || srv.Count() != 2 {
		t.Errorf("text %q, requests %d", text, srv.Count())
	}
}

func TestStreamErrorIsClassified(t *testing.T) {
	_, client, ctx, _ := setup(t, true, fakeapi.SSE(true,
		fakeapi.Chunk("partial"),
		`{"error":{"message":"The server is overloaded.","type":"server_error","code":"server_is_overloaded"}}`,
	))
	streamReq := req
	streamReq.Stream = true
	stream, err := oaiguard.Call(ctx, client.CreateChatCompletionStream, streamReq)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	_, err = stream.Recv()
	if !oaiguard.IsOverloaded(err) {
		t.Errorf("mid-stream error %v classed %v, want Overloaded", err, oaiguard.Classify(err))
	}
}

func TestOtherArities(t *testing.T) {
	srv, client, ctx, _ := setup(t, true, fakeapi.APIError(500, "", "", "down"))
	srv.Then = fakeapi.Reply{Body: `{"id":"file-1","object":"file","deleted":true}`}
	if err := oaiguard.Exec(ctx, client.DeleteFile, "file-1"); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests(); len(r) != 2 || r[1].Method != http.MethodDelete || r[1].Path != "/v1/files/file-1" {
		t.Errorf("requests = %+v", r)
	}
	srv.Then = fakeapi.Reply{Body: `{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1,"owned_by":"openai"}]}`}
	models, err := oaiguard.Call0(ctx, client.ListModels)
	if err != nil || len(models.Models) != 1 {
		t.Errorf("ListModels = %+v, %v", models, err)
	}
	srv.Then = fakeapi.Reply{Body: `{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}`}
	limit := 10
	if _, err := oaiguard.Call6(ctx, client.ListMessage, "thread_1", &limit, nil, nil, nil, nil); err != nil {
		t.Errorf("ListMessage: %v", err)
	}
	got, err := oaiguard.Do(ctx, func(ctx context.Context) (openai.CreateResponseResponse, error) {
		return client.GetResponse(ctx, "resp_1")
	})
	if err != nil {
		t.Errorf("Do: %v, %+v", err, got)
	}
}

func TestTransportAndHTTPClient(t *testing.T) {
	tr := oaiguard.Transport(nil)
	if oaiguard.Transport(tr) != tr {
		t.Error("Transport wrapped its own transport again")
	}
	base := &http.Client{Timeout: time.Minute}
	c := oaiguard.HTTPClient(base)
	if c == base || c.Timeout != time.Minute || base.Transport != nil || c.Transport == nil {
		t.Errorf("HTTPClient(base) = %+v; want a copy with a recording transport, base untouched", c)
	}
	c.CloseIdleConnections() // must reach the default transport without panicking
}

func TestClassify(t *testing.T) {
	msg := "x"
	tests := []struct {
		err  error
		want oaiguard.Class
	}{
		{nil, oaiguard.Unknown},
		{context.Canceled, oaiguard.Canceled},
		{&openai.APIError{HTTPStatusCode: 404, Code: "model_not_found"}, oaiguard.NotFound},
		{&openai.APIError{HTTPStatusCode: 429, Code: 429, Type: "tokens"}, oaiguard.RateLimited},
		{&openai.APIError{HTTPStatusCode: 429, Code: "insufficient_quota"}, oaiguard.QuotaExhausted},
		{fmt.Errorf("error, %w", &openai.APIError{Code: "server_error", Message: "boom"}), oaiguard.Server},
		{&openai.RequestError{HTTPStatusCode: 503, HTTPStatus: "503 Service Unavailable"}, oaiguard.Overloaded},
		{&openai.RequestError{HTTPStatusCode: 400, Err: &openai.APIError{Message: msg}}, oaiguard.InvalidRequest},
		{fmt.Errorf("validate: %w", openai.ErrReasoningModelMaxTokensDeprecated), oaiguard.InvalidRequest},
		{openai.ErrTooManyEmptyStreamMessages, oaiguard.Unknown},
	}
	for _, tt := range tests {
		if got := oaiguard.Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestConcurrentCalls: calls that the server keeps rate-limiting, with a
// hint each time, retry past MaxAttempts (the server said when to come
// back) until their policy's MaxElapsed would pass, and then return at
// once with the rate limit.
// TestConcurrentCalls: calls that the server keeps rate-limiting, with a
// hint each time, retry past MaxAttempts (the server said when to come
// back) until their policy's MaxElapsed would pass, and then return at
// once with the rate limit; many at once share the pacing.
func TestConcurrentCalls(t *testing.T) {
	srv, client, _, c := setup(t, true)
	srv.Then = fakeapi.RateLimited("retry-after-ms", "1")
	p := testPolicy(c)
	p.MaxElapsed = 100 * time.Millisecond
	ctx := oaiguard.WithPolicy(context.Background(), p)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	var e *oaiguard.Error
	if !errors.As(err, &e) || e.Class != oaiguard.RateLimited || e.Attempts <= 4 || !strings.Contains(err.Error(), "past the policy's MaxElapsed") {
		t.Fatalf("err = %v; want a rate limit retried past MaxAttempts until MaxElapsed", err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
			if !oaiguard.IsRateLimited(err) {
				t.Errorf("err = %v", err)
			}
		}()
	}
	wg.Wait()
}

// TestAnyKeyShapeIsRedacted sends keys that look nothing like OpenAI's
// (an Azure key, a proxy's master key) to a server that echoes them in
// its 401, as OpenAI does: the final error must not hold them, whatever
// their shape, through Authorization and through Azure's api-key header.
func TestAnyKeyShapeIsRedacted(t *testing.T) {
	for _, tc := range []struct {
		name, key string
		azure     bool
		bare      bool // without the transport: the runtime never sees the key sent
	}{
		{"azure hex", "0123456789abcdef0123456789abcdef", true, false},
		{"proxy master key", "litellm-master-SECRET999", false, false},
		{"bearer plain", "0123456789abcdef0123456789abcdef", false, false},
		{"short", "hunter2", false, false},
		{"bare azure hex", "0123456789abcdef0123456789abcdef", true, true},
		{"bare proxy master key", "litellm-master-SECRET999", false, true},
		{"bare base64", "QUJDREVGR0hJSktMTU5PUA+/x=", false, true},
		{"bare short", "hunter2", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeapi.New(t)
			srv.Then = fakeapi.APIError(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided: "+tc.key+". You can find your API key at https://platform.openai.com/account/api-keys.")
			cfg := openai.DefaultConfig(tc.key)
			if tc.azure {
				cfg = openai.DefaultAzureConfig(tc.key, srv.URL)
			} else {
				cfg.BaseURL = srv.URL + "/v1"
			}
			if !tc.bare {
				cfg.HTTPClient = oaiguard.HTTPClient(nil)
			}
			client := openai.NewClientWithConfig(cfg)
			c := &clock{now: time.Now()}
			ctx := oaiguard.WithPolicy(context.Background(), testPolicy(c))
			var logged []string
			p := testPolicy(c)
			p.OnAttempt = func(e oaiguard.AttemptEvent) {
				if e.Err != nil {
					logged = append(logged, e.Err.Error())
				}
			}
			ctx = oaiguard.WithPolicy(ctx, p)
			_, err := oaiguard.Call(ctx, client.CreateChatCompletion, openai.ChatCompletionRequest{
				Model:    openai.GPT4o,
				Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}},
			})
			if err == nil || srv.Count() != 1 {
				t.Fatalf("err %v after %d requests", err, srv.Count())
			}
			if !strings.Contains(err.Error(), "Incorrect API key provided: [REDACTED]") {
				t.Errorf("error text %q: want the key replaced", err)
			}
			for _, s := range append(logged, err.Error(), fmt.Sprint(err), fmt.Sprintf("%+v", err)) {
				if strings.Contains(s, tc.key) {
					t.Errorf("the key leaks: %q", s)
				}
			}
			if len(logged) == 0 {
				t.Error("OnAttempt saw no error")
			}
		})
	}
}

// TestBareHintObeysMaxElapsed: a go-openai call without the transport
// learns a rate limit's hint from the message only; a later call must not
// wait for it past its policy's MaxElapsed either.
func TestBareHintObeysMaxElapsed(t *testing.T) {
	srv, client, _, _ := setup(t, false, fakeapi.APIError(429, "rate_limit_exceeded", "requests", "Rate limit reached for gpt-4o on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s."))
	c := &clock{now: time.Now()}
	p := testPolicy(c)
	p.MaxElapsed = time.Second
	ctx := oaiguard.WithPolicy(context.Background(), p)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	if e := asError(t, err); e.Class != oaiguard.RateLimited || e.RetryAfter != 20*time.Second {
		t.Fatalf("first call: %v (retry after %v); want a rate limit with the message's 20s", err, e.RetryAfter)
	}
	_, err = oaiguard.Call(ctx, client.CreateChatCompletion, req)
	var waited time.Duration
	for _, d := range c.Sleeps() {
		waited += d
	}
	if waited > time.Second {
		t.Errorf("the second call waited %v (err %v); MaxElapsed is 1s", waited, err)
	}
	if err == nil || srv.Count() != 1 {
		t.Errorf("second call: err %v after %d requests; want it to return at once with the hint, sending nothing", err, srv.Count())
	}
}

// TestNilContext: a nil context is not retried; the call returns the
// SDK's own error for it, and does not panic.
func TestNilContext(t *testing.T) {
	srv, client, _, _ := setup(t, true)
	//nolint:staticcheck // the nil context is the point
	_, err := oaiguard.Call(nil, client.CreateChatCompletion, openai.ChatCompletionRequest{
		Model:    openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}},
	})
	if err == nil || !strings.Contains(err.Error(), "nil Context") || srv.Count() != 0 {
		t.Errorf("Call(nil, …) = %v after %d requests; want the SDK's nil-context error", err, srv.Count())
	}
}
