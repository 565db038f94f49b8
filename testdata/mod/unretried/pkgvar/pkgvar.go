// Package pkgvar holds API calls made while the package initialises: in
// package-level var initializers, directly or in function literals and
// functions called there. Walking out from such a call reaches the file,
// not a function.
package pkgvar

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

var client = openai.NewClient("sk-x")

var _, initErr = client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{}) // want `client.CreateChatCompletion has no retry handling`

// A literal called in place runs where it stands.
var sent = func() error {
	_, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{}) // want `client.CreateChatCompletion has no retry handling`
	return err
}()

// A literal stored in a package-level variable.
var op = func() error {
	_, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{}) // want `client.CreateChatCompletion has no retry handling`
	return err
}

// helper's only caller is a var initializer.
func helper() error {
	_, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{}) // want `client.CreateChatCompletion has no retry handling`
	return err
}

var viaHelper = helper()
