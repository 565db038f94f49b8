// Package taken declares the name oaiguard itself: the fix imports the
// runtime as oaiguard2, and the message says so.
package taken

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

var oaiguard = "a name of the package's own"

func ask(ctx context.Context, req openai.ChatCompletionRequest) error {
	c := openai.NewClient("key") // want `openai.NewClient builds a go-openai client without oaiguard's transport, .*; build it with oaiguard2.NewClient instead$`
	_, err := c.CreateChatCompletion(ctx, req)
	return err
}
