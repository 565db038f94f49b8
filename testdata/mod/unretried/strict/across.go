package strict

import (
	"context"

	"example.com/fixtures/across/ctorelse/ai"
)

// Another package's call, unretried only on clients NewOffline builds:
// on NewO's it relies on openai-go's default retries, which -strict
// reports here as it reports a call of the package.
func acrossDefaults(ctx context.Context) (string, error) {
	return ai.NewO().Ask(ctx, "hi") // want `ai.NewO\(\).Ask has no retry handling, here or in example.com/fixtures/across/ctorelse/ai.O.Ask, where it calls o.c.Chat.Completions.New: it relies on openai-go's default retries`
}

func acrossOffline(ctx context.Context) (string, error) {
	return ai.NewOffline().Ask(ctx, "hi") // want `ai.NewOffline\(\).Ask has no retry handling, here or in example.com/fixtures/across/ctorelse/ai.O.Ask, where it calls o.c.Chat.Completions.New on a client built by example.com/fixtures/across/ctorelse/ai.NewOffline: option.WithMaxRetries\(0\)`
}
