package openaigo

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// A constructor that returns the client's address: its options are read
// as those of one that returns the client.
func newPtrNoRetry() *openai.Client {
	c := openai.NewClient(option.WithMaxRetries(0))
	return &c
}

func newPtrDefault() *openai.Client {
	c := openai.NewClient()
	return &c
}

func viaPtrNoRetry(ctx context.Context) (*openai.ChatCompletion, error) {
	c := newPtrNoRetry()
	return c.Chat.Completions.New(ctx, params) // want `c.Chat.Completions.New has no retry handling: option.WithMaxRetries\(0\) on the client switches openai-go's retries off`
}

// Default retries: silent.
func viaPtrDefault(ctx context.Context) (*openai.ChatCompletion, error) {
	c := newPtrDefault()
	return c.Chat.Completions.New(ctx, params)
}
