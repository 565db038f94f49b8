// Package ignorecat holds retry loops whose problems //oaiguard:ignore
// suppresses one by one, by category.
package ignorecat

import (
	"context"
	"errors"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// sleepctx is left out; the other problem stays.
func oneOfTwo(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	delay := 500 * time.Millisecond
	//oaiguard:ignore sleepctx the caller's deadline is long
	for attempt := 0; attempt < 4; attempt++ { // want `retry loop around c.CreateChatCompletion: the wait grows with no jitter, so clients that failed together retry together; replace it with oaiguard.Call under a Policy of MaxAttempts 4`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") {
			time.Sleep(delay)
			delay *= 2
			continue
		}
		return openai.ChatCompletionResponse{}, err
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}

// Every problem is left out: no finding.
func both(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	delay := 500 * time.Millisecond
	//oaiguard:ignore sleepctx,nojitter reviewed
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") {
			time.Sleep(delay)
			delay *= 2
			continue
		}
		return openai.ChatCompletionResponse{}, err
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}

// A steady wait: its text says both problems; with nogrowth left out, the
// jitter problem says itself.
func steady(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	//oaiguard:ignore sleepctx,nogrowth reviewed
	for attempt := 0; attempt < 4; attempt++ { // want `retry loop around c.CreateChatCompletion: the wait has no jitter, so clients that failed together retry together; replace it with oaiguard.Call under a Policy of MaxAttempts 4`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") {
			time.Sleep(time.Second)
			continue
		}
		return openai.ChatCompletionResponse{}, err
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}

// The categories spelled as SARIF names them (CHECK/CATEGORY): no finding.
func qualified(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	delay := 500 * time.Millisecond
	//oaiguard:ignore brokenretry/sleepctx,brokenretry/nojitter reviewed
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") {
			time.Sleep(delay)
			delay *= 2
			continue
		}
		return openai.ChatCompletionResponse{}, err
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}

// Another check's name before the slash suppresses nothing (directive
// says so): the finding keeps both problems.
func otherCheck(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	delay := 500 * time.Millisecond
	//oaiguard:ignore unretried/nojitter,zzz/sleepctx reviewed
	for attempt := 0; attempt < 4; attempt++ { // want `retry loop around c.CreateChatCompletion: time.Sleep ignores ctx, so a canceled or expired call still waits; the wait grows with no jitter`
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") {
			time.Sleep(delay)
			delay *= 2
			continue
		}
		return openai.ChatCompletionResponse{}, err
	}
	return openai.ChatCompletionResponse{}, errors.New("too many retries")
}
