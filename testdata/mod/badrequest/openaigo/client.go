package openaigo

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// A client built with an option that writes the body may send any field:
// nothing is reported for the requests that go through it.
func clientSetsModel(ctx context.Context, msgs []openai.ChatCompletionMessageParamUnion) {
	client := openai.NewClient(option.WithJSONSet("model", "gpt-5.4-mini"))
	_, _ = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Messages: msgs})

	chat := openai.NewChatService(option.WithJSONSet("model", "gpt-5.4-mini"))
	_, _ = chat.Completions.New(ctx, openai.ChatCompletionNewParams{Messages: msgs})
}

// A client with other options: the request still says it all.
func clientOtherOptions(ctx context.Context, msgs []openai.ChatCompletionMessageParamUnion) {
	client := openai.NewClient(option.WithMaxRetries(2))
	_, _ = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Messages: msgs}) // want `has no model`
}
