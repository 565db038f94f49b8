// Package overlap holds findings of several checks inside the retry loops
// whose fix, brokenretry's, replaces them: no two fixes may overlap.
package overlap

import (
	"context"
	"log"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// The text match in the retry test goes with the loop.
func textInTest(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") && attempt < 2 {
			time.Sleep(time.Second)
		} else {
			return resp, err
		}
	}
	return openai.ChatCompletionResponse{}, nil
}

// A type assertion in the branch that gives up is kept by the loop's fix.
func assertInFailure(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") && attempt < 2 {
			time.Sleep(time.Second)
		} else {
			if e, ok := err.(*openai.APIError); ok {
				log.Print(e.Code)
			}
			return resp, err
		}
	}
	return openai.ChatCompletionResponse{}, nil
}

// Another API call in the success branch is kept by the loop's fix.
func callInSuccess(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			_, _ = c.ListModels(ctx)
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") && attempt < 2 {
			time.Sleep(time.Second)
		} else {
			return resp, err
		}
	}
	return openai.ChatCompletionResponse{}, nil
}
