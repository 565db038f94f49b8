// Package ai builds its openai-go clients in functions of its own: one
// with the SDK's retries off, one with its defaults.
package ai

import (
	"context"

	openai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

var off = newClient()

// newClient switches the SDK's retries off: callers retry.
func newClient() openai.Client {
	c := openai.NewClient(option.WithMaxRetries(0))
	return c
}

// Ask leaves the call, with the SDK's retries off, to its callers.
func Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls off.Chat.Completions.New \(openai-go, retries off\)`
	r, err := off.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

// Client holds a client newClient built.
type Client struct{ c openai.Client }

// New builds a Client whose calls the SDK does not retry.
func New() *Client { return &Client{c: newClient()} }

// Ask leaves the call, with the SDK's retries off, to its callers.
func (c *Client) Ask(ctx context.Context, q string) (string, error) { // want Ask:`calls c.c.Chat.Completions.New \(openai-go, retries off\)`
	r, err := c.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}

var on = newDefault()

// newDefault keeps the SDK's retries.
func newDefault() openai.Client { return openai.NewClient() }

// AskOn's call is retried by the SDK itself.
func AskOn(ctx context.Context, q string) (string, error) { // want AskOn:`calls on.Chat.Completions.New \(openai-go, retries on\)`
	r, err := on.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(q)}})
	if err != nil {
		return "", err
	}
	return r.Choices[0].Message.Content, nil
}
