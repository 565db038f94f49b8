package fakeopenai

import (
	"context"
	"time"
)

// Outcome is what became of one attempt.
type Outcome int

// The outcomes. Refused attempts never left the client (their context was
// done when the transport got them); every other outcome is an attempt
// the server saw or that was lost on the way.
const (
	OK                  Outcome = iota
	RateLimitedRequests         // 429 rate_limit_exceeded, type requests
	RateLimitedTokens           // 429 rate_limit_exceeded, type tokens
	QuotaExhausted              // 429 insufficient_quota
	TooLarge                    // 429 "Request too large" (cost above the TPM limit)
	ContextLength               // 400 context_length_exceeded
	InvalidRequest              // 400 invalid_request_error (a bad parameter)
	Unauthorized                // 401 invalid_api_key
	Fault500                    // injected 500
	Fault502                    // injected 502
	Fault503                    // injected 503
	Outage503                   // 503 in the outage window
	Reset                       // connection reset by the server
	Hung                        // held by the server until the client gave up
	CanceledInFlight            // the client gave up while the request was on the way or served
	Refused                     // the client's context was done before sending
	numOutcomes
)

var outcomeNames = [...]string{
	"ok", "429 requests", "429 tokens", "429 quota", "429 too large",
	"400 context length", "400 invalid", "401", "500", "502", "503",
	"503 outage", "reset", "hung", "canceled in flight", "refused",
}

func (o Outcome) String() string {
	if o >= 0 && o < numOutcomes {
		return outcomeNames[o]
	}
	return "outcome?"
}

// Outcomes lists every outcome, for tables of counts.
func Outcomes() []Outcome {
	out := make([]Outcome, numOutcomes)
	for i := range out {
		out[i] = Outcome(i)
	}
	return out
}

// Terminal reports whether sending the same request again can never turn
// this outcome into a success.
func (o Outcome) Terminal() bool {
	switch o {
	case QuotaExhausted, TooLarge, ContextLength, InvalidRequest, Unauthorized:
		return true
	}
	return false
}

// Logical names one logical request of a workload: the client that sends
// it and its number. The harness puts it in the request's context; the
// transport and server read it there to count attempts per logical request
// and to draw the same faults for every strategy.
type Logical struct {
	Client, Seq int
}

type logicalKey struct{}

// WithLogical returns ctx tagged with the logical request l.
func WithLogical(ctx context.Context, l Logical) context.Context {
	return context.WithValue(ctx, logicalKey{}, l)
}

// LogicalFrom returns the logical request ctx is tagged with.
func LogicalFrom(ctx context.Context) (Logical, bool) {
	l, ok := ctx.Value(logicalKey{}).(Logical)
	return l, ok
}

// Attempt is one attempt as the transport and server saw it.
type Attempt struct {
	Logical    Logical
	HasLogical bool
	// N numbers the attempts of one logical request, from 1.
	N int
	// Start is when the transport got the attempt, End when it returned,
	// Served when the server decided its outcome; all are offsets from the
	// server's start.
	Start, Served, End time.Duration
	Outcome            Outcome
	// CtxDone says the client's context was already done at Start.
	CtxDone bool
	Key     string
}
