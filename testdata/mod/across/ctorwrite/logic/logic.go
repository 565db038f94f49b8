// Package logic calls ai's clients built each way.
package logic

import (
	"context"
	"sync"

	"example.com/fixtures/across/ctorwrite/ai"
)

func plain(ctx context.Context) (string, error) {
	return ai.NewPlain("k").Ask(ctx, "hi") // want `ai.NewPlain\("k"\).Ask has no retry handling, here or in example.com/fixtures/across/ctorwrite/ai.Client.Ask, where it calls c.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// Retrying: silent.
func retrying(ctx context.Context) (string, error) {
	return ai.NewRetrying("k").Ask(ctx, "hi")
}

// Out of sight: silent.
func given(ctx context.Context, c *ai.Client) (string, error) {
	return c.Ask(ctx, "hi")
}

var (
	once sync.Once
	inst *ai.Client
)

func get() *ai.Client {
	once.Do(func() { inst = ai.NewPlain("k") })
	return inst
}

func getRetrying() *ai.Client { return ai.NewRetrying("k") }

// A singleton of the plain constructor: reported.
func singleton(ctx context.Context) (string, error) {
	return get().Ask(ctx, "hi") // want `get\(\).Ask has no retry handling, .* on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// A getter of the retrying one: silent.
func getter(ctx context.Context) (string, error) {
	return getRetrying().Ask(ctx, "hi")
}

// wrapper embeds ai's client: its Ask is the client's.
type wrapper struct{ *ai.Client }

// Embedding a plain client: reported.
func embeddedPlain(ctx context.Context) (string, error) {
	w := wrapper{ai.NewPlain("k")}
	return w.Ask(ctx, "hi") // want `w.Ask has no retry handling, .* on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// Embedding a retrying one: silent.
func embeddedRetrying(ctx context.Context) (string, error) {
	w := &wrapper{Client: ai.NewRetrying("k")}
	return w.Ask(ctx, "hi")
}

// A method value of a plain client: reported.
func methodValue(ctx context.Context) (string, error) {
	f := ai.NewPlain("k").Ask
	return f(ctx, "hi") // want `f has no retry handling, .* on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// A method expression on a plain client: reported.
func methodExpr(ctx context.Context) (string, error) {
	return (*ai.Client).Ask(ai.NewPlain("k"), ctx, "hi") // want `\(\*ai.Client\).Ask has no retry handling, .* on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// A method value of a retrying one: silent.
func methodValueRetrying(ctx context.Context) (string, error) {
	f := ai.NewRetrying("k").Ask
	return f(ctx, "hi")
}

var getOnce = sync.OnceValue(func() *ai.Client { return ai.NewPlain("k") })

var getOnceRetrying = sync.OnceValue(func() *ai.Client { return ai.NewRetrying("k") })

// A sync.OnceValue singleton of the plain constructor: reported.
func onceValue(ctx context.Context) (string, error) {
	return getOnce().Ask(ctx, "hi") // want `getOnce\(\).Ask has no retry handling, .* on a client built by example.com/fixtures/across/ctorwrite/ai.NewPlain`
}

// Of the retrying one: silent.
func onceValueRetrying(ctx context.Context) (string, error) {
	return getOnceRetrying().Ask(ctx, "hi")
}
