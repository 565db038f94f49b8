// Package logic asks through clients of package ai, none retried here.
package logic

import (
	"context"

	"example.com/fixtures/across/ctor/ai"
)

// A plain client: reported, though NewRetrying's clients retry.
func plain(ctx context.Context) (string, error) {
	return ai.NewPlain("k").Ask(ctx, "hi") // want `ai.NewPlain\("k"\).Ask has no retry handling, here or in example.com/fixtures/across/ctor/ai.Client.Ask, where it calls c.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctor/ai.NewPlain: go-openai never retries`
}

func plainVar(ctx context.Context) (string, error) {
	c := ai.NewPlain("k")
	return c.Ask(ctx, "hi") // want `c.Ask has no retry handling`
}

// A retrying client: silent.
func retrying(ctx context.Context) (string, error) {
	c := ai.NewRetrying("k")
	return c.Ask(ctx, "hi")
}

// A client out of sight may retry: silent.
func given(ctx context.Context, c *ai.Client) (string, error) {
	return c.Ask(ctx, "hi")
}

// Either constructor: the plain one's client reaches the call too, where
// nothing retries it: reported.
func either(ctx context.Context, retry bool) (string, error) {
	c := ai.NewPlain("k")
	if retry {
		c = ai.NewRetrying("k")
	}
	return c.Ask(ctx, "hi") // want `c.Ask has no retry handling, here or in example.com/fixtures/across/ctor/ai.Client.Ask, where it calls c.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctor/ai.NewPlain: go-openai never retries`
}

// The same as an if/else.
func ifElse(ctx context.Context, plain bool) (string, error) {
	var c *ai.Client
	if plain {
		c = ai.NewPlain("k")
	} else {
		c = ai.NewRetrying("k")
	}
	return c.Ask(ctx, "hi") // want `c.Ask has no retry handling, here or in example.com/fixtures/across/ctor/ai.Client.Ask, where it calls c.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctor/ai.NewPlain`
}

// Either constructor or a client from out of sight: silent.
func eitherGiven(ctx context.Context, given *ai.Client, plain bool) (string, error) {
	c := given
	if plain {
		c = ai.NewPlain("k")
	}
	return c.Ask(ctx, "hi")
}

// openai-go with its retries off: reported; with them on: silent.
func offline(ctx context.Context) (string, error) {
	return ai.NewOffline().Ask(ctx, "hi") // want `ai.NewOffline\(\).Ask has no retry handling, here or in example.com/fixtures/across/ctor/ai.O.Ask, where it calls o.c.Chat.Completions.New on a client built by example.com/fixtures/across/ctor/ai.NewOffline: option.WithMaxRetries\(0\)`
}

func online(ctx context.Context) (string, error) {
	return ai.NewO().Ask(ctx, "hi")
}

// Through a shared helper: reported on the plain pair only.
func pairs(ctx context.Context) (string, error) {
	if s, err := ai.NewRetryingPair("k").Ask(ctx, "hi"); err == nil {
		return s, nil
	}
	return ai.NewPlainPair("k").Ask(ctx, "hi") // want `ai.NewPlainPair\("k"\).Ask has no retry handling, here or in example.com/fixtures/across/ctor/ai.Pair.Ask, where it calls p.c.CreateChatCompletion on a client built by example.com/fixtures/across/ctor/ai.NewPlainPair`
}
