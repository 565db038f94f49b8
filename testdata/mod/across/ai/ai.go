// Package ai has a type with the shape of st.Store that calls go-openai.
package ai

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Model is what other packages import ai for.
const Model = "gpt-5.4-mini"

// X calls go-openai.
type X struct{ c *goopenai.Client }

// Get makes an API call and leaves retrying it to its callers.
func (x *X) Get(ctx context.Context, k string) (string, error) { // want Get:`calls x.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors from x.c.CreateChatCompletion`
	resp, err := x.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: Model, Messages: []goopenai.ChatCompletionMessage{{Content: k}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Close closes nothing.
func (x *X) Close() error { return nil } // want Close:`returns own errors`
