// Package libraries holds retry libraries around API calls: configured to
// retry every error, or classifying them.
package libraries

import (
	"context"
	"fmt"
	"time"

	retry4 "github.com/avast/retry-go/v4"
	retry5 "github.com/avast/retry-go/v5"
	backoff4 "github.com/cenkalti/backoff/v4"
	backoff5 "github.com/cenkalti/backoff/v5"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openaigo "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	openai "github.com/sashabaranov/go-openai"
	goretry "github.com/sethvargo/go-retry"
)

// Every error retried: reported.

func cenkaltiAll(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	return backoff4.Retry(func() error { // want `backoff.Retry retries every error of c.CreateChatCompletion, insufficient_quota, 400, 401, 403, 404 and context length included, which never succeed; return backoff.Permanent\(err\) for the errors oaiguard.IsRetryable rejects`
		_, err := c.CreateChatCompletion(ctx, req)
		return err
	}, backoff4.WithContext(backoff4.NewExponentialBackOff(), ctx))
}

func cenkaltiV5All(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return backoff5.Retry(ctx, func() (openai.ChatCompletionResponse, error) { // want `backoff.Retry retries every error of c.CreateChatCompletion`
		return c.CreateChatCompletion(ctx, req)
	}, backoff5.WithMaxTries(5))
}

func avastWrapped(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	return retry4.Do(func() error { // want `retry.Do retries every error of c.CreateChatCompletion, .*; pass retry.RetryIf\(oaiguard.IsRetryable\) or return retry.Unrecoverable\(err\) for the errors it rejects`
		if _, err := c.CreateChatCompletion(ctx, req); err != nil {
			return fmt.Errorf("chat: %w", err)
		}
		return nil
	}, retry4.Attempts(5), retry4.Context(ctx))
}

func avastV5All(ctx context.Context, c *openai.Client) error {
	return retry5.New(retry5.Attempts(3), retry5.Context(ctx)).Do(func() error { // want `retry.Retrier.Do retries every error of c.ListModels`
		_, err := c.ListModels(ctx)
		return err
	})
}

func openaiGoAll(ctx context.Context, client openaigo.Client) error {
	return retry4.Do(func() error { // want `retry.Do retries every error of client.Models.List`
		_, err := client.Models.List(ctx, option.WithMaxRetries(0))
		return err
	})
}

// Classified: not reported.

func cenkaltiPermanent(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	return backoff4.Retry(func() error {
		_, err := c.CreateChatCompletion(ctx, req)
		if err != nil && !oaiguard.IsRetryable(err) {
			return backoff4.Permanent(err)
		}
		return err
	}, backoff4.NewExponentialBackOff())
}

func avastRetryIf(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	return retry4.Do(func() error {
		_, err := c.CreateChatCompletion(ctx, req)
		return err
	}, retry4.RetryIf(oaiguard.IsRetryable), retry4.Context(ctx))
}

func avastUnrecoverable(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	return retry4.Do(func() error {
		_, err := c.CreateChatCompletion(ctx, req)
		if oaiguard.IsQuotaExhausted(err) {
			return retry4.Unrecoverable(err)
		}
		return err
	})
}

func avastV5RetryIf(ctx context.Context, c *openai.Client) error {
	r := retry5.New(retry5.RetryIf(oaiguard.IsRetryable))
	return r.Do(func() error {
		_, err := c.ListModels(ctx)
		return err
	})
}

func classifiedByHelper(ctx context.Context, c *openai.Client) error {
	return retry4.Do(func() error {
		_, err := c.ListModels(ctx)
		return classify(err)
	})
}

func classify(err error) error {
	if err != nil && !oaiguard.IsRetryable(err) {
		return retry4.Unrecoverable(err)
	}
	return err
}

// sethvargo/go-retry retries only what is marked retryable.
func sethvargo(ctx context.Context, c *openai.Client) error {
	return goretry.Do(ctx, goretry.WithMaxRetries(3, goretry.NewExponential(time.Second)), func(ctx context.Context) error {
		_, err := c.ListModels(ctx)
		if oaiguard.IsRetryable(err) {
			return goretry.RetryableError(err)
		}
		return err
	})
}
