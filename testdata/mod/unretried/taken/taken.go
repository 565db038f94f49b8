// Package taken already declares the name oaiguard: the fix imports the
// runtime as oaiguard2, and the message names what the fix writes.
package taken

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

var oaiguard = "a name of the package's own"

func list(ctx context.Context, c *goopenai.Client) (goopenai.ModelsList, error) {
	return c.ListModels(ctx) // want `c.ListModels has no retry handling: go-openai never retries, so one 429 or 5xx fails it; wrap it with oaiguard2.Call0$`
}
