// Package app calls ai's Ask on clients of each of its three constructors.
package app

import (
	"context"
	"time"

	"example.com/fixtures/across/ctorthree/ai"
)

func loopDefault(ctx context.Context) (s string, err error) {
	c := ai.NewDefault()
	for i := 0; i < 3; i++ { // want `retry loop around c.Ask`
		if s, err = c.Ask(ctx, "q"); err == nil { // want `c.Ask \(which calls c.c.Chat.Completions.New in example.com/fixtures/across/ctorthree/ai\) is retried at 2 layers: a retry loop \(3 attempts\) × openai-go's own retries \(3 attempts\) = up to 9 requests per call; build the client with example.com/fixtures/across/ctorthree/ai.NewPlain`
			return s, nil
		}
		time.Sleep(time.Second)
	}
	return "", err
}

func loopFour(ctx context.Context) (s string, err error) {
	c := ai.NewFour()
	for i := 0; i < 3; i++ { // want `retry loop around c.Ask`
		if s, err = c.Ask(ctx, "q"); err == nil { // want `a retry loop \(3 attempts\) × openai-go's own retries \(5 attempts\) = up to 15 requests per call`
			return s, nil
		}
		time.Sleep(time.Second)
	}
	return "", err
}

func plain(ctx context.Context) string {
	s, _ := ai.NewPlain().Ask(ctx, "q") // want `ai.NewPlain\(\).Ask has no retry handling` `is discarded \(it is assigned to _\)`
	return s
}

// The plain client may reach the call: unretried.
func ifElse(ctx context.Context, f bool) string {
	var c *ai.Client
	if f {
		c = ai.NewPlain()
	} else {
		c = ai.NewDefault()
	}
	s, _ := c.Ask(ctx, "q") // want `c.Ask has no retry handling` `is discarded \(it is assigned to _\)`
	return s
}

// Either retrying constructor: retried either way, nothing to report.
func eitherRetrying(ctx context.Context, f bool) string {
	var c *ai.Client
	if f {
		c = ai.NewFour()
	} else {
		c = ai.NewDefault()
	}
	s, _ := c.Ask(ctx, "q")
	return s
}
