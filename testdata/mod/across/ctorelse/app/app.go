// Package app retries calls of ai's Ask on clients NewO built, whose SDK
// retries are on: each retry layer here stacks on them.
package app

import (
	"context"
	"time"

	"github.com/avast/retry-go/v4"

	"example.com/fixtures/across/ctorelse/ai"
)

func loop(ctx context.Context) (s string, err error) {
	c := ai.NewO()
	for i := 0; i < 3; i++ { // want `retry loop around c.Ask`
		s, err = c.Ask(ctx, "hi") // want `c.Ask \(which calls o.c.Chat.Completions.New in example.com/fixtures/across/ctorelse/ai\) is retried at 2 layers: a retry loop \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
		if err == nil {
			return s, nil
		}
		time.Sleep(time.Second)
	}
	return "", err
}

func library(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := ai.NewO().Ask(ctx, "hi") // want `ai.NewO\(\).Ask \(which calls o.c.Chat.Completions.New in example.com/fixtures/across/ctorelse/ai\) is retried at 2 layers: retry.Do \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call; build the client with example.com/fixtures/across/ctorelse/ai.NewOffline, whose clients do not retry, so that only one layer retries`
		return err
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }), retry.Context(ctx))
}

// NewOffline's clients: the loop is the one layer.
func offline(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := ai.NewOffline().Ask(ctx, "hi")
		return err
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }), retry.Context(ctx))
}

// NewO's clients with nothing around: openai-go's retries are enough
// (reported with -unretried.strict only).
func plain(ctx context.Context) (string, error) {
	return ai.NewO().Ask(ctx, "hi")
}

// Either constructor, under retry.Do: NewOffline's clients reach the call
// too, where retry.Do is the one layer; nothing to report.
func either(ctx context.Context, off bool) error {
	c := ai.NewO()
	if off {
		c = ai.NewOffline()
	}
	return retry.Do(func() error {
		_, err := c.Ask(ctx, "hi")
		return err
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }), retry.Context(ctx))
}

// NewRetryingG's clients retry in their HTTP client: retry.Do stacks on it.
func httpClient(ctx context.Context) error {
	return retry.Do(func() error {
		return ai.NewRetryingG("k").Ask(ctx) // want `ai.NewRetryingG\("k"\).Ask \(which calls g.c.ListModels in example.com/fixtures/across/ctorelse/ai\) is retried at 2 layers: retry.Do \(4 attempts\) × retryablehttp's StandardClient \(5 attempts\) = up to 20 requests per call; build the client with example.com/fixtures/across/ctorelse/ai.NewPlainG`
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }), retry.Context(ctx))
}

// NewPlainG's clients: retry.Do is the one layer.
func plainG(ctx context.Context) error {
	return retry.Do(func() error {
		return ai.NewPlainG("k").Ask(ctx)
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }), retry.Context(ctx))
}

// NewRetryingG's clients alone: the HTTP client retries, silent.
func retryingG(ctx context.Context) error {
	return ai.NewRetryingG("k").Ask(ctx)
}

// Either constructor with nothing around: NewOffline's clients reach the
// call, with openai-go's retries off.
func ifElse(ctx context.Context, off bool) (string, error) {
	var c *ai.O
	if off {
		c = ai.NewOffline()
	} else {
		c = ai.NewO()
	}
	return c.Ask(ctx, "hi") // want `c.Ask has no retry handling, here or in example.com/fixtures/across/ctorelse/ai.O.Ask, where it calls o.c.Chat.Completions.New on a client built by example.com/fixtures/across/ctorelse/ai.NewOffline: option.WithMaxRetries\(0\)`
}
