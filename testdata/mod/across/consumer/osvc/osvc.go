// Package osvc declares the interface it consumes and converts ai's
// openai-go client to it: a loop around it stacks on openai-go's retries.
package osvc

import (
	"context"
	"time"

	"example.com/fixtures/across/consumer/ai"
)

// Asker is what osvc needs from a client.
type Asker interface {
	Ask(ctx context.Context, q string) (string, error)
}

func stacked(ctx context.Context) (s string, err error) {
	var a Asker = ai.NewO()
	for i := 0; i < 3; i++ { // want `retry loop`
		if s, err = a.Ask(ctx, "q"); err == nil { // want `a.Ask \(which calls c.c.Chat.Completions.New in example.com/fixtures/across/consumer/ai\) is retried at 2 layers: a retry loop \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
			return s, nil
		}
		time.Sleep(time.Second)
	}
	return "", err
}
