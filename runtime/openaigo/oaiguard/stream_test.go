package oaiguard_test

// Streams with the real openai-go client: retried until the first event
// reaches the caller, never after, and their errors classified.

import (
	"errors"
	"io"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/openai/openai-go/v3/responses"

	"github.com/oaiguard/oaiguard/runtime/openaigo/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

var goodStream = fakeapi.SSE(false, fakeapi.Chunk("he"), fakeapi.Chunk("llo"))

// readChat reads a chat stream to its end.
func readChat(t *testing.T, s *ssestream.Stream[openai.ChatCompletionChunk]) (string, int, error) {
	t.Helper()
	defer s.Close()
	text, n := "", 0
	for s.Next() {
		n++
		if c := s.Current().Choices; len(c) > 0 {
			text += c[0].Delta.Content
		}
	}
	return text, n, s.Err()
}

func TestStreamRetriesAnErrorAsItsFirstEvent(t *testing.T) {
	for _, first := range []fakeapi.Reply{
		fakeapi.SSE(true, fakeapi.ErrorData("server_error", "server_error", "The server had an error while processing your request.")),
		fakeapi.SSE(true, fakeapi.ErrorData("rate_limit_exceeded", "tokens", "Rate limit reached. Please try again in 20ms.")),
		fakeapi.SSE(true, fakeapi.ErrorData("server_is_overloaded", "service_unavailable_error", "The server is overloaded.")),
		{ContentType: "text/event-stream", Body: ": keep-alive\n\n", Cut: true}, // connection lost before any event
		{ContentType: "text/event-stream", Cut: true},
	} {
		srv, client, ctx, c := setup(t, first, goodStream)
		text, n, err := readChat(t, oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params))
		if err != nil || text != "hello" || n != 2 {
			t.Errorf("%q: stream gave %q in %d events, %v; want hello in 2", first.Body, text, n, err)
		}
		if srv.Count() != 2 || len(c.Sleeps()) != 1 {
			t.Errorf("%q: server saw %d requests, %d waits; want 2 and 1", first.Body, srv.Count(), len(c.Sleeps()))
		}
	}
}

func TestStreamFirstEventHintIsHonoured(t *testing.T) {
	srv, client, ctx, c := setup(t,
		fakeapi.SSE(true, fakeapi.ErrorData("rate_limit_exceeded", "tokens", "Rate limit reached for gpt-4o. Please try again in 1.5s.")),
		goodStream)
	if _, _, err := readChat(t, oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params)); err != nil {
		t.Fatal(err)
	}
	if got := c.Sleeps(); srv.Count() != 2 || len(got) != 1 || got[0].Seconds() != 1.5 {
		t.Errorf("requests %d, sleeps %v; want the message's 1.5s", srv.Count(), got)
	}
}

func TestStreamFirstEventErrorThatCannotSucceed(t *testing.T) {
	quota := fakeapi.SSE(true, fakeapi.ErrorData("insufficient_quota", "insufficient_quota", "You exceeded your current quota."))
	quota.Header = map[string]string{"X-Request-Id": "req_stream"}
	srv, client, ctx, _ := setup(t, quota)
	s := oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params)
	_, n, err := readChat(t, s)
	if n != 0 || srv.Count() != 1 {
		t.Fatalf("events %d, requests %d; quota is never retried", n, srv.Count())
	}
	if !oaiguard.IsQuotaExhausted(err) || oaiguard.IsRetryable(err) {
		t.Errorf("class of %v = %v, want QuotaExhausted", err, oaiguard.Classify(err))
	}
	var serr *ssestream.StreamError
	if !errors.As(err, &serr) || len(serr.Event.Data) == 0 {
		t.Errorf("errors.As(*ssestream.StreamError) = %v; the error is the one Next would have returned", serr)
	}
	if e := asError(t, err); e.Attempts != 1 || e.RequestID != "req_stream" {
		t.Errorf("Error = %+v", e)
	}
}

func TestStreamRetriesEndWhenAttemptsDo(t *testing.T) {
	srv, client, ctx, _ := setup(t)
	srv.Then = fakeapi.SSE(true, fakeapi.ErrorData("server_error", "server_error", "boom"))
	_, n, err := readChat(t, oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params))
	e := asError(t, err)
	if n != 0 || e.Attempts != 4 || srv.Count() != 4 || !oaiguard.IsServer(err) {
		t.Errorf("events %d, Error %+v, requests %d", n, e, srv.Count())
	}
}

// After the first event nothing is retried; the stream's error is
// classified by Classify and the predicates.
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
		srv, client, ctx, _ := setup(t, fakeapi.SSE(true, fakeapi.Chunk("partial"), tt.data))
		text, n, err := readChat(t, oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params))
		if text != "partial" || n != 1 || srv.Count() != 1 {
			t.Errorf("%s: %q in %d events, %d requests; want the first event once and no retry", tt.want, text, n, srv.Count())
		}
		var serr *ssestream.StreamError
		if !errors.As(err, &serr) || !tt.is(err) || oaiguard.Classify(err) != tt.want {
			t.Errorf("%s: err %v (%T) classed %v", tt.want, err, err, oaiguard.Classify(err))
		}
	}
}

func TestConnectionLostMidStreamIsNotRetried(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.Reply{
		ContentType: "text/event-stream",
		Body:        "data: " + fakeapi.Chunk("partial") + "\n\n",
		Cut:         true,
	})
	text, n, err := readChat(t, oaiguard.Stream(ctx, client.Chat.Completions.NewStreaming, params))
	if text != "partial" || n != 1 || srv.Count() != 1 {
		t.Errorf("%q in %d events, %d requests", text, n, srv.Count())
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || !oaiguard.IsConnection(err) {
		t.Errorf("err %v classed %v, want a Connection error", err, oaiguard.Classify(err))
	}
}

// Responses streams report errors as events of type "error". As the first
// event one is retried; later, the caller receives it as an event.
func TestResponsesStreamErrorEvent(t *testing.T) {
	created := fakeapi.Event{Name: "response.created", Data: `{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1,"status":"in_progress","model":"gpt-4o","output":[]}}`}
	completed := fakeapi.Event{Name: "response.completed", Data: `{"type":"response.completed","sequence_number":1,"response":{"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-4o","output":[]}}`}
	srv, client, ctx, _ := setup(t,
		fakeapi.Events(fakeapi.ResponseErrorEvent("server_error", "The server had an error")),
		fakeapi.Events(created, fakeapi.ResponseErrorEvent("rate_limit_exceeded", "slow down"), completed),
	)
	s := oaiguard.Stream(ctx, client.Responses.NewStreaming, responses.ResponseNewParams{Model: "gpt-4o", Input: responses.ResponseNewParamsInputUnion{OfString: openai.String("hi")}})
	defer s.Close()
	var types []string
	for s.Next() {
		types = append(types, s.Current().Type)
	}
	if err := s.Err(); err != nil || srv.Count() != 2 {
		t.Fatalf("err %v, requests %d", err, srv.Count())
	}
	if len(types) != 3 || types[0] != "response.created" || types[1] != "error" {
		t.Errorf("events %v; want the second attempt's three, the error event among them", types)
	}
}

func TestStreamFirstEventErrorForAResponsesStreamThatCannotSucceed(t *testing.T) {
	srv, client, ctx, _ := setup(t, fakeapi.Events(fakeapi.ResponseErrorEvent("insufficient_quota", "You exceeded your current quota")))
	s := oaiguard.Stream(ctx, client.Responses.NewStreaming, responses.ResponseNewParams{Model: "gpt-4o"})
	defer s.Close()
	if s.Next() || srv.Count() != 1 || !oaiguard.IsQuotaExhausted(s.Err()) {
		t.Errorf("err %v classed %v, requests %d", s.Err(), oaiguard.Classify(s.Err()), srv.Count())
	}
}
