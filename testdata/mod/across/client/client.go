// Package client keeps the OpenAI clients of the fixture module: its
// exported functions make API calls that their callers in other packages
// retry, or not.
package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

// AI is what the logic package calls through.
type AI interface {
	Chat(ctx context.Context, prompt string) (string, error) // want Chat:`calls c.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors`
}

// Client wraps go-openai.
type Client struct{ c *goopenai.Client }

// Chat makes an API call and leaves retrying it to its callers.
func (c *Client) Chat(ctx context.Context, prompt string) (string, error) { // want Chat:`calls c.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors from c.c.CreateChatCompletion`
	resp, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Content: prompt}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Summarize reaches the API through an unexported helper.
func (c *Client) Summarize(ctx context.Context, text string) (string, error) { // want Summarize:`calls c.c.CreateChatCompletion \(go-openai\)`
	return c.complete(ctx, text)
}

func (c *Client) complete(ctx context.Context, text string) (string, error) {
	resp, err := c.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Content: text}}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Ping retries by itself: nothing is left to its callers.
func (c *Client) Ping(ctx context.Context) error { // want Ping:`returns github.com/sashabaranov/go-openai errors`
	_, err := oaiguard.Call0(ctx, c.c.ListModels)
	return err
}

// ErrRateLimited is the module's own error, with a text like go-openai's.
var ErrRateLimited = errors.New("error, status code: 429, status: 429 Too Many Requests")

// Check returns only the module's own error.
func (c *Client) Check(ctx context.Context) error { // want Check:`returns own errors`
	if ctx.Err() != nil {
		return ErrRateLimited
	}
	return nil
}

// Agent wraps openai-go, whose own retries are on.
type Agent struct{ c openai.Client }

// Ask makes an openai-go call with the SDK's default retries.
func (a *Agent) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls a.c.Chat.Completions.New \(openai-go, retries on\)`
	resp, err := a.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// unused has no callers at all: reported where it is written.
func (c *Client) unused(ctx context.Context) error {
	_, err := c.c.ListModels(ctx) // want `c.c.ListModels has no retry handling`
	return err
}

// Busy returns only the module's own errors, in a package that reaches an
// SDK: its callers see them.
func Busy(ctx context.Context) error { // want Busy:`returns own errors`
	if ctx.Err() != nil {
		return fmt.Errorf("busy: %w", ErrRateLimited)
	}
	return ErrRateLimited
}
