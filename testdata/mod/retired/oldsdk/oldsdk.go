// Package oldsdk calls the Assistants API through openai-go v1 and v2 and
// the charmbracelet fork, which do not mark it deprecated.
package oldsdk

import (
	"context"

	charm "github.com/charmbracelet/openai-go"
	openaiv1 "github.com/openai/openai-go"
	openaiv2 "github.com/openai/openai-go/v2"
)

func v1(ctx context.Context, c openaiv1.Client) {
	_, _ = c.Beta.Threads.New(ctx, openaiv1.BetaThreadNewParams{}) // want `BetaThreadService.New calls the Assistants API, which was shut down on 2026-08-26`
	_, _ = c.Chat.Completions.New(ctx, openaiv1.ChatCompletionNewParams{
		Model: openaiv1.ChatModelGPT4_32k, // want `model "gpt-4-32k" in ChatCompletionNewParams.Model was shut down on 2025-06-06`
	})
}

func v2(ctx context.Context, c openaiv2.Client) {
	_, _ = c.Beta.Assistants.Get(ctx, "asst_1") // want `BetaAssistantService.Get calls the Assistants API`
}

func fork(ctx context.Context, c charm.Client) {
	_, _ = c.Beta.Threads.Messages.List(ctx, "thread_1", charm.BetaThreadMessageListParams{}) // want `BetaThreadMessageService.List calls the Assistants API`
}
