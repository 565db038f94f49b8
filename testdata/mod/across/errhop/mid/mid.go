// Package mid returns go-openai's error on one path and the module's own
// errors on others.
package mid

import (
	"context"
	"fmt"

	goopenai "github.com/sashabaranov/go-openai"

	"example.com/fixtures/across/errhop/errs"
)

// C asks through go-openai.
type C struct{ c *goopenai.Client }

func (c C) ask(ctx context.Context) error {
	_, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "q"}}})
	return err
}

// Tokens returns another package's sentinel, or the SDK's error.
func (c C) Tokens(ctx context.Context, n int) error {
	if n > 10 {
		return errs.ErrTokens
	}
	return c.ask(ctx)
}

// Budget returns another package's error type, whose Error method holds
// the text, or the SDK's error.
func (c C) Budget(ctx context.Context, n int) error {
	if n > 10 {
		return &errs.BudgetErr{Spent: n}
	}
	return c.ask(ctx)
}

// Local returns an error formatted with a verb, or the SDK's error.
func (c C) Local(ctx context.Context, n int) error {
	if n > 10 {
		return fmt.Errorf("local budget %d", 429)
	}
	return c.ask(ctx)
}

// Pool returns an error formatted with a number known at run time, or
// the SDK's error.
func (c C) Pool(ctx context.Context, n int) error {
	if n > 10 {
		return fmt.Errorf("pool busy: code %d", n)
	}
	return c.ask(ctx)
}

// Wallet returns errs's error, which is errbase's, or the SDK's error.
func (c C) Wallet(ctx context.Context, n int) error {
	if err := errs.Wallet(n); err != nil {
		return err
	}
	return c.ask(ctx)
}

// Plain returns the SDK's error only.
func (c C) Plain(ctx context.Context) error { return c.ask(ctx) }
