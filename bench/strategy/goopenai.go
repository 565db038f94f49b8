package strategy

import (
	"context"
	"net/http"
	"sync"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"

	oaiguardgo "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

// OursGoOpenAI is the name of the go-openai runtime's strategy as
// oaiguard's fixes leave the code: the call wrapped, and the client given
// the runtime's transport.
const OursGoOpenAI = "ours go-openai"

// oursGo is the go-openai runtime: the same logical request made with
// go-openai's CreateChatCompletion through oaiguardgo.Call, with one
// Governor per process. With transport, the client's HTTP client is
// oaiguardgo.HTTPClient, as oaiguard's fix installs it; without, Call
// sees only go-openai's errors, which keep no headers.
type oursGo struct {
	env       Env
	transport bool
	policy    oaiguardgo.Policy

	mu      sync.Mutex
	clients map[string]*goopenai.Client
}

func newOursGo(env Env) Process     { return newOursGoWith(env, true) }
func newOursGoBare(env Env) Process { return newOursGoWith(env, false) }

func newOursGoWith(env Env, transport bool) Process {
	return &oursGo{
		env:       env,
		transport: transport,
		policy:    oaiguardgo.Policy{Governor: goGovernor(env)}.WithRand(seededRand(env.Seed)),
		clients:   map[string]*goopenai.Client{},
	}
}

func (p *oursGo) client(key string) *goopenai.Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.clients[key]
	if c == nil {
		cfg := goopenai.DefaultConfig(key)
		cfg.BaseURL = BaseURL[:len(BaseURL)-1] // go-openai adds the slash
		hc := &http.Client{Transport: p.env.Transport, Timeout: p.env.AttemptTimeout}
		if p.transport {
			hc = oaiguardgo.HTTPClient(hc)
		}
		cfg.HTTPClient = hc
		c = goopenai.NewClientWithConfig(cfg)
		p.clients[key] = c
	}
	return c
}

func (p *oursGo) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.client(key)
	ctx = oaiguardgo.WithPolicy(ctx, p.policy)
	resp, err := oaiguardgo.Call(ctx, client.CreateChatCompletion, goRequest(params))
	if err != nil {
		return nil, err
	}
	return fromGoResponse(resp), nil
}

// goRequest is params as go-openai's request: the model, the user
// messages' text, the output bound and the temperature, which is all the
// storm's requests set.
func goRequest(params openai.ChatCompletionNewParams) goopenai.ChatCompletionRequest {
	req := goopenai.ChatCompletionRequest{Model: params.Model}
	for _, m := range params.Messages {
		if u := m.OfUser; u != nil {
			req.Messages = append(req.Messages, goopenai.ChatCompletionMessage{Role: goopenai.ChatMessageRoleUser, Content: u.Content.OfString.Value})
		}
	}
	if params.MaxTokens.Valid() {
		req.MaxTokens = int(params.MaxTokens.Value)
	}
	if params.Temperature.Valid() {
		req.Temperature = float32(params.Temperature.Value)
	}
	return req
}

// fromGoResponse is what the storm reads of a completion: its choices'
// text and the usage.
func fromGoResponse(resp goopenai.ChatCompletionResponse) *openai.ChatCompletion {
	out := &openai.ChatCompletion{ID: resp.ID, Model: resp.Model}
	for _, c := range resp.Choices {
		out.Choices = append(out.Choices, openai.ChatCompletionChoice{Index: int64(c.Index), Message: openai.ChatCompletionMessage{Content: c.Message.Content}})
	}
	out.Usage.PromptTokens = int64(resp.Usage.PromptTokens)
	out.Usage.CompletionTokens = int64(resp.Usage.CompletionTokens)
	return out
}

// goGovernor is the go-openai runtime's Governor of a process, sharing
// its pacing through env.Store when there is one.
func goGovernor(env Env) *oaiguardgo.Governor {
	if env.Store != nil {
		opts := []oaiguardgo.GovernorOption{oaiguardgo.WithStore(env.Store)}
		if env.StoreTimeout > 0 {
			opts = append(opts, oaiguardgo.WithStoreTimeout(env.StoreTimeout))
		}
		return oaiguardgo.NewGovernor(opts...)
	}
	return oaiguardgo.NewGovernor()
}
