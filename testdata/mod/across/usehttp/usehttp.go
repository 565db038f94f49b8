// Package usehttp gives go-openai the HTTP clients of a package that
// reaches no SDK.
package usehttp

import (
	"context"

	"example.com/fixtures/across/httpx"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// The client retries: silent.
func retried(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = httpx.Retrying()
	c := goopenai.NewClientWithConfig(cfg)
	_, err := c.ListModels(ctx)
	return err
}

// The client retries nothing: reported.
func plain(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = httpx.Plain()
	c := goopenai.NewClientWithConfig(cfg)
	_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
	return err
}

// openai-go keeps its own retries over the client httpx built: the
// client's RetryMax, read in httpx, counts here.
func stacked(ctx context.Context) error {
	c := openai.NewClient(option.WithHTTPClient(httpx.RetryingTwo()))
	_, err := c.Models.List(ctx) // want `c.Models.List is retried at 2 layers: openai-go's own retries \(3 attempts\) × retryablehttp's StandardClient built by example.com/fixtures/across/httpx.RetryingTwo \(3 attempts\) = up to 9 requests per call`
	return err
}
