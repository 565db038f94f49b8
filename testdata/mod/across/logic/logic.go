// Package logic uses the client package: it handles the errors of its
// calls and retries them, well or badly.
package logic

import (
	"context"
	"errors"
	"strings"

	"example.com/fixtures/across/client"
	"example.com/fixtures/unretried/retried/retryutil"
	retry "github.com/avast/retry-go/v4"
)

// Not retried here, nor in the client package: reported at the call.
func plain(ctx context.Context, c *client.Client) (string, error) {
	return c.Chat(ctx, "hi") // want `c.Chat has no retry handling, here or in example.com/fixtures/across/client.Client.Chat, where it calls c.c.CreateChatCompletion: go-openai never retries`
}

func throughHelper(ctx context.Context, c *client.Client) (string, error) {
	return c.Summarize(ctx, "text") // want `c.Summarize has no retry handling, here or in example.com/fixtures/across/client.Client.Summarize`
}

// Retried through an in-house retry helper: fine.
func helper(ctx context.Context, c *client.Client) error {
	return retryutil.Do(func() error {
		_, err := c.Chat(ctx, "hi")
		return err
	})
}

// Retried by a loop, through the module's interface, with no wait.
func loop(ctx context.Context, ai client.AI) (string, error) {
	var err error
	for range 10 { // want `retry loop around ai.Chat: .*no wait`
		var out string
		out, err = ai.Chat(ctx, "hi")
		if err == nil {
			return out, nil
		}
	}
	return "", err
}

// openai-go's own retries stacked under retry.Do.
func stacked(ctx context.Context, a *client.Agent) error {
	return retry.Do(func() error { // want `retry.Do retries every error of a.Ask`
		_, err := a.Ask(ctx, "q") // want `a.Ask \(which calls a.c.Chat.Completions.New in example.com/fixtures/across/client\) is retried at 2 layers: retry.Do \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30 requests per call; pass option.WithMaxRetries\(0\) to a.c.Chat.Completions.New in example.com/fixtures/across/client.Agent.Ask`
		return err
	}, retry.Attempts(10))
}

// Ping retries by itself: nothing to say.
func ping(ctx context.Context, c *client.Client) error {
	return c.Ping(ctx)
}

// Error text of a go-openai error that came from the client package.
func text(ctx context.Context, c *client.Client) bool {
	_, err := c.Chat(ctx, "hi")                                            // want `c.Chat has no retry handling`
	return err != nil && strings.Contains(err.Error(), "status code: 429") // want `err.Error\(\) matched against "status code: 429" to detect a rate limit.*\(the error comes from go-openai via example.com/fixtures/across/client.Client.Chat\)`
}

// The same through the interface.
func viaInterface(ctx context.Context, ai client.AI) bool {
	_, err := ai.Chat(ctx, "hi")                              // want `ai.Chat has no retry handling`
	return strings.Contains(err.Error(), "Too Many Requests") // want `matched against "Too Many Requests".*\(the error comes from go-openai via example.com/fixtures/across/client.AI.Chat\)`
}

// An error of unknown origin matched against a text only go-openai's
// errors hold.
func unknown(err error) bool {
	return strings.Contains(err.Error(), "status code: 401") // want `matched against "status code: 401".*the text is one only go-openai's errors hold`
}

// The module's own errors, whatever their text: silent.
func own(ctx context.Context, c *client.Client) bool {
	err := c.Check(ctx)
	return err != nil && strings.Contains(err.Error(), "status code: 429")
}

var errLocal = errors.New("status code: 429")

func local(err error) bool {
	return errors.Is(err, errLocal) || strings.Contains(errLocal.Error(), "status code: 429")
}

// A text any error may hold, on an error of unknown origin: silent.
func generic(err error) bool {
	return strings.Contains(err.Error(), "429")
}
