// Command stackedmain builds its client two ways, as
// brokenretry/stacked/ctors.go does in a library: a retrying HTTP client
// that one function gives and the other does not is no layer of the call
// under retry.Do, in package main too.
package main

import (
	"context"
	"os"

	retry "github.com/avast/retry-go/v4"
	"github.com/hashicorp/go-retryablehttp"
	goopenai "github.com/sashabaranov/go-openai"
)

type asker struct{ c *goopenai.Client }

func newRetrying(token string) *asker {
	cfg := goopenai.DefaultConfig(token)
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	return &asker{c: goopenai.NewClientWithConfig(cfg)}
}

func newPlain(token string) *asker { return &asker{c: goopenai.NewClient(token)} }

func (a *asker) ask(ctx context.Context) error {
	return retry.Do(func() error {
		_, err := a.c.ListModels(ctx)
		return err
	}, retry.Attempts(3), retry.RetryIf(func(error) bool { return true }))
}

func main() {
	ctx := context.Background()
	a := newRetrying("k")
	if len(os.Args) > 1 {
		a = newPlain("k")
	}
	_ = a.ask(ctx)
}
