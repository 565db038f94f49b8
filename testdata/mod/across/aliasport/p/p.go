// Package p names port.Chatter by an alias, an exported alias and a
// defined type, and implements it: port's methods get no fact from p (a
// fact on another package's object panics in every driver).
package p

import (
	"context"

	"example.com/fixtures/across/aliasport/port"
	openai "github.com/sashabaranov/go-openai"
)

type chatter = port.Chatter

// Chatter is port's, under p's name.
type Chatter = port.Chatter

type defined port.Chatter

var _ defined = (*impl)(nil)
var _ chatter = (*impl)(nil)

// Local is p's own interface, and local its alias: its method's fact is
// set once.
type Local interface {
	Chat(ctx context.Context, q string) (string, error) // want Chat:`^calls i.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors from i.c.CreateChatCompletion$`
}

type local = Local

type impl struct{ c *openai.Client }

func (i *impl) Chat(ctx context.Context, q string) (string, error) { // want Chat:`calls i.c.CreateChatCompletion \(go-openai\)`
	r, err := i.c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT5Dot2, Messages: []openai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return r.ID, nil
}
