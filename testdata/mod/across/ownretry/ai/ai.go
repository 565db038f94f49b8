// Package ai exports Ask, which leaves retrying to its callers, and
// AskWithRetry, which retries it.
package ai

import (
	"context"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

var client = goopenai.NewClient("k") // want `goopenai.NewClient builds a go-openai client without oaiguard.s transport`

// Ask makes one attempt.
func Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls client.CreateChatCompletion \(go-openai\)`
	resp, err := client.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// AskWithRetry retries Ask: its own call is fine, and it is no reason to
// take other packages' calls of Ask as retried.
func AskWithRetry(ctx context.Context, q string) (string, error) { // want AskWithRetry:`returns github.com/sashabaranov/go-openai errors`
	var err error
	for attempt := range 3 { // want `retry loop around Ask: it retries every error`
		var out string
		out, err = Ask(ctx, q)
		if err == nil {
			return out, nil
		}
		time.Sleep(time.Duration(attempt+1) * time.Second)
	}
	return "", err
}

// ask is unexported: only the package calls it, and its caller retries.
func ask(ctx context.Context, q string) (string, error) {
	return Ask(ctx, q)
}

// Twice retries ask.
func Twice(ctx context.Context, q string) (string, error) { // want Twice:`returns github.com/sashabaranov/go-openai errors`
	var err error
	for range 2 { // want `retry loop around ask: it retries every error`
		var out string
		out, err = ask(ctx, q)
		if err == nil {
			return out, nil
		}
		time.Sleep(time.Second)
	}
	return "", err
}
