// Package openaigo holds openai-go v3 calls whose retries are switched off,
// in every shape, and calls that keep the SDK's default retries.
package openaigo

import (
	"context"
	"io"
	"net/http"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
)

var params = openai.ChatCompletionNewParams{
	Model:    openai.ChatModelGPT5_2,
	Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
}

// Default retries: the SDK retries twice, nothing to report.
func defaults(ctx context.Context) (*openai.ChatCompletion, error) {
	client := openai.NewClient()
	return client.Chat.Completions.New(ctx, params)
}

// Retries off on the client.
func offOnClient(ctx context.Context) (*openai.ChatCompletion, error) {
	client := openai.NewClient(option.WithMaxRetries(0))
	resp, err := client.Chat.Completions.New(ctx, params) // want `client.Chat.Completions.New has no retry handling: option.WithMaxRetries\(0\) on the client switches openai-go's retries off; wrap it with oaiguard.Call`
	return resp, err
}

// Retries off on the call.
func offOnCall(ctx context.Context, client *openai.Client) (*openai.ChatCompletion, error) {
	return client.Chat.Completions.New(ctx, params, option.WithMaxRetries(0)) // want `option.WithMaxRetries\(0\) on the call`
}

// A later option wins, as in the SDK.
func onAgainOnCall(ctx context.Context) (*openai.ChatCompletion, error) {
	client := openai.NewClient(option.WithMaxRetries(0))
	return client.Chat.Completions.New(ctx, params, option.WithMaxRetries(3))
}

// Retries off on a service.
func offOnService(ctx context.Context) (*openai.FileDeleted, error) {
	files := openai.NewFileService(option.WithMaxRetries(0))
	return files.Delete(ctx, "file_1") // want `files.Delete has no retry handling: option.WithMaxRetries\(0\) on the service.*oaiguard.Call`
}

// Retries off through an options slice and a struct field.
type bot struct {
	client openai.Client
}

func newBot() *bot {
	opts := []option.RequestOption{option.WithAPIKey("x"), option.WithMaxRetries(0)}
	return &bot{client: openai.NewClient(opts...)}
}

func (b *bot) models(ctx context.Context) error {
	_, err := b.client.Models.List(ctx) // want `b.client.Models.List has no retry handling.*oaiguard.Call0`
	return err
}

func (b *bot) deleteResponse(ctx context.Context) error {
	return b.client.Responses.Delete(ctx, "resp_1") // want `b.client.Responses.Delete has no retry handling.*oaiguard.Exec`
}

func (b *bot) speech(ctx context.Context) (*http.Response, error) {
	return b.client.Audio.Speech.New(ctx, openai.AudioSpeechNewParams{Input: "hi", Model: openai.SpeechModelTTS1}) // want `b.client.Audio.Speech.New has no retry handling.*oaiguard.Call`
}

func (b *bot) step(ctx context.Context) error {
	_, err := b.client.Beta.Threads.Runs.Steps.Get(ctx, "t", "r", "s", openai.BetaThreadRunStepGetParams{}) // want `oaiguard.Call4`
	return err
}

func (b *bot) raw(ctx context.Context) error {
	var out map[string]any
	return b.client.Get(ctx, "models", nil, &out) // want `b.client.Get has no retry handling: .*retry it with oaiguard.Do`
}

func (b *bot) rawUntyped(ctx context.Context) error {
	return b.client.Post(ctx, "files/file_1/archive", nil, nil) // want `b.client.Post has no retry handling.*oaiguard.Exec3`
}

func (b *bot) stream(ctx context.Context) error {
	s := b.client.Chat.Completions.NewStreaming(ctx, params) // want `b.client.Chat.Completions.NewStreaming has no retry handling.*oaiguard.Stream`
	defer s.Close()
	for s.Next() {
		_ = s.Current()
	}
	return s.Err()
}

func (b *bot) pages(ctx context.Context) error {
	iter := b.client.Chat.Completions.ListAutoPaging(ctx, openai.ChatCompletionListParams{}) // want `b.client.Chat.Completions.ListAutoPaging has no retry handling: .*retry the first page`
	for iter.Next() {
		_ = iter.Current()
	}
	return iter.Err()
}

func (b *bot) poll(ctx context.Context) error {
	_, err := b.client.VectorStores.Files.PollStatus(ctx, "vs", "file", 500) // want `PollStatus has no retry handling: .*polling helper`
	return err
}

func (b *bot) responses(ctx context.Context) (*responses.Response, error) {
	return b.client.Responses.New(ctx, responses.ResponseNewParams{Model: openai.ChatModelGPT5_2}) // want `b.client.Responses.New has no retry handling`
}

func builders() {
	// Not API calls.
	_ = openai.UserMessage("hi")
	_ = openai.String("x")
	_ = option.WithMaxRetries(0)
	_ = openai.NewClient()
}

// Parameters resolve to the arguments of the function's calls in the
// package.
func embed(ctx context.Context, client *openai.Client) error {
	_, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{}) // want `client.Embeddings.New has no retry handling: option.WithMaxRetries\(0\) on the client`
	return err
}

func callsEmbed(ctx context.Context) error {
	client := openai.NewClient(option.WithMaxRetries(0))
	return embed(ctx, &client)
}

// mixed is called with clients that differ: unknown, so not reported.
func mixed(ctx context.Context, client openai.Client) error {
	_, err := client.Models.List(ctx)
	return err
}

func callsMixed(ctx context.Context) {
	_ = mixed(ctx, openai.NewClient(option.WithMaxRetries(0)))
	_ = mixed(ctx, openai.NewClient())
}

// Options collected with append from configuration: the options slice is
// defined in terms of itself.
func appendedOptions(ctx context.Context, key string, offline bool) error {
	opts := []option.RequestOption{}
	if key != "" {
		opts = append(opts, option.WithAPIKey(key))
	}
	if offline {
		opts = append(opts, option.WithMaxRetries(0))
	}
	client := openai.NewClient(opts...)
	_, err := client.Models.List(ctx) // want `client.Models.List has no retry handling: option.WithMaxRetries\(0\) on the client`
	return err
}

func appendedDefaults(ctx context.Context, key string) error {
	opts := []option.RequestOption{option.WithAPIKey(key)}
	opts = append(opts, option.WithBaseURL("http://localhost"))
	opts = append(opts, opts[0])
	client := openai.NewClient(opts...)
	_, err := client.Models.List(ctx)
	return err
}

// An upload: the file's reader is drained by the first attempt.
func (b *bot) upload(ctx context.Context, f io.Reader) error {
	_, err := b.client.Files.New(ctx, openai.FileNewParams{File: f, Purpose: openai.FilePurposeAssistants}) // want `b.client.Files.New has no retry handling: .*io.Reader that the first attempt drains`
	return err
}
