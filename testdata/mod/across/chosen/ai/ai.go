// Package ai declares Doer and a plain implementation that leaves
// retrying to its callers.
package ai

import (
	"context"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// Doer answers a question.
type Doer interface {
	Do(ctx context.Context, q string) (string, error) // want Do:`calls p.C.CreateChatCompletion \(go-openai\)`
}

// Plain asks once.
type Plain struct{ C *goopenai.Client }

// Do makes one attempt.
func (p Plain) Do(ctx context.Context, q string) (string, error) { // want Do:`calls p.C.CreateChatCompletion \(go-openai\)`
	resp, err := p.C.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Retrying retries the Doer it decorates.
type Retrying struct{ D Doer }

// Do tries three times, waiting between attempts.
func (r Retrying) Do(ctx context.Context, q string) (string, error) {
	var err error
	for attempt := range 3 { // want `retry loop around r.D.Do: it retries every error`
		var out string
		out, err = r.D.Do(ctx, q)
		if err == nil {
			return out, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Duration(attempt+1) * time.Second):
		}
	}
	return "", err
}
