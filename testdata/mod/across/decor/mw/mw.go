// Package mw is a middleware package that reaches no SDK: decorators of
// its own interfaces, one that retries and one that only logs. Nothing
// reads its bodies (no fact, no syntax walk): its names say which retries.
package mw

import (
	"context"
	"log"
	"time"
)

// Chatter answers a question.
type Chatter interface {
	Chat(ctx context.Context, q string) (string, error)
}

// Doer does one request.
type Doer[Q, S any] interface {
	Do(ctx context.Context, q Q) (S, error)
}

// Retrying retries its inner Chatter with a growing wait.
type Retrying struct{ Inner Chatter }

func (r Retrying) Chat(ctx context.Context, q string) (string, error) {
	var err error
	for i := range 3 {
		var s string
		if s, err = r.Inner.Chat(ctx, q); err == nil {
			return s, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Second << i):
		}
	}
	return "", err
}

// WithRetry wraps c in Retrying.
func WithRetry(c Chatter) Chatter { return Retrying{Inner: c} }

// Logging only logs.
type Logging struct{ Inner Chatter }

func (l Logging) Chat(ctx context.Context, q string) (string, error) {
	log.Println("chat", q)
	return l.Inner.Chat(ctx, q)
}
