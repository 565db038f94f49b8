package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Incorrect API key provided: sk-proj-abcDEF123_-xyz.", "Incorrect API key provided: [REDACTED]."},
		{`POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {"message":"Incorrect API key provided: sk-abc12345************wxyz"}`,
			`POST "https://api.openai.com/v1/chat/completions": 401 Unauthorized {"message":"Incorrect API key provided: [REDACTED]"}`},
		// Whatever its shape, the word after "API key provided:" is the
		// key a server echoes, when the runtime never saw it sent.
		{"Incorrect API key provided: 0123456789abcdef0123456789abcdef. You can find your API key at x.", "Incorrect API key provided: [REDACTED]. You can find your API key at x."},
		{"Incorrect API key provided: hunter2.", "Incorrect API key provided: [REDACTED]."},
		{"Incorrect API key provided: a.b/c+d=. You can", "Incorrect API key provided: [REDACTED]. You can"},
		{`{"message":"Incorrect API key provided: litellm-master-SECRET999\"}`, `{"message":"Incorrect API key provided: [REDACTED]\"}`},
		{"Authorization: Bearer sk-proj-zzzz9999, next", "Authorization: Bearer [REDACTED], next"},
		{"header bearer abc.def", "header bearer [REDACTED]"},
		{"task-force and disk-usage are words", "task-force and disk-usage are words"},
		{"sk-ab is too short to be a key", "sk-ab is too short to be a key"},
		{"nothing here", "nothing here"},
		{"", ""},
		{"two keys sk-aaaa1111 and sk-bbbb2222", "two keys sk-[REDACTED] and sk-[REDACTED]"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q)\n = %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func FuzzRedact(f *testing.F) {
	f.Add("key sk-proj-abcdefgh123 end")
	f.Add("Bearer ")
	f.Add("Incorrect API key provided: x.y. More")
	f.Fuzz(func(t *testing.T, s string) {
		out := redact(s)
		for i := 0; i < len(out); i++ {
			if n := keyLen(out, i); n > 0 && !strings.HasPrefix(out[i:], "sk-[REDACTED]") {
				t.Fatalf("redact(%q) = %q holds a key at %d", s, out, i)
			}
		}
		if redact(out) != out {
			t.Fatalf("redact is not idempotent on %q", s)
		}
	})
}

func TestErrorText(t *testing.T) {
	last := errors.New("error, status code: 401, status: 401 Unauthorized, message: Incorrect API key provided: sk-proj-abc123456789")
	tests := []struct {
		e    *Error
		want string
	}{
		{&Error{Class: Auth, Attempts: 1, Err: last},
			"oaiguard: authentication failed after 1 attempt: error, status code: 401, status: 401 Unauthorized, message: Incorrect API key provided: [REDACTED]"},
		{&Error{Class: RateLimited, Attempts: 4, Err: errors.New("429")}, "oaiguard: rate limited after 4 attempts: 429"},
		{&Error{Class: RateLimited, Attempts: 2, RetryAfter: 90 * time.Second, stop: stopElapsed, Err: errors.New("429")},
			"oaiguard: rate limited after 2 attempts; the server asked to wait 1m30s, past the policy's MaxElapsed: 429"},
		{&Error{Class: Server, Attempts: 1, stop: stopServer, RequestID: "req_1"},
			"oaiguard: server error after 1 attempt; the server said not to retry (request req_1)"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error()\n = %q\nwant %q", got, tt.want)
		}
	}
}

func TestErrorUnwrapAndIs(t *testing.T) {
	api := &fakeAPIError{apiFacts{status: 429}}
	err := fmt.Errorf("handler: %w", &Error{Class: Canceled, Attempts: 2, Err: api, cause: context.Canceled})
	var target *fakeAPIError
	if !errors.As(err, &target) || target != api {
		t.Error("errors.As does not reach the SDK error")
	}
	if !errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		t.Error("errors.Is does not follow the cause")
	}
	if errors.Is(&Error{Err: api}, context.Canceled) {
		t.Error("an error without a cause matched context.Canceled")
	}
}
