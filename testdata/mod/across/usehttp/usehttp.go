// Package usehttp gives go-openai the HTTP clients of a package that
// reaches no SDK.
package usehttp

import (
	"context"

	"example.com/fixtures/across/httpx"
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
