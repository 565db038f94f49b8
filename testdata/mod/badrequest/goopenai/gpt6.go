package goopenai

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

// go-openai v1.43.0 checks the GPT-6 models with rules of their own
// (validateGPT6ChatParams).
func gpt6(ctx context.Context, c *openai.Client, effort string) {
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT6Sol, Messages: msgs, MaxTokens: 100})                                              // want `sets max_tokens for "gpt-6-sol", which go-openai rejects before sending it \(openai.ErrReasoningModelMaxTokensDeprecated\): use MaxCompletionTokens`
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT6Astra, Messages: msgs, Temperature: 0.3})                                          // want `sets temperature with reasoning on for "gpt-6-astra", which go-openai rejects before sending it \(openai.ErrReasoningSamplingUnsupported\): drop Temperature$`
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT6Luna, Messages: msgs, TopP: 1})                                                    // want `sets top_p with reasoning on for "gpt-6-luna", .*openai.ErrReasoningSamplingUnsupported.*: drop TopP, or set ReasoningEffort to "none"`
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT6Dot1Sol, Messages: msgs, LogProbs: true, TopLogProbs: 2, ReasoningEffort: "high"}) // want `sets logprobs with reasoning on` `sets top_logprobs with reasoning on`
	// Not reported: reasoning off, or the effort unknown.
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT6Sol, Messages: msgs, Temperature: 0.3, ReasoningEffort: "none"})
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT6Sol, Messages: msgs, Temperature: 0.3, ReasoningEffort: effort})
	// Not a GPT-6 ID go-openai checks: nothing on the client.
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-6-sol-2026-01-01", Messages: msgs, Temperature: 0.3})
}
