// Package openaigov2 matches openai-go v2 errors by their text. v2's
// Error() holds the method, URL, status and the raw error JSON, so the
// matches work, but the checked-in runtime is for v3: the message points
// at `oaiguard gen` and there is no fix.
package openaigov2

import (
	"context"
	"strings"

	"github.com/openai/openai-go/v2"
)

func code(ctx context.Context, client *openai.Client) bool {
	_, err := client.Models.List(ctx)
	return err != nil && strings.Contains(err.Error(), "insufficient_quota") // want `err.Error\(\) matched against "insufficient_quota" to detect an exhausted quota; use IsQuotaExhausted from a runtime generated for github.com/openai/openai-go/v2 by .oaiguard gen. \(give its import path to -errtext.runtime\)`
}

func python(ctx context.Context, client *openai.Client) bool {
	_, err := client.Models.List(ctx)
	return err != nil && strings.Contains(err.Error(), "AuthenticationError") // want `matched against "AuthenticationError" to detect an authentication failure, but no Go SDK's error text holds the exception names of OpenAI's Python SDK, so this never matches; use IsAuth from a runtime generated for github.com/openai/openai-go/v2`
}
