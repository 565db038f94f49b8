// Package cgo calls the API from a file that uses cgo. The analyzers see
// the file cmd/cgo writes from it, which says it is generated; it is still
// the user's code, and reported. A fix would edit cmd/cgo's output, not
// this file, so none is offered.
package cgo

// #include <stdlib.h>
import "C"

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func chat(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	_ = C.size_t(0)
	return c.CreateChatCompletion(ctx, req) // want `c.CreateChatCompletion has no retry handling`
}
