// Package openaigo builds openai-go v3 params, some of which the API
// always rejects.
package openaigo

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/param"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"

	oaiguard "github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

var msgs = []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}

func reasoning(ctx context.Context, c openai.Client) error {
	_, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:       openai.ChatModelO3Mini,
		Messages:    msgs,
		MaxTokens:   openai.Int(500),   // want `the request to c.Chat.Completions.New sets max_tokens for reasoning model "o3-mini", which the API rejects \(400 every time\): use MaxCompletionTokens`
		Temperature: openai.Float(0),   // want `sets temperature to 0 for reasoning model "o3-mini", which the API rejects \(400 every time\): drop Temperature`
		Logprobs:    openai.Bool(true), // want `sets logprobs for reasoning model "o3-mini"`
		N:           openai.Int(2),     // n other than 1: go-openai's rule only
	})
	return err
}

// The params through a variable, fields assigned before the call, a
// stream, and the runtime.
func assigned(ctx context.Context, c openai.Client) error {
	p := openai.ChatCompletionNewParams{Messages: msgs}
	p.Model = shared.ChatModelGPT5
	p.TopP = param.NewOpt(0.9) // want `sets top_p to 0.9 for reasoning model "gpt-5"`
	s := c.Chat.Completions.NewStreaming(ctx, p)
	defer s.Close()
	_, err := oaiguard.Call(ctx, c.Chat.Completions.New, p)
	return err
}

func ranges(ctx context.Context, c openai.Client) error {
	_, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:            openai.ChatModelGPT4o,
		Messages:         msgs,
		N:                openai.Int(0),      // want `sets n to 0, .*between 1 and 128`
		Temperature:      openai.Float(-0.5), // want `sets temperature to -0.5, .*between 0 and 2`
		PresencePenalty:  openai.Float(2.5),  // want `sets presence_penalty to 2.5`
		TopLogprobs:      openai.Int(5),      // want `sets top_logprobs without logprobs`
		MaxTokens:        openai.Int(0),      // want `sets max_tokens to 0, .*at least 1`
		FrequencyPenalty: openai.Float(2),
	}, option.WithMaxRetries(5))
	return err
}

func missing(ctx context.Context, c openai.Client) error {
	_, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}) // want `the request to c.Chat.Completions.New has no messages, which the API requires \(400 every time\): set Messages`
	if err != nil {
		return err
	}
	_, err = c.Embeddings.New(ctx, openai.EmbeddingNewParams{ // want `has no input`
		Model: openai.EmbeddingModelTextEmbedding3Small,
	})
	return err
}

func jsonMode(ctx context.Context, c openai.Client) error {
	system := "Extract the names."
	_, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:          openai.ChatModelGPT4o,
		Messages:       []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(system), openai.UserMessage("Ann met Bob.")},
		ResponseFormat: openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}, // want `sets response_format json_object but no message mentions "JSON"`
	})
	return err
}

func responsesAPI(ctx context.Context, c openai.Client) error {
	_, err := c.Responses.New(ctx, responses.ResponseNewParams{
		Model:           shared.ResponsesModel("o4-mini"),
		MaxOutputTokens: openai.Int(8),     // want `the request to c.Responses.New sets max_output_tokens to 8, .*at least 16`
		Temperature:     openai.Float(0.3), // want `sets temperature to 0.3 for reasoning model "o4-mini"`
	})
	return err
}

// Negatives.

func fine(ctx context.Context, c openai.Client, model shared.ChatModel, t float64, in []openai.ChatCompletionMessageParamUnion) error {
	ps := []openai.ChatCompletionNewParams{
		{Model: openai.ChatModelGPT4o, Messages: msgs, Temperature: openai.Float(0), TopP: openai.Float(1), N: openai.Int(128),
			Logprobs: openai.Bool(true), TopLogprobs: openai.Int(20), MaxTokens: openai.Int(1)},
		// gpt-5-chat and gpt-5.x (effort none by default) take sampling.
		{Model: "gpt-5-chat-latest", Messages: msgs, Temperature: openai.Float(0.2), MaxTokens: openai.Int(9)},
		{Model: openai.ChatModelGPT5_1, Messages: msgs, Temperature: openai.Float(0.2)},
		// Reasoning model, defaults.
		{Model: openai.ChatModelO3, Messages: msgs, Temperature: openai.Float(1), MaxCompletionTokens: openai.Int(100), N: openai.Int(3)},
		// Not known from the source.
		{Model: model, Messages: in, Temperature: openai.Float(t), MaxTokens: openai.Int(5)},
		{Model: openai.ChatModelGPT4o, Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("Answer as json.")},
			ResponseFormat: openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}},
		{Model: openai.ChatModelGPT4o, Messages: in,
			ResponseFormat: openai.ChatCompletionNewParamsResponseFormatUnion{OfJSONObject: &shared.ResponseFormatJSONObjectParam{}}},
	}
	for _, p := range ps {
		if _, err := c.Chat.Completions.New(ctx, p); err != nil {
			return err
		}
	}
	// A Responses request needs no model (a stored prompt has one).
	_, err := c.Responses.New(ctx, responses.ResponseNewParams{Prompt: responses.ResponsePromptParam{ID: "pmpt_1"}})
	return err
}

// Raw JSON may set any field.
func raw(ctx context.Context, c openai.Client) error {
	p := openai.ChatCompletionNewParams{Messages: msgs}
	p.SetExtraFields(map[string]any{"model": "gpt-4o"})
	if _, err := c.Chat.Completions.New(ctx, p); err != nil {
		return err
	}
	_, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Messages: msgs}, option.WithJSONSet("model", "gpt-4o"))
	return err
}

// Two fields missing from one literal: both reported.
func bare(ctx context.Context, c openai.Client) error {
	_, err := c.Completions.New(ctx, openai.CompletionNewParams{}) // want `has no model` `has no prompt`
	return err
}

// The rest of the table's ranges.
func moreRanges(ctx context.Context, c openai.Client) error {
	_, err := c.Completions.New(ctx, openai.CompletionNewParams{
		Model:    openai.CompletionNewParamsModelGPT3_5TurboInstruct,
		Prompt:   openai.CompletionNewParamsPromptUnion{OfString: openai.String("hi")},
		Logprobs: openai.Int(6), // want `sets logprobs to 6, .*between 0 and 5`
		N:        openai.Int(0), // want `sets n to 0, .*at least 1`
	})
	if err != nil {
		return err
	}
	_, err = c.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model:      openai.EmbeddingModelTextEmbedding3Small,
		Input:      openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")},
		Dimensions: openai.Int(0), // want `sets dimensions to 0, .*at least 1`
	})
	if err != nil {
		return err
	}
	_, err = c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:               openai.ChatModelGPT4o,
		Messages:            msgs,
		MaxCompletionTokens: openai.Int(-1), // want `sets max_completion_tokens to -1, .*at least 1`
	})
	if err != nil {
		return err
	}
	_, err = c.Responses.New(ctx, responses.ResponseNewParams{
		Model:       openai.ChatModelGPT4o,
		TopLogprobs: openai.Int(21), // want `sets top_logprobs to 21, .*between 0 and 20`
	})
	return err
}
