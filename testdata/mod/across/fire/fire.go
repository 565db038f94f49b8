// Package fire starts work that returns no error: its callers in other
// packages never see a failure, so they cannot retry it, and the call is
// reported here.
package fire

import (
	"context"
	"log"

	goopenai "github.com/sashabaranov/go-openai"
)

// Start asks once and logs a failure.
func Start(ctx context.Context, c *goopenai.Client) {
	_, err := c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Content: "hi"}}}) // want `c.CreateChatCompletion has no retry handling: go-openai never retries`
	if err != nil {
		log.Print(err)
	}
}
