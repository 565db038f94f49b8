// Package lib leaves retrying to its callers; one call carries a
// suppression, which goes with it to the callers.
package lib

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

// C is the package's client.
var C *openai.Client

// Telemetry is best effort: its call is suppressed where it is written.
func Telemetry(ctx context.Context) error { // want Telemetry:`calls C.CreateChatCompletion \(go-openai, ignored\)`
	//oaiguard:ignore unretried best-effort telemetry
	_, err := C.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT5Dot2, Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "x"}}})
	return err
}

// Ask has no suppression.
func Ask(ctx context.Context) error { // want Ask:`^calls C.CreateChatCompletion \(go-openai\); returns`
	_, err := C.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT5Dot2, Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "x"}}})
	return err
}

// Both passes Telemetry's suppression on, and Ask's call with none.
func Both(ctx context.Context) error { // want Both:`^calls C.CreateChatCompletion \(go-openai\); calls C.CreateChatCompletion \(go-openai, ignored\); returns`
	if err := Telemetry(ctx); err != nil {
		return err
	}
	return Ask(ctx)
}
