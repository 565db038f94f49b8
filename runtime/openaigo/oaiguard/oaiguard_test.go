package oaiguard_test

// These tests drive the real openai-go v3 client against a scripted fake
// of the API on loopback. They are hand-written and survive regeneration.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/openai/openai-go/v3/responses"

	"github.com/oaiguard/oaiguard/runtime/openaigo/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
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

// setup returns a client of a fake server and a context whose policy is
// testPolicy.
func setup(t *testing.T, replies ...fakeapi.Reply) (*fakeapi.Server, openai.Client, context.Context, *clock) {
	t.Helper()
	srv := fakeapi.New(t, replies...)
	client := openai.NewClient(option.WithBaseURL(srv.URL+"/"), option.WithAPIKey(apiKey))
	c := &clock{now: time.Now()}
	return srv, client, oaiguard.WithPolicy(context.Background(), testPolicy(c)), c
}

// testPolicy makes 4 attempts with backoff windows of 1ms doubling up to
// 8ms, sleeps on c, and has a Governor of its own: the process-wide one
// would carry one test's rate limits into the next.
func testPolicy(c *clock) oaiguard.Policy {
	return oaiguard.Policy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 8 * time.Millisecond, MaxElapsed: time.Minute, Governor: oaiguard.NewGovernor()}.
		WithClock(c.Now, c.Sleep)
}

var params = openai.ChatCompletionNewParams{
	Model:    openai.ChatModelGPT4o,
	Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hello")},
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
	srv, client, ctx, c := setup(t, fakeapi.RateLimited("retry-after-ms", "1500"), fakeapi.RateLimited())
	resp, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "hi" {
		t.Errorf("content = %q", resp.Choices[0].Message.Content)
	}
	if srv.Count() != 3 {
		t.Errorf("server saw %d requests, want 3", srv.Count())
	}
	// The first wait is the header's; the second the message's "try again
	// in 200ms", since that response named no header.
	if got := c.Sleeps(); len(got) != 2 || got[0] != 1500*time.Millisecond || got[1] != 200*time.Millisecond {
		t.Errorf("sleeps = %v, want [1.5s 200ms]", got)
	}
}

func TestQuotaExhaustedIsNotRetried(t *testing.T) {
	srv, client, ctx, c := setup(t, fakeapi.QuotaExhausted())
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	if srv.Count() != 1 || len(c.Sleeps()) != 0 {
		t.Fatalf("server saw %d requests and the call slept %v; want 1 and none", srv.Count(), c.Sleeps())
	}
	if !oaiguard.IsQuotaExhausted(err) || oaiguard.IsRateLimited(err) || oaiguard.IsRetryable(err) {
		t.Errorf("class of %v = %v, want QuotaExhausted", err, oaiguard.Classify(err))
	}
	e := asError(t, err)
	if e.Attempts != 1 || e.Class != oaiguard.QuotaExhausted {
		t.Errorf("Error = %+v", e)
	}
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 429 || apiErr.Code != "insufficient_quota" {
		t.Fatalf("errors.As to *openai.Error: %v", apiErr)
	}
	// The SDK's own text follows the runtime's prefix; it differs between
	// SDK versions (v3.70.0 and before hold the response body).
	if want := "oaiguard: quota exhausted after 1 attempt: " + apiErr.Error(); err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	var classes []oaiguard.Class
	srv, client, _, c := setup(t,
		fakeapi.APIError(500, "server_error", "server_error", "The server had an error while processing your request."),
		fakeapi.APIError(503, "", "service_unavailable_error", "The engine is currently overloaded."),
		fakeapi.APIError(500, "server_is_overloaded", "server_error", "overloaded"),
	)
	p := testPolicy(c)
	p.OnRetry = func(e oaiguard.RetryEvent) { classes = append(classes, e.Class) }
	ctx := oaiguard.WithPolicy(context.Background(), p)
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 4 {
		t.Errorf("server saw %d requests, want 4", srv.Count())
	}
	want := []oaiguard.Class{oaiguard.Server, oaiguard.Overloaded, oaiguard.Overloaded}
	if fmt.Sprint(classes) != fmt.Sprint(want) {
		t.Errorf("retried classes = %v, want %v", classes, want)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	date := time.Now().Add(40 * time.Second).UTC().Format(http.TimeFormat)
	srv, client, ctx, c := setup(t,
		fakeapi.RateLimited("Retry-After", "7"),
		fakeapi.APIError(503, "", "", "busy", "Retry-After", date),
	)
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
		t.Fatal(err)
	}
	got := c.Sleeps()
	if srv.Count() != 3 || len(got) != 2 || got[0] != 7*time.Second || got[1] < 30*time.Second || got[1] > 34*time.Second {
		t.Errorf("requests %d, sleeps %v; want 3 requests and waits of 7s and about 33s (the date, less the 7s)", srv.Count(), got)
	}
}

func TestRetryAfterBeyondDeadlineReturnsAtOnce(t *testing.T) {
	srv, client, ctx, c := setup(t, fakeapi.RateLimited("Retry-After", "30", "X-Request-Id", "req_123"))
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
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
	if !strings.Contains(err.Error(), "the server asked to wait 30s, past the context deadline") {
		t.Errorf("Error() = %q", err)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	srv := fakeapi.New(t, fakeapi.RateLimited("Retry-After", "10"))
	client := openai.NewClient(option.WithBaseURL(srv.URL+"/"), option.WithAPIKey(apiKey))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The real clock: the wait of 10s is cut short by the cancel.
	p := oaiguard.Policy{OnRetry: func(oaiguard.RetryEvent) { time.AfterFunc(20*time.Millisecond, cancel) }}
	start := time.Now()
	_, err := oaiguard.Call(oaiguard.WithPolicy(ctx, p), client.Chat.Completions.New, params)
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v to notice the cancel", d)
	}
	if !oaiguard.IsCanceled(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, class %v; want Canceled", err, oaiguard.Classify(err))
	}
	if e := asError(t, err); e.Attempts != 1 {
		t.Errorf("Attempts = %d", e.Attempts)
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
		{"empty 429", fakeapi.Reply{Status: 429}, oaiguard.RateLimited, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client, ctx, _ := setup(t)
			srv.Then = tt.reply
			_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
			e := asError(t, err)
			if e.Class != tt.class || e.Attempts != tt.attempts || srv.Count() != tt.attempts {
				t.Errorf("class %v after %d attempts (server saw %d); want %v after %d. err: %v",
					e.Class, e.Attempts, srv.Count(), tt.class, tt.attempts, err)
			}
		})
	}
}

// openai-go cannot decode {"error":"text"} into its error type and returns
// the JSON error instead; only the recorded status tells what happened.
func TestUndecodableErrorBodyKeepsStatus(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.Reply{Status: 503, Body: `{"error":"upstream unavailable"}`})
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
		t.Fatal(err)
	}
	srv2, client2, ctx2, _ := setup(t)
	srv2.Then = fakeapi.Reply{Status: 401, Body: `{"error":"no key"}`}
	_, err := oaiguard.Call(ctx2, client2.Chat.Completions.New, params)
	// openai-go v3 after v3.70.0 returns a *json.UnmarshalTypeError here;
	// earlier versions an *openai.Error with the status and the raw body.
	var jerr *json.UnmarshalTypeError
	var apiErr *openai.Error
	if !errors.As(err, &jerr) && !(errors.As(err, &apiErr) && apiErr.StatusCode == 401) {
		t.Errorf("err %v wraps %T; want a *json.UnmarshalTypeError or a 401 *openai.Error", err, errors.Unwrap(err))
	}
	if !oaiguard.IsAuth(err) || srv.Count() != 2 || srv2.Count() != 1 {
		t.Errorf("class %v, requests %d and %d", oaiguard.Classify(err), srv.Count(), srv2.Count())
	}
}

func TestFinalErrorWrapsLastAPIError(t *testing.T) {
	srv, client, ctx, _ := setup(t)
	srv.Then = fakeapi.APIError(500, "server_error", "server_error", "boom", "X-Request-Id", "req_last")
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	e := asError(t, err)
	if e.Attempts != 4 || e.Class != oaiguard.Server || e.RequestID != "req_last" {
		t.Errorf("Error = %+v", e)
	}
	var apiErr *openai.Error
	if !errors.As(fmt.Errorf("handler: %w", err), &apiErr) || apiErr.StatusCode != 500 || apiErr.Message != "boom" {
		t.Fatalf("errors.As to *openai.Error through wrapping: %v", apiErr)
	}
	want := "oaiguard: server error after 4 attempts (request req_last): " + apiErr.Error()
	if !strings.HasSuffix(want, "500 Internal Server Error") && !strings.Contains(want, "500 Internal Server Error {") || err.Error() != want {
		t.Errorf("Error() = %q\nwant       %q", err, want)
	}
	if !oaiguard.IsServer(fmt.Errorf("wrapped: %w", err)) {
		t.Error("Classify does not see through wrapping")
	}
}

func TestNoKeyInErrors(t *testing.T) {
	srv, client, ctx, _ := setup(t)
	srv.Then = fakeapi.APIError(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided: "+apiKey+".")
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	if !oaiguard.IsAuth(err) || srv.Count() != 1 {
		t.Fatalf("class %v after %d requests", oaiguard.Classify(err), srv.Count())
	}
	// A closure that puts the key in its own error text is redacted too.
	// (Another server: the first one's 401 has latched the key there.)
	srv2, client2, ctx2, _ := setup(t)
	srv2.Then = srv.Then
	_, err2 := oaiguard.Do(ctx2, func(ctx context.Context, opts ...option.RequestOption) (*openai.ChatCompletion, error) {
		_, err := client2.Chat.Completions.New(ctx, params, opts...)
		return nil, fmt.Errorf("chat with key %s: %w", apiKey, err)
	})
	// A call on the latched key fails with the error that latched it.
	_, err3 := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	if !errors.Is(err3, oaiguard.ErrLatched) || srv.Count() != 1 {
		t.Errorf("call on the latched key: %v, server saw %d requests", err3, srv.Count())
	}
	for _, e := range []error{err, err2, err3} {
		if s := e.Error(); strings.Contains(s, "abcDEF0123456789") {
			t.Errorf("error text leaks the key: %q", s)
		}
	}
	if !strings.Contains(err2.Error(), "key [REDACTED]") {
		t.Errorf("Do error = %q", err2)
	}
}

func TestSDKRetriesAreOff(t *testing.T) {
	srv, client, _, c := setup(t)
	srv.Then = fakeapi.APIError(500, "", "", "down")
	p := testPolicy(c)
	p.MaxAttempts = 3
	// The caller's own WithMaxRetries loses to the wrapper's.
	_, err := oaiguard.Call(oaiguard.WithPolicy(context.Background(), p), client.Chat.Completions.New, params, option.WithMaxRetries(5))
	if srv.Count() != 3 || asError(t, err).Attempts != 3 {
		t.Fatalf("server saw %d requests, want exactly MaxAttempts = 3", srv.Count())
	}
	for i, r := range srv.Requests() {
		if got := r.Header.Get("X-Stainless-Retry-Count"); got != "0" {
			t.Errorf("request %d: X-Stainless-Retry-Count %q; the SDK retried by itself", i, got)
		}
	}
}

func TestClientLevelRetriesAreOffToo(t *testing.T) {
	srv := fakeapi.New(t)
	srv.Then = fakeapi.APIError(502, "", "", "bad gateway")
	client := openai.NewClient(option.WithBaseURL(srv.URL+"/"), option.WithAPIKey(apiKey), option.WithMaxRetries(3))
	p := oaiguard.Policy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}
	_, err := oaiguard.Call(oaiguard.WithPolicy(context.Background(), p), client.Chat.Completions.New, params)
	if srv.Count() != 2 || err == nil {
		t.Errorf("server saw %d requests, want 2", srv.Count())
	}
}

func TestConnectionErrorsAreRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.Reply{Hangup: true})
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 2 {
		t.Errorf("server saw %d requests, want 2", srv.Count())
	}
	srv2, client2, ctx2, _ := setup(t)
	srv2.Then = fakeapi.Reply{Hangup: true}
	_, err := oaiguard.Call(ctx2, client2.Chat.Completions.New, params)
	if !oaiguard.IsConnection(err) || srv2.Count() != 4 {
		t.Errorf("class %v after %d requests; want Connection after 4", oaiguard.Classify(err), srv2.Count())
	}
}

func TestStreamRetriesBeforeFirstEvent(t *testing.T) {
	srv, client, ctx, _ := setup(t,
		fakeapi.RateLimited(),
		fakeapi.APIError(500, "", "", "down"),
		fakeapi.SSE(false, fakeapi.Chunk("he"), fakeapi.Chunk("llo")),
	)
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params)
	defer s.Close()
	var text string
	for s.Next() {
		text += s.Current().Choices[0].Delta.Content
	}
	if err := s.Err(); err != nil || text != "hello" {
		t.Fatalf("stream gave %q, %v", text, err)
	}
	if srv.Count() != 3 {
		t.Errorf("server saw %d requests, want 3", srv.Count())
	}
}

func TestStreamNotRetriedAfterFirstEvent(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.SSE(true,
		fakeapi.Chunk("partial"),
		`{"error":{"message":"The server is overloaded.","type":"server_error","code":"server_is_overloaded"}}`,
	))
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params)
	defer s.Close()
	n := 0
	for s.Next() {
		n++
	}
	err := s.Err()
	var serr *ssestream.StreamError
	if n != 1 || !errors.As(err, &serr) {
		t.Fatalf("events %d, err %v (%T)", n, err, err)
	}
	if !oaiguard.IsOverloaded(err) {
		t.Errorf("class of the stream error = %v, want Overloaded", oaiguard.Classify(err))
	}
	if srv.Count() != 1 {
		t.Errorf("server saw %d requests; a stream must not be retried after its first event", srv.Count())
	}
}

func TestStreamThatCannotOpen(t *testing.T) {
	srv, client, ctx, _ := setup(t)
	srv.Then = fakeapi.APIError(503, "", "", "busy")
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params)
	if s.Next() {
		t.Fatal("Next on a failed stream returned true")
	}
	e := asError(t, s.Err())
	if e.Class != oaiguard.Overloaded || e.Attempts != 4 || srv.Count() != 4 {
		t.Errorf("Error = %+v, requests %d", e, srv.Count())
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestStreamQuotaNotRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.QuotaExhausted())
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params)
	defer s.Close()
	if s.Next() || !oaiguard.IsQuotaExhausted(s.Err()) || srv.Count() != 1 {
		t.Errorf("err %v, requests %d", s.Err(), srv.Count())
	}
}

func TestExecAndOtherArities(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.APIError(500, "", "", "down"))
	srv.Then = fakeapi.Reply{Body: `{}`}
	if err := oaiguard.Exec(ctx, client.Responses.Delete, "resp_1"); err != nil {
		t.Fatal(err)
	}
	if r := srv.Requests(); len(r) != 2 || r[1].Method != http.MethodDelete || r[1].Path != "/responses/resp_1" {
		t.Errorf("requests = %+v", r)
	}
	srv.Then = fakeapi.Reply{Body: `{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1,"owned_by":"openai"}]}`}
	page, err := oaiguard.Call0(ctx, client.Models.List)
	if err != nil || len(page.Data) != 1 || page.Data[0].ID != "gpt-4o" {
		t.Errorf("Models.List = %+v, %v", page, err)
	}
	srv.Then = fakeapi.Reply{Body: `{"id":"resp_1","object":"response","status":"completed","output":[]}`}
	r, err := oaiguard.Call2(ctx, client.Responses.Get, "resp_1", responses.ResponseGetParams{})
	if err != nil || r.ID != "resp_1" {
		t.Errorf("Responses.Get = %+v, %v", r, err)
	}
	// Execute's params and result are of type any: an argument of another
	// type needs a conversion, or generic inference picks two types for D.
	var out map[string]any
	if err := oaiguard.Exec4(ctx, client.Execute, http.MethodGet, "models/x", nil, any(&out)); err != nil {
		t.Errorf("Execute: %v", err)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		err  error
		want oaiguard.Class
	}{
		{nil, oaiguard.Unknown},
		{errors.New("other"), oaiguard.Unknown},
		{context.Canceled, oaiguard.Canceled},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), oaiguard.Timeout},
		{&openai.Error{StatusCode: 404, Code: "model_not_found"}, oaiguard.NotFound},
		{&openai.Error{StatusCode: 429, Type: "insufficient_quota", Code: "project_spend_limit_exceeded"}, oaiguard.QuotaExhausted},
		{&openai.Error{StatusCode: 429, Code: "rate_limit_exceeded", Message: "Request too large for gpt-4o on tokens per min (TPM): Limit 30000, Requested 50000."}, oaiguard.RequestTooLarge},
		{&openai.Error{StatusCode: 400, Code: "context_length_exceeded"}, oaiguard.ContextLengthExceeded},
		{&openai.Error{StatusCode: 403}, oaiguard.Permission},
		{&openai.Error{StatusCode: 409}, oaiguard.Conflict},
		{&openai.Error{StatusCode: 422}, oaiguard.InvalidRequest},
		{&openai.Error{StatusCode: 408}, oaiguard.Timeout},
		{&ssestream.StreamError{Event: ssestream.Event{Data: []byte(`{"error":{"code":"server_error","message":"x"}}`)}}, oaiguard.Server},
	}
	for _, tt := range tests {
		if got := oaiguard.Classify(tt.err); got != tt.want {
			t.Errorf("Classify(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if got := oaiguard.RateLimited.String(); got != "rate limited" {
		t.Errorf("String = %q", got)
	}
}

// TestConcurrentCalls: calls that the server keeps rate-limiting, with a
// hint each time, retry past MaxAttempts (the server said when to come
// back) until their policy's MaxElapsed would pass, and then return at
// once with the rate limit; many at once share the pacing.
func TestConcurrentCalls(t *testing.T) {
	srv, client, _, c := setup(t)
	srv.Then = fakeapi.RateLimited("retry-after-ms", "1")
	p := testPolicy(c)
	p.MaxElapsed = 100 * time.Millisecond
	ctx := oaiguard.WithPolicy(context.Background(), p)
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	var e *oaiguard.Error
	if !errors.As(err, &e) || e.Class != oaiguard.RateLimited || e.Attempts <= 4 || !strings.Contains(err.Error(), "past the policy's MaxElapsed") {
		t.Fatalf("err = %v; want a rate limit retried past MaxAttempts until MaxElapsed", err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
			if !oaiguard.IsRateLimited(err) {
				t.Errorf("err = %v", err)
			}
		}()
	}
	wg.Wait()
}

// TestConcurrentSuccesses: calls from many goroutines, whose states go
// back to a pool and are reused, each get their own answer; -race checks
// that no state is shared while in use.
func TestConcurrentSuccesses(t *testing.T) {
	srv, client, ctx, _ := setup(t)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				res, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
				if err == nil && (len(res.Choices) != 1 || res.Choices[0].Message.Content != "hi") {
					err = fmt.Errorf("answer %+v", res.Choices)
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.Count(); n != workers*each {
		t.Errorf("server saw %d requests, want %d", n, workers*each)
	}
}

// TestPagerAfterTheCall: a page returned through Call keeps the call's
// middleware for its next page, which is fetched after the call, and
// after other calls, has returned.
func TestPagerAfterTheCall(t *testing.T) {
	srv, client, ctx, _ := setup(t,
		fakeapi.Reply{Body: `{"object":"list","data":[{"id":"ftjob-1","object":"fine_tuning.job"}],"has_more":true}`},
		fakeapi.ChatCompletion(), fakeapi.ChatCompletion())
	srv.Then = fakeapi.Reply{Body: `{"object":"list","data":[{"id":"ftjob-2","object":"fine_tuning.job"}],"has_more":false}`}
	page, err := oaiguard.Call(ctx, client.FineTuning.Jobs.List, openai.FineTuningJobListParams{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
			t.Fatal(err)
		}
	}
	next, err := page.GetNextPage()
	if err != nil {
		t.Fatal(err)
	}
	if next == nil || len(next.Data) != 1 || next.Data[0].ID != "ftjob-2" {
		t.Fatalf("next page %+v", next)
	}
	if got := srv.Requests()[3].Path; !strings.Contains(got, "fine_tuning/jobs") {
		t.Errorf("fourth request went to %s, want the next page", got)
	}
}

// TestAnyKeyShapeIsRedacted: a key that looks nothing like OpenAI's,
// echoed by the server in its 401, does not reach the final error's text.
func TestAnyKeyShapeIsRedacted(t *testing.T) {
	const key = "litellm-master-SECRET999"
	srv := fakeapi.New(t)
	srv.Then = fakeapi.APIError(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided: "+key+".")
	client := openai.NewClient(option.WithBaseURL(srv.URL+"/"), option.WithAPIKey(key))
	c := &clock{now: time.Now()}
	_, err := oaiguard.Call(oaiguard.WithPolicy(context.Background(), testPolicy(c)), client.Chat.Completions.New, params)
	if err == nil || srv.Count() != 1 {
		t.Fatalf("err %v after %d requests", err, srv.Count())
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err)} {
		if strings.Contains(s, key) {
			t.Errorf("the key leaks: %q", s)
		}
	}
}

// TestNilContext: a nil context is not retried; the call returns the
// SDK's own error for it, and does not panic.
func TestNilContext(t *testing.T) {
	srv, client, _, _ := setup(t)
	//nolint:staticcheck // the nil context is the point
	_, err := oaiguard.Call(nil, client.Chat.Completions.New, params)
	if err == nil || srv.Count() != 0 {
		t.Errorf("Call(nil, …) = %v after %d requests; want the SDK's own error", err, srv.Count())
	}
	//nolint:staticcheck // the nil context is the point
	s := oaiguard.Stream(nil, client.Chat.Completions.NewStreaming, params)
	if s.Err() == nil {
		t.Error("Stream(nil, …) has no error")
	}
}
