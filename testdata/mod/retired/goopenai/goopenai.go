// Package goopenai calls shut-down and deprecated APIs and models through
// go-openai, whose methods carry no deprecation mark for most of them.
package goopenai

import (
	"context"

	openai "github.com/sashabaranov/go-openai"
)

func legacy(ctx context.Context, c *openai.Client) {
	_, _ = c.CreateAssistant(ctx, openai.AssistantRequest{Model: openai.GPT5Dot4Mini})         // want `Client.CreateAssistant calls the Assistants API, which was shut down on 2026-08-26: every request fails, and no retry helps; move to the Responses API \(runs\) and the Conversations API \(threads\)`
	_, _ = c.CreateRun(ctx, "thread_1", openai.RunRequest{AssistantID: "asst_1"})              // want `Client.CreateRun calls the Assistants API`
	_, _ = c.ListMessage(ctx, "thread_1", nil, nil, nil, nil, nil)                             // want `Client.ListMessage calls the Assistants API`
	_, _ = c.CreateFineTune(ctx, openai.FineTuneRequest{TrainingFile: "file-1"})               // want `Client.CreateFineTune calls the legacy fine-tunes API \(/v1/fine-tunes\), which was shut down on 2024-01-04`
	_, _ = c.Edits(ctx, openai.EditsRequest{Instruction: "fix"})                               // want `Client.Edits calls the Edits API \(/v1/edits\), which was shut down on 2024-01-04: every request fails, and no retry helps; move to CreateChatCompletion`
	_, _ = c.ListEngines(ctx)                                                                  // want `Client.ListEngines calls the Engines API \(/v1/engines\), which is deprecated \(no shutdown date announced\); move to ListModels / GetModel \(/v1/models\)`
	_, _ = c.CreateCompletion(ctx, openai.CompletionRequest{Model: openai.GPT3TextDavinci003}) // want `model "text-davinci-003" in CompletionRequest.Model is shut down \(github.com/sashabaranov/go-openai@v1.43.0\): every request fails, and no retry helps; use gpt-3.5-turbo-instruct`
	_, _ = c.CreateEmbeddings(ctx, openai.EmbeddingRequest{Model: openai.AdaSearchQuery})      // want `model "text-search-ada-query-001" in EmbeddingRequest.Model is shut down .*; use text-embedding-ada-002`
}

// A model picked by a function parameter's caller is not followed; one
// held in a package variable is.
var fallback = openai.GPT3Dot5Turbo // want `model "gpt-3.5-turbo", which reaches ChatCompletionRequest.Model \(line 29\), was shut down on 2026-10-23`

func ask(ctx context.Context, c *openai.Client, model string) {
	req := openai.ChatCompletionRequest{Model: model}
	if model == "" {
		req.Model = fallback
	}
	_, _ = c.CreateChatCompletion(ctx, req)
}

// Negatives: current APIs and models, Files and Vector stores (not part of
// the Assistants shutdown).
func current(ctx context.Context, c *openai.Client) {
	_, _ = c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT5Dot4Mini})
	_, _ = c.ListVectorStores(ctx, openai.Pagination{})
	_, _ = c.ListFiles(ctx)
	_, _ = c.ListModels(ctx)
}
