// Package ai returns go-openai's error on one path and its own sentinel,
// whose text looks like go-openai's, on another.
package ai

import (
	"context"
	"errors"
	"fmt"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// ErrRate is the local limiter's error.
var ErrRate = errors.New("status code: 429")

// ErrBusy is another limiter's, in words of its own.
var ErrBusy = errors.New("rate limit of the local pool")

// C asks through go-openai.
type C struct{ c *goopenai.Client }

func (c C) Ask(ctx context.Context) error {
	_, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "q"}}})
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	return nil
}

// Limited returns the sentinel, or the SDK's error.
func (c C) Limited(ctx context.Context, n int) error {
	if n > 10 {
		return ErrRate
	}
	return c.Ask(ctx)
}

// Wrapped wraps the sentinel, or returns the SDK's error.
func (c C) Wrapped(ctx context.Context, n int) error {
	if n > 10 {
		return fmt.Errorf("limiter: %w", ErrRate)
	}
	return c.Ask(ctx)
}

// Busy returns the other sentinel, or the SDK's error.
func (c C) Busy(ctx context.Context, n int) error {
	if n > 10 {
		return ErrBusy
	}
	return c.Ask(ctx)
}

func sameLimited(ctx context.Context, c C, n int) bool {
	err := c.Limited(ctx, n)
	return err != nil && strings.Contains(err.Error(), "status code: 429") // want `err.Error\(\) matched against "status code: 429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); no fix: the module's own error text "status code: 429" matches too`
}
