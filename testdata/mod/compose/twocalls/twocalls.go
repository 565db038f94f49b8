// Package twocalls: one comma-ok assertion reads the error of two calls
// that unretried wraps. Each wrap carries the assertion's errors.As
// rewrite, and errtype's fix is the same edits: every driver must take
// them once (issue 9).
package twocalls

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func g(ctx context.Context, c *openai.Client, r openai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion(ctx, r)
	if err == nil {
		_, err = c.ListModels(ctx)
	}
	if e, ok := err.(*openai.APIError); ok {
		return e
	}
	return err
}
