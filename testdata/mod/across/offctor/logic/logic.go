// Package logic calls package ai with no retry of its own.
package logic

import (
	"context"

	"example.com/fixtures/across/offctor/ai"
)

// The client newClient built has the SDK's retries off: reported.
func off(ctx context.Context) (string, error) {
	return ai.Ask(ctx, "q") // want `ai.Ask has no retry handling, here or in example.com/fixtures/across/offctor/ai.Ask, where it calls off.Chat.Completions.New: option.WithMaxRetries\(0\) on the client`
}

func field(ctx context.Context) (string, error) {
	return ai.New().Ask(ctx, "q") // want `ai.New\(\).Ask has no retry handling, here or in example.com/fixtures/across/offctor/ai.Client.Ask, where it calls c.c.Chat.Completions.New: option.WithMaxRetries\(0\)`
}

// The SDK's own retries: silent.
func on(ctx context.Context) (string, error) {
	return ai.AskOn(ctx, "q")
}
