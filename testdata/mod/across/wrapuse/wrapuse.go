// Package wrapuse matches the texts of the errors wrapllm hands on.
package wrapuse

import (
	"context"
	"strings"

	"example.com/fixtures/across/retryx"
	"example.com/fixtures/across/wrapllm"
	retry "github.com/avast/retry-go/v4"
	"github.com/cenkalti/backoff/v4"
)

// The SDK's error inside an error type that unwraps: known, with a fix.
func chat(ctx context.Context, c *wrapllm.Client) bool {
	_, err := c.Chat(ctx)
	return err != nil && strings.Contains(err.Error(), "Too Many Requests") // want `err.Error\(\) matched against "Too Many Requests" to detect a rate limit.*\(the error comes from go-openai via example.com/fixtures/across/wrapllm.Client.Chat\)`
}

// Inside one that does not unwrap: out of sight, and the text is one any
// error may hold.
func plain(ctx context.Context, c *wrapllm.Client) bool {
	err := c.Plain(ctx)
	return err != nil && strings.Contains(err.Error(), "Too Many Requests")
}

// A copy of the SDK error's text: the text is the SDK's, the chain is
// not, so no fix.
func describe(ctx context.Context, c *wrapllm.Client) bool {
	err := c.Describe(ctx)
	return err != nil && strings.Contains(err.Error(), "Too Many Requests") // want `err.Error\(\) matched against "Too Many Requests" to detect a rate limit.*\(the error holds a copy of go-openai's error text via example.com/fixtures/across/wrapllm.Client.Describe, .*no fix`
}

// ErrRate is never made into an error: the text is still evidence.
func isRate(err error) bool {
	return strings.Contains(err.Error(), "status code: 429") // want `matched against "status code: 429".*the text is one only go-openai's errors hold`
}

// wrapllm.ErrLimit is made an error here, so an error of unknown origin
// matched against its text may be it: silent.
func limited() error { return wrapllm.ErrLimit }

func isLimit(err error) bool {
	return strings.Contains(err.Error(), "status code: 503")
}

// ErrQuota is: the error may be it, whatever its text.
func isQuota(err error) bool {
	return strings.Contains(err.Error(), "status code: 402")
}

// The attempts of a policy bounded by WithMaxRetries, across packages:
// 3 retries, 4 attempts, each of which openai-go tries 3 times.
func ask(ctx context.Context, a *wrapllm.Agent) error {
	b := backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 3)
	return backoff.Retry(func() error { // want `backoff.Retry retries every error of a.Ask`
		_, err := a.Ask(ctx) // want `a.Ask \(which calls a.c.Chat.Completions.New in example.com/fixtures/across/wrapllm\) is retried at 2 layers: backoff.Retry \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call; pass option.WithMaxRetries\(0\) to a.c.Chat.Completions.New in example.com/fixtures/across/wrapllm.Agent.Ask`
		return err
	}, b)
}

// A method value handed to a generic retry helper is retried as a
// literal is.
func askValue(ctx context.Context, a *wrapllm.Agent) (string, error) {
	return retryx.Do(ctx, a.Ask) // want `a.Ask \(which calls a.c.Chat.Completions.New in example.com/fixtures/across/wrapllm\) is retried at 2 layers: an unknown retry helper retryx.Do \(N attempts unknown\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call; pass option.WithMaxRetries\(0\) to a.c.Chat.Completions.New in example.com/fixtures/across/wrapllm.Agent.Ask`
}

func askLiteral(ctx context.Context, a *wrapllm.Agent) (string, error) {
	return retryx.Do(ctx, func(ctx context.Context) (string, error) {
		return a.Ask(ctx) // want `a.Ask \(which calls a.c.Chat.Completions.New in example.com/fixtures/across/wrapllm\) is retried at 2 layers: an unknown retry helper retryx.Do \(N attempts unknown\) × openai-go's own retries`
	})
}

// A retry layer here stacks on the retrying HTTP client and openai-go's
// own retries of the client built in wrapllm.
func askHTTP(ctx context.Context, h *wrapllm.HTTPAgent) error {
	return retry.Do(func() error {
		_, err := h.Ask(ctx) // want `h.Ask \(which calls h.c.Chat.Completions.New in example.com/fixtures/across/wrapllm\) is retried at 3 layers: retry.Do \(2 attempts\) × openai-go's own retries \(3 attempts\) × retryablehttp's StandardClient \(5 attempts\) = up to 30 requests per call; pass option.WithMaxRetries\(0\) to h.c.Chat.Completions.New in example.com/fixtures/across/wrapllm.HTTPAgent.Ask`
		return err
	}, retry.Attempts(2), retry.RetryIf(func(error) bool { return true }))
}

// No retry here: the HTTP client retries, nothing to report.
func askHTTPOnce(ctx context.Context, h *wrapllm.HTTPAgent) error {
	_, err := h.Ask(ctx)
	return err
}

// Through an interface: the message names the code behind it that makes
// the call, which can take a retry, not the interface method.
func viaChatter(ctx context.Context, ch wrapllm.Chatter) error {
	_, err := ch.Chat(ctx) // want `ch.Chat has no retry handling, here or in example.com/fixtures/across/wrapllm.Raw.complete, where it calls r.c.CreateChatCompletion \(reached through example.com/fixtures/across/wrapllm.Chatter.Chat\): go-openai never retries, .*; retry it here with oaiguard.Do and a closure, or inside example.com/fixtures/across/wrapllm.Raw.complete$`
	return err
}

// Through the concrete type: its method is the place.
func viaRaw(ctx context.Context, r *wrapllm.Raw) error {
	_, err := r.Chat(ctx) // want `r.Chat has no retry handling, here or in example.com/fixtures/across/wrapllm.Raw.Chat, where it calls r.c.CreateChatCompletion in example.com/fixtures/across/wrapllm.Raw.complete: .*, or inside example.com/fixtures/across/wrapllm.Raw.Chat$`
	return err
}
