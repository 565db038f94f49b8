package logic

import (
	"context"
	"time"

	"example.com/fixtures/across/client"
)

// withTimeout gives each attempt a longer timeout, computed from its
// number: the request is the same.
func withTimeout(ctx context.Context, c *client.Client, attempt int) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(30+attempt*2)*time.Second)
	defer cancel()
	return c.Chat(ctx, "hi")
}

// The attempt's number handed to withTimeout does not make the loop a
// batch: it retries, with no wait.
func attempts(ctx context.Context, c *client.Client) (string, error) {
	var out string
	var err error
	for i := 0; i < 10; i++ { // want `retry loop around withTimeout: .*no wait`
		out, err = withTimeout(ctx, c, i)
		if err == nil {
			break
		}
	}
	return out, err
}

func askWithTimeout(ctx context.Context, a *client.Agent, attempt int) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(attempt+1)*time.Minute)
	defer cancel()
	return a.Ask(ctx, "q") // want `a.Ask \(which calls a.c.Chat.Completions.New in example.com/fixtures/across/client\) is retried at 2 layers: its callers \(a retry loop\) \(10 attempts\) × openai-go's own retries \(3 attempts\) = up to 30 requests per call`
}

// askTen retries ten times, with the attempt's number as the timeout,
// and openai-go retries each: stacked.
func askTen(ctx context.Context, a *client.Agent) (string, error) {
	var out string
	var err error
	for i := range 10 { // want `retry loop around askWithTimeout: .*no wait`
		out, err = askWithTimeout(ctx, a, i)
		if err == nil {
			break
		}
	}
	return out, err
}

// A loop over items by index hands the index to the helper, which picks
// the item: each pass sends another request, and the failed one is
// skipped, not retried.
func each(ctx context.Context, c *client.Client, prompts []string) {
	for i := 0; i < len(prompts); i++ {
		if _, err := nth(ctx, c, prompts, i); err == nil {
			break
		}
	}
}

func nth(ctx context.Context, c *client.Client, prompts []string, i int) (string, error) {
	return c.Chat(ctx, prompts[i]) // want `c.Chat has no retry handling`
}

// The index picks the prompt at the call: another request each pass.
func picked(ctx context.Context, c *client.Client, prompts [3]string) {
	for i := 0; i < 3; i++ {
		if _, err := c.Chat(ctx, prompts[i]); err == nil { // want `c.Chat has no retry handling`
			break
		}
	}
}
