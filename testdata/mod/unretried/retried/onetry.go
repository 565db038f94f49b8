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
