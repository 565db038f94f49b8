// Package svc declares the interface it consumes (Go's consumer-side
// interface) and converts ai's clients to it in sight: calls through it
// are ai's calls.
package svc

import (
	"context"

	"example.com/fixtures/across/consumer/ai"
)

// Asker is what svc needs from a client.
type Asker interface {
	Ask(ctx context.Context, q string) (string, error)
}

func once(ctx context.Context) string {
	var a Asker = ai.New()
	s, _ := a.Ask(ctx, "q") // want `a.Ask has no retry handling` `is discarded \(it is assigned to _\)`
	return s
}

func loop(ctx context.Context) string {
	var a Asker = ai.New()
	for { // want `retry loop`
		if s, err := a.Ask(ctx, "q"); err == nil {
			return s
		}
	}
}

// E embeds the consumer interface.
type E struct{ Asker }

func embedded(ctx context.Context) string {
	s, _ := E{ai.New()}.Ask(ctx, "q") // want `E\{ai.New\(\)\}.Ask has no retry handling` `is discarded \(it is assigned to _\)`
	return s
}
