package svc

import (
	"context"

	"github.com/avast/retry-go/v4"

	"example.com/fixtures/across/ctorhttp/llm"
)

// The stacked layers of a receiver NewPlain built: retry.Do and openai-go's
// own retries, not the HTTP client that only New gives.
func Plain(ctx context.Context) error {
	c := llm.NewPlain()
	return retry.Do(func() error { // want `retry.Do retries every error of c.Ask`
		_, err := c.Ask(ctx, "hi") // want `c.Ask \(which calls c.c.Chat.Completions.New in example.com/fixtures/across/ctorhttp/llm\) is retried at 2 layers: retry.Do \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call`
		return err
	}, retry.Attempts(4), retry.Context(ctx))
}
