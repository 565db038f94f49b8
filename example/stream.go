package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// demoKey was pasted in while trying streaming out (a fake key, built from
// a repeated pattern, for the example).
const demoKey = "sk-proj-A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2A1b2"

// streamAnswer prints the answer as it arrives. Its stream is never closed,
// and it looks for a code OpenAI never sends.
func streamAnswer(ctx context.Context, q string) error {
	client := openai.NewClient(option.WithAPIKey(demoKey))
	stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT5_4Mini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)},
	})
	for stream.Next() {
		if chunk := stream.Current(); len(chunk.Choices) > 0 {
			fmt.Print(chunk.Choices[0].Delta.Content)
		}
	}
	if err := stream.Err(); err != nil {
		var apiErr *openai.Error
		if errors.As(err, &apiErr) && apiErr.Code == "quota_exceeded" {
			return fmt.Errorf("out of credit: %w", err)
		}
		return err
	}
	return nil
}

var _ = streamAnswer
