package loops

import (
	"context"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Loops made with goto are judged like for loops (issue 9); no fix
// rewrites them.

func gotoRetryAll(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	attempts := 0
again: // want `retry loop around c.CreateChatCompletion: it retries every error`
	resp, err := c.CreateChatCompletion(ctx, req)
	if err != nil && attempts < 3 {
		attempts++
		time.Sleep(time.Second)
		goto again
	}
	return resp, err
}

func gotoNoWait(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	attempts := 0
retry: // want `retry loop around c.CreateChatCompletion: .*it retries at once`
	resp, err := c.CreateChatCompletion(ctx, req)
	if err != nil && strings.Contains(err.Error(), "429") && attempts < 3 {
		attempts++
		goto retry
	}
	return resp, err
}

func gotoUnbounded(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
retry: // want `retry loop around c.CreateChatCompletion: .*nothing bounds its attempts`
	resp, err := c.CreateChatCompletion(ctx, req)
	if err != nil && strings.Contains(err.Error(), "429") {
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
		goto retry
	}
	return resp, err
}
