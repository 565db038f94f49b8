// Package ai fills its client field in two exported constructors, one
// retrying and one not, and also in a setter, a functional option and a
// Clone method, which store a client made elsewhere: the calls are still
// judged per constructor.
package ai

import (
	"context"

	"github.com/hashicorp/go-retryablehttp"
	goopenai "github.com/sashabaranov/go-openai"
)

// Client asks go-openai.
type Client struct{ c *goopenai.Client }

// Option sets up a Client.
type Option func(*Client)

// NewRetrying gives go-openai a retrying HTTP client.
func NewRetrying(token string, opts ...Option) *Client {
	cfg := goopenai.DefaultConfig(token)
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	c := &Client{c: goopenai.NewClientWithConfig(cfg)}
	for _, o := range opts {
		o(c)
	}
	return c
}

// NewPlain does not.
func NewPlain(token string) *Client {
	return &Client{c: goopenai.NewClient(token)} // want `goopenai.NewClient builds a go-openai client without oaiguard.s transport`
}

// SetClient stores a client its caller made.
func (c *Client) SetClient(oc *goopenai.Client) { c.c = oc }

// WithClient is the functional option for it.
func WithClient(oc *goopenai.Client) Option { return func(c *Client) { c.c = oc } }

// Clone copies the client.
func (c *Client) Clone() *Client { return &Client{c: c.c} }

// Ask leaves its call to its callers.
func (c *Client) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.CreateChatCompletion \(go-openai, on clients built by example.com/fixtures/across/ctorwrite/ai.NewPlain\)`
	resp, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.ID, nil
}
