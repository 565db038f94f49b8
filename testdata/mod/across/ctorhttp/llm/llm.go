// Package llm builds its openai-go client two ways: New sends it through
// a retrying HTTP client, NewPlain does not. Both keep openai-go's own
// retries, so no call of Ask is unretried; but the HTTP client's attempts
// are a layer only of New's clients.
package llm

import (
	"context"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

type Client struct{ c openai.Client }

func New() *Client {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 7
	return &Client{c: openai.NewClient(option.WithHTTPClient(rc.StandardClient()))}
}

func NewPlain() *Client { return &Client{c: openai.NewClient()} }

func (c *Client) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.Chat.Completions.New \(openai-go, retries on\); returns`
	r, err := c.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT5_2,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)},
	})
	if err != nil {
		return "", err
	}
	return r.ID, nil
}
