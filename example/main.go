// Command chatbot is a small program of the kind oaiguard is for: it calls
// the OpenAI API through both Go SDKs, the way such code is often written.
// Run `go tool oaiguard ./...` here to see what oaiguard finds in it.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// legacy is the go-openai client of the program's older half.
var legacy = goopenai.NewClient(os.Getenv("OPENAI_API_KEY"))

func main() {
	ctx := context.Background()
	if len(os.Args) < 2 {
		log.Fatal("usage: chatbot QUESTION")
	}
	question := os.Args[1]

	answer, err := ask(ctx, legacy, question)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(answer)

	// Retries switched off to keep latency predictable; now one 429 fails.
	client := openai.NewClient(option.WithMaxRetries(0))
	vec, err := embed(ctx, &client, answer)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(vec), "dimensions")

	summary, err := summarize(ctx, openai.NewClient(), answer)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(summary)
}

// ask uses go-openai, which never retries, and a model of its time.
func ask(ctx context.Context, c *goopenai.Client, q string) (string, error) {
	resp, err := c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{
		Model:    goopenai.GPT3Dot5Turbo,
		Messages: []goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleUser, Content: q}},
	})
	if err != nil {
		return "", fmt.Errorf("ask: %w", err)
	}
	return resp.Choices[0].Message.Content, nil
}

func embed(ctx context.Context, client *openai.Client, text string) ([]float64, error) {
	resp, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small,
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String(text)},
	})
	if err != nil {
		return nil, err
	}
	return resp.Data[0].Embedding, nil
}

// summarize retries by hand, on top of openai-go's own two retries.
func summarize(ctx context.Context, client openai.Client, text string) (string, error) {
	params := openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT5_4Mini,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Summarize: " + text)},
	}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		resp, err := client.Chat.Completions.New(ctx, params)
		if err == nil {
			return resp.Choices[0].Message.Content, nil
		}
		lastErr = err
		time.Sleep(time.Duration(attempt+1) * time.Second)
	}
	return "", lastErr
}
