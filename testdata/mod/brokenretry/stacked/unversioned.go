package stacked

import (
	"context"

	retryv3 "github.com/avast/retry-go"
	backoffv2 "github.com/cenkalti/backoff"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"example.com/fixtures/unretried/retried/retryutil"
)

// avast/retry-go v3, at the unversioned path, makes 10 attempts by default.
func avastV3(ctx context.Context, client *openai.Client) error {
	return retryv3.Do(func() error { // want `retry.Do retries every error of client.Models.List`
		_, err := client.Models.List(ctx) // want `client.Models.List is retried at 2 layers: retry.Do \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30 requests per call; pass option.WithMaxRetries\(0\)`
		return err
	})
}

// avast/retry-go v3 told what to retry: only the stacking is reported.
func avastV3If(ctx context.Context, client *openai.Client) error {
	return retryv3.Do(func() error {
		_, err := client.Models.List(ctx) // want `retry.Do \(10 attempts\) × openai-go's own retries`
		return err
	}, retryv3.RetryIf(func(error) bool { return true }))
}

// avast/retry-go v3's Attempts(0) never calls the function (its loop runs
// while n < attempts): nothing is retried, no layer.
func avastV3Zero(ctx context.Context, client *openai.Client) error {
	return retryv3.Do(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, retryv3.Attempts(0), retryv3.RetryIf(func(error) bool { return true }))
}

// cenkalti/backoff v2's StopBackOff makes one attempt: no layer.
func cenkaltiV2Stop(ctx context.Context, client *openai.Client) error {
	return backoffv2.Retry(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, &backoffv2.StopBackOff{})
}

// cenkalti/backoff v2, at the unversioned path: bounded by time.
func cenkaltiV2(ctx context.Context, client *openai.Client) error {
	return backoffv2.Retry(func() error { // want `backoff.Retry retries every error of client.Models.List`
		_, err := client.Models.List(ctx) // want `backoff.Retry \(N attempts\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call`
		return err
	}, backoffv2.NewExponentialBackOff())
}

// An in-house retry package: a layer of unknown policy.
func inHouse(ctx context.Context, client *openai.Client) error {
	return retryutil.Do(func() error {
		_, err := client.Models.List(ctx) // want `client.Models.List is retried at 2 layers: an unknown retry helper retryutil.Do \(N attempts unknown\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call; pass option.WithMaxRetries\(0\)`
		return err
	})
}

// Its retries switched off: one layer, nothing to report.
func inHouseOff(ctx context.Context, client *openai.Client) error {
	return retryutil.Do(func() error {
		_, err := client.Models.List(ctx, option.WithMaxRetries(0))
		return err
	})
}

// A helper whose name says it does not retry is no layer.
func withoutRetry(f func() error) error { return f() }

// A helper of the package whose body is in sight and calls its function
// once, with no loop, retries nothing, whatever its name.
func withRetry(f func() error) error {
	if err := f(); err != nil {
		return err
	}
	return nil
}

func negatedHelper(ctx context.Context, client *openai.Client) error {
	return withoutRetry(func() error {
		_, err := client.Models.List(ctx)
		return err
	})
}

func onceHelper(ctx context.Context, client *openai.Client) error {
	return withRetry(func() error {
		_, err := client.Models.List(ctx)
		return err
	})
}
