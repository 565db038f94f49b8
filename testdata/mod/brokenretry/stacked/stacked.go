// Package stacked holds retry layers stacked on each other.
package stacked

import (
	"context"
	"net/http"
	"time"

	retry "github.com/avast/retry-go/v4"
	"github.com/cenkalti/backoff/v4"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

var params = openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2}

func avast(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error { // want `retry.Do retries every error of client.Chat.Completions.New, insufficient_quota, 400, 401, 403, 404 and context length included, which never succeed; pass retry.RetryIf\(oaiguard.IsRetryable\) or return retry.Unrecoverable\(err\) for the errors it rejects`
		_, err := client.Chat.Completions.New(ctx, params) // want `client.Chat.Completions.New is retried at 2 layers: retry.Do \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30 requests per call; pass option.WithMaxRetries\(0\)`
		return err
	})
}

func loop(ctx context.Context, client *openai.Client) (resp *openai.ChatCompletion, err error) {
	for i := 0; i < 3; i++ { // want `retry loop around client.Chat.Completions.New: it retries every error, .*; time.Sleep ignores ctx, .*; the wait never grows and has no jitter, .*; replace it with oaiguard.Call under a Policy of MaxAttempts 3`
		resp, err = client.Chat.Completions.New( // want `a retry loop \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
			ctx,
			params,
		)
		if err == nil {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return nil, err
}

func multiline(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error { // want `retry.Do retries every error of client.Chat.Completions.New`
		_, err := client.Chat.Completions.New( // want `client.Chat.Completions.New is retried at 2 layers: retry.Do \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
			ctx,
			params,
		)
		return err
	}, retry.Attempts(3))
}

func cenkalti(ctx context.Context, client *openai.Client) error {
	return backoff.Retry(func() error { // want `backoff.Retry retries every error of client.Models.List, .*; return backoff.Permanent\(err\) for the errors oaiguard.IsRetryable rejects`
		_, err := client.Models.List(ctx) // want `backoff.Retry \(N attempts\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call`
		return err
	}, backoff.NewExponentialBackOff())
}

func spread(ctx context.Context, client *openai.Client, opts ...option.RequestOption) error {
	return retry.Do(func() error { // want `retry.Do retries every error of client.Models.List`
		_, err := client.Models.List(ctx, opts...) // want `retried at 2 layers`
		return err
	})
}

func retryableHTTP(ctx context.Context) error {
	client := openai.NewClient(option.WithHTTPClient(retryablehttp.NewClient().StandardClient()))
	_, err := client.Models.List(ctx) // want `openai-go's own retries \(3 attempts\) × retryablehttp's StandardClient \(5 attempts\) = up to 15 requests per call`
	return err
}

func goOpenAI(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("k")
	cfg.HTTPClient = &http.Client{Transport: &retryablehttp.RoundTripper{}}
	client := goopenai.NewClientWithConfig(cfg)
	return retry.Do(func() error { // want `retry.Do retries every error of client.ListModels`
		_, err := client.ListModels(ctx) // want `client.ListModels is retried at 2 layers: retry.Do \(10 attempts\) × retryablehttp.RoundTripper \(5 attempts\) = up to 50 requests per call; keep one retry layer`
		return err
	})
}

// One layer each: fine.

func sdkOff(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error { // want `retry.Do retries every error of client.Chat.Completions.New`
		_, err := client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0))
		return err
	})
}

func sdkOnly(ctx context.Context, client *openai.Client) error {
	_, err := client.Chat.Completions.New(ctx, params)
	return err
}

func gotoLoop(ctx context.Context, client *openai.Client) (*openai.ChatCompletion, error) {
	tries := 0
again: // want `retry loop around client.Chat.Completions.New: it retries every error`
	resp, err := client.Chat.Completions.New(ctx, params) // want `client.Chat.Completions.New is retried at 2 layers: a retry loop made with goto again \(N attempts\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call`
	if err != nil && tries < 2 {
		tries++
		time.Sleep(time.Second)
		goto again
	}
	return resp, err
}
