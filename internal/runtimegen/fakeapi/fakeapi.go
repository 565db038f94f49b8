// Package fakeapi is a scripted fake of the OpenAI HTTP API on a loopback
// server, for testing the generated runtimes with the real SDK clients:
// each request gets the next scripted reply, and the server remembers what
// it was sent.
package fakeapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Reply is one scripted answer.
type Reply struct {
	Status      int               // 0 means 200
	Header      map[string]string // response headers
	ContentType string            // "" means application/json
	Body        string
	// Hangup closes the connection without an answer, as a crashed proxy
	// does; the client sees a transport error.
	Hangup bool
	// Cut sends the status, headers and Body, then breaks the connection
	// instead of ending the response, as a connection lost mid-stream
	// does: the client reads Body and then an unexpected EOF.
	Cut bool
}

// Request is what the server was sent.
type Request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// Server answers requests with its script, then with Then.
type Server struct {
	*httptest.Server
	// Then answers requests after the script has run out. Tests set it
	// before the first request.
	Then Reply

	mu     sync.Mutex
	script []Reply
	reqs   []Request
}

// New starts a server on loopback that answers with replies in order, then
// with ChatCompletion(); it stops when the test ends.
func New(t testing.TB, replies ...Reply) *Server {
	s := &Server{Then: ChatCompletion(), script: replies}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	rep := s.Then
	if len(s.script) > 0 {
		rep, s.script = s.script[0], s.script[1:]
	}
	s.mu.Unlock()

	if rep.Hangup {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	write(w, rep)
	if rep.Cut {
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		// The server closes the connection without the chunked body's end.
		panic(http.ErrAbortHandler)
	}
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count returns the number of requests received so far.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// APIError is an error reply with the API's JSON body. Extra header pairs
// follow: "Retry-After", "7", ...
func APIError(status int, code, typ, message string, header ...string) Reply {
	obj := map[string]any{"message": message, "type": typ, "code": code, "param": nil}
	if code == "" {
		obj["code"] = nil
	}
	b, _ := json.Marshal(map[string]any{"error": obj})
	return Reply{Status: status, Body: string(b), Header: pairs(header)}
}

// RateLimited is a 429 for tokens per minute, with optional header pairs.
func RateLimited(header ...string) Reply {
	return APIError(429, "rate_limit_exceeded", "tokens",
		"Rate limit reached for gpt-4o in organization org-test on tokens per min (TPM): Limit 30000, Used 30000, Requested 100. Please try again in 200ms.",
		header...)
}

// QuotaExhausted is the 429 for a spent quota.
func QuotaExhausted() Reply {
	return APIError(429, "insufficient_quota", "insufficient_quota",
		"You exceeded your current quota, please check your plan and billing details.")
}

// ChatCompletion is a successful chat completion that says "hi".
func ChatCompletion() Reply {
	return Reply{Body: `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",` +
		`"choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],` +
		`"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`,
		Header: map[string]string{"X-Request-Id": "req_ok"}}
}

// Chunk is one chat.completion.chunk event carrying content.
func Chunk(content string) string {
	return fmt.Sprintf(`{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":%q},"finish_reason":null}]}`, content)
}

// SSE is a successful event stream of the given data payloads, ended by
// [DONE] unless open is set.
func SSE(open bool, data ...string) Reply {
	body := ""
	for _, d := range data {
		body += "data: " + d + "\n\n"
	}
	if !open {
		body += "data: [DONE]\n\n"
	}
	return Reply{ContentType: "text/event-stream", Body: body}
}

func pairs(kv []string) map[string]string {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]string)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// ErrorData is the data of an error event inside a chat or completion
// stream: {"error": {...}} with the API's error object.
func ErrorData(code, typ, message string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "type": typ, "code": code, "param": nil}})
	return string(b)
}

// Event is one server-sent event; Name is its "event:" field, "" for none.
type Event struct {
	Name, Data string
}

// Events is a successful event stream of named events, as the Responses
// API sends them; it is not ended by [DONE].
func Events(events ...Event) Reply {
	body := ""
	for _, e := range events {
		if e.Name != "" {
			body += "event: " + e.Name + "\n"
		}
		body += "data: " + e.Data + "\n\n"
	}
	return Reply{ContentType: "text/event-stream", Body: body}
}

// ResponseErrorEvent is the "error" event of a Responses stream.
func ResponseErrorEvent(code, message string) Event {
	b, _ := json.Marshal(map[string]any{"type": "error", "code": code, "message": message, "param": nil, "sequence_number": 0})
	return Event{Name: "error", Data: string(b)}
}
