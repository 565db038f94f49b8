// Package iface calls the SDKs behind interfaces of its own, as code does
// to swap in fakes for tests: an interface method with the name and
// signature of an SDK client method is that method.
package iface

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// chatAPI is what *goopenai.Client implements.
type chatAPI interface {
	CreateChatCompletion(ctx context.Context, req goopenai.ChatCompletionRequest) (goopenai.ChatCompletionResponse, error)
	DeleteFile(ctx context.Context, id string) error
}

type bot struct{ ai chatAPI }

func (b *bot) ask(ctx context.Context, q string) (string, error) {
	resp, err := b.ai.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: q}}}) // want `b.ai.CreateChatCompletion has no retry handling: go-openai never retries.*oaiguardgo.Call`
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (b *bot) forget(ctx context.Context, id string) error {
	return b.ai.DeleteFile(ctx, id) // want `b.ai.DeleteFile has no retry handling.*oaiguardgo.Exec`
}

// completer is what openai-go's ChatCompletionService implements; its
// calls keep the SDK's default retries, as far as this code shows.
type completer interface {
	New(ctx context.Context, body openai.ChatCompletionNewParams, opts ...option.RequestOption) (*openai.ChatCompletion, error)
}

func complete(ctx context.Context, c completer) error {
	_, err := c.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2})
	return err
}

var client = openai.NewClient()

var _ completer = &client.Chat.Completions

// asker has its own signature: no SDK method looks like it.
type asker interface {
	CreateChatCompletion(ctx context.Context, prompt string) (string, error)
}

func viaOwnSignature(ctx context.Context, a asker) (string, error) {
	return a.CreateChatCompletion(ctx, "hi")
}
