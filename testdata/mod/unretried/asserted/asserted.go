// Package asserted handles the call's error by a type assertion or type
// switch on the SDK's error type: wrapped, the error is the runtime's,
// which wraps the SDK's, and a bare assertion would panic, a switch's case
// stop matching. The wrap waits until errors.As does the job. A comma-ok
// assertion becomes errors.As in the wrap's own fix, with the edits of
// errtype's fix for it (the same bytes: merged, they are taken once); one
// that errtype does not rewrite (ok read again in the if's body) holds the wrap back.
package asserted

import (
	"context"
	"errors"

	openai "github.com/sashabaranov/go-openai"
)

func bare(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) int {
	_, err := c.CreateChatCompletion(ctx, req) // want `c.CreateChatCompletion has no retry handling: go-openai never retries, so one 429 or 5xx fails it; wrap it with oaiguard.Call once the type assertion on its error at line 20 uses errors.As`
	if err != nil {
		return err.(*openai.APIError).HTTPStatusCode
	}
	return 0
}

func commaOK(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) bool {
	_, err := c.CreateChatCompletion(ctx, req) // want `wrap it with oaiguard.Call$`
	if e, ok := err.(*openai.APIError); ok && e.HTTPStatusCode == 429 {
		return true
	}
	return false
}

func okReadLater(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) bool {
	_, err := c.CreateChatCompletion(ctx, req) // want `wrap it with oaiguard.Call once the comma-ok type assertion on its error at line 35 uses errors.As`
	if e, ok := err.(*openai.APIError); ok {
		return ok && e.HTTPStatusCode == 429
	}
	return false
}

func typeSwitch(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) int {
	_, err := c.CreateChatCompletion(ctx, req) // want `wrap it with oaiguard.Call once the type switch on its error at line 46 uses errors.As`
	switch e := err.(type) {
	case nil:
		return 0
	case *openai.APIError:
		return e.HTTPStatusCode
	}
	return -1
}

// errors.As finds the SDK's error inside the runtime's: the wrap is safe.
func as(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) int {
	_, err := c.CreateChatCompletion(ctx, req) // want `wrap it with oaiguard.Call$`
	var e *openai.APIError
	if errors.As(err, &e) {
		return e.HTTPStatusCode
	}
	return 0
}
