// Package comment imports each SDK with a comment between the name and the
// path, which gofmt leaves alone while the spec is the only one of its run
// and moves after the path once the run has two: no fix may add a spec to
// such a run (issue 9).
package comment

import (
	"context"

	openai /* sdk */ "github.com/openai/openai-go/v3"

	goopenai /* the other sdk */ "github.com/sashabaranov/go-openai"
)

func f(ctx context.Context, client openai.Client, params openai.ChatCompletionNewParams) error {
	_, err := client.Chat.Completions.New(ctx, params)
	var e *openai.Error
	if err != nil && err.Error() == "rate limit" {
		return err
	}
	_ = e
	return err
}

func g(ctx context.Context, c *goopenai.Client, r goopenai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion(ctx, r)
	if err != nil && err.Error() == "rate limit" {
		return err
	}
	return err
}
