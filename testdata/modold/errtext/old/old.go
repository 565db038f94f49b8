// Package old matches the errors of openai-go v3.70.0, the last release
// whose Error() held the message, code and type: the matches work there,
// so nothing is reported as dead.
package old

import (
	"context"
	"strings"

	"github.com/openai/openai-go/v3"
)

func code(ctx context.Context, client *openai.Client) bool {
	_, err := client.Models.List(ctx)
	return err != nil && strings.Contains(err.Error(), "insufficient_quota") // want `^err.Error\(\) matched against "insufficient_quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\)$`
}

func message(ctx context.Context, client *openai.Client) bool {
	_, err := client.Models.List(ctx)
	return err != nil && strings.Contains(err.Error(), "Rate limit reached") // want `^err.Error\(\) matched against "Rate limit reached" to detect a rate limit; use oaiguard.IsRateLimited\(err\)$`
}

func python(ctx context.Context, client *openai.Client) bool {
	_, err := client.Models.List(ctx)
	return err != nil && strings.Contains(err.Error(), "RateLimitError") // want `"RateLimitError" to detect a rate limit, but no Go SDK's error text holds the exception names of OpenAI's Python SDK, so this never matches`
}
