// Package app matches the text of errors that may be the module's own
// sentinels: replacing the match with the runtime's predicate would miss
// them, so no fix.
package app

import (
	"context"
	"strings"

	"example.com/fixtures/across/errown/ai"
)

func limited(ctx context.Context, c ai.C, n int) bool {
	err := c.Limited(ctx, n)
	return err != nil && strings.Contains(err.Error(), "status code: 429") // want `err.Error\(\) matched against "status code: 429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\) \(the error comes from go-openai via example.com/fixtures/across/errown/ai.C.Limited\); no fix: the module's own error text "status code: 429" matches too`
}

func wrapped(ctx context.Context, c ai.C, n int) bool {
	err := c.Wrapped(ctx, n)
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\) \(the error comes from go-openai via example.com/fixtures/across/errown/ai.C.Wrapped\); no fix: the module's own error text "status code: 429" matches too`
}

// busy: a text in the module's own words, matched case-insensitively.
func busy(ctx context.Context, c ai.C, n int) bool {
	err := c.Busy(ctx, n)
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "rate limit") // want `matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \(the error comes from go-openai via example.com/fixtures/across/errown/ai.C.Busy\); no fix: the module's own error text "rate limit of the local pool" matches too`
}
