// Package methodvalue calls the API through method values and method
// expressions, and through multi-line calls whose comments a fix keeps.
package methodvalue

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func value(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	create := c.CreateChatCompletion
	_, err := create(ctx, req) // want `create \(Client.CreateChatCompletion\) has no retry handling`
	return err
}

func expression(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	_, err := (*openai.Client).CreateChatCompletion(c, ctx, req) // want `\(\*openai.Client\).CreateChatCompletion has no retry handling`
	return err
}

// A variable that holds something else too is not followed.
func either(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest, fake func(context.Context, openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error)) error {
	create := c.CreateChatCompletion
	if fake != nil {
		create = fake
	}
	_, err := create(ctx, req)
	return err
}

// A callee across lines is written on one line by the fix, so that gofmt
// has nothing to re-indent; one with a comment inside gets no fix.
func multiline(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	// want +1 `c.CreateChatCompletion has no retry handling: .*; wrap it with oaiguard.Call$`
	_, err := c.
		CreateChatCompletion(ctx, req)
	if err != nil {
		return err
	}
	_, err = c. // want `c.CreateChatCompletion has no retry handling: .*; retry it with oaiguard.Do`
			CreateChatCompletion(ctx, req)
	return err
}

func comments(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion( // want `c.CreateChatCompletion has no retry handling`
		// the caller's deadline
		ctx,
		req, // as built above
	)
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx, // want `c.CreateChatCompletion has no retry handling`
		req, // as built above
	)
	return err
}

// A comment may stand between the context and its comma.
func commentedContext(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) error {
	_, err := c.CreateChatCompletion(ctx /* c */, req) // want `c.CreateChatCompletion has no retry handling`
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx /* a */ /* b */, req) // want `c.CreateChatCompletion has no retry handling`
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx, /* a */ // want `c.CreateChatCompletion has no retry handling`
		req,
	)
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx, /* a */ // want `c.CreateChatCompletion has no retry handling`
		// about req
		req,
	)
	return err
}
