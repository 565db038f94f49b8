package strategy

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	retry "github.com/avast/retry-go/v4"
	"github.com/cenkalti/backoff/v5"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
)

// cenkalti is backoff.Retry with its defaults around the SDK call, the
// SDK's retries off. idiomatic adds what its README suggests for HTTP
// APIs: the server's Retry-After through backoff.RetryAfter, and
// backoff.Permanent for client errors.
type cenkalti struct {
	clients   *clients
	idiomatic bool
}

func newCenkalti(env Env) Process {
	return &cenkalti{clients: newClients(env, 0, nil, true)}
}

func newCenkaltiIdiomatic(env Env) Process {
	return &cenkalti{clients: newClients(env, 0, nil, true), idiomatic: true}
}

func (p *cenkalti) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.clients.get(key)
	return backoff.Retry(ctx, func() (*openai.ChatCompletion, error) {
		resp, err := client.Chat.Completions.New(ctx, params)
		if err == nil || !p.idiomatic {
			return resp, err
		}
		var apiErr *openai.Error
		if errors.As(err, &apiErr) {
			if apiErr.StatusCode == http.StatusTooManyRequests && apiErr.Response != nil {
				if s, convErr := strconv.Atoi(apiErr.Response.Header.Get("Retry-After")); convErr == nil {
					return nil, backoff.RetryAfter(s)
				}
				return nil, err
			}
			if apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 {
				return nil, backoff.Permanent(err)
			}
		}
		return nil, err
	})
}

// avast is retry.DoWithData with its defaults and the caller's context,
// the SDK's retries off.
type avast struct{ clients *clients }

func newAvast(env Env) Process {
	return &avast{newClients(env, 0, nil, true)}
}

func (p *avast) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.clients.get(key)
	return retry.DoWithData(func() (*openai.ChatCompletion, error) {
		return client.Chat.Completions.New(ctx, params)
	}, retry.Context(ctx))
}

// newRetryableHTTP gives the SDK go-retryablehttp's default client as its
// HTTP client, the SDK's own retries off. Its logger is switched off (by
// default it writes every attempt to stderr); nothing else changes.
func newRetryableHTTP(env Env) Process {
	return &sdkCall{newClients(env, 0, retryableClient(env), false)}
}

// newRetryableHTTPStacked is the same with the SDK's retries left on, as
// happens when someone adds a retrying HTTP client and forgets them.
func newRetryableHTTPStacked(env Env) Process {
	return &sdkCall{newClients(env, -1, retryableClient(env), false)}
}

func retryableClient(env Env) *http.Client {
	rc := retryablehttp.NewClient()
	rc.Logger = nil
	rc.HTTPClient = &http.Client{Transport: env.Transport, Timeout: env.AttemptTimeout}
	return rc.StandardClient()
}
