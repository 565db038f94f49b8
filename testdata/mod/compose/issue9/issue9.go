// Package issue9 is the file of issue 9 whose fixes, merged, wrote
// `"context""errors"`: errtext deletes the strings import while errtype
// adds errors next to it, and unretried adds the runtime.
package issue9

import (
	"context"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"
)

// Unexported: the calls of an exported function are judged at its callers.
func f(ctx context.Context, c *goopenai.Client, r goopenai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion(ctx, r)
	if err != nil && strings.Contains(err.Error(), "rate limit") {
		return err
	}
	if e, ok := err.(*goopenai.APIError); ok {
		return e
	}
	return err
}
