// Package goopenai holds unretried go-openai calls of every shape.
package goopenai

import (
	"context"
	"io"

	openai "github.com/sashabaranov/go-openai"
)

func chat(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) (string, error) {
	resp, err := client.CreateChatCompletion(ctx, req) // want `client.CreateChatCompletion has no retry handling: go-openai never retries, so one 429 or 5xx fails it; wrap it with oaiguard.Call`
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func models(ctx context.Context, client *openai.Client) (int, error) {
	list, err := client.ListModels(ctx) // want `client.ListModels has no retry handling.*oaiguard.Call0`
	return len(list.Models), err
}

func deleteFile(ctx context.Context, client *openai.Client, id string) error {
	return client.DeleteFile(ctx, id) // want `client.DeleteFile has no retry handling.*oaiguard.Exec`
}

func run(ctx context.Context, client *openai.Client) (openai.Run, error) {
	return client.RetrieveRun(ctx, "thread_1", "run_1") // want `client.RetrieveRun has no retry handling.*oaiguard.Call2`
}

func speech(ctx context.Context, client *openai.Client) error {
	audio, err := client.CreateSpeech(ctx, openai.CreateSpeechRequest{Model: openai.TTSModel1, Input: "hi"}) // want `client.CreateSpeech has no retry handling`
	if err != nil {
		return err
	}
	return audio.Close()
}

func stream(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) error {
	s, err := client.CreateChatCompletionStream(ctx, req) // want `client.CreateChatCompletionStream has no retry handling.*oaiguard.Stream`
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Recv()
	return err
}

func multiline(ctx context.Context, client *openai.Client) (openai.ChatCompletionResponse, error) {
	return client.CreateChatCompletion( // want `client.CreateChatCompletion has no retry handling.*oaiguard.Call`
		ctx,
		openai.ChatCompletionRequest{Model: openai.GPT4oMini},
	)
}

// An interface parameter given a concrete value: the value is converted
// to the parameter's type, so that the wrapper's type parameter is inferred
// once; the runtime validates the request inside the interface.
func embeddings(ctx context.Context, client *openai.Client) (openai.EmbeddingResponse, error) {
	return client.CreateEmbeddings(ctx, openai.EmbeddingRequest{Input: []string{"a"}, Model: openai.SmallEmbedding3}) // want `client.CreateEmbeddings has no retry handling: .*wrap it with oaiguard.Call`
}

// The value given for the interface carries a reader: an upload, not
// wrapped, whatever the parameter's declared type.
type streamed struct{ r io.Reader }

func (s streamed) Convert() openai.EmbeddingRequest {
	b, _ := io.ReadAll(s.r)
	return openai.EmbeddingRequest{Input: []string{string(b)}, Model: openai.SmallEmbedding3}
}

func embeddingsFromReader(ctx context.Context, client *openai.Client, r io.Reader) (openai.EmbeddingResponse, error) {
	return client.CreateEmbeddings(ctx, streamed{r}) // want `client.CreateEmbeddings has no retry handling: .*carries an io.Reader`
}

// A variadic parameter that is not request options: no wrapper fits.
func getResponse(ctx context.Context, client *openai.Client) (openai.CreateResponseResponse, error) {
	return client.GetResponse(ctx, "resp_1") // want `client.GetResponse has no retry handling: .*retry it with oaiguard.Do`
}

type service struct {
	ai *openai.Client
}

func (s *service) messages(ctx context.Context) (openai.MessagesList, error) {
	limit := 10
	return s.ai.ListMessage(ctx, "thread_1", &limit, nil, nil, nil, nil) // want `s.ai.ListMessage has no retry handling.*oaiguard.Call6`
}

func builders() openai.ChatCompletionMessage {
	// Not API calls: building requests and clients sends nothing.
	_ = openai.NewClient("key")
	_ = openai.DefaultConfig("key")
	return openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: "hi"}
}

func ignored(ctx context.Context, client *openai.Client) {
	//oaiguard:ignore unretried best-effort telemetry, a failure is fine
	_, _ = client.ListModels(ctx)
	_, _ = client.ListEngines(ctx) //oaiguard:ignore unretried same
}

// An upload: the request's reader is drained by the first attempt, so no
// wrapper may send it again.
func transcribe(ctx context.Context, client *openai.Client, audio io.Reader) (openai.AudioResponse, error) {
	return client.CreateTranscription(ctx, openai.AudioRequest{Model: openai.Whisper1, Reader: audio, FilePath: "a.mp3"}) // want `client.CreateTranscription has no retry handling: .*its request carries an io.Reader that the first attempt drains.*oaiguard.Do and a closure that reopens the reader`
}
