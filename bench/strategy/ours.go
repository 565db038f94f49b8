package strategy

import (
	"context"
	"math/rand/v2"
	"sync"

	"github.com/openai/openai-go/v3"

	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

// ours is the oaiguard runtime, called the way its fixes write the call,
// with one Governor per process.
// The client keeps the SDK's defaults: the runtime switches the SDK's
// retries off for the calls it wraps.
type ours struct {
	clients *clients
	policy  oaiguard.Policy
}

func newOurs(env Env) Process {
	return &ours{
		clients: newClients(env, -1, nil, true),
		policy:  oursPolicy(env, seededRand(env.Seed)),
	}
}

// oursPolicy is the one place that configures the runtime for a process:
// the default policy with a Governor of its own (the limiters, retry
// budget and latches a process shares; the process-wide default would
// carry state from one run, and one synctest bubble, into the next), and
// its jitter drawn from rnd; with env.Store, the Governor shares its
// pacing through it.
func oursPolicy(env Env, rnd func() float64) oaiguard.Policy {
	var opts []oaiguard.GovernorOption
	if env.Store != nil {
		opts = append(opts, oaiguard.WithStore(env.Store))
		if env.StoreTimeout > 0 {
			opts = append(opts, oaiguard.WithStoreTimeout(env.StoreTimeout))
		}
	}
	return oaiguard.Policy{Governor: oaiguard.NewGovernor(opts...)}.WithRand(rnd)
}

func (p *ours) Chat(ctx context.Context, key string, params openai.ChatCompletionNewParams) (*openai.ChatCompletion, error) {
	client := p.clients.get(key)
	ctx = oaiguard.WithPolicy(ctx, p.policy)
	return oaiguard.Call(ctx, client.Chat.Completions.New, params)
}

// seededRand returns a goroutine-safe source of numbers in [0, 1).
func seededRand(seed uint64) func() float64 {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(seed, 0x6f6169677561726b))
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return r.Float64()
	}
}
