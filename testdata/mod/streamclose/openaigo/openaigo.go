// Package openaigo opens openai-go streams and closes some of them.
package openaigo

import (
	"context"

	"github.com/openai/openai-go/v3"
)

func leak(ctx context.Context, client openai.Client, params openai.ChatCompletionNewParams) error {
	stream := client.Chat.Completions.NewStreaming(ctx, params) // want `stream \(a \*ssestream.Stream from client.Chat.Completions.NewStreaming\) is never closed`
	for stream.Next() {
		_ = stream.Current()
	}
	return stream.Err()
}

func closed(ctx context.Context, client openai.Client, params openai.ChatCompletionNewParams) error {
	stream := client.Chat.Completions.NewStreaming(ctx, params)
	defer stream.Close()
	for stream.Next() {
		_ = stream.Current()
	}
	return stream.Err()
}
