package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"testing"
)

func TestClassifyFacts(t *testing.T) {
	tests := []struct {
		name string
		f    apiFacts
		want Class
	}{
		{"rate limit", apiFacts{status: 429, code: "rate_limit_exceeded", typ: "requests"}, RateLimited},
		{"bare 429", apiFacts{status: 429}, RateLimited},
		{"insufficient_quota code beats 429", apiFacts{status: 429, code: "insufficient_quota", typ: "insufficient_quota"}, QuotaExhausted},
		{"billing code beats 429", apiFacts{status: 429, code: "credit_balance_exhausted"}, QuotaExhausted},
		{"spend limit", apiFacts{status: 429, code: "project_spend_limit_exceeded"}, QuotaExhausted},
		{"quota type with an unknown code", apiFacts{status: 429, code: "some_new_billing_code", typ: "insufficient_quota"}, QuotaExhausted},
		{"request too large", apiFacts{status: 429, code: "rate_limit_exceeded", typ: "tokens",
			message: "Request too large for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Requested 41000."}, RequestTooLarge},
		{"request too large in a stream", apiFacts{code: "rate_limit_exceeded", message: "Request too large for gpt-4o"}, RequestTooLarge},
		{"request too large text on a 400 is not it", apiFacts{status: 400, message: "Request too large"}, InvalidRequest},
		{"413", apiFacts{status: 413}, RequestTooLarge},
		{"context length", apiFacts{status: 400, code: "context_length_exceeded", typ: "invalid_request_error"}, ContextLengthExceeded},
		{"401", apiFacts{status: 401, code: "invalid_api_key"}, Auth},
		{"403", apiFacts{status: 403}, Permission},
		{"404 model", apiFacts{status: 404, code: "model_not_found", typ: "invalid_request_error"}, NotFound},
		{"400", apiFacts{status: 400, typ: "invalid_request_error"}, InvalidRequest},
		{"422", apiFacts{status: 422}, InvalidRequest},
		{"418 other 4xx", apiFacts{status: 418}, InvalidRequest},
		{"408", apiFacts{status: 408}, Timeout},
		{"409", apiFacts{status: 409}, Conflict},
		{"500", apiFacts{status: 500, code: "server_error"}, Server},
		{"502", apiFacts{status: 502}, Server},
		{"503", apiFacts{status: 503}, Overloaded},
		{"500 overloaded code", apiFacts{status: 500, code: "server_is_overloaded"}, Overloaded},
		{"stream server_error", apiFacts{code: "server_error"}, Server},
		{"stream overloaded", apiFacts{code: "server_is_overloaded"}, Overloaded},
		{"stream rate limit type", apiFacts{typ: "tokens"}, RateLimited},
		{"stream slow_down", apiFacts{typ: "rate_limit_error", code: "slow_down"}, RateLimited},
		{"stream invalid request", apiFacts{typ: "invalid_request_error"}, InvalidRequest},
		{"nothing known", apiFacts{}, Unknown},
		{"unknown code, no status", apiFacts{code: "something_new"}, Unknown},
		{"fixed class wins", apiFacts{status: 500, class: InvalidRequest}, InvalidRequest},
	}
	for _, tt := range tests {
		if got := classifyFacts(tt.f); got != tt.want {
			t.Errorf("%s: classifyFacts(%+v) = %v, want %v", tt.name, tt.f, got, tt.want)
		}
	}
}

// fakeAPIError stands in for an SDK's error type in these tests; the
// generated runtimes are tested with the real ones.
type fakeAPIError struct{ f apiFacts }

func (e *fakeAPIError) Error() string { return fmt.Sprintf("API error %d", e.f.status) }

func fakeFacts(err error) (apiFacts, bool) {
	var e *fakeAPIError
	if errors.As(err, &e) {
		return e.f, true
	}
	return apiFacts{}, false
}

type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	rec502 := &record{status: 502, header: http.Header{"X-Request-Id": {"req_1"}}}
	var unmarshal *json.UnmarshalTypeError
	decodeErr := json.Unmarshal([]byte(`"text"`), &struct{ A int }{})
	if !errors.As(decodeErr, &unmarshal) {
		t.Fatalf("setup: %T is not a *json.UnmarshalTypeError", decodeErr)
	}
	tests := []struct {
		name string
		err  error
		rec  *record
		want Class
	}{
		{"nil", nil, nil, Unknown},
		{"wrapped API error", fmt.Errorf("chat: %w", &fakeAPIError{apiFacts{status: 429, code: "insufficient_quota"}}), nil, QuotaExhausted},
		{"API error without status takes the recorded one", &fakeAPIError{apiFacts{}}, rec502, Server},
		{"canceled", context.Canceled, nil, Canceled},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), nil, Timeout},
		{"url error wrapping canceled", &url.Error{Op: "Post", URL: "http://x", Err: context.Canceled}, nil, Canceled},
		{"net timeout", &url.Error{Op: "Post", URL: "http://x", Err: timeoutError{}}, nil, Timeout},
		{"connection refused", &url.Error{Op: "Post", URL: "http://x", Err: &net.OpError{Op: "dial", Err: os.ErrPermission}}, nil, Connection},
		{"dns", &net.DNSError{Err: "no such host", Name: "x"}, nil, Connection},
		{"unexpected EOF", fmt.Errorf("reading body: %w", io.ErrUnexpectedEOF), nil, Connection},
		{"undecodable body keeps the recorded status", decodeErr, rec502, Server},
		{"undecodable body without a record", decodeErr, nil, Unknown},
		{"plain error", errors.New("missing required id parameter"), nil, Unknown},
		{"record of a success does not classify", errors.New("boom"), &record{status: 200}, Unknown},
		{"our own error", fmt.Errorf("outer: %w", &Error{Class: Overloaded, Attempts: 4}), nil, Overloaded},
	}
	for _, tt := range tests {
		if got, _ := classify(tt.err, fakeFacts, tt.rec); got != tt.want {
			t.Errorf("%s: classify(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestClassifyKeepsRecordedHeaders(t *testing.T) {
	rec := &record{status: 429, header: http.Header{"Retry-After": {"3"}}}
	_, f := classify(&fakeAPIError{apiFacts{status: 429}}, fakeFacts, rec)
	if got := f.header.Get("Retry-After"); got != "3" {
		t.Errorf("header Retry-After = %q, want the recorded 3", got)
	}
}

func TestParseErrorJSON(t *testing.T) {
	tests := []struct {
		in     string
		want   apiFacts
		wantOK bool
	}{
		{`{"error":{"message":"m","type":"tokens","code":"rate_limit_exceeded"}}`, apiFacts{message: "m", typ: "tokens", code: "rate_limit_exceeded"}, true},
		{`{"error":{"message":"m","code":429}}`, apiFacts{message: "m", code: "429"}, true},
		{`{"message":"bare","code":"server_error"}`, apiFacts{message: "bare", code: "server_error"}, true},
		{`{"error":"text"}`, apiFacts{message: "text"}, true},
		{`{"error":null}`, apiFacts{}, false},
		{`{"error":{}}`, apiFacts{}, false},
		{`<html>502 Bad Gateway</html>`, apiFacts{}, false},
		{``, apiFacts{}, false},
		{`[1,2]`, apiFacts{}, false},
		{`{"error":{"message":["a","b"],"code":null}}`, apiFacts{}, false},
	}
	for _, tt := range tests {
		got, ok := parseErrorJSON([]byte(tt.in))
		if ok != tt.wantOK || got.message != tt.want.message || got.code != tt.want.code || got.typ != tt.want.typ {
			t.Errorf("parseErrorJSON(%s) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestCodeText(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, ""},
		{"insufficient_quota", "insufficient_quota"},
		{429, "429"},
		{int64(500), "500"},
		{float64(503), "503"},
		{json.Number("7"), "7"},
		{[]int{1}, ""},
	}
	for _, tt := range tests {
		if got := codeText(tt.in); got != tt.want {
			t.Errorf("codeText(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStreamErrorFacts(t *testing.T) {
	inner := errors.New(streamErrorPrefix + `{"message":"overloaded","type":"server_error","code":"server_is_overloaded"}`)
	f, ok := streamErrorFacts(fmt.Errorf("reading: %w", inner))
	if !ok || f.code != "server_is_overloaded" || classifyFacts(f) != Overloaded {
		t.Errorf("streamErrorFacts = %+v, %v; want code server_is_overloaded", f, ok)
	}
	if _, ok := streamErrorFacts(errors.New("something else")); ok {
		t.Error("streamErrorFacts matched an unrelated error")
	}
	f, ok = streamErrorFacts(errors.New(streamErrorPrefix + "not json"))
	if !ok || f.message != "not json" {
		t.Errorf("streamErrorFacts(not json) = %+v, %v", f, ok)
	}
}

func TestClassStrings(t *testing.T) {
	if RateLimited.String() != "rate limited" || Class(99).String() != "Class(99)" || Class(-1).String() != "Class(-1)" {
		t.Errorf("String: %q %q %q", RateLimited, Class(99), Class(-1))
	}
	retryable := map[Class]bool{RateLimited: true, Conflict: true, Server: true, Overloaded: true, Timeout: true, Connection: true}
	for c := Unknown; c <= Canceled; c++ {
		if c.Retryable() != retryable[c] {
			t.Errorf("%v.Retryable() = %v", c, c.Retryable())
		}
	}
}
