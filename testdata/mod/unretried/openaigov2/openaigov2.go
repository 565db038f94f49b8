// Package openaigov2 checks openai-go v2, which has no checked-in runtime.
package openaigov2

import (
	"context"

	"github.com/openai/openai-go/v2"
	"github.com/openai/openai-go/v2/option"
)

func chat(ctx context.Context) error {
	client := openai.NewClient(option.WithMaxRetries(0))
	_, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{}) // want `client.Chat.Completions.New has no retry handling: .*generate a runtime for github.com/openai/openai-go/v2 with .oaiguard gen.`
	return err
}

func defaults(ctx context.Context) error {
	client := openai.NewClient()
	_, err := client.Models.List(ctx)
	return err
}
