// Package values calls the client package's methods through values: a
// generic helper of another package, a variable, a helper of its own.
package values

import (
	"context"

	"example.com/fixtures/across/client"
	"example.com/fixtures/across/gen"
	"example.com/fixtures/unretried/retried/retryutil"
)

func generic(ctx context.Context, c *client.Client) (string, error) {
	return gen.Call(ctx, c.Chat, "q") // want `gen.Call has no retry handling, here or in example.com/fixtures/across/client.Client.Chat, where it calls c.c.CreateChatCompletion`
}

func methodValue(ctx context.Context, c *client.Client) (string, error) {
	f := c.Chat
	return f(ctx, "q") // want `f has no retry handling, here or in example.com/fixtures/across/client.Client.Chat`
}

func ownHelper(ctx context.Context, c *client.Client) (string, error) {
	return call(ctx, c.Summarize)
}

func call(ctx context.Context, f func(context.Context, string) (string, error)) (string, error) {
	return f(ctx, "q") // want `f has no retry handling, here or in example.com/fixtures/across/client.Client.Summarize`
}

// Handed to a retry helper: retried.
func retried(ctx context.Context, c *client.Client) error {
	return retryutil.Do(func() error {
		_, err := gen.Call(ctx, c.Chat, "q")
		return err
	})
}

// A method value that is not always the same: not followed.
func either(ctx context.Context, c *client.Client, a *client.Agent, useA bool) (string, error) {
	f := c.Chat
	if useA {
		f = a.Ask
	}
	return f(ctx, "q")
}

// Kept for later, as a handler is registered: not a call of c.Chat.
func kept(c *client.Client) {
	gen.Keep(c.Chat)
}

// Registered with a router or a registry that returns only its own
// error: kept for later, not a call of c.Chat.
func registered(r *gen.Router, c *client.Client) error {
	if err := r.Handle("chat", c.Chat); err != nil {
		return err
	}
	return gen.Register(c.Chat)
}
