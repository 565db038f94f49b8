// Package openaigo matches openai-go v3 errors by their text. Since v3.71.0
// Error() holds only the status line, so every match on the message, code
// or type is dead.
package openaigo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/packages/ssestream"
)

var params = openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2}

func status(ctx context.Context, client *openai.Client) bool {
	_, err := client.Chat.Completions.New(ctx, params)
	// The status is in the text: this matches, but catches quota too.
	return err != nil && strings.Contains(err.Error(), "429") // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
}

func message(ctx context.Context, client *openai.Client) bool {
	_, err := client.Chat.Completions.New(ctx, params)
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "rate limit") // want `strings.ToLower\(err.Error\(\)\) matched against "rate limit" to detect a rate limit, but openai-go's Error\(\) holds only the status line since v3.71.0 \("OpenAI API error: 429 Too Many Requests"\), so this never matches; use oaiguard.IsRateLimited\(err\)`
}

func code(ctx context.Context, client *openai.Client) error {
	_, err := client.Chat.Completions.New(ctx, params)
	if err != nil && strings.Contains(err.Error(), "insufficient_quota") { // want `matched against "insufficient_quota" to detect an exhausted quota, but openai-go's Error\(\) holds only the status line since v3.71.0 .*, so this never matches; use oaiguard.IsQuotaExhausted\(err\)`
		return fmt.Errorf("out of credit: %w", err)
	}
	return err
}

func statusText(ctx context.Context, client *openai.Client) bool {
	err := client.Post(ctx, "/moderations", nil, nil)
	return err != nil && strings.HasSuffix(err.Error(), "Service Unavailable") // want `err.Error\(\) matched against "Service Unavailable" to detect an overloaded server; use oaiguard.IsOverloaded\(err\)`
}

func fields(ctx context.Context, client *openai.Client) (bool, bool, bool) {
	_, err := client.Chat.Completions.New(ctx, params)
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) {
		return false, false, false
	}
	// The message field still holds the message, but the code says it.
	quota := strings.Contains(apiErr.Message, "exceeded your current quota") // want `apiErr.Message matched against "exceeded your current quota" to detect an exhausted quota: the status and code say that, the wording may change; use oaiguard.IsQuotaExhausted\(apiErr\)`

	raw := strings.Contains(apiErr.RawJSON(), "context_length_exceeded") // want `apiErr.RawJSON\(\) matched against "context_length_exceeded" to detect an exceeded context length; use oaiguard.IsContextLengthExceeded\(apiErr\)`
	// Correct: fields, and Error() of the typed value still only logs.
	ok := apiErr.StatusCode == 429 && apiErr.Code == "rate_limit_exceeded"
	fmt.Println(apiErr.Error())
	return quota, raw, ok
}

func typeSwitch(ctx context.Context, client *openai.Client) bool {
	_, err := client.Chat.Completions.New(ctx, params)
	switch e := err.(type) {
	case *openai.Error:
		return e.Message == "The server had an error while processing your request." // want `e.Message matched against "The server had an error while processing your request." to detect a server error: .*; use oaiguard.IsServer\(e\)`
	}
	return false
}

// A stream's error event carries the whole error object in its text.
func stream(ctx context.Context, client *openai.Client) error {
	s := client.Chat.Completions.NewStreaming(ctx, params)
	defer s.Close()
	for s.Next() {
		fmt.Print(s.Current().Choices)
	}
	if err := s.Err(); err != nil && strings.Contains(err.Error(), "server_is_overloaded") { // want `err.Error\(\) matched against "server_is_overloaded" to detect an overloaded server; use oaiguard.IsOverloaded\(err\)`
		return nil
	}
	return s.Err()
}

// The typed stream error holds the event's JSON: its code does match.
func streamErrorType(err error) bool {
	var se *ssestream.StreamError
	return errors.As(err, &se) && strings.Contains(se.Error(), "server_is_overloaded") // want `^se.Error\(\) matched against "server_is_overloaded" to detect an overloaded server; use oaiguard.IsOverloaded\(se\)$`
}

func pager(ctx context.Context, client *openai.Client) bool {
	p := client.Models.ListAutoPaging(ctx)
	for p.Next() {
		fmt.Println(p.Current().ID)
	}
	err := p.Err()
	return err != nil && strings.Contains(err.Error(), "Unauthorized") // want `matched against "Unauthorized" to detect an authentication failure; use oaiguard.IsAuth\(err\)`
}

// The seed article's "fix", written in Go: its text test never matches.
func article(ctx context.Context, client *openai.Client) error {
	maxRetries := 5
	retryDelay := 1
	for range 100 {
		for attempt := range maxRetries {
			resp, err := client.Chat.Completions.New(ctx, params)
			if err == nil {
				fmt.Println(resp.Choices[0].Message.Content)
				break
			}
			if strings.Contains(fmt.Sprint(err), "RateLimitError") && attempt < maxRetries-1 { // want `fmt.Sprint\(err\) matched against "RateLimitError" to detect a rate limit, but no Go SDK's error text holds the exception names of OpenAI's Python SDK, so this never matches; use oaiguard.IsRateLimited\(err\)`
				retryDelay *= 2
			} else {
				return err
			}
		}
	}
	return nil
}
