package core

import (
	"context"
	"math/rand/v2"
	"time"
)

// Policy says how often and how patiently a call is retried, and which
// Governor paces it. Pass one down a call tree with WithPolicy; calls
// without one use DefaultPolicy. A zero or negative field, a nil OnRetry,
// OnAttempt or Governor included, takes its value from DefaultPolicy, so
// Policy{MaxAttempts: 2} changes only the attempts.
type Policy struct {
	// MaxAttempts bounds the attempts of one call, the first included.
	// 1 means no retries. A rate limit on a request the limiter had let
	// go does not count: it means others share the key, the limiter
	// learns from it, and MaxElapsed and the retry budget bound it.
	MaxAttempts int
	// BaseDelay is the backoff window before the first retry; the window
	// doubles with each retry (full jitter: the wait is uniform in it).
	BaseDelay time.Duration
	// MaxDelay caps the backoff window. It does not cap a wait the server
	// asks for: that is honoured, or the call gives up at once.
	MaxDelay time.Duration
	// MaxElapsed bounds the time from the first attempt to the start of the
	// last one. A retry that would start later is not made.
	MaxElapsed time.Duration
	// SkipValidation turns off the checks of request fields that Call and
	// Stream make before the first attempt. The checks follow OpenAI's
	// documented rules; a server that only speaks OpenAI's protocol
	// (LocalAI, LiteLLM, a test fake) may accept requests they reject.
	SkipValidation bool
	// OnRetry, if set, is called before each wait, for logging and metrics.
	// It runs on the caller's goroutine and must not block.
	OnRetry func(RetryEvent)
	// OnAttempt, if set, is called after each attempt that was sent,
	// successes included, for logging and metrics; AttemptEvent logs well
	// with log/slog. It runs on the caller's goroutine and must not block.
	OnAttempt func(AttemptEvent)
	// Governor holds the rate limiters, retry budgets and latches that
	// calls share; nil means the process-wide one. Pacing needs the
	// response headers, which the wrappers read through a request
	// middleware (openai-go) or the Transport (go-openai).
	Governor *Governor

	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	rand  func() float64
}

// DefaultPolicy is used by calls whose context carries no Policy: four
// attempts, waits drawn from windows of 0.5 s doubling up to 20 s, no
// retry that would start more than two minutes after the first attempt,
// and the process-wide Governor.
// Change it only at start-up, before any call reads it.
var DefaultPolicy = Policy{
	MaxAttempts: 4,
	BaseDelay:   500 * time.Millisecond,
	MaxDelay:    20 * time.Second,
	MaxElapsed:  2 * time.Minute,
}

// RetryEvent describes a failed attempt that is about to be retried.
type RetryEvent struct {
	// Attempt is the number of the attempt that failed, from 1.
	Attempt int
	// Class is the class of its error.
	Class Class
	// Delay is how long the call waits before the next attempt.
	Delay time.Duration
	// RequestID is the x-request-id of the failed attempt, if the response
	// had one.
	RequestID string
	// Err is the attempt's error, with API keys redacted from its text.
	Err error
}

type policyKey struct{}

// WithPolicy returns a context whose calls through this package use p
// instead of DefaultPolicy.
func WithPolicy(ctx context.Context, p Policy) context.Context {
	return context.WithValue(ctx, policyKey{}, p)
}

// WithClock returns p with its time source replaced, for tests and
// simulations: now reads the time, sleep waits d or until ctx is done and
// then returns ctx.Err(). A nil function keeps the real one.
func (p Policy) WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Policy {
	p.now, p.sleep = now, sleep
	return p
}

// WithRand returns p with its source of jitter replaced: rnd returns a
// number in [0, 1), and a backoff wait is that fraction of its window. Tests
// pass a constant to make waits exact. nil keeps the real source.
func (p Policy) WithRand(rnd func() float64) Policy {
	p.rand = rnd
	return p
}

// policyFrom returns the policy for a call made with ctx, every field set.
func policyFrom(ctx context.Context) Policy {
	p, ok := ctx.Value(policyKey{}).(Policy)
	if !ok {
		p = DefaultPolicy
	}
	d := DefaultPolicy
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = d.MaxElapsed
	}
	// DefaultPolicy itself may have been zeroed by its user.
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 1
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 2 * time.Minute
	}
	if p.OnRetry == nil {
		p.OnRetry = d.OnRetry
	}
	p.SkipValidation = p.SkipValidation || d.SkipValidation
	if p.OnAttempt == nil {
		p.OnAttempt = d.OnAttempt
	}
	if p.Governor == nil {
		p.Governor = d.Governor
	}
	if p.Governor == nil {
		p.Governor = defaultGovernor
	}
	if p.now == nil {
		p.now = d.now
	}
	if p.now == nil {
		p.now = monoNow
	}
	if p.sleep == nil {
		p.sleep = d.sleep
	}
	if p.sleep == nil {
		p.sleep = sleep
	}
	if p.rand == nil {
		p.rand = d.rand
	}
	if p.rand == nil {
		p.rand = rand.Float64
	}
	return p
}

// monoNow is the clock of calls that were given none. time.Now reads the
// system clock twice, wall and monotonic; pacing only compares times,
// which needs the second reading alone. The wall time it returns is the
// process start's plus the monotonic time since, which may drift from the
// system's wall clock by its adjustments since then: seconds at most,
// and Retry-After dates are in seconds.
func monoNow() time.Time { return monoBase.Add(time.Since(monoBase)) }

var monoBase = time.Now()

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// skipValidation reports whether the Policy of ctx turns request validation
// off. Wrappers ask only when a request failed validation, so that valid
// requests pay nothing for it.
func skipValidation(ctx context.Context) bool {
	if ctx == nil {
		return DefaultPolicy.SkipValidation
	}
	if p, ok := ctx.Value(policyKey{}).(Policy); ok && p.SkipValidation {
		return true
	}
	return DefaultPolicy.SkipValidation
}
