// Package ai has three constructors of one client type: one whose clients
// do not retry, two whose clients openai-go retries, with different
// counts. Each caller is judged on the constructor that built its client.
package ai

import (
	"context"

	openai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// Client holds an openai-go client.
type Client struct{ c openai.Client }

// NewPlain's clients do not retry.
func NewPlain() *Client { return &Client{c: openai.NewClient(option.WithMaxRetries(0))} }

// NewDefault's clients keep openai-go's two retries.
func NewDefault() *Client { return &Client{c: openai.NewClient()} }

// NewFour's clients retry four times.
func NewFour() *Client { return &Client{c: openai.NewClient(option.WithMaxRetries(4))} }

// Ask leaves the call to its callers.
func (c *Client) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.Chat.Completions.New \(openai-go, retries off, on clients built by example.com/fixtures/across/ctorthree/ai.NewPlain\)`
	r, err := c.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}
