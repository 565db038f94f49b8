package main

import (
	"context"

	"github.com/openai/openai-go/v3"
)

// extractNames moved to a reasoning model, but kept the max_tokens of the
// chat model it replaced: the API rejects every such request.
func extractNames(ctx context.Context, client openai.Client, text string) (string, error) {
	resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:     openai.ChatModelO4Mini,
		Messages:  []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Name the people in: " + text)},
		MaxTokens: openai.Int(300),
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

var _ = extractNames
