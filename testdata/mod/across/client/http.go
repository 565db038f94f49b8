package client

import (
	"context"
	"errors"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
	goopenai "github.com/sashabaranov/go-openai"
)

// newHTTP builds a retrying HTTP client: a go-openai config given it
// retries.
func newHTTP() *http.Client {
	c := retryablehttp.NewClient()
	return c.StandardClient()
}

// NewHTTP does the same for other packages.
func NewHTTP() *http.Client { // want NewHTTP:`returns a retrying client: retryablehttp's StandardClient`
	return newHTTP()
}

// newHTTPOr builds one or fails: the error path returns nil.
func newHTTPOr(proxy string) (*http.Client, error) {
	if proxy == "bad" {
		return nil, errors.New("bad proxy")
	}
	return newHTTP(), nil
}

// plainHTTP retries nothing.
func plainHTTP() *http.Client { return &http.Client{} }

// retried has no caller, and its client retries: silent.
func retried(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = newHTTP()
	c := goopenai.NewClientWithConfig(cfg)
	_, err := c.ListModels(ctx)
	return err
}

// retriedOr's client retries when it is built at all: silent.
func retriedOr(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	h, err := newHTTPOr("")
	if err != nil {
		return err
	}
	cfg.HTTPClient = h
	c := goopenai.NewClientWithConfig(cfg)
	_, err = c.ListModels(ctx)
	return err
}

// plain's client retries nothing: reported.
func plain(ctx context.Context) error {
	cfg := goopenai.DefaultConfig("key")
	cfg.HTTPClient = plainHTTP()
	c := goopenai.NewClientWithConfig(cfg)
	_, err := c.ListModels(ctx) // want `c.ListModels has no retry handling`
	return err
}
