package goopenai

import (
	"context"
	"errors"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

var errLong = errors.New("prompt too long")

// explain keeps the text in a variable that only matches use: fixing every
// match would leave it unused, so the last match keeps it and gets no fix.
func explain(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion(ctx, req)
	if err == nil {
		return nil
	}
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "rate limit") { // want `msg matched against "rate limit" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
		return err
	}
	if strings.Contains(msg, "maximum context length") { // want `msg matched against "maximum context length" to detect an exceeded context length; use oaiguard.IsContextLengthExceeded\(err\), and delete msg`
		return errLong
	}
	return err
}
