// Package errtextline: two errtext fixes on one line, on err.Error() and
// on a variable that only the matches use. Every driver applies them all
// in one run, and the result builds (issue 10, defect 13).
package errtextline

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

func rate(ctx context.Context, c *openai.Client, r openai.ChatCompletionRequest) bool {
	_, err := c.CreateChatCompletion(ctx, r)
	if strings.Contains(err.Error(), "429") || strings.Contains(err.Error(), "You exceeded your current quota") {
		return true
	}
	return false
}

func rateVar(ctx context.Context, c *openai.Client, r openai.ChatCompletionRequest) bool {
	_, err := c.CreateChatCompletion(ctx, r)
	if err != nil {
		msg := strings.ToLower(err.Error())
		if strings.Contains(msg, "429") || strings.Contains(msg, "rate limit") {
			return true
		}
	}
	return false
}
