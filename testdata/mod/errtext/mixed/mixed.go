// Package mixed uses both SDKs in one file: each error's fix uses the
// runtime of its own SDK, under the names the unretried check uses too.
package mixed

import (
	"context"
	"strings"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

func both(ctx context.Context, legacy *goopenai.Client, client *openai.Client) (bool, bool) {
	_, err := legacy.ListModels(ctx)
	a := err != nil && strings.Contains(err.Error(), "Rate limit reached") // want `matched against "Rate limit reached" to detect a rate limit; use oaiguardgo.IsRateLimited\(err\)`

	_, err = client.Models.List(ctx)
	b := err != nil && strings.Contains(err.Error(), "Rate limit reached") // want `matched against "Rate limit reached" to detect a rate limit, but openai-go's Error\(\) holds only the status line since v3.71.0 .*; use oaiguard.IsRateLimited\(err\)`
	return a, b
}

// A parameter in a package that imports both SDKs: no runtime fits.
func param(err error) bool {
	return strings.Contains(err.Error(), "quota") // want `err.Error\(\) matched against "quota" to detect an exhausted quota; use the runtime's IsQuotaExhausted`
}
