// Package both uses both SDKs in one file: go-openai's runtime is imported
// as oaiguardgo, as every fix names it.
package both

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/openai/openai-go/v3"
)

func chat(ctx context.Context, key string, p openai.ChatCompletionNewParams) error {
	c := goopenai.NewClientWithConfig(goopenai.DefaultConfig(key)) // want `goopenai.NewClientWithConfig builds .*, and its CreateChatCompletion call \(both.go:15\) needs oaiguard's runtime \(unretried\)`
	_, err := c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: p.Model})
	return err
}
