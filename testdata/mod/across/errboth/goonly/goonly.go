// Package goonly imports go-openai alone, and matches the text of errors
// of both SDKs: go-openai's from its own call, openai-go's from package ai.
// The two fixes import the two runtimes under different names
// (runtimeapi.ImportName), so that, applied together, the file compiles.
package goonly

import (
	"context"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"example.com/fixtures/across/errboth/ai"
)

func local(ctx context.Context, c *goopenai.Client) bool {
	_, err := c.ListModels(ctx)
	return err != nil && strings.Contains(err.Error(), "Unauthorized") // want `err.Error\(\) matched against "Unauthorized" to detect an authentication failure; use oaiguard.IsAuth\(err\)$`
}

func current(ctx context.Context, c ai.Current) bool {
	err := c.Ask(ctx)
	return err != nil && strings.Contains(err.Error(), "Forbidden") // want `err.Error\(\) matched against "Forbidden" to detect a permission error; use oaiguardopenai.IsPermission\(err\) \(the error comes from openai-go via example.com/fixtures/across/errboth/ai.Current.Ask\)$`
}
