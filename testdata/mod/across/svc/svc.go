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

// Answer is what Handler.Query answers.
type Answer struct{ Text, Error string }

// Handler answers queries, the error in a field of the answer.
type Handler struct{ c *client.Client }

// Query's error is always nil: its callers never see a failure to retry,
// and the call is judged here.
func (h *Handler) Query(ctx context.Context, q string) (*Answer, error) { // want Query:`returns own errors`
	if q == "" {
		return &Answer{Error: "empty"}, nil
	}
	text, err := h.c.Chat(ctx, q) // want `h.c.Chat has no retry handling`
	if err != nil {
		return &Answer{Error: err.Error()}, nil
	}
	return &Answer{Text: text}, nil
}

// Queries passes on the error of a function that returns one, nil or
// not: left to its callers.
func (h *Handler) Queries(ctx context.Context, q string) (*Answer, error) { // want Queries:`calls c.c.CreateChatCompletion \(go-openai\)`
	ans, err := h.query(ctx, q)
	return ans, err
}

func (h *Handler) query(ctx context.Context, q string) (*Answer, error) {
	text, err := h.c.Chat(ctx, q)
	if err != nil {
		return nil, err
	}
	return &Answer{Text: text}, nil
}
