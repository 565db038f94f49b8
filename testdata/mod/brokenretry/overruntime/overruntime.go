// Package overruntime holds retry handling around oaiguard's runtime, which
// already retries: each outer attempt makes up to the runtime's attempts.
package overruntime

import (
	"context"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

func loopAroundRuntime(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (r openai.ChatCompletionResponse, err error) {
	for i := 0; i < 3; i++ {
		r, err = oaiguard.Call(ctx, c.CreateChatCompletion, req) // want `oaiguard.Call is retried at 2 layers: a retry loop \(3 attempts\) × oaiguard.Call \(N attempts\) = up to 3×N requests per call; drop the outer retry: oaiguard.Call retries by itself \(set its attempts with oaiguard.WithPolicy\)`
		if err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return r, err
}

func libraryAroundRuntime(ctx context.Context, c *openai.Client, id string) error {
	return backoff.Retry(func() error {
		return oaiguard.Exec(ctx, c.DeleteFile, id) // want `oaiguard.Exec is retried at 2 layers: backoff.Retry`
	}, backoff.WithContext(backoff.NewExponentialBackOff(), ctx))
}

// One layer: the runtime alone.
func runtimeAlone(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return oaiguard.Call(ctx, c.CreateChatCompletion, req)
}

// A loop over items sends a different request each time: no retry.
func overItems(ctx context.Context, c *openai.Client, reqs []openai.ChatCompletionRequest) error {
	for _, req := range reqs {
		if _, err := oaiguard.Call(ctx, c.CreateChatCompletion, req); err != nil {
			return err
		}
	}
	return nil
}
