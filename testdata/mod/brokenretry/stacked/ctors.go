package stacked

import (
	"context"

	retry "github.com/avast/retry-go/v4"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// A retrying HTTP client that one constructor gives and the other does
// not is no layer of the call in the method: on a receiver NewPlainAsker
// built, retry.Do is the only retry layer, and keeping one layer would
// leave it none. No stacked finding, in the package as across packages
// (across/ctorhttp).

type Asker struct{ c *goopenai.Client }

func NewRetryingAsker(token string) *Asker {
	cfg := goopenai.DefaultConfig(token)
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	return &Asker{c: goopenai.NewClientWithConfig(cfg)}
}

func NewPlainAsker(token string) *Asker { return &Asker{c: goopenai.NewClient(token)} }

func (a *Asker) Ask(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := a.c.ListModels(ctx)
		return err
	}, retry.Attempts(3), retry.RetryIf(func(error) bool { return true }))
}

// openai-go with its own retries off on both: retry.Do alone on
// NewOffAsker's receivers.
type OAsker struct{ c openai.Client }

func NewRetryingOAsker() *OAsker {
	return &OAsker{c: openai.NewClient(option.WithMaxRetries(0), option.WithHTTPClient(retryablehttp.NewClient().StandardClient()))}
}

func NewOffAsker() *OAsker { return &OAsker{c: openai.NewClient(option.WithMaxRetries(0))} }

func (o *OAsker) Ask(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := o.c.Models.List(ctx)
		return err
	}, retry.Attempts(3), retry.RetryIf(func(error) bool { return true }))
}

// openai-go with its own retries on in both constructors: retry.Do and
// openai-go's own retries stack on every receiver, the HTTP client only on
// NewRetryingOnAsker's, so it is not counted.
type OnAsker struct{ c openai.Client }

func NewRetryingOnAsker() *OnAsker {
	return &OnAsker{c: openai.NewClient(option.WithHTTPClient(retryablehttp.NewClient().StandardClient()))}
}

func NewOnAsker() *OnAsker { return &OnAsker{c: openai.NewClient()} }

func (o *OnAsker) Ask(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := o.c.Models.List(ctx) // want `o.c.Models.List is retried at 2 layers: retry.Do \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call; pass option.WithMaxRetries\(0\)`
		return err
	}, retry.Attempts(3), retry.RetryIf(func(error) bool { return true }))
}
