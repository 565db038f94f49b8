package stacked

import (
	"context"
	"time"

	retry "github.com/avast/retry-go/v4"
	retryv5 "github.com/avast/retry-go/v5"
	"github.com/cenkalti/backoff/v4"
	backoffv5 "github.com/cenkalti/backoff/v5"
	"github.com/openai/openai-go/v3"
)

// The attempts a retry library is configured with, where a constant
// gives them, are the ones the message counts.

func attempts4(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error {
		_, err := client.Models.List(ctx) // want `client.Models.List is retried at 2 layers: retry.Do \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call`
		return err
	}, retry.Attempts(4), retry.RetryIf(func(error) bool { return true }))
}

func attemptsSpread(ctx context.Context, client *openai.Client) error {
	opts := []retry.Option{retry.Attempts(2), retry.RetryIf(func(error) bool { return true })}
	return retry.Do(func() error {
		_, err := client.Models.List(ctx) // want `retry.Do \(2 attempts\) × openai-go's own retries \(3 attempts\) = up to 6 requests per call`
		return err
	}, opts...)
}

func attemptsUnknown(ctx context.Context, client *openai.Client, n uint) error {
	return retry.Do(func() error {
		_, err := client.Models.List(ctx) // want `retry.Do \(N attempts\) × openai-go's own retries \(3 attempts\) = up to 3×N requests per call; pass option.WithMaxRetries\(0\) so that only one layer retries, once you have checked that the layer whose count is not a constant makes more than one attempt`
		return err
	}, retry.Attempts(n), retry.RetryIf(func(error) bool { return true }))
}

func untilSucceeded(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error {
		_, err := client.Models.List(ctx) // want `retry.Do \(unbounded attempts\) × openai-go's own retries \(3 attempts\) = no bound on the requests per call`
		return err
	}, retry.UntilSucceeded(), retry.RetryIf(func(error) bool { return true }))
}

func retrierV5(ctx context.Context, client *openai.Client) error {
	r := retryv5.New(retryv5.Attempts(4), retryv5.RetryIf(func(error) bool { return true }))
	return r.Do(func() error {
		_, err := client.Models.List(ctx) // want `retry.Retrier.Do \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call`
		return err
	})
}

// backoff.WithMaxRetries(b, 5): five retries, six attempts.
func maxRetries(ctx context.Context, client *openai.Client) error {
	return backoff.Retry(func() error { // want `backoff.Retry retries every error of client.Models.List`
		_, err := client.Models.List(ctx) // want `backoff.Retry \(6 attempts\) × openai-go's own retries \(3 attempts\) = up to 18 requests per call`
		return err
	}, backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 5))
}

func maxRetriesVar(ctx context.Context, client *openai.Client) error {
	b := backoff.WithContext(backoff.WithMaxRetries(backoff.NewConstantBackOff(time.Second), 2), ctx)
	return backoff.Retry(func() error { // want `backoff.Retry retries every error of client.Models.List`
		_, err := client.Models.List(ctx) // want `backoff.Retry \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
		return err
	}, b)
}

func maxTriesV5(ctx context.Context, client *openai.Client) error {
	_, err := backoffv5.Retry(ctx, func() (*openai.Model, error) { // want `backoff.Retry retries every error of client.Models.Get`
		return client.Models.Get(ctx, "gpt-5.2") // want `backoff.Retry \(4 attempts\) × openai-go's own retries \(3 attempts\) = up to 12 requests per call`
	}, backoffv5.WithMaxTries(4))
	return err
}

// One attempt retries nothing: no layer stacks on openai-go's own
// retries, and no loop retries every error.
func oneAttempt(ctx context.Context, client *openai.Client) error {
	return backoff.Retry(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 0))
}

func oneAttemptRetryGo(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, retry.Attempts(1), retry.RetryIf(func(error) bool { return true }))
}

// retry-go v4's Attempts(0) retries until the call succeeds: no count,
// not even N, is known.
func attemptsZero(ctx context.Context, client *openai.Client) error {
	return retry.Do(func() error {
		_, err := client.Models.List(ctx) // want `client.Models.List is retried at 2 layers: retry.Do \(unbounded attempts\) × openai-go's own retries \(3 attempts\) = no bound on the requests per call; pass option.WithMaxRetries\(0\)`
		return err
	}, retry.Attempts(0), retry.RetryIf(func(error) bool { return true }))
}

func attemptsZeroV5(ctx context.Context, client *openai.Client) error {
	r := retryv5.New(retryv5.Attempts(0), retryv5.RetryIf(func(error) bool { return true }))
	return r.Do(func() error {
		_, err := client.Models.List(ctx) // want `retry.Retrier.Do \(unbounded attempts\) × openai-go's own retries \(3 attempts\) = no bound on the requests per call`
		return err
	})
}

// A policy that never retries, StopBackOff, makes one attempt: no layer,
// however it is wrapped or bounded.
func stopBackOff(ctx context.Context, client *openai.Client) error {
	return backoff.Retry(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, &backoff.StopBackOff{})
}

func stopBackOffWrapped(ctx context.Context, client *openai.Client) error {
	b := backoff.WithContext(backoff.WithMaxRetries(&backoff.StopBackOff{}, 5), ctx)
	return backoff.Retry(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, b)
}

func stopBackOffNew(ctx context.Context, client *openai.Client) error {
	return backoff.Retry(func() error {
		_, err := client.Models.List(ctx)
		return err
	}, backoff.WithContext(new(backoff.StopBackOff), ctx))
}

func stopBackOffV5(ctx context.Context, client *openai.Client) error {
	_, err := backoffv5.Retry(ctx, func() (*openai.Model, error) {
		return client.Models.Get(ctx, "gpt-5.2")
	}, backoffv5.WithBackOff(&backoffv5.StopBackOff{}), backoffv5.WithMaxTries(4))
	return err
}

// A loop whose constant bound gives one attempt retries nothing: no layer
// stacks on openai-go's own retries, and no fix switches them off.
const maxAttempts = 1

func oneAttemptLoop(ctx context.Context, client *openai.Client) error {
	var err error
	for i := 0; i < maxAttempts; i++ {
		if _, err = client.Models.List(ctx); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func oneAttemptLoopLEQ(ctx context.Context, client *openai.Client) error {
	var err error
	for attempt := 1; attempt <= 1; attempt++ {
		if _, err = client.Models.List(ctx); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

// A counted loop's attempts follow its step and direction.
func stepLoop(ctx context.Context, client *openai.Client) error {
	var err error
	for i := 0; i < 6; i += 2 { // want `retries every error`
		if _, err = client.Models.List(ctx); err == nil { // want `a retry loop \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call`
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func countdownLoop(ctx context.Context, client *openai.Client) error {
	var err error
	for i := 10; i > 0; i-- { // want `retries every error`
		if _, err = client.Models.List(ctx); err == nil { // want `a retry loop \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30 requests per call`
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

// A helper retried by several callers is counted at its worst caller.
func listOnce(ctx context.Context, client *openai.Client) error {
	_, err := client.Models.List(ctx) // want `its callers \(a retry loop\) \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30 requests per call`
	return err
}

func fewCallers(ctx context.Context, client *openai.Client) (err error) {
	// Not the caller counted, but its loop is judged all the same.
	for i := 0; i < 2; i++ { // want `retries every error`
		if err = listOnce(ctx, client); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

func manyCallers(ctx context.Context, client *openai.Client) (err error) {
	for i := 0; i < 10; i++ { // want `retries every error`
		if err = listOnce(ctx, client); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}
