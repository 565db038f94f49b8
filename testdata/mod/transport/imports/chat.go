package imports

import (
	"context"

	"github.com/sashabaranov/go-openai"
)

// Ask has no retry handling: unretried's fix wraps it with the runtime,
// which then needs the transport on Client.
func Ask(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return Client.CreateChatCompletion(ctx, req)
}
