// Package httpclients holds clients given a retrying HTTP client: their
// calls are retried there, not reported.
package httpclients

import (
	"context"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// retryingTransport calls the next transport again after a 429 or 5xx.
type retryingTransport struct{ next http.RoundTripper }

func (t *retryingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		resp, err = t.next.RoundTrip(req)
		if err == nil && resp.StatusCode < 500 && resp.StatusCode != 429 {
			return resp, nil
		}
		time.Sleep(time.Second << attempt)
	}
	return resp, err
}

// loggingTransport does not retry.
type loggingTransport struct{ next http.RoundTripper }

func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(req)
}

func goOpenAIRetrying(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = &http.Client{Transport: &retryingTransport{next: http.DefaultTransport}}
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx)
	return err
}

func goOpenAIRetryableHTTP(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = retryablehttp.NewClient().StandardClient()
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx)
	return err
}

func goOpenAILogging(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = &http.Client{Transport: loggingTransport{next: http.DefaultTransport}}
	client := goopenai.NewClientWithConfig(cfg)
	_, err := client.ListModels(ctx) // want `client.ListModels has no retry handling`
	return err
}

func openaiGoRetryingOff(ctx context.Context) error {
	hc := &http.Client{Transport: &retryablehttp.RoundTripper{}}
	client := openai.NewClient(option.WithHTTPClient(hc), option.WithMaxRetries(0))
	_, err := client.Models.List(ctx)
	return err
}
