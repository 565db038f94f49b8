// Package wrapllm keeps a go-openai client and hands its errors on in
// the module's own shapes: an error type that unwraps, one that does not,
// a copy of the text, and sentinels whose text looks like go-openai's.
package wrapllm

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
)

// AIError unwraps to the error it holds: an SDK error stays in its chain.
type AIError struct {
	Op  string
	Err error
}

func (e *AIError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *AIError) Unwrap() error { return e.Err }

// PlainError does not unwrap.
type PlainError struct{ Err error }

func (e PlainError) Error() string { return "plain: " + e.Err.Error() }

// Client wraps go-openai; its calls retry through the runtime.
type Client struct{ c *goopenai.Client }

var req = goopenai.ChatCompletionRequest{Model: goopenai.GPT5Dot2, Messages: []goopenai.ChatCompletionMessage{{Content: "hi"}}}

// Chat returns the SDK's error inside an AIError.
func (c *Client) Chat(ctx context.Context) (string, error) { // want Chat:`returns github.com/sashabaranov/go-openai errors from c.c.CreateChatCompletion`
	resp, err := oaiguard.Call(ctx, c.c.CreateChatCompletion, req)
	if err != nil {
		return "", &AIError{Op: "chat", Err: err}
	}
	return resp.Choices[0].Message.Content, nil
}

// Plain returns the SDK's error inside a PlainError, which hides it.
func (c *Client) Plain(ctx context.Context) error {
	_, err := oaiguard.Call(ctx, c.c.CreateChatCompletion, req)
	if err != nil {
		return PlainError{Err: err}
	}
	return nil
}

// Describe copies the SDK error's text into an error of its own (as
// casibase's object/util.go does): the text stays, the chain is broken.
func (c *Client) Describe(ctx context.Context) error { // want Describe:`returns github.com/sashabaranov/go-openai error texts from c.c.ListModels`
	_, err := oaiguard.Call0(ctx, c.c.ListModels)
	if err != nil {
		return fmt.Errorf("%s", err.Error())
	}
	return nil
}

// ErrRate looks like go-openai's text but is only compared with, never
// made into an error: no error matched against its text can be it.
var ErrRate = errors.New("status code: 429")

// IsRate compares with ErrRate.
func IsRate(err error) bool { return errors.Is(err, ErrRate) || err == ErrRate }

// ErrLimit looks like go-openai's text; wrapllm only compares with it,
// but wrapuse makes it an error of its own.
var ErrLimit = errors.New("status code: 503, limit")

// IsLimit compares with ErrLimit.
func IsLimit(err error) bool { return errors.Is(err, ErrLimit) }

// ErrQuota looks like go-openai's text and is an error of the module: an
// error matched against its text may be it.
var ErrQuota = errors.New("status code: 402, over budget")

// Budget returns ErrQuota.
func (c *Client) Budget(ctx context.Context) error { // want Budget:`returns own errors`
	if ctx.Err() != nil {
		return ErrQuota
	}
	return nil
}

// Agent calls openai-go, whose own retries are on.
type Agent struct{ c openai.Client }

// Ask leaves retrying to its callers.
func (a *Agent) Ask(ctx context.Context) (string, error) { // want Ask:`calls a.c.Chat.Completions.New \(openai-go, retries on\); returns github.com/openai/openai-go/v3 errors from a.c.Chat.Completions.New`
	resp, err := a.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// HTTPAgent's client sends through go-retryablehttp, and openai-go's own
// retries are on too.
type HTTPAgent struct{ c openai.Client }

// NewHTTPAgent builds the client.
func NewHTTPAgent() *HTTPAgent {
	return &HTTPAgent{c: openai.NewClient(option.WithHTTPClient(retryablehttp.NewClient().StandardClient()))}
}

// Ask is retried below the SDK and by the SDK; its callers may stack more.
func (h *HTTPAgent) Ask(ctx context.Context) (string, error) { // want Ask:`calls h.c.Chat.Completions.New \(openai-go, retries on, through retryablehttp's StandardClient\); returns github.com/openai/openai-go/v3 errors`
	resp, err := h.c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT5_2, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}}) // want `h.c.Chat.Completions.New is retried at 2 layers: openai-go's own retries \(3 attempts\) × retryablehttp's StandardClient \(5 attempts\) = up to 15 requests per call`
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

// Chatter is what wrapuse calls through.
type Chatter interface {
	Chat(ctx context.Context) (string, error) // want Chat:`calls r.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors`
}

// Raw makes its API call in an unexported helper, with no retry.
type Raw struct{ c *goopenai.Client }

// Chat leaves retrying to its callers.
func (r *Raw) Chat(ctx context.Context) (string, error) { // want Chat:`calls r.c.CreateChatCompletion \(go-openai\); returns github.com/sashabaranov/go-openai errors`
	return r.complete(ctx)
}

func (r *Raw) complete(ctx context.Context) (string, error) {
	resp, err := r.c.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}
