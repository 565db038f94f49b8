package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Store shares the pacing of API keys between processes: OpenAI's limits
// belong to the organization or project behind a key, not to one process,
// so replicas of a service on one key that each learn alone overshoot
// together. A Governor made with WithStore paces the dimensions whose
// limit it knows (from the x-ratelimit-limit-* headers) by shared buckets
// in the store, one per API key, model and dimension, instead of by its
// own share of them; a rate limit's pause empties the shared bucket for
// every process. Everything else (what remains per the headers, the
// latches, the retry budget) stays per process.
//
// Its methods take the caller's clock (now), never the store's, so that
// processes on one key need clocks that agree (NTP) and simulations may
// run on a fake clock. They must be safe for concurrent use. The Governor
// bounds each call with a short timeout (WithStoreTimeout) and stops
// asking a store that failed for a while (a circuit breaker): calls then
// go on paced by this process alone, and never fail because of the store.
//
// The methods use only standard types, so that one implementation (such
// as the package github.com/oaiguard/oaiguard/runtime/redisstore) serves
// every generated runtime.
type Store interface {
	// Take takes costs[i] from the shared bucket called keys[i], which
	// refills at rates[i] units per second up to bursts[i] units, at the
	// earliest time from now at which every bucket holds its cost (a
	// cost above a bucket's burst takes the whole bucket), and returns
	// how long from now that is. When that is more than maxWait, it
	// takes nothing and returns the wait with taken false. The keys of
	// one call belong to one API key and model: a store that shards
	// keeps them together.
	Take(ctx context.Context, now time.Time, maxWait time.Duration, keys []string, rates, bursts, costs []float64) (wait time.Duration, taken bool, err error)
	// Pause empties the shared buckets called keys until until (a rate
	// limit's pause, which every process on the key waits out), unless
	// they are emptier already; they refill at rates[i] from then, up
	// to bursts[i].
	Pause(ctx context.Context, now, until time.Time, keys []string, rates, bursts []float64) error
}

// GovernorOption configures a Governor made with NewGovernor.
type GovernorOption func(*Governor)

// WithStore makes the Governor share its pacing through s with every
// other process whose Governor uses the same store (see Store). A nil s
// changes nothing.
func WithStore(s Store) GovernorOption {
	return func(g *Governor) {
		if s != nil {
			g.store = &storeLink{s: s, timeout: defaultStoreTimeout}
			g.store.up.Store(true) // trusted until it fails
		}
	}
}

// WithStoreTimeout bounds each call of the Governor's Store (50 ms unless
// set); a call that takes longer counts as a failure of the store. It
// applies to a store given before it in NewGovernor's options.
func WithStoreTimeout(d time.Duration) GovernorOption {
	return func(g *Governor) {
		if g.store != nil && d > 0 {
			g.store.timeout = d
		}
	}
}

// The store's circuit breaker: after a failure, the store is not asked
// for storeBackoff, doubling with each failure of the probe that follows,
// up to storeMaxBackoff.
const (
	defaultStoreTimeout = 50 * time.Millisecond
	storeBackoff        = time.Second
	storeMaxBackoff     = 30 * time.Second
)

// storeLink is a Governor's use of its Store, with the circuit breaker.
type storeLink struct {
	s       Store
	timeout time.Duration
	// up says the store paces the dimensions it shares: the limiters
	// leave their own buckets of those dimensions out of their waits.
	up atomic.Bool
	// downUntil is when the store may be asked again (Unix nanoseconds,
	// by the callers' clock); probing says one call is asking.
	downUntil atomic.Int64
	probing   atomic.Bool
	mu        sync.Mutex
	backoff   time.Duration
	// told says the current outage was reported (to a call's OnAttempt
	// or the log), logged that it went to the log.
	told, logged bool
}

// paces reports whether the store, rather than the limiter's own buckets,
// paces dimension b: the store is up and b's limit is known.
func (s *storeLink) paces(b *bucket) bool {
	return s != nil && b.limit > 0 && s.up.Load()
}

// ask reports whether the store may be asked now; when it was down and
// its backoff is over, the one caller that gets true is its probe.
func (s *storeLink) ask(now time.Time) bool {
	if s.up.Load() {
		return true
	}
	if now.UnixNano() < s.downUntil.Load() {
		return false
	}
	return s.probing.CompareAndSwap(false, true)
}

// done records the outcome of a call of the store: an error opens the
// breaker, and is returned once per outage, for the call's OnAttempt
// event (and logged with slog's default logger when quiet is false: the
// call has no OnAttempt); a success closes it.
func (s *storeLink) done(err error, now time.Time, quiet bool) (report error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		if !s.up.Load() {
			s.up.Store(true)
			s.backoff = 0
			if s.logged {
				slog.Info("oaiguard: the shared pacing store answers again; pacing is shared again")
			}
			s.told, s.logged = false, false
		}
		s.probing.Store(false)
		return nil
	}
	if s.backoff == 0 {
		s.backoff = storeBackoff
	} else if s.backoff *= 2; s.backoff > storeMaxBackoff {
		s.backoff = storeMaxBackoff
	}
	s.downUntil.Store(now.Add(s.backoff).UnixNano())
	s.up.Store(false)
	s.probing.Store(false)
	if s.told {
		return nil
	}
	s.told, s.logged = true, !quiet
	if !quiet {
		slog.Warn("oaiguard: the shared pacing store failed; calls are paced by this process alone until it answers again", "error", err)
	}
	return err
}

// limiterShare is a limiter's part in its Governor's store.
type limiterShare struct {
	store *storeLink
	// joined says the limiter took from the shared buckets: its first
	// take adds what it sent before it knew a limit (less what the
	// server refused), which the shared buckets did not see. l.mu.
	joined bool
}

// sharedKey is the name of an API key (and host) in the store: a hash
// that is the same in every process, and tells nothing of the key.
type sharedKey struct{ name string }

// shareName gives ks its name in the store, from the first request of a
// call on it.
func (ks *keyState) shareName(req *http.Request) {
	if ks.store == nil || ks.shared.Load() != nil {
		return
	}
	cred := first(req.Header, "Authorization")
	if cred == "" {
		cred = first(req.Header, "Api-Key")
	}
	h := sha256.Sum256([]byte(req.URL.Host + "\x00" + cred))
	ks.shared.Store(&sharedKey{name: "oaiguard:" + hex.EncodeToString(h[:12])})
}

// sharedBuckets returns the names, rates and bursts of the shared buckets
// of l's dimensions that the store paces, and the costs of pm in them (for
// a take, and l's first, with what l sent before it knew a limit). The burst is what the limiter's own pace allows at
// once (the enforcing bucket when the headers show it, else a second of
// the limit's rate), less the margins.
func (l *limiter) sharedBuckets(ks *keyState, pm permit, take bool) (keys []string, rates, bursts, costs []float64) {
	sk := ks.shared.Load()
	if sk == nil {
		return nil, nil, nil, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for d := range l.b {
		b := &l.b[d]
		if b.limit <= 0 {
			continue
		}
		rate := b.rate()
		burst := rate * burstPeriod.Seconds()
		if b.visible() {
			burst = b.capacity
		}
		if d == requests {
			burst -= requestMargin
		} else {
			burst -= tokenMargin * burst
		}
		if burst < 1 {
			burst = 1
		}
		cost := pm.cost[d]
		if !l.shared.joined {
			cost += fmax(0, b.blind)
		}
		keys = append(keys, sk.name+":"+l.model+":"+dimNames[d])
		rates = append(rates, rate)
		bursts = append(bursts, burst)
		costs = append(costs, cost)
	}
	if len(keys) > 0 && take {
		l.shared.joined = true
	}
	return keys, rates, bursts, costs
}

var dimNames = [dims]string{requests: "requests", tokens: "tokens"}

// acquire is the limiter's acquire for the call, followed, when its
// Governor shares pacing through a store, by the turn of the shared
// buckets: a wait there is slept here when block is set, and otherwise
// reserved for the next attempt (c.sendAt), which c.wait sleeps until.
func (c *call) acquire(deadline time.Time, block bool, now time.Time) (permit, time.Duration, error) {
	pm, wait, err := c.lim.acquire(c, &c.p, &c.ticket, c.cost, deadline, block, now)
	st := c.ks.store
	if err != nil || st == nil || c.bare {
		return pm, wait, err
	}
	if !pm.at.IsZero() {
		now = pm.at
	}
	if !st.ask(now) {
		return pm, 0, nil
	}
	keys, rates, bursts, costs := c.lim.sharedBuckets(c.ks, pm, true)
	if len(keys) == 0 {
		st.probing.Store(false)
		return pm, 0, nil
	}
	maxWait := time.Duration(1<<63 - 1)
	if !deadline.IsZero() {
		maxWait = deadline.Sub(now)
	}
	ctx, cancel := context.WithTimeout(context.Background(), st.timeout)
	w, taken, serr := st.s.Take(ctx, now, maxWait, keys, rates, bursts, costs)
	cancel()
	if r := st.done(serr, now, c.p.OnAttempt != nil); r != nil {
		c.storeErr = r
	}
	if serr != nil || w <= 0 {
		// Down: the request goes as the limiter let it. A pacing turn
		// lost to one failure costs one request its shared pacing.
		return pm, 0, nil
	}
	if !taken {
		c.lim.unanswered(pm)
		return permit{}, w, errPastDeadline
	}
	if !block {
		c.permit, c.hasPermit, c.sendAt = pm, true, now.Add(w)
		return permit{}, w, errMustWait
	}
	if err := c.p.sleep(c, w); err != nil {
		c.lim.unanswered(pm)
		return permit{}, 0, err
	}
	pm.waited += w
	pm.at = c.p.now()
	return pm, 0, nil
}

// waitShared sleeps until the turn that send reserved in the shared
// buckets, for the permit it kept.
func (c *call) waitShared() *refusal {
	w := c.sendAt.Sub(c.p.now())
	c.sendAt = time.Time{}
	if err := c.p.sleep(c, w); err != nil {
		c.hasPermit = false
		c.lim.unanswered(c.permit)
		return refusalOf(err, stopContext, 0)
	}
	if err := c.Err(); err != nil {
		c.hasPermit = false
		c.lim.unanswered(c.permit)
		return refusalOf(err, stopContext, 0)
	}
	c.permit.waited += w
	c.permit.at = c.p.now()
	return nil
}

// pauseShared empties the shared bucket of the dimension a rate limit was
// about until its pause ends (less one request's refill, so that the
// request the server refused finds room then).
func (c *call) pauseShared(pm permit, o observation, now time.Time) {
	st := c.ks.store
	if st == nil || c.bare || o.pause <= 0 || o.dim < 0 || o.dim >= dims || !st.ask(now) {
		return
	}
	keys, rates, bursts, _ := c.lim.sharedBuckets(c.ks, pm, false)
	var k []string
	var r, b []float64
	for i, key := range keys {
		if key[len(key)-len(dimNames[o.dim]):] == dimNames[o.dim] {
			k, r, b = append(k, key), append(r, rates[i]), append(b, bursts[i])
		}
	}
	if len(k) == 0 {
		st.probing.Store(false)
		return
	}
	until := now.Add(o.pause)
	if o.dim == requests {
		until = until.Add(-time.Duration(float64(time.Second) / r[0]))
	}
	ctx, cancel := context.WithTimeout(context.Background(), st.timeout)
	err := st.s.Pause(ctx, now, until, k, r, b)
	cancel()
	if rep := st.done(err, now, c.p.OnAttempt != nil); rep != nil {
		c.storeErr = rep
	}
}
