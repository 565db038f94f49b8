// Package strategy holds the retry strategies the storm benchmark compares.
// Every strategy makes the same real openai-go v3 call,
// client.Chat.Completions.New, through the same transport; they differ only
// in the retry layer around it, each configured as its documentation or
// its typical user has it.
package strategy

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oaiguard/oaiguard/runtime/redisstore"
)

// Env is what a strategy's process is built from.
type Env struct {
	// Transport reaches the fake server.
	Transport http.RoundTripper
	// AttemptTimeout bounds one attempt (the SDK's request timeout, or the
	// HTTP client's timeout for retrying HTTP clients); 0 means none.
	AttemptTimeout time.Duration
	// Seed seeds the strategy's own randomness where it takes a source.
	Seed uint64
	// Store, when set, is the shared pacing store of the processes on
	// the key, for the strategies that use one (UsesStore).
	Store *redisstore.Store
	// StoreTimeout, when not zero, bounds each call of Store instead of
	// the runtime's default (50 ms): the real-time tests on a busy
	// machine, which judge the sharing, not the bound.
	StoreTimeout time.Duration
}

// Process is one program's instance of a strategy: its clients and what
// it shares between calls (AWS's retry quota and send-rate bucket,
// oaiguard's limiter). Chat is called from many goroutines.
type Process interface {
	// Chat makes one logical request with the API key key.
	Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error)
}

// Strategy is a named way of retrying.
type Strategy struct {
	// Name is short, for tables.
	Name string
	// Doc says how the strategy is configured.
	Doc string
	// New starts a process.
	New func(Env) Process
}

// UsesStore reports whether the strategy called name shares its pacing
// through Env.Store when it is set.
func UsesStore(name string) bool { return name == Ours || name == OursGoOpenAI }

// Ours is the name of the oaiguard runtime's strategy.
const Ours = "ours"

// OursGoOpenAIBare is the go-openai runtime without its transport.
const OursGoOpenAIBare = "ours go-openai bare"

// IsOurs reports whether the strategy called name is an oaiguard runtime
// that the storm's targets hold to.
func IsOurs(name string) bool { return name == Ours || name == OursGoOpenAI }

// NoRetry is the name of the strategy that never retries.
const NoRetry = "no retry"

// All returns the strategies in table order.
func All() []Strategy {
	return []Strategy{
		{NoRetry, "openai-go with option.WithMaxRetries(0); what go-openai users get", newNoRetry},
		{"naive doubling", "the seed article's loop in Go: 5 attempts, sleep 1 s doubling, no jitter, on errors whose text holds 429, time.Sleep ignores ctx", newNaive},
		{"openai-go default", "openai-go's built-in retries: 3 attempts, 0.5-8 s backoff with -25% jitter, Retry-After honoured up to 2 min", newSDKDefault},
		{"cenkalti v5", "backoff.Retry with defaults (0.5 s ×1.5 ±50%, 15 min max elapsed), SDK retries off", newCenkalti},
		{"cenkalti v5 idiomatic", "as cenkalti v5, 429 → backoff.RetryAfter(Retry-After), other 4xx → backoff.Permanent", newCenkaltiIdiomatic},
		{"avast v4", "retry.DoWithData with defaults (10 attempts, 100 ms doubling + 0-100 ms) and retry.Context(ctx), SDK retries off", newAvast},
		{"retryablehttp", "go-retryablehttp defaults as the SDK's HTTP client (5 attempts, 1-30 s, Retry-After on 429/503), SDK retries off", newRetryableHTTP},
		{"retryablehttp stacked", "go-retryablehttp defaults under the SDK's own retries left on (3 × 5 attempts)", newRetryableHTTPStacked},
		{"aws standard", "aws-sdk-go-v2 retry.NewStandard() driving the call through aws/retry's Attempt middleware; OpenAI's retry hint passed as X-Amz-Retry-After", newAWSStandard},
		{"aws adaptive", "aws-sdk-go-v2 retry.NewAdaptiveMode(), same adapter", newAWSAdaptive},
		{Ours, "oaiguard.Call(ctx, client.Chat.Completions.New, params) with the default policy (in scenarios with a store, its Governor made with oaiguard.WithStore(redisstore.New(client, prefix)))", newOurs},
		{OursGoOpenAI, "go-openai: oaiguard.Call(ctx, client.CreateChatCompletion, req) with the default policy, the client's HTTP client wrapped by oaiguard.HTTPClient (as oaiguard's fixes leave it; in scenarios with a store, with it as ours)", newOursGo},
		{OursGoOpenAIBare, "go-openai: oaiguard.Call(ctx, client.CreateChatCompletion, req) with the default policy and the client's own HTTP client: Call sees go-openai's errors only", newOursGoBare},
	}
}

// ByName returns the strategy called name.
func ByName(name string) (Strategy, bool) {
	for _, s := range All() {
		if s.Name == name {
			return s, true
		}
	}
	return Strategy{}, false
}

// BaseURL is where clients send requests; the in-process transport
// ignores it.
const BaseURL = "https://api.openai.invalid/v1/"

// clients builds one openai-go client per API key, lazily, all sharing
// the same options.
type clients struct {
	opts []option.RequestOption
	mu   sync.Mutex
	m    map[string]openai.Client
}

// newClients returns clients for env with the SDK's retries as given
// (negative keeps the SDK's default) over httpClient (nil: env's
// transport with no timeout of its own).
func newClients(env Env, maxRetries int, httpClient *http.Client, requestTimeout bool) *clients {
	if httpClient == nil {
		httpClient = &http.Client{Transport: env.Transport}
	}
	opts := []option.RequestOption{option.WithBaseURL(BaseURL), option.WithHTTPClient(httpClient)}
	if maxRetries >= 0 {
		opts = append(opts, option.WithMaxRetries(maxRetries))
	}
	if requestTimeout && env.AttemptTimeout > 0 {
		opts = append(opts, option.WithRequestTimeout(env.AttemptTimeout))
	}
	return &clients{opts: opts, m: map[string]openai.Client{}}
}

func (c *clients) get(key string) openai.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl, ok := c.m[key]
	if !ok {
		cl = openai.NewClient(append([]option.RequestOption{option.WithAPIKey(key)}, c.opts...)...)
		c.m[key] = cl
	}
	return cl
}
