// Package ai declares a generic interface and implements it on go-openai.
package ai

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Doer sends a request.
type Doer[Req, Resp any] interface {
	Do(ctx context.Context, r Req) (Resp, error)
}

// Chat asks once.
type Chat struct{ C *goopenai.Client }

// Do makes one attempt.
func (c Chat) Do(ctx context.Context, q string) (string, error) { // want Do:`calls c.C.CreateChatCompletion \(go-openai\)`
	resp, err := c.C.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// New hands Chat out as a Doer.
func New(c *goopenai.Client) Doer[string, string] { return Chat{C: c} }
