// Package ai builds its openai-go client two ways: NewO keeps the SDK's
// own retries, NewOffline switches them off. Ask is unretried only on
// NewOffline's clients; on NewO's, the SDK retries it, and a caller's
// retry layer stacks on those retries.
package ai

import (
	"context"

	"github.com/avast/retry-go/v4"
	"github.com/hashicorp/go-retryablehttp"
	openai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

type O struct{ c openai.Client }

func NewO() *O { return &O{c: openai.NewClient()} }

func NewOffline() *O { return &O{c: openai.NewClient(option.WithMaxRetries(0))} }

func (o *O) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls o.c.Chat.Completions.New \(openai-go, retries off, on clients built by example.com/fixtures/across/ctorelse/ai.NewOffline\)`
	r, err := o.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// A caller in the package is judged as one elsewhere: on NewO's client,
// retry.Do stacks on openai-go's own retries.
func askRetried(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := NewO().Ask(ctx, "hi") // want `NewO\(\).Ask \(which calls o.c.Chat.Completions.New in example.com/fixtures/across/ctorelse/ai\) is retried at 2 layers: retry.Do \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call; build the client with example.com/fixtures/across/ctorelse/ai.NewOffline`
		return err
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }), retry.Context(ctx))
}

// G asks go-openai: NewRetryingG gives it a retrying HTTP client,
// NewPlainG none.
type G struct{ c *goopenai.Client }

func NewRetryingG(token string) *G {
	cfg := goopenai.DefaultConfig(token)
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	return &G{c: goopenai.NewClientWithConfig(cfg)}
}

func NewPlainG(token string) *G {
	return &G{c: goopenai.NewClient(token)} // want `goopenai.NewClient builds a go-openai client without oaiguard.s transport`
}

func (g *G) Ask(ctx context.Context) error { // want Ask:`calls g.c.ListModels \(go-openai, on clients built by example.com/fixtures/across/ctorelse/ai.NewPlainG\)`
	_, err := g.c.ListModels(ctx)
	return err
}
