// Package lib has exported functions that return an error, some of which
// drop the API call's error: their callers can retry nothing, so the
// call is judged where it is written.
package lib

import (
	"context"
	"errors"
	"fmt"
	"log"

	openai "github.com/sashabaranov/go-openai"
)

// C is the package's client.
var C *openai.Client

func req() openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{Model: openai.GPT5Dot2, Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "x"}}}
}

// Swallow logs the API error and returns another one.
func Swallow(ctx context.Context, q string) error { // want Swallow:`^returns own errors$`
	r, err := C.CreateChatCompletion(ctx, req()) // want `C.CreateChatCompletion has no retry handling`
	if err != nil {
		log.Println(err)
		return nil
	}
	if q == "" || r.ID == "" {
		return errors.New("empty")
	}
	return nil
}

func ask(ctx context.Context) error {
	_, err := C.CreateChatCompletion(ctx, req()) // want `C.CreateChatCompletion has no retry handling`
	return err
}

// Quiet drops ask's error.
func Quiet(ctx context.Context) error { // want Quiet:`^returns own errors$`
	if err := ask(ctx); err != nil {
		log.Print(err)
		return errors.New("failed")
	}
	return nil
}

// Wrapped passes the API error on: left to its callers.
func Wrapped(ctx context.Context) error { // want Wrapped:`calls C.CreateChatCompletion \(go-openai\)`
	_, err := C.CreateChatCompletion(ctx, req())
	if err != nil {
		log.Println(err)
		return fmt.Errorf("wrapped: %w", err)
	}
	return nil
}
