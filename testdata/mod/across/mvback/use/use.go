// Package use hands ai's method value to cenkalti/backoff v5, which is
// judged as a function literal that calls it would be.
package use

import (
	"context"

	"github.com/cenkalti/backoff/v5"

	"example.com/fixtures/across/mvback/ai"
)

// A policy that never retries: one attempt, no retry.
func stop(ctx context.Context, c ai.Bound) (string, error) {
	return backoff.Retry(ctx, c.Latest, backoff.WithBackOff(&backoff.StopBackOff{})) // want `c.Latest has no retry handling`
}

func tries(ctx context.Context, c ai.Bound) (string, error) {
	return backoff.Retry(ctx, c.Latest, backoff.WithMaxTries(3)) // want `backoff.Retry retries every error of c.Latest`
}
