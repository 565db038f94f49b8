// Package ai declares the interface its users implement, and a function
// that leaves retrying to its callers.
package ai

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Asker answers a question. ai has no implementation of it.
type Asker interface {
	Ask(ctx context.Context, q string) (string, error)
}

// Client is go-openai's.
var Client *goopenai.Client

// Ask makes one attempt.
func Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls Client.CreateChatCompletion \(go-openai\)`
	resp, err := Client.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
