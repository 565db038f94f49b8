package core

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxHint bounds the waits read from responses, so that absurd values
// cannot overflow a time.Duration; any wait this long ends the call anyway.
const maxHint = 24 * time.Hour

// retryHint returns the wait the server asked for before the next attempt,
// or 0 when it named none: the retry-after-ms header first, then
// Retry-After (seconds or an HTTP date), then the "try again in 20s" of a
// rate-limit message. A message's wait within the second below a
// Retry-After in whole seconds is the same wait before rounding up, and
// wins.
func retryHint(h http.Header, message string, now time.Time) time.Duration {
	d, _ := exactHint(h, message, now)
	return d
}

// exactHint is retryHint, and whether the wait is the server's own, to
// the millisecond (retry-after-ms or the message's), rather than rounded
// up to a whole second: only an exact wait says how fast the server's
// bucket refills.
func exactHint(h http.Header, message string, now time.Time) (time.Duration, bool) {
	if d, ok := parseRetryAfterMs(h.Get(headerRetryAfterMs)); ok {
		return d, true
	}
	msg, msgOK := parseMessageHint(message)
	if d, ok := parseRetryAfter(h.Get(headerRetryAfter), now); ok {
		if msgOK && msg <= d && d-msg < time.Second {
			return msg, true
		}
		return d, false
	}
	if msgOK {
		return msg, true
	}
	return 0, false
}

// parseRetryAfterMs reads a retry-after-ms value: milliseconds, possibly
// fractional. Only positive values count as a hint.
func parseRetryAfterMs(v string) (time.Duration, bool) {
	return parseNumber(v, float64(time.Millisecond))
}

// parseRetryAfter reads a Retry-After value, seconds or an HTTP date
// (RFC 9110 §10.2.3). Only waits that end after now count as a hint.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if d, ok := parseNumber(v, float64(time.Second)); ok {
		return d, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d <= 0 {
		return 0, false
	}
	return capHint(d), true
}

// parseNumber reads a non-negative decimal number of units. Zero, negative,
// infinite and NaN values are not hints.
func parseNumber(v string, unit float64) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" || (v[0] != '.' && (v[0] < '0' || v[0] > '9')) {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f <= 0 {
		return 0, false
	}
	ns := f * unit
	if ns >= float64(maxHint) {
		return maxHint, true
	}
	if ns < 1 {
		return 0, false
	}
	return time.Duration(ns), true
}

// parseMessageHint finds the wait in messages such as "Please try again in
// 1.5s." or "… in 350ms.", which is all a go-openai error holds.
func parseMessageHint(msg string) (time.Duration, bool) {
	i := indexFold(msg, retryHintPhrase)
	if i < 0 {
		return 0, false
	}
	rest := msg[i+len(retryHintPhrase):]
	end := 0
	for end < len(rest) && strings.IndexByte("0123456789.hmsun", rest[end]) >= 0 {
		end++
	}
	if strings.HasPrefix(rest[end:], "µs") {
		end += len("µs")
	}
	s := strings.TrimRight(rest[:end], ".")
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, false
	}
	return capHint(d), true
}

// indexFold is strings.Index ignoring ASCII case, for an ASCII sub.
// (Lower-casing msg first would move the indices of non-ASCII text.)
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// capHint limits d to maxHint.
func capHint(d time.Duration) time.Duration {
	if d > maxHint {
		return maxHint
	}
	return d
}
