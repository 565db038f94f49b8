// Package layered uses the client package from a package that imports
// go-openai itself.
package layered

import (
	"context"

	"example.com/fixtures/across/client"
	goopenai "github.com/sashabaranov/go-openai"
)

// The HTTP client the client package builds retries: silent.
func builtElsewhere(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = client.NewHTTP()
	c := goopenai.NewClientWithConfig(cfg)
	_, err := c.ListModels(ctx)
	return err
}
