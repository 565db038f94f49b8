// Package retried holds go-openai calls inside every recognised form of
// retry handling: none of them is reported (onetry.go holds a policy that
// never retries, which is none).
package retried

import (
	"context"
	"errors"
	"time"

	"example.com/fixtures/unretried/retried/retryutil"
	retryv3 "github.com/avast/retry-go"
	retryv4 "github.com/avast/retry-go/v4"
	retryv5 "github.com/avast/retry-go/v5"
	backoffv2 "github.com/cenkalti/backoff"
	backoffv3 "github.com/cenkalti/backoff/v3"
	backoffv4 "github.com/cenkalti/backoff/v4"
	backoffv5 "github.com/cenkalti/backoff/v5"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
	goretry "github.com/sethvargo/go-retry"
	"k8s.io/apimachinery/pkg/util/wait"
	k8sretry "k8s.io/client-go/util/retry"
)

func runtimeWrapped(ctx context.Context, c *openai.Client) (openai.ModelsList, error) {
	return oaiguard.Call0(ctx, c.ListModels)
}

func runtimeDo(ctx context.Context, c *openai.Client) (openai.ModelsList, error) {
	return oaiguard.Do(ctx, func(ctx context.Context) (openai.ModelsList, error) {
		return c.ListModels(ctx)
	})
}

func cenkaltiV4(ctx context.Context, c *openai.Client) error {
	return backoffv4.Retry(func() error {
		_, err := c.ListModels(ctx)
		return err
	}, backoffv4.WithContext(backoffv4.NewExponentialBackOff(), ctx))
}

func cenkaltiV4Var(ctx context.Context, c *openai.Client) error {
	op := func() error {
		_, err := c.ListModels(ctx)
		return err
	}
	return backoffv4.RetryNotify(op, backoffv4.NewExponentialBackOff(), nil)
}

func cenkaltiV5(ctx context.Context, c *openai.Client) (openai.ModelsList, error) {
	return backoffv5.Retry(ctx, func() (openai.ModelsList, error) {
		return c.ListModels(ctx)
	}, backoffv5.WithMaxTries(4))
}

func avastV4(ctx context.Context, c *openai.Client) error {
	return retryv4.Do(func() error {
		_, err := c.ListModels(ctx)
		return err
	}, retryv4.Context(ctx))
}

func avastV5(ctx context.Context, c *openai.Client) error {
	return retryv5.New(retryv5.Context(ctx)).Do(func() error {
		_, err := c.ListModels(ctx)
		return err
	})
}

func sethvargo(ctx context.Context, c *openai.Client) error {
	return goretry.Do(ctx, goretry.WithMaxRetries(3, goretry.NewExponential(time.Second)), func(ctx context.Context) error {
		if _, err := c.ListModels(ctx); err != nil {
			return goretry.RetryableError(err)
		}
		return nil
	})
}

func k8sWait(ctx context.Context, c *openai.Client) error {
	return wait.ExponentialBackoffWithContext(ctx, wait.Backoff{Steps: 4, Duration: time.Second, Factor: 2, Jitter: 0.1}, func(ctx context.Context) (bool, error) {
		_, err := c.ListModels(ctx)
		return err == nil, nil
	})
}

func k8sRetry(ctx context.Context, c *openai.Client) error {
	return k8sretry.OnError(k8sretry.DefaultBackoff, func(error) bool { return true }, func() error {
		_, err := c.ListModels(ctx)
		return err
	})
}

// fetch is retried by its only caller.
func fetch(ctx context.Context, c *openai.Client) (openai.ModelsList, error) {
	return c.ListModels(ctx)
}

func caller(ctx context.Context, c *openai.Client) error {
	return backoffv4.Retry(func() error {
		_, err := fetch(ctx, c)
		return err
	}, backoffv4.NewExponentialBackOff())
}

// fetchValue is handed to a retrier as a function value.
func fetchValue() error {
	_, err := openai.NewClient("k").ListModels(context.Background())
	return err
}

func valueCaller() error {
	return retryv4.Do(fetchValue)
}

// sometimes has one caller that retries and one that does not: reported.
func sometimes(ctx context.Context, c *openai.Client) error {
	_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
	return err
}

func retryingCaller(ctx context.Context, c *openai.Client) error {
	return retryv4.Do(func() error { return sometimes(ctx, c) })
}

func plainCaller(ctx context.Context, c *openai.Client) error {
	return sometimes(ctx, c)
}

// A closure called in place runs inside the retrier's closure.
func nested(ctx context.Context, c *openai.Client) error {
	return retryv4.Do(func() error {
		return func() error {
			_, err := c.ListModels(ctx)
			return err
		}()
	})
}

var errGiveUp = errors.New("give up")

// avast/retry-go v3 at its unversioned path (v3.0.0+incompatible).
func avastV3(ctx context.Context, c *openai.Client) error {
	return retryv3.Do(func() error {
		_, err := c.ListModels(ctx)
		return err
	}, retryv3.Attempts(3))
}

// cenkalti/backoff v2 at its unversioned path, and v3.
func cenkaltiV2(ctx context.Context, c *openai.Client) error {
	return backoffv2.Retry(func() error {
		_, err := c.ListModels(ctx)
		return err
	}, backoffv2.NewExponentialBackOff())
}

func cenkaltiV3(ctx context.Context, c *openai.Client) error {
	return backoffv3.RetryNotify(func() error {
		_, err := c.ListModels(ctx)
		return err
	}, backoffv3.NewExponentialBackOff(), nil)
}

// Unknown retry helpers, known by their names: a package called retryutil,
// a method of it, and a function of this package called withRetries.
func inHouse(ctx context.Context, c *openai.Client) error {
	return retryutil.Do(func() error {
		_, err := c.ListModels(ctx)
		return err
	})
}

func inHouseMethod(ctx context.Context, c *openai.Client) error {
	return retryutil.Policy{Attempts: 3}.Run(func() error {
		_, err := c.ListModels(ctx)
		return err
	})
}

func withRetries(fn func() error) error {
	if err := fn(); err != nil {
		return fn()
	}
	return nil
}

func sameRetries(ctx context.Context, c *openai.Client) error {
	return withRetries(func() error {
		_, err := c.ListModels(ctx)
		return err
	})
}

// Handed to an unknown retry helper as a function value.
func helperValue() error {
	_, err := openai.NewClient("k").ListModels(context.Background())
	return err
}

func helperValueCaller() error {
	return retryutil.Do(helperValue)
}

// Names that do not say retry: reported.
func run(fn func() error) error { return fn() }

func retrieve(fn func() error) error { return fn() }

func notHelpers(ctx context.Context, c *openai.Client) error {
	if err := run(func() error {
		_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
		return err
	}); err != nil {
		return err
	}
	return retrieve(func() error {
		_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
		return err
	})
}
