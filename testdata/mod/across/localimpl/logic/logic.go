// Package logic implements ai.Asker and calls through it.
package logic

import (
	"context"
	"time"

	"example.com/fixtures/across/localimpl/ai"
)

// asker implements ai.Asker with ai.Ask, leaving retrying to its callers.
type asker struct{}

func (asker) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls Client.CreateChatCompletion \(go-openai\)`
	return ai.Ask(ctx, q)
}

// New hands the implementation out as the interface.
func New() ai.Asker { return asker{} }

// Called through ai.Asker with no retry: reported here.
func plain(ctx context.Context, a ai.Asker) (string, error) {
	return a.Ask(ctx, "q") // want `a.Ask has no retry handling, here or in example.com/fixtures/across/localimpl/ai.Ask \(reached through the interface method example.com/fixtures/across/localimpl/ai.Asker.Ask\), where it calls Client.CreateChatCompletion`
}

// Retried with a wait: silent.
func retried(ctx context.Context, a ai.Asker) (string, error) {
	var err error
	for attempt := range 3 { // want `retry loop around a.Ask: it retries every error`
		var out string
		out, err = a.Ask(ctx, "q")
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
