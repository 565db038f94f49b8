package core

import (
	"context"
	"errors"
	"strings"
)

// retry calls try until it succeeds, fails in a way that retrying cannot
// fix, or the policy or the context says stop, and returns the result or an
// *Error. Each attempt gets a context that carries a fresh record for the
// recording middleware or transport to fill. discard, if not nil, releases
// the result of a failed attempt (a stream that must be closed).
//
// Waits come from the server's hint when it names one, from full-jitter
// backoff otherwise; a wait that would pass the context's deadline or
// Policy.MaxElapsed ends the call at once instead of sleeping into a
// certain failure.
func retry[R any](ctx context.Context, sdk factsFunc, try func(context.Context) (R, error), discard func(R)) (R, error) {
	var zero R
	p := policyFrom(ctx)
	if err := ctx.Err(); err != nil {
		return zero, &Error{Class: contextClass(err), Err: err, stop: stopBeforeAny}
	}
	start := p.now()
	for attempt := 1; ; attempt++ {
		rec := new(record)
		r, err := try(withRecord(ctx, rec))
		if err == nil {
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
		class, facts := classify(err, sdk, rec)
		now := p.now()
		hint := retryHint(facts.header, facts.message, now)
		final := &Error{
			Class:      class,
			Attempts:   attempt,
			RetryAfter: hint,
			RequestID:  facts.header.Get(headerRequestID),
			Err:        err,
		}
		if cerr := ctx.Err(); cerr != nil {
			final.Class, final.cause = contextClass(cerr), cerr
			return zero, final
		}
		if !class.Retryable() || attempt >= p.MaxAttempts {
			return zero, final
		}
		if strings.EqualFold(strings.TrimSpace(facts.header.Get(headerShouldRetry)), "false") {
			final.stop = stopServer
			return zero, final
		}
		delay := hint
		if delay <= 0 {
			delay = backoff(p, attempt-1, class)
		}
		if dl, ok := ctx.Deadline(); ok && now.Add(delay).After(dl) {
			final.stop = stopDeadline
			return zero, final
		}
		if now.Sub(start)+delay > p.MaxElapsed {
			final.stop = stopElapsed
			return zero, final
		}
		if p.OnRetry != nil {
			p.OnRetry(RetryEvent{
				Attempt:   attempt,
				Class:     class,
				Delay:     delay,
				RequestID: final.RequestID,
				Err:       redactedError{err},
			})
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

// contextClass is the class of a context's error.
func contextClass(err error) Class {
	if errors.Is(err, context.DeadlineExceeded) {
		return Timeout
	}
	return Canceled
}
