package goopenai

import (
	"context"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// The match is the file's only use of strings: the fix drops the import.
func onlyUse(ctx context.Context, client *openai.Client) bool {
	_, err := client.ListModels(ctx)
	return err != nil && strings.Contains(err.Error(), "Incorrect API key") // want `matched against "Incorrect API key" to detect an authentication failure; use oaiguard.IsAuth\(err\)`
}
