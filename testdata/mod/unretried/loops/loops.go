// Package loops holds hand-written loops: loops over attempts that call
// again after an error retry; loops over items, and loops that return on
// error, do not.
package loops

import (
	"context"
	"errors"
	"log"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

func forAttempts(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		resp, err := c.CreateChatCompletion(ctx, req)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return openai.ChatCompletionResponse{}, lastErr
}

func rangeInt(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (resp openai.ChatCompletionResponse, err error) {
	for range 3 {
		resp, err = c.CreateChatCompletion(ctx, req)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		break
	}
	return resp, err
}

func forever(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) openai.ChatCompletionResponse {
	for {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		resp, err := c.CreateChatCompletion(ctx, req)
		cancel()
		if err != nil {
			log.Print(err)
			continue
		}
		return resp
	}
}

func inlineIf(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	for i := 0; i < 3; i++ {
		if _, err := c.CreateChatCompletion(ctx, req); err != nil {
			time.Sleep(time.Second)
		} else {
			return nil
		}
	}
	return nil
}

// Not retries:

func returnsOnError(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	for i := 0; i < 3; i++ {
		_, err := c.CreateChatCompletion(ctx, req) // want `c.CreateChatCompletion has no retry handling`
		if err != nil {
			return err
		}
		time.Sleep(time.Second)
	}
	return nil
}

func overItems(ctx context.Context, c *openai.Client, reqs []openai.ChatCompletionRequest) {
	for _, req := range reqs {
		_, err := c.CreateChatCompletion(ctx, req) // want `c.CreateChatCompletion has no retry handling`
		if err != nil {
			log.Print(err)
			continue
		}
	}
}

func overIndexes(ctx context.Context, c *openai.Client, reqs []openai.ChatCompletionRequest) {
	for i := 0; i < len(reqs); i++ {
		_, err := c.CreateChatCompletion(ctx, reqs[i]) // want `c.CreateChatCompletion has no retry handling`
		if err != nil {
			continue
		}
	}
}

func perLine(ctx context.Context, c *openai.Client, lines <-chan string) {
	for {
		line := <-lines
		_, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Messages: []openai.ChatCompletionMessage{{Content: line}}}) // want `c.CreateChatCompletion has no retry handling`
		if err != nil {
			continue
		}
	}
}

// The error branch gives up unless a helper says to retry; the retry is a
// continue inside it.
func continueInErrorBranch(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest, should func(int, error) bool) (openai.ChatCompletionResponse, error) {
	n := 0
	for {
		n++
		r, err := c.CreateChatCompletion(ctx, req)
		if err != nil {
			if should(n, err) {
				select {
				case <-time.After(time.Second):
					continue
				case <-ctx.Done():
				}
			}
			return r, err
		}
		return r, nil
	}
}

// Success or a final error leave in one test.
func breakOnSuccessOrGiveUp(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest, retryable func(error) bool) (r openai.ChatCompletionResponse, err error) {
	for i := 0; i < 3; i++ {
		r, err = c.CreateChatCompletion(ctx, req)
		if err == nil || !retryable(err) {
			break
		}
		time.Sleep(time.Second)
	}
	return r, err
}

// A switch whose retryable case falls through to the next attempt.
func switchOnError(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest, retryable func(error) bool) (openai.ChatCompletionResponse, error) {
	for i := 0; i < 3; i++ {
		r, err := c.CreateChatCompletion(ctx, req)
		switch {
		case err == nil:
			return r, nil
		case retryable(err):
			time.Sleep(time.Second)
		default:
			return r, err
		}
	}
	return openai.ChatCompletionResponse{}, errors.New("no luck")
}

// A switch that gives up on every error is no retry.
func switchGivesUp(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	for i := 0; i < 3; i++ {
		r, err := c.CreateChatCompletion(ctx, req) // want `c.CreateChatCompletion has no retry handling`
		switch {
		case err == nil:
			return r, nil
		default:
			return r, err
		}
	}
	return openai.ChatCompletionResponse{}, errors.New("no luck")
}

// The loop drops the oldest message when the context overflows, and waits
// before other retries: an amended request, retried.
func trimAndRetry(ctx context.Context, c *openai.Client, msgs []openai.ChatCompletionMessage, tooLong func(error) bool) (openai.ChatCompletionResponse, error) {
	var err error
	for i := 0; i < 4; i++ {
		var resp openai.ChatCompletionResponse
		resp, err = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Messages: msgs})
		if err == nil {
			return resp, nil
		}
		if tooLong(err) {
			msgs = msgs[1:]
			continue
		}
		time.Sleep(time.Second)
	}
	return openai.ChatCompletionResponse{}, err
}

// A chat loop amends its request with every turn and never waits: each
// call is a new request, not a retry.
func chat(ctx context.Context, c *openai.Client, lines <-chan string) {
	var msgs []openai.ChatCompletionMessage
	for {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: "user", Content: <-lines})
		resp, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Messages: msgs}) // want `c.CreateChatCompletion has no retry handling`
		if err != nil {
			log.Print(err)
			continue
		}
		msgs = append(msgs, resp.Choices[0].Message)
	}
}

// A loop made with goto retries like a for loop.
func gotoRetry(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	attempts := 0
retry:
	resp, err := c.CreateChatCompletion(ctx, req)
	if err != nil && attempts < 3 {
		attempts++
		time.Sleep(time.Second)
		goto retry
	}
	return resp, err
}

// A goto that sends another request each time is no retry.
func gotoNext(ctx context.Context, c *openai.Client, reqs []openai.ChatCompletionRequest) error {
	i := 0
next:
	req := reqs[i]
	_, err := c.CreateChatCompletion(ctx, req) // want `c.CreateChatCompletion has no retry handling`
	if err != nil && i < len(reqs)-1 {
		i++
		goto next
	}
	return err
}
