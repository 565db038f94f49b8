package core

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is a Store in memory: the same GCRA as the Redis store's
// script, for the Governor's side of the contract.
type memStore struct {
	mu     sync.Mutex
	tat    map[string]time.Time
	takes  map[string][]time.Time // when each take may go, per bucket
	pauses int
	err    error // every call fails with it
	block  bool  // every call waits for its context
	calls  int
}

func newMemStore() *memStore {
	return &memStore{tat: map[string]time.Time{}, takes: map[string][]time.Time{}}
}

func (s *memStore) Take(ctx context.Context, now time.Time, maxWait time.Duration, keys []string, rates, bursts, costs []float64) (time.Duration, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.block {
		s.mu.Unlock()
		<-ctx.Done()
		s.mu.Lock()
		return 0, false, ctx.Err()
	}
	if s.err != nil {
		return 0, false, s.err
	}
	var wait time.Duration
	tats := make([]time.Time, len(keys))
	for i, k := range keys {
		tat := s.tat[k]
		if tat.Before(now) {
			tat = now
		}
		tats[i] = tat
		c := math.Min(costs[i], bursts[i])
		w := tat.Add(secs((c - bursts[i]) / rates[i])).Sub(now)
		wait = max(wait, w)
	}
	if wait > maxWait {
		return wait, false, nil
	}
	at := now.Add(wait)
	for i, k := range keys {
		tat := tats[i]
		if tat.Before(at) {
			tat = at
		}
		s.tat[k] = tat.Add(secs(math.Min(costs[i], bursts[i]) / rates[i]))
		s.takes[k] = append(s.takes[k], at)
	}
	return wait, true, nil
}

func (s *memStore) Pause(ctx context.Context, now, until time.Time, keys []string, rates, bursts []float64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.err != nil {
		return s.err
	}
	s.pauses++
	for i, k := range keys {
		if t := until.Add(secs(bursts[i] / rates[i])); t.After(s.tat[k]) {
			s.tat[k] = t
		}
	}
	return nil
}

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// requestTakes returns the send times of the requests bucket.
func (s *memStore) requestTakes(t *testing.T) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.takes {
		if strings.HasSuffix(k, ":requests") {
			if strings.Contains(k, stubKey) {
				t.Errorf("the store's bucket name %q holds the API key", k)
			}
			return v
		}
	}
	return nil
}

// Two Governors (two processes) on one key through one store: once the
// limit is known, their requests together keep to it, although each
// alone would send at the full rate (the headers say the minute's
// allowance is nearly whole).
func TestStoreSharesTheBuckets(t *testing.T) {
	c := newFakeClock()
	store := newMemStore()
	api := &stubAPI{replies: []stubReply{{header: rateLimits("600", "599", "100ms")}}}
	var ps [2]Policy
	for i := range ps {
		ps[i] = testPolicy(c)
		ps[i].Governor = NewGovernor(WithStore(store))
	}
	const n = 60
	start := c.Now()
	for i := range n {
		if _, err := retry(WithPolicy(context.Background(), ps[i%2]), fakeFacts, typedCost{}, api.call, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	takes := store.requestTakes(t)
	// The first answer of each Governor tells it the limit: the calls
	// before go through the cold start, not the store.
	if len(takes) < n-2 {
		t.Fatalf("the store paced %d of %d requests", len(takes), n)
	}
	// 10 per second, with a burst of 9.5: in any window, at most
	// 9.5 + 10 × its length.
	for i := range takes {
		for j := i + 1; j < len(takes); j++ {
			w := takes[j].Sub(takes[i]).Seconds()
			if got := float64(j - i + 1); got > 9.5+10*w+1e-6 {
				t.Fatalf("%v requests in %.3f s: over the shared limit", got, w)
			}
		}
	}
	if el := c.Now().Sub(start); el < 4*time.Second {
		t.Errorf("%d requests at 10/s took %s", n, el)
	}
}

// A rate limit's pause empties the shared bucket: the other Governor
// waits it out too.
func TestStoreSharesThePause(t *testing.T) {
	c := newFakeClock()
	store := newMemStore()
	ok := stubReply{header: rateLimits("600", "599", "100ms")}
	limited := stubReply{status: 429, header: append(rateLimits("600", "0", "100ms"), "retry-after-ms", "3000"),
		body: `{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}`}
	api := &stubAPI{replies: []stubReply{ok, ok, limited, ok}}
	a, b := testPolicy(c), testPolicy(c)
	a.Governor, b.Governor = NewGovernor(WithStore(store)), NewGovernor(WithStore(store))
	for _, p := range []Policy{a, b} {
		if _, err := retry(WithPolicy(context.Background(), p), fakeFacts, typedCost{}, api.call, nil); err != nil {
			t.Fatal(err)
		}
	}
	// a's call ends at the rate limit: its deadline is before the pause
	// ends.
	ctx, cancel := context.WithDeadline(WithPolicy(context.Background(), a), c.Now().Add(time.Second))
	defer cancel()
	if _, err := retry(ctx, fakeFacts, typedCost{}, api.call, nil); err == nil {
		t.Fatal("a's call past its deadline succeeded")
	}
	if store.pauses != 1 {
		t.Fatalf("%d pauses in the store, want 1", store.pauses)
	}
	before := c.Now()
	if _, err := retry(WithPolicy(context.Background(), b), fakeFacts, typedCost{}, api.call, nil); err != nil {
		t.Fatal(err)
	}
	// b's own limiter saw no rate limit, but the shared bucket is paused
	// until 3 s after a's rate limit (less one request's refill).
	if w := c.Now().Sub(before); w < 2*time.Second {
		t.Errorf("b waited %s after a's 3 s rate limit", w)
	}
}

// A store that fails: every call succeeds, paced by its Governor alone;
// the store is asked again only after its backoff, and the outage is
// told once.
func TestStoreDownPacesLocally(t *testing.T) {
	c := newFakeClock()
	store := newMemStore()
	store.err = errors.New("connection refused")
	api := &stubAPI{replies: []stubReply{{header: rateLimits("600", "599", "100ms")}}}
	p := testPolicy(c)
	p.Governor = NewGovernor(WithStore(store))
	var told []error
	p.OnAttempt = func(e AttemptEvent) {
		if e.StoreErr != nil {
			told = append(told, e.StoreErr)
		}
	}
	ctx := WithPolicy(context.Background(), p)
	for i := range 30 {
		if _, err := retry(ctx, fakeFacts, typedCost{}, api.call, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// Asked once, then at most once per backoff (1 s, doubling) of the
	// fake time the calls took.
	if el := c.Now().Sub(time.Time{}); store.calls > 3 {
		t.Errorf("a failing store was asked %d times in 30 calls (%s)", store.calls, el)
	}
	if len(told) != 1 {
		t.Errorf("the outage was told %d times, want once: %v", len(told), told)
	}
	if sent, _ := api.counts(); sent != 30 {
		t.Errorf("%d requests sent for 30 calls", sent)
	}
	// It answers again: a probe after the backoff finds it, and the
	// store paces again.
	store.mu.Lock()
	store.err = nil
	store.mu.Unlock()
	if err := c.Sleep(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := retry(ctx, fakeFacts, typedCost{}, api.call, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(store.requestTakes(t)); n < 4 {
		t.Errorf("after the store came back it paced %d of 5 requests", n)
	}
}

// A store that hangs costs a call no more than the timeout, once: the
// breaker keeps the next calls from asking it.
func TestStoreSlowIsBounded(t *testing.T) {
	store := newMemStore()
	store.block = true
	api := &stubAPI{replies: []stubReply{{header: rateLimits("600000", "599999", "1ms")}}}
	p := Policy{Governor: NewGovernor(WithStore(store), WithStoreTimeout(20*time.Millisecond))}
	ctx := WithPolicy(context.Background(), p)
	start := time.Now()
	for i := range 20 {
		if _, err := retry(ctx, fakeFacts, typedCost{}, api.call, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Errorf("20 calls with a hanging store took %s", el)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if store.calls != 1 {
		t.Errorf("a hanging store was asked %d times, want once", store.calls)
	}
}
