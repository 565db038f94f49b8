// Package app calls go-openai through decorators: mw's, of another
// package, and its own around mw's interfaces, generic ones included.
package app

import (
	"context"
	"log"
	"time"

	"example.com/fixtures/across/decor/mw"
	openai "github.com/sashabaranov/go-openai"
)

type impl struct{ c *openai.Client }

func (i *impl) Chat(ctx context.Context, q string) (string, error) { // want Chat:`calls i.c.CreateChatCompletion \(go-openai\)`
	r, err := i.c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT5Dot2, Messages: []openai.ChatCompletionMessage{{Role: "user", Content: q}}})
	if err != nil {
		return "", err
	}
	return r.ID, nil
}

// Retried by mw.Retrying: silent.
func middleware(ctx context.Context, c *openai.Client) {
	var d mw.Chatter = mw.Retrying{Inner: &impl{c: c}}
	s, err := d.Chat(ctx, "q")
	log.Println(s, err)
}

// Retried by what mw.WithRetry returns: silent.
func withRetry(ctx context.Context, c *openai.Client) {
	d := mw.WithRetry(&impl{c: c})
	s, err := d.Chat(ctx, "q")
	log.Println(s, err)
}

// mw.Logging only logs: reported.
func logged(ctx context.Context, c *openai.Client) {
	var d mw.Chatter = mw.Logging{Inner: &impl{c: c}}
	s, err := d.Chat(ctx, "q") // want `d.Chat has no retry handling`
	log.Println(s, err)
}

// mw.Logging around mw.Retrying: silent.
func loggedRetried(ctx context.Context, c *openai.Client) {
	var d mw.Chatter = mw.Logging{Inner: mw.Retrying{Inner: &impl{c: c}}}
	s, err := d.Chat(ctx, "q")
	log.Println(s, err)
}

type retrying struct{ inner mw.Chatter }

func (r retrying) Chat(ctx context.Context, q string) (string, error) {
	var err error
	for i := range 3 { // want `retry loop around r.inner.Chat`
		var s string
		if s, err = r.inner.Chat(ctx, q); err == nil {
			return s, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Second << i):
		}
	}
	return "", err
}

type logging struct{ inner mw.Chatter }

func (l logging) Chat(ctx context.Context, q string) (string, error) { // want Chat:`calls i.c.CreateChatCompletion \(go-openai\)`
	log.Println("chat", q)
	return l.inner.Chat(ctx, q)
}

// The package's logging decorator around its retrying one: silent.
func localLoggedRetried(ctx context.Context, c *openai.Client) {
	var d mw.Chatter = logging{retrying{&impl{c: c}}}
	s, err := d.Chat(ctx, "q")
	log.Println(s, err)
}

// The package's logging decorator alone: reported.
func localLogged(ctx context.Context, c *openai.Client) {
	var d mw.Chatter = logging{&impl{c: c}}
	s, err := d.Chat(ctx, "q") // want `d.Chat has no retry handling`
	log.Println(s, err)
}

type req struct{ q string }

type resp struct{ id string }

type doer struct{ c *openai.Client }

func (d *doer) Do(ctx context.Context, q req) (resp, error) { // want Do:`calls d.c.CreateChatCompletion \(go-openai\)`
	r, err := d.c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT5Dot2, Messages: []openai.ChatCompletionMessage{{Role: "user", Content: q.q}}})
	if err != nil {
		return resp{}, err
	}
	return resp{r.ID}, nil
}

// retryingDoer retries any mw.Doer.
type retryingDoer[Q, S any] struct{ inner mw.Doer[Q, S] }

func (r retryingDoer[Q, S]) Do(ctx context.Context, q Q) (S, error) {
	var s S
	var err error
	for i := range 3 {
		if s, err = r.inner.Do(ctx, q); err == nil {
			return s, nil
		}
		select {
		case <-ctx.Done():
			return s, ctx.Err()
		case <-time.After(time.Second << i):
		}
	}
	return s, err
}

// Retried by the generic decorator: silent.
func genericRetried(ctx context.Context, c *openai.Client) {
	var d mw.Doer[req, resp] = retryingDoer[req, resp]{&doer{c: c}}
	r, err := d.Do(ctx, req{"q"})
	log.Println(r, err)
}

// Plain: reported.
func genericPlain(ctx context.Context, c *openai.Client) {
	var d mw.Doer[req, resp] = &doer{c: c}
	r, err := d.Do(ctx, req{"q"}) // want `d.Do has no retry handling`
	log.Println(r, err)
}
