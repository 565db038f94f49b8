// Package impl implements one interface on both SDKs: a caller's error
// may come from either, and the checks must name the same one in every
// run.
package impl

import (
	"context"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

// Model is what the callers use.
type Model interface {
	Ask(ctx context.Context, q string) (string, error)
}

// Legacy asks through go-openai.
type Legacy struct{ C *goopenai.Client }

func (l *Legacy) Ask(ctx context.Context, q string) (string, error) {
	r, err := l.C.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT4oMini, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

// Current asks through openai-go.
type Current struct{ C *openai.Client }

func (c *Current) Ask(ctx context.Context, q string) (string, error) {
	r, err := c.C.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

var (
	_ Model = (*Legacy)(nil)
	_ Model = (*Current)(nil)
)
