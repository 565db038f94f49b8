package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/openai/openai-go/v3"
)

// HelloOpenAIGo is HelloGoOpenAI written against openai-go.
func HelloOpenAIGo(ctx context.Context, client openai.Client) error {
	maxRetries := 5
	retryDelay := time.Second
	params := openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT5_4Mini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Hello")},
	}
	for range 100 {
		for attempt := 0; attempt < maxRetries; attempt++ { // want `retry loop around client.Chat.Completions.New: its retry test can never hold, as no error text of github.com/openai/openai-go/v3 contains "RateLimitError", so it never retries; time.Sleep ignores ctx, so a canceled or expired call still waits; the wait grows with no jitter, so clients that failed together retry together; replace it with oaiguard.Call under a Policy of MaxAttempts maxRetries`
			resp, err := client.Chat.Completions.New(ctx, params) // want `client.Chat.Completions.New is retried at 2 layers: a retry loop \(N attempts\) × openai-go's own retries \(3 attempts\)`
			if err == nil {
				fmt.Println(resp.Choices[0].Message.Content)
				break
			}
			if strings.Contains(err.Error(), "RateLimitError") && attempt < maxRetries-1 {
				time.Sleep(retryDelay)
				retryDelay *= 2 // exponential backoff
			} else {
				return err
			}
		}
	}
	return nil
}
