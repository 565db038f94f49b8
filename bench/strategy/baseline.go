package strategy

import (
	"context"
	"strings"
	"time"

	"github.com/openai/openai-go/v3"
)

// sdkCall is a process that makes the plain SDK call; the client's
// options decide whether the SDK retries.
type sdkCall struct{ clients *clients }

func (p *sdkCall) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.clients.get(key)
	return client.Chat.Completions.New(ctx, params)
}

func newNoRetry(env Env) Process {
	return &sdkCall{newClients(env, 0, nil, true)}
}

func newSDKDefault(env Env) Process {
	return &sdkCall{newClients(env, -1, nil, true)}
}

// naive is the retry loop of the seed article (reference/seed-article.txt)
// rendered in Go as people write it: five attempts, a delay that starts at
// one second and doubles with no jitter, retried when the error's text
// says 429 (the article matches "RateLimitError" in str(e)), and
// time.Sleep, which ignores the context. The article declares its delay
// once, outside the loop over requests, so it never resets; here it
// resets for each request, which is kinder to this strategy.
type naive struct{ clients *clients }

func newNaive(env Env) Process {
	return &naive{newClients(env, 0, nil, true)}
}

func (p *naive) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.clients.get(key)
	const maxRetries = 5
	retryDelay := time.Second
	var err error
	for attempt := 0; attempt < maxRetries; attempt++ {
		var resp *openai.ChatCompletion
		resp, err = client.Chat.Completions.New(ctx, params)
		if err == nil {
			return resp, nil
		}
		if strings.Contains(err.Error(), "429") && attempt < maxRetries-1 {
			time.Sleep(retryDelay)
			retryDelay *= 2
		} else {
			return nil, err
		}
	}
	return nil, err
}
