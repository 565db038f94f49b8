package oaiguard_test

// Streams with the real go-openai client: retried until the first event
// reaches the caller, never after, and their errors classified.

import (
	"errors"
	"io"
	"testing"

	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

var (
	goodStream = fakeapi.SSE(false, fakeapi.Chunk("he"), fakeapi.Chunk("llo"))
	streamReq  = func() openai.ChatCompletionRequest { r := req; r.Stream = true; return r }()
)

// readChat reads a chat stream to its end: the text, the number of events,
// and the error that ended it (nil at [DONE]).
func readChat(t *testing.T, s *openai.ChatCompletionStream) (string, int, error) {
	t.Helper()
	defer s.Close()
	text, n := "", 0
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			return text, n, nil
		}
		if err != nil {
			return text, n, err
		}
		n++
		text += chunk.Choices[0].Delta.Content
	}
}

func TestStreamRetriesAnErrorAsItsFirstEvent(t *testing.T) {
	for _, first := range []fakeapi.Reply{
		fakeapi.SSE(true, fakeapi.ErrorData("server_error", "server_error", "The server had an error while processing your request.")),
		fakeapi.SSE(true, fakeapi.ErrorData("rate_limit_exceeded", "tokens", "Rate limit reached. Please try again in 20ms.")),
		fakeapi.SSE(true, fakeapi.ErrorData("server_is_overloaded", "service_unavailable_error", "The server is overloaded.")),
		{ContentType: "text/event-stream", Body: ": keep-alive\n\n", Cut: true},
		{ContentType: "text/event-stream", Cut: true},
	} {
		srv, client, ctx, c := setup(t, true, first, goodStream)
		stream, err := oaiguard.Stream(ctx, client.CreateChatCompletionStream, streamReq)
		if err != nil {
			t.Fatalf("%q: %v", first.Body, err)
		}
		text, n, err := readChat(t, stream)
		if err != nil || text != "hello" || n != 2 {
			t.Errorf("%q: stream gave %q in %d events, %v; want hello in 2", first.Body, text, n, err)
		}
		if srv.Count() != 2 || len(c.Sleeps()) != 1 {
			t.Errorf("%q: server saw %d requests, %d waits; want 2 and 1", first.Body, srv.Count(), len(c.Sleeps()))
		}
	}
}

// Call opens streams the same way: the analyzer's fixes wrap stream
// methods with it.
func TestCallRetriesAStreamsFirstEventToo(t *testing.T) {
	srv, client, ctx, _ := setup(t, true, fakeapi.SSE(true, fakeapi.ErrorData("server_error", "server_error", "boom")), goodStream)
	stream, err := oaiguard.Call(ctx, client.CreateChatCompletionStream, streamReq)
	if err != nil {
		t.Fatal(err)
	}
	if text, _, err := readChat(t, stream); err != nil || text != "hello" || srv.Count() != 2 {
		t.Errorf("text %q, err %v, requests %d", text, err, srv.Count())
	}
}

func TestStreamFirstEventErrorThatCannotSucceed(t *testing.T) {
	srv, client, ctx, _ := setup(t, true, fakeapi.SSE(true,
		fakeapi.ErrorData("insufficient_quota", "insufficient_quota", "You exceeded your current quota.")))
	stream, err := oaiguard.Stream(ctx, client.CreateChatCompletionStream, streamReq)
	if stream != nil || srv.Count() != 1 {
		t.Fatalf("stream %v, requests %d; quota is never retried", stream, srv.Count())
	}
	if !oaiguard.IsQuotaExhausted(err) || oaiguard.IsRetryable(err) {
		t.Errorf("class of %v = %v, want QuotaExhausted", err, oaiguard.Classify(err))
	}
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "insufficient_quota" || apiErr.HTTPStatusCode != 0 {
		t.Errorf("errors.As(*openai.APIError) = %+v; want the error Recv would have returned", apiErr)
	}
	if e := asError(t, err); e.Attempts != 1 {
		t.Errorf("Error = %+v", e)
	}
}

func TestStreamRetriesEndWhenAttemptsDo(t *testing.T) {
	srv, client, ctx, _ := setup(t, true)
	srv.Then = fakeapi.SSE(true, fakeapi.ErrorData("server_error", "server_error", "boom"))
	stream, err := oaiguard.Stream(ctx, client.CreateChatCompletionStream, streamReq)
	e := asError(t, err)
	if stream != nil || e.Attempts != 4 || srv.Count() != 4 || !oaiguard.IsServer(err) {
		t.Errorf("stream %v, Error %+v, requests %d", stream, e, srv.Count())
	}
}

// Without the package's HTTPClient nothing reads the first event early:
// only a stream that cannot be opened is retried, and an error event comes
// from the first Recv.
func TestWithoutTheTransportOnlyOpeningIsRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, false,
		fakeapi.APIError(500, "server_error", "server_error", "down"),
		fakeapi.SSE(true, fakeapi.ErrorData("server_error", "server_error", "boom")))
	stream, err := oaiguard.Stream(ctx, client.CreateChatCompletionStream, streamReq)
	if err != nil {
		t.Fatal(err)
	}
	_, n, err := readChat(t, stream)
	if n != 0 || !oaiguard.IsServer(err) || srv.Count() != 2 {
		t.Errorf("events %d, err %v (class %v), requests %d", n, err, oaiguard.Classify(err), srv.Count())
	}
}

// After the first event nothing is retried; Recv's error is classified by
// Classify and the predicates.
func TestMidStreamErrorsAreClassifiedNotRetried(t *testing.T) {
	tests := []struct {
		data string
		is   func(error) bool
		want oaiguard.Class
	}{
		{fakeapi.ErrorData("rate_limit_exceeded", "requests", "Rate limit reached for requests"), oaiguard.IsRateLimited, oaiguard.RateLimited},
		{fakeapi.ErrorData("server_error", "server_error", "The server had an error"), oaiguard.IsServer, oaiguard.Server},
		{fakeapi.ErrorData("insufficient_quota", "insufficient_quota", "You exceeded your current quota"), oaiguard.IsQuotaExhausted, oaiguard.QuotaExhausted},
		{fakeapi.ErrorData("context_length_exceeded", "invalid_request_error", "maximum context length"), oaiguard.IsContextLengthExceeded, oaiguard.ContextLengthExceeded},
	}
	for _, tt := range tests {
		srv, client, ctx, _ := setup(t, true, fakeapi.SSE(true, fakeapi.Chunk("partial"), tt.data))
		stream, err := oaiguard.Stream(ctx, client.CreateChatCompletionStream, streamReq)
		if err != nil {
			t.Fatal(err)
		}
		text, n, err := readChat(t, stream)
		if text != "partial" || n != 1 || srv.Count() != 1 {
			t.Errorf("%s: %q in %d events, %d requests; want the first event once and no retry", tt.want, text, n, srv.Count())
		}
		var apiErr *openai.APIError
		if !errors.As(err, &apiErr) || !tt.is(err) || oaiguard.Classify(err) != tt.want {
			t.Errorf("%s: err %v (%T) classed %v", tt.want, err, err, oaiguard.Classify(err))
		}
	}
}

func TestConnectionLostMidStreamIsNotRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, true, fakeapi.Reply{
		ContentType: "text/event-stream",
		Body:        "data: " + fakeapi.Chunk("partial") + "\n\n",
		Cut:         true,
	})
	stream, err := oaiguard.Stream(ctx, client.CreateChatCompletionStream, streamReq)
	if err != nil {
		t.Fatal(err)
	}
	text, n, err := readChat(t, stream)
	if text != "partial" || n != 1 || srv.Count() != 1 {
		t.Errorf("%q in %d events, %d requests", text, n, srv.Count())
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || !oaiguard.IsConnection(err) {
		t.Errorf("err %v classed %v, want a Connection error", err, oaiguard.Classify(err))
	}
}

// Responses streams report errors as events of type "error": as the first
// event one is retried.
func TestResponsesStreamFirstErrorEvent(t *testing.T) {
	created := fakeapi.Event{Name: "response.created", Data: `{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1,"status":"in_progress","model":"gpt-4o","output":[]}}`}
	srv, client, ctx, _ := setup(t, true,
		fakeapi.Events(fakeapi.ResponseErrorEvent("rate_limit_exceeded", "Rate limit reached")),
		fakeapi.Events(created),
	)
	stream, err := oaiguard.Stream(ctx, client.CreateResponseStream, openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	ev, err := stream.Recv()
	if err != nil || ev.Type != "response.created" || srv.Count() != 2 {
		t.Errorf("first event %+v, %v; requests %d", ev, err, srv.Count())
	}
}
