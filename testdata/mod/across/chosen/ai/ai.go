// Package ai declares Doer and a plain implementation that leaves
// retrying to its callers.
package ai

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Doer answers a question.
type Doer interface {
	Do(ctx context.Context, q string) (string, error) // want Do:`calls p.C.CreateChatCompletion \(go-openai\)`
}

// Plain asks once.
type Plain struct{ C *goopenai.Client }

// Do makes one attempt.
func (p Plain) Do(ctx context.Context, q string) (string, error) { // want Do:`calls p.C.CreateChatCompletion \(go-openai\)`
	resp, err := p.C.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
