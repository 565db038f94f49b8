// Package pick hands a loop's counter to a helper that picks an item with
// it: each pass sends another request, however the loop is bounded. A
// counter handed to a helper that only makes a timeout of it
// (logic.withTimeout) keeps the loop a retry loop.
package pick

import (
	"context"

	"example.com/fixtures/across/client"
)

// at picks the prompt by the number it is given.
func at(ctx context.Context, c *client.Client, prompts [3]string, i int) (string, error) {
	return c.Chat(ctx, prompts[i]) // want `c.Chat has no retry handling`
}

// from sends the prompts from the number it is given on.
func from(ctx context.Context, c *client.Client, prompts []string, i int) (string, error) {
	return c.Chat(ctx, prompts[i:][0]) // want `c.Chat has no retry handling`
}

// First asks the prompts in turn until one is answered: a loop over
// items bounded by a number, not by len, and no retry.
func First(ctx context.Context, c *client.Client, prompts [3]string) string {
	for i := 0; i < 3; i++ {
		if out, err := at(ctx, c, prompts, i); err == nil {
			return out
		}
	}
	return ""
}

// Next goes on from the first prompt that is answered.
func Next(ctx context.Context, c *client.Client, prompts []string, n int) bool {
	for i := range n {
		if _, err := from(ctx, c, prompts, i); err == nil {
			return true
		}
	}
	return false
}
