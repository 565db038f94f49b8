package stacked

import (
	"context"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// RetryMax = 0: retryablehttp makes one attempt, openai-go's retries are
// the only layer; switching them off would leave none. Silent.
func retryMaxZero(ctx context.Context) error {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 0
	client := openai.NewClient(option.WithHTTPClient(rc.StandardClient()))
	_, err := client.Models.List(ctx)
	return err
}

// RetryMax = 10: eleven attempts under openai-go's three.
func retryMaxTen(ctx context.Context) error {
	rc := retryablehttp.NewClient()
	rc.RetryMax = 10
	client := openai.NewClient(option.WithHTTPClient(rc.StandardClient()))
	_, err := client.Models.List(ctx) // want `openai-go's own retries \(3 attempts\) × retryablehttp's StandardClient \(11 attempts\) = up to 33 requests per call`
	return err
}

// RetryMax from a parameter: a retry layer of unknown attempts.
func retryMaxParam(ctx context.Context, n int) error {
	rc := retryablehttp.NewClient()
	rc.RetryMax = n
	client := openai.NewClient(option.WithHTTPClient(rc.StandardClient()))
	_, err := client.Models.List(ctx) // want `openai-go's own retries \(3 attempts\) × retryablehttp's StandardClient \(N attempts\) = up to 3×N requests per call`
	return err
}
