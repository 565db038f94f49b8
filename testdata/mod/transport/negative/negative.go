// Package negative holds go-openai clients the transport check leaves
// alone: built with the runtime's transport, never retried by the runtime,
// or from where the analysis cannot see.
package negative

import (
	"context"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

var req = openai.ChatCompletionRequest{Model: openai.GPT4o}

func runtimeClient(ctx context.Context, key string) error {
	client := oaiguard.NewClient(key)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func configured(ctx context.Context, key string) error {
	client := openai.NewClientWithConfig(oaiguard.Configure(openai.DefaultConfig(key)))
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func httpClientSet(ctx context.Context, key string) error {
	cfg := openai.DefaultConfig(key)
	cfg.HTTPClient = oaiguard.HTTPClient(&http.Client{Timeout: time.Minute})
	client := openai.NewClientWithConfig(cfg)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func transportSet(ctx context.Context, key string) error {
	hc := &http.Client{}
	hc.Transport = oaiguard.Transport(nil)
	cfg := openai.ClientConfig{HTTPClient: hc}
	client := openai.NewClientWithConfig(cfg)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func literal(ctx context.Context, key string) error {
	cfg := openai.DefaultConfig(key)
	cfg.HTTPClient = &http.Client{Transport: oaiguard.Transport(http.DefaultTransport)}
	client := openai.NewClientWithConfig(cfg)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

// Retried by a library, not by the runtime, and no check's fix changes
// that: the transport would change nothing.
func library(ctx context.Context, key string) error {
	client := openai.NewClient(key)
	return backoff.Retry(func() error {
		_, err := client.CreateChatCompletion(ctx, req)
		if err != nil {
			var apiErr *openai.APIError
			if errAs(err, &apiErr) && apiErr.HTTPStatusCode == 400 {
				return backoff.Permanent(err)
			}
		}
		return err
	}, backoff.WithContext(backoff.NewExponentialBackOff(), ctx))
}

func errAs(err error, target **openai.APIError) bool {
	e, ok := err.(*openai.APIError)
	if ok {
		*target = e
	}
	return ok
}

// A client that no API call uses.
func unused(key string) *openai.Client {
	return openai.NewClient(key)
}

// Clients from function results and HTTP clients from elsewhere: unknown.
func fromResult(ctx context.Context, key string) error {
	client := unused(key)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func otherHTTPClient(ctx context.Context, key string, hc *http.Client) error {
	cfg := openai.DefaultConfig(key)
	cfg.HTTPClient = hc
	client := openai.NewClientWithConfig(cfg)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

func defaultClient(ctx context.Context, key string) error {
	cfg := openai.DefaultConfig(key)
	cfg.HTTPClient = http.DefaultClient
	client := openai.NewClientWithConfig(cfg)
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

// A nil client: no construction to report.
func nilClient(ctx context.Context) error {
	var client *openai.Client
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

// Suppressed by the directive.
func ignored(ctx context.Context, key string) error {
	client := openai.NewClient(key) //oaiguard:ignore transport the proxy paces
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	return err
}

// Odd places for a client: a map, a channel, a closure's result.
func odd(ctx context.Context, clients map[string]*openai.Client, ch chan *openai.Client, mk func() *openai.Client) error {
	clients["a"] = openai.NewClient("k")
	if _, err := oaiguard.Call(ctx, clients["a"].CreateChatCompletion, req); err != nil {
		return err
	}
	if _, err := oaiguard.Call(ctx, (<-ch).CreateChatCompletion, req); err != nil {
		return err
	}
	_, err := oaiguard.Call(ctx, mk().CreateChatCompletion, req)
	return err
}

// The call's unretried finding is suppressed: no fix will wrap it.
func bestEffort(ctx context.Context, key string) {
	c := openai.NewClient(key)
	//oaiguard:ignore unretried best effort
	_, _ = c.ListModels(ctx)
}
