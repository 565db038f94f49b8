package httpclients

import (
	"context"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
	goopenai "github.com/sashabaranov/go-openai"
)

// RetryMax = 0: the retryablehttp client makes one attempt, so the call
// has no retry handling.
func goOpenAIRetryMaxZero(ctx context.Context) error {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 0
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = rc.StandardClient()
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx) // want `client.ListModels has no retry handling`
	return err
}

// RetryMax = 3: four attempts, retried.
func goOpenAIRetryMaxThree(ctx context.Context) error {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 3
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = rc.StandardClient()
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx)
	return err
}

// RetryMax from a parameter: how many is unknown, but it is a retry layer.
func goOpenAIRetryMaxParam(ctx context.Context, n int) error {
	rc := retryablehttp.NewClient()
	rc.RetryMax = n
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = rc.StandardClient()
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx)
	return err
}

// A literal client with no RetryMax: zero retries, unlike NewClient's.
func goOpenAIRetryableLiteral(ctx context.Context) error {
	rc := &retryablehttp.Client{HTTPClient: cleanhttp()}
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = rc.StandardClient()
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx) // want `client.ListModels has no retry handling`
	return err
}

// A literal client with RetryMax 2: retried.
func goOpenAIRetryableLiteralRetries(ctx context.Context) error {
	rc := &retryablehttp.Client{HTTPClient: cleanhttp(), RetryMax: 2}
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = rc.StandardClient()
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx)
	return err
}

func cleanhttp() *http.Client { return &http.Client{} }
