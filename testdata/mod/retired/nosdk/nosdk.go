// Package nosdk imports no SDK: a struct with a Model field and methods
// named like the SDKs' are not reported.
package nosdk

import "context"

type Request struct{ Model string }

type Client struct{}

func (*Client) CreateAssistant(ctx context.Context, r Request) error { return nil }

func use(ctx context.Context, c *Client) error {
	return c.CreateAssistant(ctx, Request{Model: "gpt-3.5-turbo"})
}
