package goopenai

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

// sink sends the constant of overwrite.go.
func sink(ctx context.Context, c *openai.Client) {
	_, _ = c.CreateChatCompletion(ctx,
		openai.ChatCompletionRequest{Model: elsewhere})
}
