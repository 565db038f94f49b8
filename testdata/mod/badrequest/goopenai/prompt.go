package goopenai

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

// A completion's prompt may be "" (NonEmpty is false for it); nil is not
// sent, and the API requires a prompt.
func emptyPrompt(ctx context.Context, c *openai.Client) {
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: "gpt-3.5-turbo-instruct", Prompt: ""})
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: "gpt-3.5-turbo-instruct", Prompt: nil}) // want `sets prompt empty`
}

// The docs' fixed example: nothing to report.
func docsGood(ctx context.Context, c *openai.Client) {
	req := openai.ChatCompletionRequest{
		Model:               openai.GPT5Dot4Mini,
		Messages:            msgs,
		MaxCompletionTokens: 500,
	}
	_, _ = c.CreateChatCompletion(ctx, req)
}
