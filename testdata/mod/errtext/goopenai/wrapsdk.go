package goopenai

import (
	"context"
	"errors"
	"fmt"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// An own error that wraps the SDK's error with %w, its status in the
// text, is no own text that the predicate would miss: the predicate reads
// the chain and finds the SDK error. The match keeps its fix.
func moderated(ctx context.Context, c *openai.Client, text string) (bool, error) {
	_, err := c.Moderations(ctx, openai.ModerationRequest{Input: text})
	if err != nil {
		if strings.Contains(err.Error(), "Too Many Requests") { // want `matched against "Too Many Requests" to detect a rate limit; use oaiguard.IsRateLimited\(err\) \|\| oaiguard.IsQuotaExhausted\(err\) \|\| oaiguard.IsRequestTooLarge\(err\); the fix's`
			return true, nil
		}
		var e *openai.APIError
		if errors.As(err, &e) {
			return false, fmt.Errorf("moderation refused (Too Many Requests? status %d): %w", e.HTTPStatusCode, e)
		}
		return false, err
	}
	return true, nil
}
