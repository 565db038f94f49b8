// Package storm is the storm benchmark: scenarios S0–S9 of
// shared/reference/resilience.md §9 run against the fake OpenAI server of
// bench/fakeopenai, each (scenario, strategy, repetition) in its own
// testing/synctest bubble, in simulated time, with every strategy of
// bench/strategy side by side. It computes each scenario's physical limit
// from its parameters, the metrics of §9.5 for every run, the median and
// worst of the repetitions, and checks the runtime's targets.
//
// Run it with
//
//	go test ./bench/storm -run TestStorm -v -timeout 60m -storm.full
package storm

import (
	"math"
	"time"

	"github.com/oaiguard/oaiguard/bench/detrand"
	"github.com/oaiguard/oaiguard/bench/fakeopenai"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

// Kind is what a logical request is made to be: a normal request, or one
// that retrying can never fix.
type Kind int

// The kinds of logical request.
const (
	Normal   Kind = iota
	TooLarge      // asks for more tokens than the TPM limit
	TooLong       // a prompt above the model's context window
	BadKey        // sent with a revoked API key
	BadParam      // temperature out of range
)

var kindNames = [...]string{"normal", "too large", "too long", "bad key", "bad param"}

func (k Kind) String() string { return kindNames[k] }

// Expected is the class oaiguard.Classify should give the final error of
// a request of kind k.
func (k Kind) Expected() oaiguard.Class {
	switch k {
	case TooLarge:
		return oaiguard.RequestTooLarge
	case TooLong:
		return oaiguard.ContextLengthExceeded
	case BadKey:
		return oaiguard.Auth
	case BadParam:
		return oaiguard.InvalidRequest
	}
	return oaiguard.Unknown
}

// Spec is one logical request: its kind and size.
type Spec struct {
	Kind      Kind
	Prompt    int // prompt tokens (the server counts 4 characters a token)
	MaxTokens int // output tokens asked for, which the server produces
}

// Cost is the tokens the server reserves for the request.
func (s Spec) Cost() int { return s.Prompt + s.MaxTokens }

// Arrival is an open-loop request: when it starts and who sends it.
type Arrival struct {
	At time.Duration
	L  fakeopenai.Logical
}

// Scenario is a workload and a server.
type Scenario struct {
	ID, Title string
	Server    fakeopenai.Config
	// OneWay is the network delay each way.
	OneWay time.Duration
	// AttemptTimeout bounds one attempt.
	AttemptTimeout time.Duration
	// Clients send the requests. In a closed loop (PerClient > 0) each
	// sends PerClient requests one after the other; in an open loop
	// (Arrivals set) each request starts at its arrival time.
	Clients, PerClient int
	Arrivals           func(seed uint64) []Arrival
	// Pools is the number of processes sharing the API key (1 or more);
	// clients are split evenly between them.
	Pools int
	// Store gives the processes a shared pacing store: a Redis-protocol
	// server in the run's bubble (miniredis, reached over in-memory
	// connections), which the strategies that use one (UsesStore) pace
	// through; only they run the scenario.
	Store bool
	// Request gives each logical request its kind and size.
	Request func(seed uint64, l fakeopenai.Logical) Spec
	// Deadline, if positive, bounds each logical request.
	Deadline time.Duration
	// CancelAfter, if set and positive for a request, cancels it that long
	// after it starts.
	CancelAfter func(l fakeopenai.Logical) time.Duration
	// NoEfficiency marks scenarios whose work cannot all succeed (quota,
	// deadlines), where a physical limit means nothing.
	NoEfficiency bool
	// Extras are the scenario's own figures, after the common ones.
	Extras []Column
}

// The API keys of the workload; the revoked one gets 401.
const (
	GoodKey    = "sk-bench-0123456789abcdefGOOD"
	RevokedKey = "sk-bench-0123456789abcdefGONE"
)

// Model is the model every request asks for.
const Model = "gpt-4o-mini"

// Salts for the workload's draws (the server has its own).
const (
	saltKind = iota + 101
	saltSize
	saltArrival
)

// base is S1's setup, which most scenarios vary: 50 clients × 20 requests
// against 600 RPM enforced per second (a bucket of 10), tokens ample, a
// fixed 1 s service time and 10 ms each way.
func base() Scenario {
	return Scenario{
		Server: fakeopenai.Config{
			RPM: 600, TPM: 6_000_000,
			RequestQuantum: time.Second, TokenQuantum: time.Second,
			BaseLatency: time.Second,
			DebtFactor:  1,
			RevokedKeys: []string{RevokedKey},
		},
		OneWay:         10 * time.Millisecond,
		AttemptTimeout: 30 * time.Second,
		Clients:        50,
		PerClient:      20,
		Pools:          1,
		Request:        fixed(100, 100),
		Extras:         []Column{colLeaked},
	}
}

func fixed(prompt, maxTokens int) func(uint64, fakeopenai.Logical) Spec {
	return func(uint64, fakeopenai.Logical) Spec { return Spec{Kind: Normal, Prompt: prompt, MaxTokens: maxTokens} }
}

// Scenarios returns S0–S9, with S8's variants (more processes, a shared
// store) after S8.
func Scenarios() []Scenario {
	return []Scenario{S0(), S1(), S2(), S3(), S4(), S5(), S6(), S7(), S8(), S8x4(), S8x4c(), S8x8(), S8x4s(), S8x8s(), S9()}
}

// WithHeaders returns sc with the server's x-ratelimit-* headers in mode
// m; the enforcement stays as it is.
func (sc Scenario) WithHeaders(m fakeopenai.HeaderMode) Scenario {
	sc.Server.Headers = m
	return sc
}

// S0 is a bursty open loop under capacity: Poisson arrivals at 16/s in
// 5 s bursts every 10 s (8/s on average, 80% of 600 RPM) for 120 s,
// against a 10 s bucket. Service 300 ms + 50 tokens × 10 ms.
func S0() Scenario {
	s := base()
	s.ID, s.Title = "S0", "under capacity, bursty (open loop)"
	s.Server.RequestQuantum = 10 * time.Second
	s.Server.BaseLatency, s.Server.PerToken = 300*time.Millisecond, 10*time.Millisecond
	s.Clients, s.PerClient = 20, 0
	s.Request = fixed(100, 50)
	s.Arrivals = onOff(20, 16, 5*time.Second, 5*time.Second, 120*time.Second)
	s.Extras = []Column{colAddedP99, colLeaked}
	return s
}

// S1 is the RPM-bound overload: 50 clients × 20 requests, 600 RPM as
// 10 per second, fixed 1 s service, tokens not binding.
func S1() Scenario {
	s := base()
	s.ID, s.Title = "S1", "RPM-bound overload"
	return s
}

// S2 is TPM-bound with variable cost: 120k TPM (2k tokens/s, a 10 s
// bucket), request costs lognormal in [200, 4000] with mean about 1.2k,
// 100 of them output; service 300 ms + 10 ms per output token.
func S2() Scenario {
	s := base()
	s.ID, s.Title = "S2", "TPM-bound, variable cost"
	s.Server.TPM = 120_000
	s.Server.TokenQuantum = 10 * time.Second
	s.Server.BaseLatency, s.Server.PerToken = 300*time.Millisecond, 10*time.Millisecond
	s.Request = func(seed uint64, l fakeopenai.Logical) Spec {
		cost := detrand.LogNormal(math.Log(1200)-0.18, 0.6, seed, saltSize, uint64(l.Client), uint64(l.Seq))
		c := int(math.Round(math.Min(4000, math.Max(200, cost))))
		return Spec{Kind: Normal, Prompt: c - 100, MaxTokens: 100}
	}
	s.Extras = []Column{colTokens429, colLeaked}
	return s
}

// S3 is S1 where rejected requests count against the limit: the request
// bucket goes into debt, down to minus its capacity.
func S3() Scenario {
	s := base()
	s.ID, s.Title = "S3", "S1 with countRejected"
	s.Server.CountRejected = true
	s.Extras = []Column{colLeaked}
	return s
}

// S4 injects transient faults with ample limits: 2% 500, 1% 503 with
// Retry-After 2, 1% connection resets, 0.5% hangs of 10 min (the
// per-attempt timeout is 30 s).
func S4() Scenario {
	s := base()
	s.ID, s.Title = "S4", "transient faults"
	s.Server.RPM, s.Server.TPM = 60_000, 60_000_000
	s.Server.Faults = fakeopenai.Faults{P500: 0.02, P503: 0.01, RetryAfter503: 2 * time.Second, PReset: 0.01, PHang: 0.005, Hang: 10 * time.Minute}
	s.Extras = []Column{colAttemptsPerReq, colLeaked}
	return s
}

// S5 is S1 whose quota runs out at 30 s: from then every request gets 429
// insufficient_quota, half of them with Retry-After 5.
func S5() Scenario {
	s := base()
	s.ID, s.Title = "S5", "quota exhausted at 30 s"
	s.Server.QuotaAt, s.Server.QuotaRetryAfter, s.Server.QuotaRetryAfterP = 30*time.Second, 5*time.Second, 0.5
	s.NoEfficiency = true
	s.Extras = []Column{colTerminalRetries, colHitsAfterQuota, colSurface, colLeaked}
	return s
}

// S6 is cancellation and deadlines: 20 clients × 6 requests, each with a
// 5 s deadline, against 2 RPM (one request per 30 s, so Retry-After runs
// up to 30 s); a third of the requests are canceled after 500 ms (mid
// flight, or in a wait) and a third after 2.5 s (in a wait).
func S6() Scenario {
	s := base()
	s.ID, s.Title = "S6", "cancellation and deadlines"
	s.Server.RPM, s.Server.RequestQuantum = 2, 30*time.Second
	s.Clients, s.PerClient = 20, 6
	s.Deadline = 5 * time.Second
	s.CancelAfter = func(l fakeopenai.Logical) time.Duration {
		switch l.Seq % 3 {
		case 1:
			return 500 * time.Millisecond
		case 2:
			return 2500 * time.Millisecond
		}
		return 0
	}
	s.NoEfficiency = true
	s.Extras = []Column{colAfterCancel, colLate, colWraps, colLeaked}
	return s
}

// S7 is an outage under steady load: Poisson arrivals at 5/s for 180 s
// from 20 clients, and every request gets 503 from 30 s to 90 s.
func S7() Scenario {
	s := base()
	s.ID, s.Title = "S7", "outage 30-90 s under steady load"
	s.Server.OutageFrom, s.Server.OutageTo = 30*time.Second, 90*time.Second
	s.Clients, s.PerClient = 20, 0
	s.Arrivals = onOff(20, 5, 180*time.Second, 0, 180*time.Second)
	s.Extras = []Column{colAmplification, colRecovery, colLeaked}
	return s
}

// S8 is S1 from two processes (25 clients each) sharing one API key.
func S8() Scenario {
	s := base()
	s.ID, s.Title = "S8", "two processes on one key"
	s.Pools = 2
	s.Extras = []Column{colPoolJain, colLeaked}
	return s
}

// S8x4 is S1 from four processes (12 or 13 clients each) sharing one
// API key: each learns the key's limits alone, and only the server's
// answers tell it of the others.
func S8x4() Scenario {
	s := S8()
	s.ID, s.Title = "S8x4", "four processes on one key"
	s.Pools = 4
	return s
}

// S8x4c is S8x4 where rejected requests count against the limit, as in
// S3: the processes' 429s take capacity from each other.
func S8x4c() Scenario {
	s := S8x4()
	s.ID, s.Title = "S8x4c", "four processes on one key, countRejected"
	s.Server.CountRejected = true
	return s
}

// S8x8 is S1 from eight processes (6 or 7 clients each) sharing one API
// key, each pacing alone.
func S8x8() Scenario {
	s := S8()
	s.ID, s.Title = "S8x8", "eight processes on one key"
	s.Pools = 8
	return s
}

// S8x4s is S8x4 with the processes' Governors sharing their pacing
// through a store (WithStore, on Redis's protocol).
func S8x4s() Scenario {
	s := S8x4()
	s.ID, s.Title = "S8x4s", "four processes on one key, shared store"
	s.Store = true
	return s
}

// S8x8s is S8x8 through a shared store.
func S8x8s() Scenario {
	s := S8x8()
	s.ID, s.Title = "S8x8s", "eight processes on one key, shared store"
	s.Store = true
	return s
}

// S9 mixes in requests that retrying cannot fix, 1% each: too large for
// the TPM limit, a prompt above the 8k context window, a revoked key, and
// a temperature of 5. Limits as S1, with 600k TPM.
func S9() Scenario {
	s := base()
	s.ID, s.Title = "S9", "non-retryable errors mixed in"
	s.Server.TPM = 600_000
	s.Server.ContextWindow = 8192
	s.Request = func(seed uint64, l fakeopenai.Logical) Spec {
		u := detrand.Float(seed, saltKind, uint64(l.Client), uint64(l.Seq))
		switch {
		case u < 0.01:
			return Spec{Kind: TooLarge, Prompt: 100, MaxTokens: 700_000}
		case u < 0.02:
			return Spec{Kind: TooLong, Prompt: 9000, MaxTokens: 100}
		case u < 0.03:
			return Spec{Kind: BadKey, Prompt: 100, MaxTokens: 100}
		case u < 0.04:
			return Spec{Kind: BadParam, Prompt: 100, MaxTokens: 100}
		}
		return Spec{Kind: Normal, Prompt: 100, MaxTokens: 100}
	}
	s.Extras = []Column{colNormalFailed, colTerminalRetries, colClassOK, colLeaked}
	return s
}

// onOff returns Poisson arrivals at rate per second during on-phases of
// length on, separated by off-phases, until total; requests go to the
// clients in turn.
func onOff(clients int, rate float64, on, off, total time.Duration) func(uint64) []Arrival {
	return func(seed uint64) []Arrival {
		var out []Arrival
		period := on + off
		t := 0.0
		for i := 0; ; i++ {
			t += detrand.Exp(1/rate, seed, saltArrival, uint64(i))
			// Map busy time t onto the clock: each period has on of it.
			phases := math.Floor(t / on.Seconds())
			at := time.Duration((phases*period.Seconds() + (t - phases*on.Seconds())) * float64(time.Second))
			if at >= total {
				return out
			}
			n := len(out)
			out = append(out, Arrival{At: at, L: fakeopenai.Logical{Client: n % clients, Seq: n / clients}})
		}
	}
}
