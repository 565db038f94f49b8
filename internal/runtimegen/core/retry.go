package core

import (
	"context"
	"errors"
	"strings"
)

// retry calls try until it succeeds, fails in a way that retrying cannot
// fix, or the policy, the retry budget or the context says stop, and
// returns the result or an *Error. tc is what the request says about its
// cost (typedCostOf), if anything. try gets a context that carries the
// call's state, which the recording middleware or transport (send) uses to
// pace each request with the Governor and to record its response.
// discard, if not nil, releases the result of a failed attempt (a stream
// that must be closed).
//
// Waits come from the server's hint when it names one, from full-jitter
// backoff otherwise; a rate limit's hint pauses the limiter of the key and
// model, whose pacing then spaces the retries of every call waiting on it.
// A wait that would pass the context's deadline or Policy.MaxElapsed ends
// the call at once instead of sleeping into a certain failure.
func retry[R any](ctx context.Context, sdk factsFunc, tc typedCost, try func(context.Context) (R, error), discard func(R)) (R, error) {
	if ctx == nil {
		// Not a call that can be retried: the SDK says why, once.
		return try(ctx) //nolint:staticcheck // a nil context is the caller's
	}
	if err := ctx.Err(); err != nil {
		var zero R
		return zero, &Error{Class: contextClass(err), Err: err, stop: stopBeforeAny}
	}
	// The call is the attempts' context, which the SDK may keep (a
	// stream's body, a pager's next page): it is never reused.
	c := newCall(ctx, tc)
	defer c.end(false)
	return run(c, sdk, func(c *call) (R, error) { return try(c) }, discard)
}

// retryOwn is retry for attempts that reach the call through its own
// middleware (call.middleware) instead of their context: try passes the
// caller's context (c.Context) and the middleware to the SDK. With reuse,
// the caller promises that nothing the SDK returns keeps the middleware
// (see plainData), and the call's state goes back to a pool afterwards.
func retryOwn[R any](ctx context.Context, sdk factsFunc, tc typedCost, try func(*call) (R, error), reuse bool) (R, error) {
	if ctx == nil {
		// Not a call that can be retried: the SDK says why, once. The
		// call is not live, so its middleware passes requests through.
		return try(new(call))
	}
	if err := ctx.Err(); err != nil {
		var zero R
		return zero, &Error{Class: contextClass(err), Err: err, stop: stopBeforeAny}
	}
	c := newCall(ctx, tc)
	returned := false
	defer func() { c.end(reuse && returned) }()
	r, err := run(c, sdk, try, nil)
	returned = true
	return r, err
}

// run is the retry loop of retry and retryOwn.
func run[R any](c *call, sdk factsFunc, try func(*call) (R, error), discard func(R)) (R, error) {
	var zero R
	ctx := c.Context
	p := &c.p
	var (
		final    *Error
		attempts int   // sent
		counted  int   // of them, those MaxAttempts counts
		spent    int64 // the budget cost of the last retry
		mustWait bool  // the last try was refused until the limiter lets it go
	)
	for {
		c.begin(attempts > 0)
		if attempts == 0 && !mustWait {
			c.lookupBare()
		}
		if c.lim != nil && (attempts > 0 || mustWait || c.bare) {
			// Wait for the limiter here, outside the SDK, whose
			// per-attempt timeout must not run while a request waits.
			if r := c.wait(); r != nil {
				c.refuse(r)
				return zero, c.refused(final, attempts)
			}
		}
		r, err := try(c)
		if c.refusal != nil {
			if discard != nil {
				discard(r)
			}
			if c.refusal.stop == stopWait && !mustWait {
				mustWait = true
				continue
			}
			return zero, c.refused(final, attempts)
		}
		mustWait = false
		attempts++
		counted++
		if attempts == 1 {
			// MaxElapsed counts from the first attempt's send.
			c.start = c.permit.at
			if !c.sent {
				c.start = p.now()
			}
		}
		if !c.sent {
			c.observeBare(err, sdk)
		}
		if err == nil {
			c.settle(Unknown, nil, true)
			if ks := c.ks; ks != nil {
				ks.earn(spent)
			}
			c.report(attempts, Unknown, nil, 0)
			return r, nil
		}
		if discard != nil {
			discard(r)
		}
		var inner *Error
		if errors.As(err, &inner) {
			// A wrapper inside try has retried already; retrying again
			// would multiply the attempts.
			return zero, err
		}
		class, facts := classify(err, sdk, &c.rec)
		c.settle(class, err, false)
		now := p.now()
		hint := retryHint(facts.header, facts.message, now)
		final = &Error{
			key:        c.key,
			Class:      class,
			Attempts:   attempts,
			RetryAfter: hint,
			RequestID:  facts.header.Get(headerRequestID),
			Err:        err,
		}
		if cerr := ctx.Err(); cerr != nil {
			final.Class, final.cause = contextClass(cerr), cerr
			c.report(attempts, class, err, 0)
			return zero, final
		}
		// A rate limit with a hint, or of a request the limiter paced, is
		// the server saying when, not whether: the limiter has learned
		// from it and paces the retry, and only MaxElapsed and the
		// context bound such retries, not the attempts or the retry
		// budget, which exist for errors whose retries add load. A bare
		// 429 that says nothing counts like any other error.
		told := class == RateLimited && (hint > 0 || c.paused || c.sent && (c.permit.paced[requests] || c.permit.paced[tokens]))
		if told {
			counted--
		}
		if !class.Retryable() || counted >= p.MaxAttempts {
			c.report(attempts, class, err, 0)
			return zero, final
		}
		if strings.EqualFold(strings.TrimSpace(facts.header.Get(headerShouldRetry)), "false") {
			final.stop = stopServer
			c.report(attempts, class, err, 0)
			return zero, final
		}
		// When the response paused the limiter, the next attempt waits
		// for it there (c.wait), in line with the other calls on the same
		// limiter.
		delay := hint
		if c.paused {
			if until := c.lim.paused(now); !until.IsZero() && until.Sub(now) > delay {
				delay = until.Sub(now)
			}
		}
		if delay <= 0 {
			delay = backoff(*p, attempts-1, class)
		}
		if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
			final.stop = stopDeadline
			c.report(attempts, class, err, 0)
			return zero, final
		}
		if now.Sub(c.start)+delay > p.MaxElapsed {
			final.stop = stopElapsed
			c.report(attempts, class, err, 0)
			return zero, final
		}
		if c.ks != nil && !told {
			cost, ok := c.ks.spend()
			if !ok {
				final.stop = stopBudget
				c.report(attempts, class, err, 0)
				return zero, final
			}
			spent = cost
		}
		c.report(attempts, class, err, delay)
		if p.OnRetry != nil {
			p.OnRetry(RetryEvent{
				Attempt:   attempts,
				Class:     class,
				Delay:     delay,
				RequestID: final.RequestID,
				Err:       redactedError{err, c.key},
			})
		}
		if c.paused {
			continue
		}
		serr := p.sleep(ctx, delay)
		if cerr := ctx.Err(); cerr != nil || serr != nil {
			if cerr == nil {
				cerr = serr
			}
			final.Class, final.cause, final.stop = contextClass(cerr), cerr, stopContext
			return zero, final
		}
	}
}

// settle tells the key's latch what the server answered to the attempt.
func (c *call) settle(class Class, err error, ok bool) {
	if c.ks == nil || !c.sent || !latches(class) && !c.ks.latched.Load() {
		return
	}
	if status, _ := c.rec.get(); status == 0 && !ok {
		if c.probe {
			c.ks.endProbe()
		}
		return
	}
	c.ks.settle(class, err, ok, c.permit.at, c.p.now)
}

// refused returns the final error of a call whose attempt was not sent:
// last is the error of the attempt before, if there was one.
func (c *call) refused(last *Error, attempts int) *Error {
	if c.probe {
		c.ks.endProbe()
		c.probe = false
	}
	r := c.refusal
	e := &Error{Class: r.class}
	if last != nil {
		*e = *last
	}
	e.key = c.key
	e.Attempts, e.stop = attempts, r.stop
	switch r.stop {
	case stopLatched:
		e.Class, e.Err, e.RetryAfter, e.RequestID = r.class, r.err, r.wait, ""
	case stopDeadline, stopElapsed:
		e.RetryAfter, e.paced = r.wait, true
	case stopContext:
		e.Class, e.cause = r.class, r.err
		if e.Err == nil {
			e.Err = r.err
		}
	case stopWait:
		// Refused twice although it had waited: should not happen, but
		// must not loop.
		e.Class, e.RetryAfter, e.stop = RateLimited, r.wait, stopFinal
	}
	return e
}

// contextClass is the class of a context's error.
func contextClass(err error) Class {
	if errors.Is(err, context.DeadlineExceeded) {
		return Timeout
	}
	return Canceled
}
