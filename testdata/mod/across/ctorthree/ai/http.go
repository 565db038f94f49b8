package ai

import (
	"context"

	"github.com/hashicorp/go-retryablehttp"
	openai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// H has three constructors too, one of them retrying through
// go-retryablehttp with openai-go's own retries off.
type H struct{ c openai.Client }

// NewPlainH's clients do not retry.
func NewPlainH() *H { return &H{c: openai.NewClient(option.WithMaxRetries(0))} }

// NewDefaultH's clients keep openai-go's two retries.
func NewDefaultH() *H { return &H{c: openai.NewClient()} }

// NewRetryingH's clients retry in go-retryablehttp, four times.
func NewRetryingH() *H {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 4
	return &H{c: openai.NewClient(option.WithHTTPClient(rc.StandardClient()), option.WithMaxRetries(0))}
}

// Ask leaves the call to its callers.
func (h *H) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls h.c.Chat.Completions.New \(openai-go, retries off, on clients built by example.com/fixtures/across/ctorthree/ai.NewPlainH\)`
	r, err := h.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}
