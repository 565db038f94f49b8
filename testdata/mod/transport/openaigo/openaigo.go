// Package openaigo: openai-go clients are not go-openai's; their
// runtime needs no transport.
package openaigo

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

func chat(ctx context.Context) error {
	client := openai.NewClient(option.WithAPIKey("k"))
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, openai.ChatCompletionNewParams{})
	return err
}
