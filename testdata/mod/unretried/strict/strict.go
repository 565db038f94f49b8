// Package strict is checked with -unretried.strict: openai-go calls that
// rely on the SDK's default retries are reported too.
package strict

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

func defaults(ctx context.Context, client *openai.Client) error {
	_, err := client.Models.List(ctx) // want `client.Models.List has no retry handling: it relies on openai-go's default retries`
	return err
}

func explicit(ctx context.Context) error {
	client := openai.NewClient(option.WithMaxRetries(4))
	_, err := client.Models.List(ctx)
	return err
}
