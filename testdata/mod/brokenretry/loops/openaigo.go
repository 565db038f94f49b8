package loops

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

var params = openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2}

// Canonical, fixed. The call also gets the stacked report, whose own fix
// the loop's fix makes unnecessary.
func canonicalOG(ctx context.Context, client openai.Client) (*openai.ChatCompletion, error) {
	wait := time.Second
	for attempt := 0; attempt < 3; attempt++ { // want `retry loop around client.Chat.Completions.New: time.Sleep ignores ctx, .*; the wait grows with no jitter, .*; replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		resp, err := client.Chat.Completions.New(ctx, params) // want `client.Chat.Completions.New is retried at 2 layers: a retry loop \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "Too Many Requests") {
			time.Sleep(wait)
			wait += time.Second
			continue
		}
		return nil, err
	}
	return nil, errors.New("gave up")
}

// Not fixed: unbounded, retries quota, constant context-blind sleep.
func foreverOG(ctx context.Context, client openai.Client) *openai.ChatCompletion {
	for { // want `retry loop around client.Chat.Completions.New: it retries errors that never succeed: "insufficient_quota" \(quota exhausted\); nothing bounds its attempts or time, .*; time.Sleep ignores ctx, .*; the wait never grows and has no jitter, .*; retry with`
		resp, err := client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0))
		if err == nil {
			return resp
		}
		var apiErr *openai.Error
		if errors.As(err, &apiErr) && (apiErr.StatusCode == 429 || apiErr.Code == "insufficient_quota") {
			time.Sleep(5 * time.Second)
			continue
		}
		return nil
	}
}

// Right: no reports.
func rightOG(ctx context.Context, client openai.Client) (*openai.ChatCompletion, error) {
	var lastErr error
	for attempt := range 4 {
		resp, err := client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0))
		if err == nil {
			return resp, nil
		}
		if !oaiguard.IsRetryable(err) {
			return nil, err
		}
		lastErr = err
		if err := sleepCtx(ctx, backoffFor(attempt)); err != nil {
			return nil, err
		}
	}
	return nil, lastErr
}

// A 400 the developer knows to be transient, narrowed by its message: not
// reported as retrying invalid requests.
func knownTransient400(ctx context.Context, client openai.Client, id string) error {
	for attempt := range 3 {
		_, err := client.Models.Delete(ctx, id, option.WithMaxRetries(0))
		if err == nil {
			return nil
		}
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.HasPrefix(apiErr.Message, "Unknown pending tool call") {
			return err
		}
		if err := sleepCtx(ctx, backoffFor(attempt)); err != nil {
			return err
		}
	}
	return nil
}

// openai-go v3.98's error text is the status line only: the loop never
// retries.
func deadMessageOG(ctx context.Context, client openai.Client) error {
	for i := range 3 { // want `retry loop around client.Models.List: its retry test can never hold, as no error text of github.com/openai/openai-go/v3 contains "Rate limit reached", so it never retries; retry with`
		_, err := client.Models.List(ctx, option.WithMaxRetries(0))
		if err == nil {
			return nil
		}
		if strings.Contains(err.Error(), "Rate limit reached") {
			if err := sleepCtx(ctx, backoffFor(i)); err != nil {
				return err
			}
			continue
		}
		return err
	}
	return nil
}
