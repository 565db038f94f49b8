// Package logic calls package ai.
package logic

import (
	"context"

	"example.com/fixtures/across/ownretry/ai"
)

// Ask directly, with no retry: reported, though ai's AskWithRetry retries
// Ask.
func direct(ctx context.Context) (string, error) {
	return ai.Ask(ctx, "q") // want `ai.Ask has no retry handling, here or in example.com/fixtures/across/ownretry/ai.Ask, where it calls client.CreateChatCompletion: go-openai never retries`
}

// Through the retrying entry points: silent.
func retried(ctx context.Context) (string, error) {
	if s, err := ai.AskWithRetry(ctx, "q"); err == nil {
		return s, nil
	}
	return ai.Twice(ctx, "q")
}
