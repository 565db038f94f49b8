// Package ai builds each client type two ways: one that retries its API
// calls, one that does not.
package ai

import (
	"context"
	"log"

	"github.com/hashicorp/go-retryablehttp"
	openai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// Client asks go-openai.
type Client struct{ c *goopenai.Client }

// NewRetrying gives the client a retrying HTTP client.
func NewRetrying(token string) *Client {
	cfg := goopenai.DefaultConfig(token)
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	return &Client{c: goopenai.NewClientWithConfig(cfg)}
}

// NewPlain gives it none: go-openai never retries.
func NewPlain(token string) *Client {
	return &Client{c: goopenai.NewClient(token)} // want `goopenai.NewClient builds a go-openai client without oaiguard.s transport`
}

// Ask retries on a client NewRetrying built, and leaves retrying to its
// callers on one NewPlain built.
func (c *Client) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.CreateChatCompletion \(go-openai, on clients built by example.com/fixtures/across/ctor/ai.NewPlain\)`
	resp, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// O asks openai-go.
type O struct{ c openai.Client }

// NewO keeps the SDK's retries.
func NewO() *O { return &O{c: openai.NewClient()} }

// NewOffline switches them off.
func NewOffline() *O { return &O{c: openai.NewClient(option.WithMaxRetries(0))} }

// Ask is retried by the SDK on a client NewO built, by nobody on one
// NewOffline built.
func (o *O) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls o.c.Chat.Completions.New \(openai-go, retries off, on clients built by example.com/fixtures/across/ctor/ai.NewOffline\)`
	r, err := o.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// Notify returns no error: nobody can retry it, and it is judged here,
// where it has no retry handling on a client NewPlain built.
func (c *Client) Notify(ctx context.Context, q string) {
	if _, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}}); err != nil { // want `c.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctor/ai.NewPlain has no retry handling: go-openai never retries`
		log.Print(err)
	}
}

// Pair asks go-openai; its constructors share an unexported helper.
type Pair struct{ c *goopenai.Client }

func newPair(c *goopenai.Client) *Pair { return &Pair{c: c} }

// NewRetryingPair gives the helper a client whose HTTP client retries.
func NewRetryingPair(token string) *Pair {
	cfg := goopenai.DefaultConfig(token)
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	return newPair(goopenai.NewClientWithConfig(cfg))
}

// NewPlainPair gives it a plain client.
func NewPlainPair(token string) *Pair {
	return newPair(goopenai.NewClient(token)) // want `goopenai.NewClient builds a go-openai client without oaiguard.s transport`
}

// Ask is judged per constructor, as Client.Ask is.
func (p *Pair) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls p.c.CreateChatCompletion \(go-openai, on clients built by example.com/fixtures/across/ctor/ai.NewPlainPair\)`
	resp, err := p.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
