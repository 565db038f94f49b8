// Package openaigo calls shut-down and deprecated APIs and models through
// openai-go v3.
package openaigo

import (
	"context"
	"fmt"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
)

func assistants(ctx context.Context, client openai.Client) error {
	a, err := client.Beta.Assistants.New(ctx, openai.BetaAssistantNewParams{ // want `BetaAssistantService.New calls the Assistants API, which was shut down on 2026-08-26: every request fails, and no retry helps; move to the Responses API \(runs\) and the Conversations API \(threads\)`
		Model: openai.ChatModelGPT5_4Mini,
	})
	if err != nil {
		return err
	}
	_, err = client.Beta.Threads.Runs.New(ctx, "thread_1", openai.BetaThreadRunNewParams{AssistantID: a.ID}) // want `BetaThreadRunService.New calls the Assistants API, which was shut down`
	if err != nil {
		return err
	}
	pager := client.Beta.Assistants.ListAutoPaging(ctx, openai.BetaAssistantListParams{}) // want `BetaAssistantService.ListAutoPaging calls the Assistants API`
	for pager.Next() {
		fmt.Println(pager.Current().ID)
	}
	return pager.Err()
}

func videos(ctx context.Context, client openai.Client) {
	_, _ = client.Videos.New(ctx, openai.VideoNewParams{Prompt: "a cat"}) // want `VideoService.New calls openai-go's VideoService, which was shut down on 2026-09-24`
}

func translations(ctx context.Context, client openai.Client) {
	_, _ = client.Audio.Translations.New(ctx, openai.AudioTranslationNewParams{Model: openai.AudioModelWhisper1}) // want `AudioTranslationService.New calls openai-go's AudioTranslationService, which is deprecated and shuts down on 2027-02-26; move to /v1/realtime/translations` `model "whisper-1" in AudioTranslationNewParams.Model is deprecated: its shutdown is announced for 2027-02-26`
}

// defaultModel reaches the request through a variable.
const defaultModel = "gpt-3.5-" + "turbo" // want `model "gpt-3.5-turbo", which reaches ChatCompletionNewParams.Model \(line 50\), was shut down on 2026-10-23 \(github.com/openai/openai-go/v3@v3.98.0\): every request fails, and no retry helps; pick a current model`

type config struct{ Model string }

var cfg = config{Model: "o1-preview"} // want `model "o1-preview", which reaches ChatCompletionNewParams.Model \(line 56\), was shut down on 2025-07-28`

func chat(ctx context.Context, client openai.Client) {
	model := defaultModel
	params := openai.ChatCompletionNewParams{
		Model:    model,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
	}
	_, _ = client.Chat.Completions.New(ctx, params, option.WithMaxRetries(3))

	p2 := openai.ChatCompletionNewParams{Messages: params.Messages}
	p2.Model = cfg.Model
	_, _ = client.Chat.Completions.New(ctx, p2)

	_, _ = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT5Mini, // want `model "gpt-5-mini" in ChatCompletionNewParams.Model is deprecated: its shutdown is announced for 2026-12-11`
	})
	_, _ = client.Responses.New(ctx, responses.ResponseNewParams{
		Model: "gpt-4-32k", // want `model "gpt-4-32k" in ResponseNewParams.Model was shut down on 2025-06-06`
	})
	// A directive above a statement of several lines covers its
	// fields' lines.
	//oaiguard:ignore deprecatedmodel moving off it in #43
	_, _ = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: openai.ChatModelGPT5Mini,
	})
	_, _ = client.Images.Generate(ctx, openai.ImageGenerateParams{
		Prompt: "a cat",
		Model:  openai.ImageModelDallE3, // want `model "dall-e-3" in ImageGenerateParams.Model was shut down on 2026-05-12 \(github.com/openai/openai-go/v3@v3.98.0\): every request fails, and no retry helps; use a GPT image model`
	})
}

// Negatives: current models, model names in strings that reach no
// request, a response's model, a call ignored by its category.
func negatives(ctx context.Context, client openai.Client) {
	_, _ = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_4Mini})
	_, _ = client.Responses.New(ctx, responses.ResponseNewParams{Model: "gpt-5.4"})
	fmt.Println("we moved off gpt-3.5-turbo")
	names := map[string]string{"legacy": "gpt-4-32k"}
	_ = names
	resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "gpt-5.4-mini"})
	if err == nil && resp.Model == "gpt-3.5-turbo" {
		fmt.Println("old")
	}
	_, _ = client.Responses.Get(ctx, "resp_1", responses.ResponseGetParams{})
	//oaiguard:ignore shutapi migrating in #42
	_, _ = client.Beta.Assistants.Delete(ctx, "asst_1")
}

// A model in a nested params struct whose name ends in neither Params nor
// Request.
func imageTool(ctx context.Context, client openai.Client) {
	_, _ = client.Responses.New(ctx, responses.ResponseNewParams{
		Model: openai.ChatModelGPT5_4Mini,
		Tools: []responses.ToolUnionParam{{OfImageGeneration: &responses.ToolImageGenerationParam{
			Model: "gpt-image-1", // want `model "gpt-image-1" in ToolImageGenerationParam.Model was shut down on 2026-10-23`
		}}},
	})
}
