// Package ai asks through both SDKs: an interface implemented on each, and
// a function that returns either's error.
package ai

import (
	"context"
	"errors"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

// Asker is implemented on both SDKs.
type Asker interface {
	Ask(ctx context.Context) error
}

// Legacy asks through go-openai.
type Legacy struct{ C *goopenai.Client }

func (l Legacy) Ask(ctx context.Context) error {
	_, err := l.C.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "q"}}})
	return err
}

// Current asks through openai-go.
type Current struct{ C openai.Client }

func (c Current) Ask(ctx context.Context) error {
	_, err := c.C.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("q")}})
	return err
}

var (
	_ Asker = Legacy{}
	_ Asker = Current{}
)

// Either returns go-openai's error on one path, openai-go's on the other.
func Either(ctx context.Context, l Legacy, c Current, old bool) error {
	if old {
		return l.Ask(ctx)
	}
	return c.Ask(ctx)
}

// Both joins the two SDKs' errors: either may be what a match sees.
func Both(ctx context.Context, l Legacy, c Current) error {
	v, o := l.Ask(ctx), c.Ask(ctx)
	return errors.Join(v, o)
}
