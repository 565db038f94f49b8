// Package ai leaves its API calls to its callers, who reach them through
// interfaces they declare themselves.
package ai

import (
	"context"
	"os"

	openai "github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

// Client calls go-openai, which never retries.
type Client struct{ c *goopenai.Client }

// New builds a Client.
func New() *Client { return &Client{c: goopenai.NewClient(os.Getenv("K"))} } // want `goopenai.NewClient builds a go-openai client without oaiguard's transport`

// Ask leaves the call to its callers.
func (c *Client) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.CreateChatCompletion \(go-openai\)`
	r, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// OClient calls openai-go, which retries by itself.
type OClient struct{ c openai.Client }

// NewO builds an OClient.
func NewO() *OClient { return &OClient{c: openai.NewClient()} }

// Ask leaves the call, retried by openai-go, to its callers.
func (c *OClient) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.Chat.Completions.New \(openai-go, retries on\)`
	r, err := c.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}
