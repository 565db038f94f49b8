// Package agent holds an openai-go call, two packages below its callers.
package agent

import (
	"context"

	"github.com/openai/openai-go/v3"
)

// C wraps openai-go, whose own retries are on.
type C struct{ c openai.Client }

// Ask makes the API call.
func (c *C) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.Chat.Completions.New \(openai-go, retries on\)`
	resp, err := c.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
