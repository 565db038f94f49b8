// Package logic calls through ai's generic interface.
package logic

import (
	"context"
	"strconv"
	"time"

	"example.com/fixtures/across/generic/ai"
)

// No retry: reported.
func plain(ctx context.Context, d ai.Doer[string, string]) (string, error) {
	return d.Do(ctx, "q") // want `d.Do has no retry handling, here or in example.com/fixtures/across/generic/ai.Chat.Do \(reached through the interface method example.com/fixtures/across/generic/ai.Doer.Do\), where it calls c.C.CreateChatCompletion`
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

// An instance that no implementation has: silent.
func other(ctx context.Context, d ai.Doer[bool, string]) (string, error) {
	return d.Do(ctx, true)
}

// intDoer implements ai.Doer[int, string] here, on ai.Chat, and leaves
// retrying to its callers.
type intDoer struct{ c ai.Chat }

func (d intDoer) Do(ctx context.Context, n int) (string, error) { // want Do:`calls c.C.CreateChatCompletion \(go-openai\)`
	return d.c.Do(ctx, strconv.Itoa(n))
}

// Ints hands intDoer out as the instance it implements.
func Ints(c ai.Chat) ai.Doer[int, string] { return intDoer{c} }

// Through the instance implemented here with no retry: reported.
func ints(ctx context.Context, d ai.Doer[int, string]) (string, error) {
	return d.Do(ctx, 7) // want `d.Do has no retry handling, here or in example.com/fixtures/across/generic/ai.Chat.Do \(reached through the interface method example.com/fixtures/across/generic/ai.Doer.Do\), where it calls c.C.CreateChatCompletion`
}
