// Package config builds go-openai clients with NewClientWithConfig and a
// config whose HTTP client is not the runtime's.
package config

import (
	"context"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

var req = openai.ChatCompletionRequest{Model: openai.GPT4o}

func defaultConfig(ctx context.Context, key string) error {
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = "https://proxy.example.com/v1"
	client := openai.NewClientWithConfig(cfg) // want `openai.NewClientWithConfig builds a go-openai client without oaiguard's transport, and oaiguard.Call retries its CreateChatCompletion call \(config.go:21\): .*; pass the config through oaiguard.Configure`
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func azure(ctx context.Context, key string) error {
	client := openai.NewClientWithConfig(openai.DefaultAzureConfig(key, "https://x.openai.azure.com")) // want `openai.NewClientWithConfig builds .*; pass the config through oaiguard.Configure`
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

// A client with a timeout of its own, and nothing else: the fix keeps it.
func timeout(ctx context.Context, key string) error {
	cfg := openai.DefaultConfig(key)
	cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	client := openai.NewClientWithConfig(cfg) // want `openai.NewClientWithConfig builds .*; pass the config through oaiguard.Configure`
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

// Service gets its config from a constructor parameter.
type Service struct{ c *openai.Client }

func newService(cfg openai.ClientConfig) *Service {
	return &Service{c: openai.NewClientWithConfig(cfg)} // want `openai.NewClientWithConfig builds .*, and oaiguard.Call retries its CreateEmbeddings call`
}

func (s *Service) Embed(ctx context.Context) error {
	_, err := oaiguard.Call(ctx, s.c.CreateEmbeddings, openai.EmbeddingRequestConverter(openai.EmbeddingRequestStrings{Input: []string{"x"}}))
	return err
}

func Start(key string) *Service {
	return newService(openai.DefaultAnthropicConfig(key, "https://api.anthropic.com/v1"))
}
