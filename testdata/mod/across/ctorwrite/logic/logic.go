// Package logic calls ai's clients built each way.
package logic

import (
	"context"

	"example.com/fixtures/across/ctorwrite/ai"
)

func plain(ctx context.Context) (string, error) {
	return ai.NewPlain("k").Ask(ctx, "hi") // want `ai.NewPlain\("k"\).Ask has no retry handling, here or in example.com/fixtures/across/ctorwrite/ai.Client.Ask, where it calls c.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// Retrying: silent.
func retrying(ctx context.Context) (string, error) {
	return ai.NewRetrying("k").Ask(ctx, "hi")
}

// Out of sight: silent.
func given(ctx context.Context, c *ai.Client) (string, error) {
	return c.Ask(ctx, "hi")
}
