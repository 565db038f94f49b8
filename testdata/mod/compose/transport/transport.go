// Package transport is a file where the transport fixes meet the others:
// unretried wraps calls with the runtime, brokenretry rewrites a loop to
// it, errtext and errtype replace error handling, and transport builds the
// clients with the runtime's transport, dropping the SDK's import that only
// the constructor used and adding the runtime's that the others add too.
package transport

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/sashabaranov/go-openai"
)

var client = openai.NewClient(os.Getenv("OPENAI_API_KEY"))

var other = openai.NewClientWithConfig(openai.DefaultConfig(os.Getenv("OPENAI_API_KEY")))

func ask(ctx context.Context, req openai.ChatCompletionRequest) error {
	_, err := client.CreateChatCompletion(ctx, req)
	if err != nil && strings.Contains(err.Error(), "rate limit") {
		return err
	}
	if e, ok := err.(*openai.APIError); ok {
		return e
	}
	return err
}

func loop(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	var resp openai.ChatCompletionResponse
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		resp, err = other.CreateChatCompletion(ctx, req)
		if err == nil {
			break
		}
		if strings.Contains(err.Error(), "429") && attempt < 2 {
			time.Sleep(time.Second)
			continue
		}
		return resp, err
	}
	return resp, err
}
