// Package ai leaves its go-openai call to its callers, through a method
// with no parameters that callers hand to a retrier as a method value.
package ai

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Bound binds a client to a context.
type Bound struct {
	C   *goopenai.Client
	Ctx context.Context
}

// Latest leaves the call to its callers.
func (b Bound) Latest() (string, error) { // want Latest:`calls b.C.CreateChatCompletion \(go-openai\)`
	r, err := b.C.CreateChatCompletion(b.Ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "q"}}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}
