package imports

import (
	"context"

	"github.com/sashabaranov/go-openai"
)

// Ask leaves retrying to its callers, which unretried reports and whose fix
// retries with the runtime, which then needs the transport on Client.
func Ask(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return Client.CreateChatCompletion(ctx, req)
}
