// Package app retries svc.Do, whose API call is in agent.C.Ask.
package app

import (
	"context"

	"example.com/fixtures/across/agent"
	"example.com/fixtures/across/client"
	"example.com/fixtures/across/svc"
	retry "github.com/avast/retry-go/v4"
)

// The advice names the function that holds the SDK call.
func stacked(ctx context.Context, a *agent.C) error {
	return retry.Do(func() error { // want `retry.Do retries every error of svc.Do`
		_, err := svc.Do(ctx, a, "q") // want `svc.Do \(which calls c.c.Chat.Completions.New in example.com/fixtures/across/agent\) is retried at 2 layers: .*; pass option.WithMaxRetries\(0\) to c.c.Chat.Completions.New in example.com/fixtures/across/agent.C.Ask so that`
		return err
	}, retry.Attempts(10))
}

// Not retried anywhere: the message names where the call is.
func plain(ctx context.Context, c *client.Client) error {
	_, err := svc.Chat(ctx, c) // want `svc.Chat has no retry handling, here or in example.com/fixtures/across/svc.Chat, where it calls c.c.CreateChatCompletion in example.com/fixtures/across/client.Client.Chat: go-openai never retries`
	return err
}
