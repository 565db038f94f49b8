package core

import (
	"log/slog"
	"time"
)

// AttemptEvent describes one attempt that was sent, once its outcome is
// known: Policy.OnAttempt receives one per attempt, successes included. It
// never holds an API key. It is an slog.LogValuer, so it logs as a group:
//
//	p.OnAttempt = func(e AttemptEvent) { logger.Info("openai attempt", "attempt", e) }
type AttemptEvent struct {
	// Attempt is the number of the attempt, from 1.
	Attempt int
	// Model is the model named by the request, if it named one.
	Model string
	// Status is the HTTP status of the response, 0 when none arrived.
	Status int
	// Class is the class of the attempt's error; Unknown for a success.
	Class Class
	// Err is the attempt's error with API keys redacted from its text, or
	// nil for a success.
	Err error
	// Throttled reports that the server answered with a rate limit.
	Throttled bool
	// Waited is how long the attempt waited for the rate limiter of its
	// API key and model before it was sent.
	Waited time.Duration
	// Delay is how long the call waits before its next attempt; 0 when
	// this attempt was its last.
	Delay time.Duration
	// RequestID is the x-request-id of the response, if it had one.
	RequestID string
	// StoreErr is set on the attempt that found the Governor's shared
	// Store failing, once per outage: calls are then paced by this
	// process alone until the store answers again.
	StoreErr error
}

// LogValue returns the event as a group of attributes: attempt, outcome
// ("ok" or the class), and, when set, model, status, request_id, waited,
// delay, throttled, error and store_error.
func (e AttemptEvent) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs, slog.Int("attempt", e.Attempt))
	if e.Err == nil {
		attrs = append(attrs, slog.String("outcome", "ok"))
	} else {
		attrs = append(attrs, slog.String("outcome", e.Class.String()))
	}
	if e.Model != "" {
		attrs = append(attrs, slog.String("model", e.Model))
	}
	if e.Status != 0 {
		attrs = append(attrs, slog.Int("status", e.Status))
	}
	if e.RequestID != "" {
		attrs = append(attrs, slog.String("request_id", e.RequestID))
	}
	if e.Waited > 0 {
		attrs = append(attrs, slog.Duration("waited", e.Waited))
	}
	if e.Delay > 0 {
		attrs = append(attrs, slog.Duration("delay", e.Delay))
	}
	if e.Throttled {
		attrs = append(attrs, slog.Bool("throttled", true))
	}
	if e.Err != nil {
		attrs = append(attrs, slog.String("error", e.Err.Error()))
	}
	if e.StoreErr != nil {
		attrs = append(attrs, slog.String("store_error", e.StoreErr.Error()))
	}
	return slog.GroupValue(attrs...)
}

// report calls Policy.OnAttempt for the attempt just made.
func (c *call) report(attempt int, class Class, err error, delay time.Duration) {
	if c.p.OnAttempt == nil {
		return
	}
	status, header := c.rec.get()
	e := AttemptEvent{
		Attempt:   attempt,
		Status:    status,
		Class:     class,
		Throttled: class == RateLimited,
		Waited:    c.waited,
		Delay:     delay,
		RequestID: header.Get(headerRequestID),
		StoreErr:  c.storeErr,
	}
	c.storeErr = nil
	if c.lim != nil {
		e.Model = c.lim.model
	}
	if err != nil {
		e.Err = redactedError{err, c.key}
	}
	c.p.OnAttempt(e)
}
