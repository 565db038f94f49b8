// Package oai builds go-openai clients that retry through
// go-retryablehttp, as foyle's oai.NewClient does.
package oai

import (
	"errors"

	"github.com/hashicorp/go-retryablehttp"
	goopenai "github.com/sashabaranov/go-openai"
)

// NewClient returns a client whose HTTP client retries.
func NewClient(key string) (*goopenai.Client, error) { // want NewClient:`returns a retrying client: retryablehttp's StandardClient`
	if key == "" {
		return nil, errors.New("no key")
	}
	httpClient := retryablehttp.NewClient().StandardClient()
	cfg := goopenai.DefaultConfig(key)
	cfg.HTTPClient = httpClient
	client := goopenai.NewClientWithConfig(cfg)
	return client, nil
}
