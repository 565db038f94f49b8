package core

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// Governor is the state that calls through this package share, so that
// they behave as one well-mannered client of the API instead of many
// independent ones: a rate limiter per API key and model that paces
// requests below the limits the server advertises, a retry budget per key
// that stops retries from multiplying the load of an outage, and latches
// that make calls on a key whose quota is spent, or that the server
// rejects, fail at once instead of hitting the API.
//
// Calls use the Governor of their Policy, or the process-wide one when it
// is nil. Make separate Governors only for separate worlds, such as tests
// or simulations; two Governors on one key compete like two processes.
//
// A Governor never starts goroutines or timers: calls wait in their own
// goroutine, with the policy's clock, and it keeps no API key, only a
// fingerprint of it.
type Governor struct {
	mu   sync.Mutex
	keys map[uint64]*keyState
	// last is the key found last: most processes use one key, which is
	// then found without the lock.
	last atomic.Pointer[keyState]
	// bare is the state of calls whose requests the package never sees
	// (bareFingerprint), once there has been one.
	bare atomic.Pointer[keyState]
	// store shares the pacing with other processes (store.go); nil:
	// none.
	store *storeLink
}

// NewGovernor returns a Governor that shares nothing with any other, or,
// with WithStore, only what it shares through the store.
func NewGovernor(opts ...GovernorOption) *Governor {
	g := &Governor{keys: make(map[uint64]*keyState)}
	for _, o := range opts {
		o(g)
	}
	return g
}

// defaultGovernor serves calls whose Policy names no Governor.
var defaultGovernor = NewGovernor()

// ErrLatched is matched (errors.Is) by the *Error of a call that was not
// sent because an earlier call with the same API key found its quota
// spent (QuotaExhausted) or the key rejected (Auth). The key is probed
// again once in a while; until a probe succeeds, calls fail at once.
var ErrLatched = errors.New("oaiguard: the API key is latched after a quota or authentication failure")

// ErrBudgetExhausted is matched (errors.Is) by the *Error of a call that
// was not retried because the retry budget of its API key was spent: so
// many recent attempts failed that retrying would only add load to an
// outage. Successful calls refill the budget.
var ErrBudgetExhausted = errors.New("oaiguard: retry budget exhausted")

// The retry budget is a token bucket per API key, in the spirit of the AWS
// SDKs' retry quota and the SRE book's per-client retry budget: a retry
// costs budgetRetryCost tokens; a retry of a rate limit costs nothing (the
// server said when to come back and the limiter paces it, so it adds no
// load beyond the limit, and MaxElapsed bounds it); a retried call that
// succeeds refunds its last retry's cost, and
// a call that succeeds at once adds budgetSuccessCredit. A full bucket pays
// for 10 retries of server errors in a row; after that each retry needs
// ten first-try successes, which holds retries near a tenth of the calls
// during an outage instead of multiplying its load.
const (
	budgetCapacity      = 100
	budgetRetryCost     = 10
	budgetSuccessCredit = 1
)

// Latched keys are probed this often: one call is let through to see
// whether the quota or the key is good again.
const latchProbeInterval = time.Minute

// idleLimit is how long a key's state may go unused before it is dropped,
// once the governor holds more than maxKeys keys.
const (
	idleLimit = 30 * time.Minute
	maxKeys   = 256
)

// keyState is what a governor knows about one API key at one host.
type keyState struct {
	fp       uint64
	budget   atomic.Int64 // retry budget tokens
	latched  atomic.Bool  // latch != nil, read without the lock
	lastUsed atomic.Int64 // Unix nanoseconds

	mu     sync.Mutex
	models map[string]*limiter
	latch  *latch
	// last is the limiter found last, found again without the lock.
	last atomic.Pointer[limiter]
	// store is the Governor's, and shared the key's name in it
	// (store.go).
	store  *storeLink
	shared atomic.Pointer[sharedKey]
}

// latch is a key that must not be used until a probe succeeds.
type latch struct {
	class     Class
	err       error     // the API error that latched the key
	since     time.Time // when it was latched
	nextProbe time.Time
	probing   bool
}

// key returns the state of key fingerprint fp, creating it.
func (g *Governor) key(fp uint64, now time.Time) *keyState {
	if ks := g.last.Load(); ks != nil && ks.fp == fp {
		ks.lastUsed.Store(now.UnixNano())
		return ks
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.keys == nil { // a Governor made without NewGovernor
		g.keys = make(map[uint64]*keyState)
	}
	ks := g.keys[fp]
	if ks == nil {
		if len(g.keys) >= maxKeys {
			g.dropIdle(now)
		}
		ks = &keyState{fp: fp, models: make(map[string]*limiter), store: g.store}
		ks.budget.Store(budgetCapacity)
		g.keys[fp] = ks
	}
	ks.lastUsed.Store(now.UnixNano())
	g.last.Store(ks)
	return ks
}

// dropIdle forgets keys unused for idleLimit, so that a process that
// meets many keys does not grow without bound. Limiters held by calls in
// flight stay valid; they are just no longer shared.
func (g *Governor) dropIdle(now time.Time) {
	for fp, ks := range g.keys {
		ks.mu.Lock()
		idle := now.Sub(time.Unix(0, ks.lastUsed.Load())) > idleLimit && ks.latch == nil
		ks.mu.Unlock()
		if idle {
			delete(g.keys, fp)
			g.last.CompareAndSwap(ks, nil)
		}
	}
}

// limiterFor returns the limiter of model at ks, creating it: model is a typed
// request's, or the bytes of one read from a body, which are not kept
// (looking them up as string(model) does not allocate).
func limiterFor[M string | []byte](ks *keyState, model M) *limiter {
	if l := ks.last.Load(); l != nil && l.model == string(model) {
		return l
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	l := ks.models[string(model)]
	if l == nil {
		l = newLimiter(string(model))
		l.shared.store = ks.store
		ks.models[l.model] = l
	}
	ks.last.Store(l)
	return l
}

// find returns the limiter of model at ks, or nil.
func (ks *keyState) find(model string) *limiter {
	if l := ks.last.Load(); l != nil && l.model == model {
		return l
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks.models[model]
}

// admit reports whether a call may use the key now. When the key is
// latched it returns the latch, unless it is time for a probe: then the
// call is the probe, and probe is true.
func (ks *keyState) admit(now time.Time) (l *latch, probe bool) {
	if !ks.latched.Load() {
		return nil, false
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.latch == nil {
		return nil, false
	}
	if !ks.latch.probing && !now.Before(ks.latch.nextProbe) {
		ks.latch.probing = true
		ks.latch.nextProbe = now.Add(latchProbeInterval)
		return nil, true
	}
	cp := *ks.latch
	return &cp, false
}

// settle updates the latch with the class of a response from the server
// to a request sent at sent (clock reads the time, only when needed): a class that latches (re)latches the key,
// with err as the reason; a success or a rate limit proves the key good
// again and clears the latch, if the request was sent after the key was
// latched (calls in flight then say nothing about the key now). Other
// failures say nothing about the key.
func (ks *keyState) settle(class Class, err error, ok bool, sent time.Time, clock func() time.Time) {
	if !latches(class) && !ks.latched.Load() {
		return
	}
	now := clock()
	ks.mu.Lock()
	defer ks.mu.Unlock()
	switch {
	case latches(class):
		if ks.latch == nil {
			ks.latch = &latch{since: now, nextProbe: now.Add(latchProbeInterval)}
			ks.latched.Store(true)
		}
		ks.latch.class, ks.latch.err, ks.latch.probing = class, err, false
	case ks.latch == nil:
	case (ok || class == RateLimited) && !sent.Before(ks.latch.since):
		ks.latch = nil
		ks.latched.Store(false)
	default:
		ks.latch.probing = false
	}
}

// endProbe releases a probe that got no answer from the server, so that a
// later call may probe.
func (ks *keyState) endProbe() {
	if !ks.latched.Load() {
		return
	}
	ks.mu.Lock()
	if ks.latch != nil {
		ks.latch.probing = false
	}
	ks.mu.Unlock()
}

// latches reports whether a response of class c says the key itself is
// unusable, so that every call with it would fail the same way.
func latches(c Class) bool { return c == QuotaExhausted || c == Auth }

// spend takes the cost of a retry from the budget; false means the budget
// cannot pay and the call must not be retried.
func (ks *keyState) spend() (cost int64, ok bool) {
	cost = budgetRetryCost
	for {
		b := ks.budget.Load()
		if b < cost {
			return 0, false
		}
		if ks.budget.CompareAndSwap(b, b-cost) {
			return cost, true
		}
	}
}

// earn credits the budget for a call that succeeded: refund is the cost of
// its last retry, 0 when it succeeded at once.
func (ks *keyState) earn(refund int64) {
	if refund <= 0 {
		refund = budgetSuccessCredit
	}
	for {
		b := ks.budget.Load()
		if b >= budgetCapacity {
			return
		}
		n := b + refund
		if n > budgetCapacity {
			n = budgetCapacity
		}
		if ks.budget.CompareAndSwap(b, n) {
			return
		}
	}
}
