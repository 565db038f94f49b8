// Package gollm declares a Chat interface, implements it on openai-go with
// the SDK's default retries, and decorates it with retries of its own.
package gollm

import (
	"context"
	"time"

	"github.com/openai/openai-go/v3"
)

// Chat is the package's own interface.
type Chat interface {
	Send(ctx context.Context, q string) (string, error) // want Send:`calls s.c.Chat.Completions.New \(openai-go, retries on\)`
}

// session implements Chat on openai-go.
type session struct{ c openai.Client }

// Send makes the call, openai-go's retries on.
func (s *session) Send(ctx context.Context, q string) (string, error) { // want Send:`calls s.c.Chat.Completions.New \(openai-go, retries on\)`
	resp, err := s.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Retry runs fn up to attempts times.
func Retry[T any](ctx context.Context, attempts int, fn func(context.Context) (T, error)) (T, error) {
	var zero T
	var err error
	for range attempts {
		var v T
		if v, err = fn(ctx); err == nil {
			return v, nil
		}
		time.Sleep(time.Second)
	}
	return zero, err
}

// retryChat decorates a Chat with Retry, in the interface's package.
type retryChat struct{ inner Chat }

// Send retries the inner Chat, which openai-go retries too.
func (r *retryChat) Send(ctx context.Context, q string) (string, error) {
	op := func(ctx context.Context) (string, error) {
		return r.inner.Send(ctx, q) // want `r.inner.Send \(which calls s.c.Chat.Completions.New in example.com/fixtures/across/gollm\) is retried at 2 layers: an unknown retry helper Retry \(N attempts unknown\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call`
	}
	return Retry[string](ctx, 5, op)
}

// plainChat calls its inner Chat with no retry handling: nothing said
// at the call (the implementation's call is left to callers).
type plainChat struct{ inner Chat }

func (p *plainChat) Send(ctx context.Context, q string) (string, error) {
	return p.inner.Send(ctx, q)
}

// New returns the decorated Chat.
func New(c openai.Client) Chat { return &retryChat{inner: &session{c: c}} }

// Plain returns the undecorated one.
func Plain(c openai.Client) Chat { return &plainChat{inner: &session{c: c}} }
