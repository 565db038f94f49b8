// Package newclient builds go-openai clients with openai.NewClient and
// reaches them from calls the runtime retries, or will.
package newclient

import (
	"context"

	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

var req = openai.ChatCompletionRequest{Model: openai.GPT4o}

// A local variable, the call wrapped.
func local(ctx context.Context, key string) (openai.ChatCompletionResponse, error) {
	client := openai.NewClient(key) // want `openai.NewClient builds a go-openai client without oaiguard's transport, and oaiguard.Call retries its CreateChatCompletion call \(newclient.go:18\): without it the runtime can neither pace the client's requests nor see the Retry-After and x-ratelimit-\* headers; build it with oaiguard.NewClient instead`
	return oaiguard.Call(ctx, client.CreateChatCompletion, req)
}

// Bot keeps its client in a field.
type Bot struct {
	client *openai.Client
	model  string
}

func NewBot(key string) *Bot {
	return &Bot{client: openai.NewClient(key), model: openai.GPT4o} // want `openai.NewClient builds a go-openai client without oaiguard's transport, and oaiguard.Call2 retries its RetrieveRun call`
}

func (b *Bot) Run(ctx context.Context) (openai.Run, error) {
	return oaiguard.Call2(ctx, b.client.RetrieveRun, "thread", "run")
}

// The client passed as a parameter; the call has no retry handling, which
// unretried reports, and its fix hands it to the runtime.
func ask(ctx context.Context, c *openai.Client) error {
	_, err := c.CreateChatCompletion(ctx, req)
	return err
}

func Main(ctx context.Context, key string) error {
	return ask(ctx, openai.NewClient(key)) // want `openai.NewClient builds .*, and its CreateChatCompletion call \(newclient.go:38\), left to its callers in other packages, needs oaiguard's runtime where they retry it \(unretried reports them\): .*; build it with oaiguard.NewClient instead`
}

// A method value stored in a variable, then wrapped with Do.
func viaDo(ctx context.Context, key string) error {
	c := openai.NewClient(key) // want `openai.NewClient builds .*, and oaiguard.Do retries its ListModels call`
	_, err := oaiguard.Do(ctx, func(ctx context.Context) (openai.ModelsList, error) {
		return c.ListModels(ctx)
	})
	return err
}

// An organization's client: no fix, the advice says how.
func org(ctx context.Context, key string) error {
	c := openai.NewOrgClient(key, "org-1") // want `openai.NewOrgClient builds .*; build it with openai.NewClientWithConfig\(oaiguard.Configure\(cfg\)\), cfg an openai.DefaultConfig with its OrgID set`
	return oaiguard.Exec(ctx, c.DeleteFile, "file-1")
}

// Built inside the call itself: reported, but no fix, since unretried's
// fix rewrites the call around it.
func inline(ctx context.Context, key string) error {
	_, err := openai.NewClient(key).CreateChatCompletion(ctx, req) // want `openai.NewClient builds .*, and its CreateChatCompletion call \(newclient.go:64\) needs oaiguard's runtime \(unretried\)`
	return err
}

// A method expression.
func methodExpr(ctx context.Context, key string) error {
	c := openai.NewClient(key) // want `openai.NewClient builds .*, and its CreateChatCompletion call \(newclient.go:71\) needs oaiguard's runtime \(unretried\)`
	_, err := (*openai.Client).CreateChatCompletion(c, ctx, req)
	return err
}
