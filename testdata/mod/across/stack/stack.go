// Package stack retries at two layers in two functions: a helper's loop of
// ten attempts, and backoff.Retry around the helper's caller. The call
// below both is retried by each and by openai-go.
package stack

import (
	"context"
	"time"

	"github.com/cenkalti/backoff/v4"

	"example.com/fixtures/across/client"
)

func askOnce(ctx context.Context, a *client.Agent, attempt int) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(attempt+1)*time.Minute)
	defer cancel()
	return a.Ask(ctx, "q") // want `a.Ask \(which calls a.c.Chat.Completions.New in example.com/fixtures/across/client\) is retried at 3 layers: its callers \(backoff.Retry\) \(N attempts\) × its callers \(a retry loop\) \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30×N requests per call`
}

func askSafe(ctx context.Context, a *client.Agent) (string, error) {
	var out string
	var err error
	for i := 0; i < 10; i++ { // want `retry loop around askOnce: .*no wait`
		out, err = askOnce(ctx, a, i)
		if err == nil {
			break
		}
	}
	return out, err
}

// Embed asks once per item, each under backoff.Retry.
func Embed(ctx context.Context, a *client.Agent, items []string) error {
	for range items {
		op := func() error {
			_, err := askSafe(ctx, a)
			return err
		}
		if err := backoff.Retry(op, backoff.NewExponentialBackOff()); err != nil {
			return err
		}
	}
	return nil
}
