package goopenai

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// reassigned: the text variable is assigned twice. Fixing both matches
// would leave msg assigned and never read: no fix.
func reassigned(ctx context.Context, c *openai.Client) int {
	_, err := c.CreateChatCompletion(ctx, req)
	msg := err.Error()
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\); no fix: msg is assigned more than once`
		return 1
	}
	_, err = c.CreateChatCompletion(ctx, req)
	msg = err.Error()
	if strings.Contains(msg, "429") { // want `msg matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\); no fix: msg is assigned more than once`
		return 2
	}
	return 0
}
