package storm

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
	"github.com/oaiguard/oaiguard/bench/strategy"
	"github.com/oaiguard/oaiguard/runtime/redisstore"
	"github.com/oaiguard/oaiguard/runtime/redisstore/redistest"
)

// These tests run the runtime's processes on one key through a real
// redis-server, in real time: the storm's scenarios through the store use
// miniredis, in simulated time, which cannot reach a real server.

// sharedRun is a run of procs processes (each its own Governor and Redis
// client) of the ours strategy, clients each sending perClient requests
// against a server of rpm requests per minute enforced per second. kill,
// if set, is called once after killAfter requests completed.
type sharedRun struct {
	procs, clients, perClient, rpm int
	addr                           string
	killAfter                      int
	kill                           func()
	storeTimeout                   time.Duration // 0: the runtime's default
}

type sharedResult struct {
	failed, throttled, attempts int
	makespan                    time.Duration
	errs                        []string
}

func (r sharedRun) run(t *testing.T) sharedResult {
	t.Helper()
	cfg := S1().Server
	cfg.RPM = r.rpm
	cfg.BaseLatency = 100 * time.Millisecond
	srv, err := fakeopenai.New(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr := srv.Transport(5 * time.Millisecond)
	st := mustStrategy(t, strategy.Ours)
	procs := make([]strategy.Process, r.procs)
	for i := range procs {
		c := redis.NewClient(&redis.Options{Addr: r.addr, MaxRetries: -1, DialerRetries: 1, DisableIdentity: true})
		t.Cleanup(func() { c.Close() })
		procs[i] = st.New(strategy.Env{Transport: tr, AttemptTimeout: 30 * time.Second, Seed: uint64(i + 1), Store: redisstore.New(c, "itest-"+t.Name()), StoreTimeout: r.storeTimeout})
	}
	var res sharedResult
	var mu sync.Mutex
	var done atomic.Int64
	var once sync.Once
	start := time.Now()
	var wg sync.WaitGroup
	for c := range r.clients {
		wg.Go(func() {
			for s := range r.perClient {
				l := fakeopenai.Logical{Client: c, Seq: s}
				ctx := fakeopenai.WithLogical(context.Background(), l)
				_, err := procs[c%r.procs].Chat(ctx, GoodKey, params(Spec{Kind: Normal, Prompt: 100, MaxTokens: 100}))
				if err != nil {
					mu.Lock()
					res.failed++
					res.errs = append(res.errs, err.Error())
					mu.Unlock()
				}
				if n := done.Add(1); r.kill != nil && int(n) >= r.killAfter {
					once.Do(r.kill)
				}
			}
		})
	}
	wg.Wait()
	res.makespan = time.Since(start)
	for _, a := range srv.Attempts() {
		res.attempts++
		if a.Outcome == fakeopenai.RateLimitedRequests || a.Outcome == fakeopenai.RateLimitedTokens {
			res.throttled++
		}
	}
	return res
}

// evalCalls returns how many scripts the server ran.
func evalCalls(t *testing.T, addr string) int {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
	defer c.Close()
	info, err := c.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, line := range strings.Split(info, "\n") {
		if !strings.HasPrefix(line, "cmdstat_eval") {
			continue
		}
		_, rest, _ := strings.Cut(line, "calls=")
		n, _ := strconv.Atoi(rest[:strings.IndexByte(rest, ',')])
		total += n
	}
	return total
}

// Four processes on one key through a real Redis: every request
// succeeds, they take their turns from the shared buckets, and together
// they keep to the key's limit with next to no rate limits (each alone
// would learn its share from 429s).
func TestRedisStoreSharesTheKey(t *testing.T) {
	srv := redistest.Start(t)
	// A second per store call: the test judges the sharing, and at the
	// default 50 ms a loaded machine (load 27 on 2 cores, seen) sent a
	// quarter of the calls to local pacing, which overshoots.
	r := sharedRun{procs: 4, clients: 16, perClient: 10, rpm: 2400, addr: srv.Addr, storeTimeout: time.Second}
	res := r.run(t)
	if res.failed != 0 {
		t.Fatalf("%d of %d requests failed: %v", res.failed, r.clients*r.perClient, res.errs[:min(3, len(res.errs))])
	}
	n := r.clients * r.perClient
	// Each request after the cold start takes its turn there, but for
	// those that find the store slower than its timeout on a busy
	// machine (the breaker then paces them locally for a second).
	if calls := evalCalls(t, srv.Addr); calls < n/2 {
		t.Errorf("the store ran %d scripts for %d requests: the processes did not pace through it", calls, n)
	}
	if share := float64(res.throttled) / float64(res.attempts); share > 0.03 {
		t.Errorf("%d of %d attempts rate-limited (%.1f%%): the shared buckets let the processes overshoot", res.throttled, res.attempts, 100*share)
	}
	// 160 requests at 40/s with a bucket of 40: at least 3 s; the
	// processes together should get most of the key.
	if lim := 3 * time.Second; res.makespan < lim || res.makespan > 3*lim/2 {
		t.Errorf("makespan %s for %d requests at 40/s", res.makespan, n)
	}
	t.Logf("%d requests, %d attempts, %d rate-limited, makespan %s", n, res.attempts, res.throttled, res.makespan)
}

// The Redis dies mid-run: every call still succeeds, paced by its
// process alone, and no call waits for the dead store (the breaker keeps
// the calls from asking it; each ask is bounded by the store timeout).
func TestRedisStoreDown(t *testing.T) {
	srv := redistest.Start(t)
	r := sharedRun{procs: 4, clients: 16, perClient: 10, rpm: 2400, addr: srv.Addr, killAfter: 50}
	r.kill = srv.Stop
	res := r.run(t)
	if res.failed != 0 {
		t.Fatalf("%d requests failed after the store died: %v", res.failed, res.errs[:min(3, len(res.errs))])
	}
	if res.makespan > 9*time.Second {
		t.Errorf("makespan %s with the store dead: the calls waited for it", res.makespan)
	}
	t.Logf("%d attempts, %d rate-limited, makespan %s", res.attempts, res.throttled, res.makespan)
}
