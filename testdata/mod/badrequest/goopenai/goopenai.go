// Package goopenai builds go-openai requests, some of which the API (or
// go-openai's own client check) always rejects.
package goopenai

import (
	"context"

	oaiguard "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	openai "github.com/sashabaranov/go-openai"
)

var msgs = []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}}

func reasoningMaxTokens(ctx context.Context, c *openai.Client) error {
	req := openai.ChatCompletionRequest{
		Model:     openai.O3Mini,
		Messages:  msgs,
		MaxTokens: 500, // want `the request to c.CreateChatCompletion sets max_tokens for reasoning model "o3-mini", which go-openai rejects before sending it \(openai.ErrReasoningModelMaxTokensDeprecated\): use MaxCompletionTokens`
	}
	_, err := c.CreateChatCompletion(ctx, req)
	return err
}

func reasoningSampling(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:       "gpt-5-mini",
		Messages:    msgs,
		Temperature: 0.2,  // want `sets temperature to 0.2 for reasoning model "gpt-5-mini", which go-openai rejects before sending it \(openai.ErrReasoningModelLimitationsOther\): drop Temperature`
		LogProbs:    true, // want `sets logprobs for reasoning model "gpt-5-mini", which go-openai rejects before sending it \(openai.ErrReasoningModelLimitationsLogprobs\)`
		N:           2,    // want `sets n to 2 for reasoning model .*openai.ErrReasoningModelLimitationsOther`
	})
	return err
}

func reasoningOther(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:            openai.O1,
		Messages:         msgs,
		TopP:             0.5, // want `sets top_p to 0.5 for reasoning model "o1", which go-openai rejects before sending it \(openai.ErrReasoningModelLimitationsOther\)`
		FrequencyPenalty: 1,   // want `sets frequency_penalty to 1 for reasoning model "o1", which go-openai rejects before sending it \(openai.ErrReasoningModelLimitationsOther\)`
	})
	return err
}

// The model through a local variable and a field assigned before the
// call; go-openai's own check covers gpt-5.1 too.
func assigned(ctx context.Context, c *openai.Client) error {
	model := "gpt-5.1"
	var req openai.ChatCompletionRequest
	req.Model = model
	req.Messages = msgs
	req.PresencePenalty = 0.5 // want `sets presence_penalty to 0.5 for reasoning model "gpt-5.1", which go-openai rejects before sending it \(openai.ErrReasoningModelLimitationsOther\)`
	_, err := c.CreateChatCompletionStream(ctx, req)
	return err
}

func ranges(ctx context.Context, c *openai.Client) error {
	const hot = 2.5
	req := openai.ChatCompletionRequest{
		Model:            openai.GPT4o,
		Messages:         msgs,
		Temperature:      hot,  // want `the request to c.CreateChatCompletion sets temperature to 2.5, which the API rejects \(400 every time\): it must be between 0 and 2`
		TopP:             1.5,  // want `sets top_p to 1.5, .*between 0 and 1`
		N:                200,  // want `sets n to 200, .*between 1 and 128`
		FrequencyPenalty: -2.5, // want `sets frequency_penalty to -2.5, .*between -2 and 2`
		TopLogProbs:      3,    // want `sets top_logprobs without logprobs, which the API rejects \(400 every time\): set LogProbs to true, or drop TopLogProbs`
	}
	_, err := c.CreateChatCompletion(ctx, req)
	return err
}

func missing(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Messages: msgs}) // want `the request to c.CreateChatCompletion has no model, which the API requires \(400 every time\): set Model`
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{ // want `has no messages`
		Model: openai.GPT4o,
	})
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:    "",                               // want `sets model empty`
		Messages: []openai.ChatCompletionMessage{}, // want `sets messages empty`
	})
	return err
}

func jsonMode(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model: openai.GPT4o,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "You extract names."},
			{Role: openai.ChatMessageRoleUser, Content: "Ann and Bob met."},
		},
		ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}, // want `sets response_format json_object but no message mentions "JSON", which the API rejects \(400 every time\)`
	})
	return err
}

// Through the runtime, and a Responses request.
func wrapped(ctx context.Context, c *openai.Client) error {
	_, err := oaiguard.Call(ctx, c.CreateResponse, openai.CreateResponseRequest{
		Model:           "gpt-4o",
		Input:           "hi",
		MaxOutputTokens: 10, // want `the request to c.CreateResponse sets max_output_tokens to 10, .*at least 16`
	})
	return err
}

func embeddings(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateEmbeddings(ctx, openai.EmbeddingRequest{Model: openai.SmallEmbedding3}) // want `has no input`
	return err
}

// Negatives.

func fine(ctx context.Context, c *openai.Client, model string, temp float32, n int, in []openai.ChatCompletionMessage) error {
	reqs := []openai.ChatCompletionRequest{
		// In range, and the zeros go-openai does not send.
		{Model: openai.GPT4o, Messages: msgs, Temperature: 2, TopP: 0, N: 0, PresencePenalty: -2, LogProbs: true, TopLogProbs: 20, MaxTokens: 100},
		// Not a reasoning model: sampling and max_tokens are fine.
		{Model: "gpt-4.1-mini", Messages: msgs, Temperature: 0.3, MaxTokens: 10},
		// A reasoning model with the defaults and max_completion_tokens.
		{Model: openai.O3, Messages: msgs, Temperature: 1, TopP: 1, N: 1, MaxCompletionTokens: 500, PresencePenalty: -1},
		// Values not known from the source.
		{Model: model, Messages: in, Temperature: temp, MaxTokens: 5, N: n},
		// JSON mentioned, in any case.
		{Model: openai.GPT4o, Messages: []openai.ChatCompletionMessage{{Role: "system", Content: "Reply in Json."}},
			ResponseFormat: &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}},
		// Messages not known from the source.
		{Model: openai.GPT4o, Messages: in, ResponseFormat: &openai.ChatCompletionResponseFormat{Type: "json_object"}},
	}
	for _, r := range reqs {
		if _, err := c.CreateChatCompletion(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// Raw JSON may set any field.
func raw(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateResponse(ctx, openai.CreateResponseRequest{Model: "gpt-4o", Input: "hi", MaxOutputTokens: 8,
		ExtraBody: map[string]any{"max_output_tokens": 64}})
	return err
}

// Fields written on some paths only, or after the call, are not known.
func paths(ctx context.Context, c *openai.Client, hot bool) error {
	req := openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: msgs}
	if hot {
		req.Temperature = 3
	}
	req2 := openai.ChatCompletionRequest{Messages: msgs}
	if hot {
		req2.Model = openai.GPT4o
	}
	_, err := c.CreateChatCompletion(ctx, req2)
	if err != nil {
		return err
	}
	_, err = c.CreateChatCompletion(ctx, req)
	req.MaxTokens = 10
	return err
}

// A request whose address escapes may be changed by the callee.
func escapes(ctx context.Context, c *openai.Client) error {
	req := openai.ChatCompletionRequest{Messages: msgs}
	setModel(&req)
	_, err := c.CreateChatCompletion(ctx, req)
	return err
}

func setModel(r *openai.ChatCompletionRequest) { r.Model = openai.GPT4o }

// A variable assigned twice is not followed.
func twice(ctx context.Context, c *openai.Client, big bool) error {
	t := float32(0.5)
	if big {
		t = 3
	}
	_, err := c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: msgs, Temperature: t})
	return err
}

// A request literal that no API call sends is not a request.
func unsent() openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{Temperature: 9}
}
