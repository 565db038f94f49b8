package goopenai

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

type settings struct{ Model string }

// A model overwritten before the call is not the one sent: only a value
// every definition of which is the constant is reported.
func overwritten(ctx context.Context, c *openai.Client, cfg settings) {
	model := "gpt-4"
	model = "gpt-5.4"
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: model})

	base := openai.ChatCompletionRequest{Model: openai.GPT3Dot5Turbo}
	base.Model = cfg.Model
	_, _ = c.CreateChatCompletion(ctx, base)

	m := "gpt-5"
	m += ".4"
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: m})

	p := "gpt-4"
	setTo(&p)
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: p})
}

func setTo(p *string) { *p = "gpt-5.4" }

// Still reported: one definition, and a write to another field.
func once(ctx context.Context, c *openai.Client) {
	model := "gpt-4"                                                 // want `model "gpt-4", which reaches ChatCompletionRequest.Model \(line 39\), was shut down`
	req := openai.ChatCompletionRequest{Model: openai.GPT3Dot5Turbo} // want `model "gpt-3.5-turbo" in ChatCompletionRequest.Model was shut down`
	req.Temperature = 1
	_, _ = c.CreateChatCompletion(ctx, req)
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: model})
}

// The Model field it reaches is in another file: the message names it.
const elsewhere = "gpt-4-32k" // want `model "gpt-4-32k", which reaches ChatCompletionRequest.Model \(sink.go:12\), was shut down`

// Shut-down models neither SDK marks: hand entries.
func unmarked(ctx context.Context, c *openai.Client) {
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: openai.GPT3Curie})                       // want `model "curie" in CompletionRequest.Model was shut down on 2024-01-04 .*; use davinci-002`
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: openai.CodexCodeDavinci002})             // want `model "code-davinci-002" in CompletionRequest.Model was shut down on 2023-03-23`
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: openai.CodexCodeCushman001})             // want `model "code-cushman-001" in CompletionRequest.Model was shut down`
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: openai.CodexCodeDavinci001})             // want `model "code-davinci-001" in CompletionRequest.Model was shut down`
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4Dot5Preview})         // want `model "gpt-4.5-preview" in ChatCompletionRequest.Model was shut down on 2025-07-14`
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4Dot5Preview20250227}) // want `model "gpt-4.5-preview-2025-02-27" in ChatCompletionRequest.Model was shut down`
}

// An answer's struct is not a request: a fake of one is not reported.
func fakeAnswers() (openai.ChatCompletionResponse, openai.Run) {
	return openai.ChatCompletionResponse{Model: "gpt-4"}, openai.Run{Model: "gpt-4"}
}
