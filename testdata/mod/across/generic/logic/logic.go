// Package logic calls through ai's generic interface.
package logic

import (
	"context"
	"time"

	"example.com/fixtures/across/generic/ai"
)

// No retry: reported.
func plain(ctx context.Context, d ai.Doer[string, string]) (string, error) {
	return d.Do(ctx, "q") // want `d.Do has no retry handling, here or in example.com/fixtures/across/generic/ai.Doer.Do, where it calls c.C.CreateChatCompletion in example.com/fixtures/across/generic/ai.Chat.Do`
}

// Retried with a wait: silent.
func retried(ctx context.Context, d ai.Doer[string, string]) (string, error) {
	var err error
	for attempt := range 3 { // want `retry loop around d.Do: it retries every error`
		var out string
		out, err = d.Do(ctx, "q")
		if err == nil {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Duration(attempt+1) * time.Second):
		}
	}
	return "", err
}

// Another instantiation, which Chat does not implement: silent.
func other(ctx context.Context, d ai.Doer[int, string]) (string, error) {
	return d.Do(ctx, 1)
}
