// Package seed holds the Go rendering of the retry loop that
// reference/seed-article.txt offers as its fix, in both SDKs: it matches
// the error's text, doubles a delay with no jitter and sleeps without the
// context.
package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// HelloGoOpenAI sends "Hello" 100 times, retrying each on a rate limit.
func HelloGoOpenAI(ctx context.Context, client *openai.Client) error {
	maxRetries := 5
	retryDelay := time.Second
	req := openai.ChatCompletionRequest{
		Model:    "gpt-5.4-mini",
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Hello"}},
	}
	for range 100 {
		for attempt := 0; attempt < maxRetries; attempt++ { // want `retry loop around client.CreateChatCompletion: its retry test can never hold, as no error text of github.com/sashabaranov/go-openai contains "RateLimitError", so it never retries; time.Sleep ignores ctx, so a canceled or expired call still waits; the wait grows with no jitter, so clients that failed together retry together; replace it with oaiguard.Call under a Policy of MaxAttempts maxRetries`
			resp, err := client.CreateChatCompletion(ctx, req)
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
