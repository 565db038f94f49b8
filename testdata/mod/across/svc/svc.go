// Package svc calls agent and leaves retrying to its own callers.
package svc

import (
	"context"

	"example.com/fixtures/across/agent"
	"example.com/fixtures/across/client"
)

// Do passes the question on.
func Do(ctx context.Context, a *agent.C, q string) (string, error) { // want Do:`calls c.c.Chat.Completions.New \(openai-go, retries on\)`
	return a.Ask(ctx, q)
}

// Chat passes the prompt on to the client package.
func Chat(ctx context.Context, c *client.Client) (string, error) { // want Chat:`calls c.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors from c.c.CreateChatCompletion via example.com/fixtures/across/client.Client.Chat`
	return c.Chat(ctx, "hi")
}
