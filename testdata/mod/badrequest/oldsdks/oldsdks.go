// Package oldsdks builds params of openai-go v1 and v2.
package oldsdks

import (
	"context"

	openai1 "github.com/openai/openai-go"
	openai2 "github.com/openai/openai-go/v2"
)

func v1(ctx context.Context, c openai1.Client) error {
	_, err := c.Chat.Completions.New(ctx, openai1.ChatCompletionNewParams{
		Model:       openai1.ChatModelO1,
		Messages:    []openai1.ChatCompletionMessageParamUnion{openai1.UserMessage("hi")},
		Temperature: openai1.Float(0.7), // want `the request to c.Chat.Completions.New sets temperature to 0.7 for reasoning model "o1", which the API rejects \(400 every time\): drop Temperature`
		N:           openai1.Int(129),   // want `sets n to 129, .*between 1 and 128`
	})
	return err
}

func v2(ctx context.Context, c openai2.Client) error {
	_, err := c.Chat.Completions.New(ctx, openai2.ChatCompletionNewParams{
		Model:     openai2.ChatModelGPT4o,
		Messages:  []openai2.ChatCompletionMessageParamUnion{openai2.UserMessage("hi")},
		MaxTokens: openai2.Int(200),
		TopP:      openai2.Float(1.2), // want `sets top_p to 1.2, .*between 0 and 1`
	})
	return err
}
