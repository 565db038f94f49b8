package storm

import (
	"context"
	"errors"
	randv1 "math/rand"
	"net"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/cryptotest"
	"testing/synctest"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/openai/openai-go/v3"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
	goopenai "github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
	"github.com/oaiguard/oaiguard/bench/strategy"
	oaiguardgo "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
	"github.com/oaiguard/oaiguard/runtime/redisstore"
)

// Request is what became of one logical request.
type Request struct {
	L    fakeopenai.Logical
	Pool int
	Spec Spec
	// Start and End are offsets from the run's start, in simulated time.
	Start, End time.Duration
	OK         bool
	// Class is oaiguard.Classify of the final error.
	Class oaiguard.Class
	// DoneAt is when the request's context was scheduled to end (its
	// deadline or cancel), or -1.
	DoneAt time.Duration
	// ByDeadline says DoneAt is a deadline rather than a cancel.
	ByDeadline bool
	// WrapsDeadline and WrapsAPI say whether the final error matches
	// context.DeadlineExceeded and holds an *openai.Error.
	WrapsDeadline, WrapsAPI bool
	// Err is the final error's text, for looking into a run.
	Err string
}

// Run is one repetition of one (scenario, strategy) cell.
type Run struct {
	Scenario, Strategy string
	Seed               uint64
	// Phys is the scenario's physical limit for this seed (0: none).
	Phys     time.Duration
	Requests []Request
	Attempts []fakeopenai.Attempt
	// Leaked counts the bubble's goroutines still alive once every
	// request has returned and the bubble has settled.
	Leaked int
	// Cut says the run was stopped at a cap (attemptCap or runCap);
	// its requests still going then failed.
	Cut bool
	// Wall is the run's real duration.
	Wall time.Duration
}

// A run that collapses into a retry storm is stopped when the server has
// seen attemptCap attempts per logical request, or after runCap of
// simulated time: no strategy that makes progress comes near either, and
// a collapsed one would otherwise take many minutes of real time per run.
const (
	attemptCap = 20
	runCap     = 8 * time.Hour
)

// RunOnce runs one repetition in its own synctest bubble. seed drives the
// server's draws, the workload and oaiguard's injected random source.
// With seedGlobals it also seeds the process-wide sources: math/rand's
// global source (openai-go, avast, go-retryablehttp; it takes effect only
// with GODEBUG randseednop=0, which this package's tests set) and
// crypto/rand (AWS's jitter); runs that do so must not overlap. math/rand/v2's
// global source (cenkalti) and the goroutines' interleaving cannot be
// seeded, hence the repetitions.
func RunOnce(t *testing.T, sc Scenario, st strategy.Strategy, seed uint64, seedGlobals bool) Run {
	run := Run{Scenario: sc.ID, Strategy: st.Name, Seed: seed, Phys: sc.PhysicalLimit(seed)}
	wallStart := time.Now()
	synctest.Test(t, func(t *testing.T) {
		if seedGlobals {
			randv1.Seed(int64(seed)) //nolint:staticcheck // seeding the global source is the point
			cryptotest.SetGlobalRandom(t, seed)
		}
		before := bubbleGoroutines()

		srv, err := fakeopenai.New(sc.Server, seed)
		if err != nil {
			t.Fatalf("%s: %v", sc.ID, err)
		}
		tr := srv.Transport(sc.OneWay)
		newStore, closeStore := func() *redisstore.Store { return nil }, func() {}
		if sc.Store {
			newStore, closeStore = storeServer()
		}
		procs := make([]strategy.Process, max(1, sc.Pools))
		for i := range procs {
			procs[i] = st.New(strategy.Env{Transport: tr, AttemptTimeout: sc.AttemptTimeout, Seed: seed<<8 | uint64(i), Store: newStore()})
		}
		ctx, cancel := context.WithTimeout(context.Background(), runCap)
		defer cancel()
		work := sc.Work(seed)
		srv.StopAfter(attemptCap*len(work), cancel)

		run.Requests = make([]Request, len(work))
		one := func(i int) {
			a := work[i]
			pool := a.L.Client * len(procs) / max(1, sc.Clients)
			run.Requests[i] = sc.do(ctx, srv, procs[pool], pool, a.L, sc.Request(seed, a.L))
		}
		var wg sync.WaitGroup
		if sc.Arrivals != nil {
			for i, a := range work {
				time.Sleep(a.At - srv.Since())
				wg.Go(func() { one(i) })
			}
		} else {
			for c := 0; c < sc.Clients; c++ {
				wg.Go(func() {
					for s := 0; s < sc.PerClient; s++ {
						one(c*sc.PerClient + s)
					}
				})
			}
		}
		wg.Wait()
		run.Cut = ctx.Err() != nil
		closeStore()
		synctest.Wait()
		run.Leaked = bubbleGoroutines() - before
		run.Attempts = srv.Attempts()
		cancel()
	})
	run.Wall = time.Since(wallStart)
	return run
}

// do makes one logical request and records what became of it.
func (sc Scenario) do(ctx context.Context, srv *fakeopenai.Server, proc strategy.Process, pool int, l fakeopenai.Logical, spec Spec) Request {
	r := Request{L: l, Pool: pool, Spec: spec, DoneAt: -1, Start: srv.Since()}
	ctx = fakeopenai.WithLogical(ctx, l)
	if sc.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, sc.Deadline)
		defer cancel()
		r.DoneAt, r.ByDeadline = r.Start+sc.Deadline, true
	}
	if sc.CancelAfter != nil {
		if d := sc.CancelAfter(l); d > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			defer cancel()
			timer := time.AfterFunc(d, cancel)
			defer timer.Stop()
			if r.DoneAt < 0 || r.Start+d < r.DoneAt {
				r.DoneAt, r.ByDeadline = r.Start+d, false
			}
		}
	}
	key := GoodKey
	if spec.Kind == BadKey {
		key = RevokedKey
	}
	resp, err := proc.Chat(ctx, key, params(spec))
	r.End = srv.Since()
	r.OK = err == nil && resp != nil && len(resp.Choices) == 1 && resp.Choices[0].Message.Content == "ok"
	if err != nil {
		r.Class = classify(err)
		r.Err = err.Error()
		var apiErr *openai.Error
		var goErr *goopenai.APIError
		r.WrapsAPI = errors.As(err, &apiErr) || errors.As(err, &goErr)
		r.WrapsDeadline = errors.Is(err, context.DeadlineExceeded)
	}
	return r
}

// classify is the class of a strategy's final error, by the runtime of
// the SDK the error comes from. The two runtimes are generated from one
// table of classes, so a go-openai class converts by its name.
func classify(err error) oaiguard.Class {
	var goErr *goopenai.APIError
	var goReqErr *goopenai.RequestError
	var goOurs *oaiguardgo.Error
	if !errors.As(err, &goErr) && !errors.As(err, &goReqErr) && !errors.As(err, &goOurs) {
		return oaiguard.Classify(err)
	}
	c := oaiguardgo.Classify(err)
	for k := oaiguard.Class(0); k < 64; k++ {
		if k.String() == c.String() {
			return k
		}
	}
	return oaiguard.Unknown
}

// filler is prompt text; requests take a prefix of it.
var filler = strings.Repeat("lorem ipsum dolor sit amet ", 2000)

func params(spec Spec) openai.ChatCompletionNewParams {
	n := spec.Prompt * fakeopenai.CharsPerToken
	text := filler
	for len(text) < n {
		text += filler
	}
	p := openai.ChatCompletionNewParams{
		Model:     Model,
		Messages:  []openai.ChatCompletionMessageParamUnion{openai.UserMessage(text[:n])},
		MaxTokens: openai.Int(int64(spec.MaxTokens)),
	}
	if spec.Kind == BadParam {
		p.Temperature = openai.Float(5)
	}
	return p
}

var bubbleRE = regexp.MustCompile(`synctest bubble (\d+)`)

// bubbleGoroutines counts the goroutines in the caller's synctest bubble;
// runtime.NumGoroutine would count the whole process.
func bubbleGoroutines() int {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	// The caller's own goroutine comes first.
	header, _, _ := strings.Cut(string(buf), "\n")
	m := bubbleRE.FindStringSubmatch(header)
	if m == nil {
		return 0
	}
	id, _ := strconv.Atoi(m[1])
	count := 0
	for _, line := range strings.Split(string(buf), "\n") {
		if !strings.HasPrefix(line, "goroutine ") {
			continue
		}
		if mm := bubbleRE.FindStringSubmatch(line); mm != nil {
			if n, _ := strconv.Atoi(mm[1]); n == id {
				count++
			}
		}
	}
	return count
}

// storeServer starts a Redis-protocol server in the caller's synctest
// bubble and returns a function that makes a store on it, with a client
// of its own (one per process, as replicas have), and the function that
// closes the server and the clients. The server is miniredis, which runs
// the store's Lua script; its clients reach it over in-memory pipes
// (net.Pipe), since real sockets cannot be used in a bubble. Its own
// clock plays no part: the script takes the callers' (simulated) time.
func storeServer() (newStore func() *redisstore.Store, closeAll func()) {
	m := miniredis.NewMiniRedis()
	var clients []*redis.Client
	newStore = func() *redisstore.Store {
		client := redis.NewClient(&redis.Options{
			Addr:                  "miniredis",
			Dialer:                func(context.Context, string, string) (net.Conn, error) { return m.Dial() },
			DisableIdentity:       true,
			Protocol:              2,
			MaxRetries:            -1,
			ReadTimeout:           -2, // no deadlines on the pipes
			WriteTimeout:          -2,
			ContextTimeoutEnabled: true,
			// A connection for every caller: go-redis waits for a busy
			// pool with timers from a process-wide pool, which a bubble
			// must not share with others.
			PoolSize: 256,
			// No maintenance notifications: their set-up looks the
			// address up in DNS, which a bubble must not share either.
			MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
		})
		clients = append(clients, client)
		return redisstore.New(client, "storm")
	}
	return newStore, func() {
		for _, c := range clients {
			c.Close()
		}
		m.Close()
	}
}
