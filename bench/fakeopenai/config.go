package fakeopenai

import (
	"errors"
	"fmt"
	"time"
)

// Config holds every knob of the fake server. The zero value of a knob
// switches its behaviour off.
type Config struct {
	// RPM and TPM are the limits per (API key, model), per minute, as the
	// x-ratelimit-limit-* headers report them.
	RPM, TPM int
	// RequestQuantum and TokenQuantum size the buckets: a bucket holds
	// quantum × rate, so 1 s models OpenAI's quantised enforcement ("600
	// RPM may be enforced as 10 per second") and 60 s a plain per-minute
	// allowance. Both buckets start full and refill continuously.
	RequestQuantum, TokenQuantum time.Duration

	// CountRejected makes a rejected request still take one request from
	// its bucket (unsuccessful requests count against the limit), letting
	// the bucket go into debt down to -DebtFactor × capacity.
	CountRejected bool
	DebtFactor    float64

	// RetryAfterMs adds a retry-after-ms header to 429s, next to
	// Retry-After (whole seconds, rounded up).
	RetryAfterMs bool

	// Headers is what the x-ratelimit-* headers report; the zero value
	// is PerMinute, what OpenAI documents.
	Headers HeaderMode

	// BaseLatency + PerToken × output tokens is the time the server spends
	// on an admitted request. Output tokens are the request's max tokens.
	BaseLatency, PerToken time.Duration

	// ContextWindow is the largest prompt, in tokens, the model accepts;
	// larger prompts get 400 context_length_exceeded. 0 means no limit.
	ContextWindow int

	// RevokedKeys get 401 invalid_api_key.
	RevokedKeys []string

	// Faults are injected per attempt; see Faults.
	Faults Faults

	// QuotaAt, if positive, is the time after the server's start from
	// which every request gets 429 insufficient_quota. QuotaRetryAfter is
	// sent on a share QuotaRetryAfterP of those replies, to tempt retries.
	QuotaAt          time.Duration
	QuotaRetryAfter  time.Duration
	QuotaRetryAfterP float64

	// OutageFrom and OutageTo bound a window (from the server's start)
	// in which every request gets 503.
	OutageFrom, OutageTo time.Duration
}

// HeaderMode is what the x-ratelimit-* headers of the server's answers
// report.
//
// OpenAI's rate-limit guide (platform.openai.com/docs/guides/rate-limits,
// "Rate limits in headers") documents six headers: the limit, what
// remains of it, and the time until the limit "resets to its initial
// state", with the sample limit-requests 60, remaining-requests 59,
// reset-requests "1s": the headers count against the per-minute
// allowance, and after one request it is whole again one request's
// refill later. Its "Rate limit advice" (help.openai.com/en/articles/6891753)
// adds that limits "can be quantized, meaning they are enforced over
// shorter periods of time (e.g. 60,000 requests/minute may be enforced as
// 1,000 requests/second)", which no header shows. Some answers carry no
// rate-limit headers at all, and OpenAI-compatible servers and proxies
// send other shapes. The modes model each of these; the enforcement
// (RequestQuantum, TokenQuantum) is the same in all of them.
type HeaderMode int

const (
	// PerMinute reports the per-minute allowance, as documented: limit,
	// and remaining and reset of a bucket that holds a minute's worth
	// and refills at the limit's rate. It is charged with what the
	// enforcing bucket is charged. With a quantum under a minute, the
	// enforcement is finer than anything the headers show.
	PerMinute HeaderMode = iota
	// Enforcing reports the bucket that enforces the limit: remaining
	// and reset of a bucket of quantum × rate (an earlier rendering of
	// the server, and what a proxy that meters its own bucket sends).
	Enforcing
	// None sends no x-ratelimit-* headers; a 429 still carries
	// Retry-After (and retry-after-ms with RetryAfterMs).
	None
	// OnlyLimit sends the two x-ratelimit-limit-* headers and nothing of
	// what remains.
	OnlyLimit
	numHeaderModes
)

var headerModeNames = [...]string{"perminute", "enforcing", "none", "onlylimit"}

func (m HeaderMode) String() string {
	if m < 0 || m >= numHeaderModes {
		return fmt.Sprintf("HeaderMode(%d)", int(m))
	}
	return headerModeNames[m]
}

// HeaderModes returns every header mode, the default first.
func HeaderModes() []HeaderMode {
	out := make([]HeaderMode, numHeaderModes)
	for i := range out {
		out[i] = HeaderMode(i)
	}
	return out
}

// ParseHeaderMode returns the mode called name.
func ParseHeaderMode(name string) (HeaderMode, error) {
	for i, n := range headerModeNames {
		if n == name {
			return HeaderMode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown header mode %q (want one of %v)", name, headerModeNames)
}

// Faults are the probabilities that an attempt meets each fault. The draw is
// made from the server's seed, the logical request and the attempt's number,
// so every strategy meets the same faults on the same attempts.
type Faults struct {
	P500, P502, P503 float64
	// P503 replies carry Retry-After503 when it is positive.
	RetryAfter503 time.Duration
	// PReset aborts the connection: the client sees "connection reset by
	// peer" as a transport error.
	PReset float64
	// PHang holds the request for Hang (or until the client gives up),
	// then answers normally.
	PHang float64
	Hang  time.Duration
}

func (f Faults) total() float64 { return f.P500 + f.P502 + f.P503 + f.PReset + f.PHang }

// Validate reports a configuration the server cannot run.
func (c Config) Validate() error {
	var errs []error
	if c.RPM <= 0 || c.TPM <= 0 {
		errs = append(errs, fmt.Errorf("RPM and TPM must be positive, got %d and %d", c.RPM, c.TPM))
	}
	if c.RequestQuantum <= 0 || c.TokenQuantum <= 0 {
		errs = append(errs, errors.New("RequestQuantum and TokenQuantum must be positive"))
	}
	if c.RPM > 0 && c.RequestQuantum > 0 && c.requestCapacity() < 1 {
		errs = append(errs, fmt.Errorf("request bucket holds %.2f requests (RPM %d × quantum %s); it must hold at least one", c.requestCapacity(), c.RPM, c.RequestQuantum))
	}
	if c.CountRejected && c.DebtFactor < 0 {
		errs = append(errs, errors.New("DebtFactor must not be negative"))
	}
	if t := c.Faults.total(); t < 0 || t > 1 {
		errs = append(errs, fmt.Errorf("fault probabilities add up to %.3f, outside [0, 1]", t))
	}
	if c.Faults.PHang > 0 && c.Faults.Hang <= 0 {
		errs = append(errs, errors.New("PHang needs a positive Hang"))
	}
	if c.OutageTo < c.OutageFrom {
		errs = append(errs, errors.New("OutageTo is before OutageFrom"))
	}
	if c.Headers < 0 || c.Headers >= numHeaderModes {
		errs = append(errs, fmt.Errorf("unknown header mode %d", int(c.Headers)))
	}
	if c.QuotaRetryAfterP < 0 || c.QuotaRetryAfterP > 1 {
		errs = append(errs, errors.New("QuotaRetryAfterP must be in [0, 1]"))
	}
	return errors.Join(errs...)
}

// requestCapacity is the size of the request bucket, in requests.
func (c Config) requestCapacity() float64 {
	return float64(c.RPM) / 60 * c.RequestQuantum.Seconds()
}

// tokenCapacity is the size of the token bucket, in tokens.
func (c Config) tokenCapacity() float64 {
	return float64(c.TPM) / 60 * c.TokenQuantum.Seconds()
}

// RequestBurst and TokenBurst are the buckets' capacities: the work the
// server admits at once from full buckets. The physical limit needs them.
func (c Config) RequestBurst() float64 { return c.requestCapacity() }

// TokenBurst is the token bucket's capacity.
func (c Config) TokenBurst() float64 { return c.tokenCapacity() }

// RequestRate and TokenRate are the refill rates per second.
func (c Config) RequestRate() float64 { return float64(c.RPM) / 60 }

// TokenRate is the token bucket's refill rate per second.
func (c Config) TokenRate() float64 { return float64(c.TPM) / 60 }

// ServiceTime is how long the server works on an admitted request that
// asks for maxTokens output tokens.
func (c Config) ServiceTime(maxTokens int) time.Duration {
	return c.BaseLatency + time.Duration(maxTokens)*c.PerToken
}
