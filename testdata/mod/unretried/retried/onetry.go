package retried

import (
	"context"

	backoffv4 "github.com/cenkalti/backoff/v4"
	openai "github.com/sashabaranov/go-openai"
)

// A policy that never retries makes one attempt: no retry handling.
func stopBackOff(ctx context.Context, c *openai.Client) error {
	return backoffv4.Retry(func() error {
		_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
		return err
	}, backoffv4.WithContext(&backoffv4.StopBackOff{}, ctx))
}

// A helper whose name negates retry, and one of the package whose body
// calls its function once with no loop: no retry handling.
func withoutRetry(f func() error) error { return f() }

func withRetryOnce(f func() error) error {
	if err := f(); err != nil {
		return err
	}
	return nil
}

func negatedName(ctx context.Context, c *openai.Client) error {
	return withoutRetry(func() error {
		_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
		return err
	})
}

func runsOnce(ctx context.Context, c *openai.Client) error {
	return withRetryOnce(func() error {
		_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
		return err
	})
}
