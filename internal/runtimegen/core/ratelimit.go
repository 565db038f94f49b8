package core

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rateHeaders is what a response's x-ratelimit-* headers say.
type rateHeaders struct {
	dim [dims]rateLimit
}

// rateLimit is one dimension of it: the limit per minute, what remains of
// it, and the time until the bucket is full again ("1s", "6m0s", "12ms").
type rateLimit struct {
	limit        float64
	remaining    float64
	reset        time.Duration
	hasRemaining bool
	hasReset     bool
}

// known reports whether the dimension has a usable limit.
func (r rateLimit) known() bool { return r.limit > 0 }

func (h rateHeaders) any() bool { return h.dim[requests].known() || h.dim[tokens].known() }

// parseRateHeaders reads the x-ratelimit-* headers of h. Values it cannot
// read are left out; nothing here fails. It walks the header once instead
// of looking each name up: every response goes through it.
func parseRateHeaders(h http.Header) rateHeaders {
	var out rateHeaders
	for k, vs := range h {
		if len(vs) == 0 || len(k) < len(rateHeaderPrefix)+len("Limit-Tokens") || k[:len(rateHeaderPrefix)] != rateHeaderPrefix {
			continue
		}
		v := vs[0]
		switch k[len(rateHeaderPrefix):] {
		case "Limit-Requests":
			out.dim[requests].limit = positive(parseCount(v))
		case "Limit-Tokens":
			out.dim[tokens].limit = positive(parseCount(v))
		case "Remaining-Requests":
			out.dim[requests].remaining, out.dim[requests].hasRemaining = parseCount(v)
		case "Remaining-Tokens":
			out.dim[tokens].remaining, out.dim[tokens].hasRemaining = parseCount(v)
		case "Reset-Requests":
			out.dim[requests].reset, out.dim[requests].hasReset = parseReset(v)
		case "Reset-Tokens":
			out.dim[tokens].reset, out.dim[tokens].hasReset = parseReset(v)
		}
	}
	return out
}

// rateHeaderPrefix starts the x-ratelimit-* headers as http.Header keys
// them.
const rateHeaderPrefix = "X-Ratelimit-"

// positive returns v when it is a positive count, else 0.
func positive(v float64, ok bool) float64 {
	if !ok || v <= 0 {
		return 0
	}
	return v
}

// first returns the first value of the canonical header key k.
func first(h http.Header, k string) string {
	if v := h[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseCount reads an integer count; servers also send decimals.
func parseCount(v string) (float64, bool) {
	if n, ok := digits(v); ok {
		return float64(n), true
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return float64(n), true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != f || f > 1e15 || f < -1e15 {
		return 0, false
	}
	return f, true
}

// digits reads a plain decimal number of up to 15 digits, the common case,
// without strconv's generality.
func digits(v string) (int64, bool) {
	if len(v) == 0 || len(v) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseReset reads a reset time: a Go duration, or plain seconds.
func parseReset(v string) (time.Duration, bool) {
	// The common forms, "12ms" and "1s", without ParseDuration.
	if n, ok := digits(strings.TrimSuffix(v, "ms")); ok && len(v) > 2 && v[len(v)-2:] == "ms" {
		return time.Duration(n) * time.Millisecond, true
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if d, err := time.ParseDuration(v); err == nil {
		if d < 0 {
			return 0, false
		}
		return capHint(d), true
	}
	if d, ok := parseNumber(v, float64(time.Second)); ok {
		return d, true
	}
	if v == "0" {
		return 0, true
	}
	return 0, false
}

// level returns the level of the server's bucket when it answered. The
// remaining count is rounded down and never shows debt; reset, the time
// until the bucket is full, is finer and does, once the capacity is known.
func (r rateLimit) level(rate, capacity float64) float64 {
	if !r.hasReset || capacity <= 0 || rate <= 0 {
		return r.remaining
	}
	level := capacity - r.reset.Seconds()*rate
	if r.remaining > 0 {
		// The count is exact to within one.
		if level < r.remaining {
			level = r.remaining
		} else if level > r.remaining+1 {
			level = r.remaining + 1
		}
	} else if level > 1 {
		level = 1
	}
	return level
}

// limitDim returns the dimension a 429 of type typ ("requests" or
// "tokens", or named in its message) was about, or -1.
func limitDim(typ, message string) int {
	switch {
	case typ == "requests" || indexFold(message, "requests per") >= 0 || indexFold(message, "(RPM)") >= 0:
		return requests
	case typ == "tokens" || indexFold(message, "tokens per") >= 0 || indexFold(message, "(TPM)") >= 0:
		return tokens
	}
	return -1
}

// resetFor returns the reset time of the dimension a 429 of type typ
// ("requests" or "tokens", or named in its message) was about.
func (h rateHeaders) resetFor(typ, message string) (time.Duration, bool) {
	d := limitDim(typ, message)
	if d < 0 || !h.dim[d].hasReset || h.dim[d].reset <= 0 {
		return 0, false
	}
	return h.dim[d].reset, true
}
