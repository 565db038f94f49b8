// Package firer starts fire.Start in a goroutine: nothing to report here.
package firer

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"

	"example.com/fixtures/across/fire"
)

func Run(ctx context.Context, c *goopenai.Client) {
	go fire.Start(ctx, c)
	fire.Start(ctx, c)
}
