package core

import (
	"errors"
	"hash/maphash"
	"strconv"
	"strings"
	"time"
)

// Error is the error of a call made through this package: the class of the
// failure, how many attempts were made, and the last error the SDK
// returned, which Unwrap returns so that errors.As to the SDK's error type
// still works. Its text never contains an API key.
type Error struct {
	// Class is why the call failed for good. It is Canceled or Timeout
	// whenever the caller's context ended the call, whatever the last
	// attempt's error was.
	Class Class
	// Attempts is the number of attempts sent, the first included; 0 when
	// none was: the context had ended before the first, the request failed
	// validation (Err is then a *ValidationError), the rate limiter's wait
	// did not fit the deadline, or the API key is latched (ErrLatched).
	Attempts int
	// RetryAfter is the wait the server asked for after the last attempt,
	// or 0. When it is set and the call gave up before using all attempts,
	// the wait did not fit in the context deadline or Policy.MaxElapsed:
	// the caller may schedule the work for later. When the rate limiter's
	// wait did not fit, it is that wait; when the API key is latched, the
	// time until the next probe.
	RetryAfter time.Duration
	// RequestID is the x-request-id of the last response, if it had one.
	RequestID string
	// Err is the last error the SDK returned. When the API key is latched,
	// it is the error that latched it, which another call may have got.
	Err error

	stop  stopReason
	cause error   // the context's error, when the context ended the call
	paced bool    // RetryAfter is the rate limiter's wait, not the server's
	key   sentKey // the API key the call sent, cleared from the text
}

// stopReason says why the retry loop stopped before its error was final.
type stopReason int

const (
	stopFinal     stopReason = iota // not retryable, or the last attempt
	stopDeadline                    // the wait would pass the context deadline
	stopElapsed                     // the wait would pass Policy.MaxElapsed
	stopContext                     // the context ended during the wait
	stopServer                      // the server said x-should-retry: false
	stopBeforeAny                   // the context had ended, or the request was invalid, before the first attempt
	stopLatched                     // the API key is latched: not sent
	stopBudget                      // the retry budget could not pay for a retry
	stopWait                        // not an end: the request must wait for the rate limiter
)

// Error says what happened, after how many attempts, and the last error.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("oaiguard: ")
	b.WriteString(e.Class.String())
	if e.stop == stopBeforeAny || e.Attempts == 0 && (e.stop == stopLatched || e.paced || e.stop == stopContext) {
		b.WriteString(" before the first attempt")
	} else {
		b.WriteString(" after ")
		b.WriteString(strconv.Itoa(e.Attempts))
		if e.Attempts == 1 {
			b.WriteString(" attempt")
		} else {
			b.WriteString(" attempts")
		}
	}
	switch e.stop {
	case stopDeadline, stopElapsed:
		switch {
		case e.paced:
			b.WriteString("; the rate limiter's wait of ")
			b.WriteString(e.RetryAfter.String())
		case e.RetryAfter > 0:
			b.WriteString("; the server asked to wait ")
			b.WriteString(e.RetryAfter.String())
		default:
			b.WriteString("; the next wait")
		}
		if e.stop == stopDeadline {
			b.WriteString(", past the context deadline")
		} else {
			b.WriteString(", past the policy's MaxElapsed")
		}
	case stopContext:
		if e.Attempts == 0 {
			b.WriteString(", while waiting for the rate limiter")
		} else {
			b.WriteString(" while waiting to retry")
		}
	case stopServer:
		b.WriteString("; the server said not to retry")
	case stopLatched:
		b.WriteString("; not sent: the API key is latched by an earlier failure")
		if e.RetryAfter > 0 {
			b.WriteString(", next probe in ")
			b.WriteString(e.RetryAfter.Round(time.Second).String())
		}
	case stopBudget:
		b.WriteString("; the retry budget is exhausted")
	}
	if e.RequestID != "" {
		b.WriteString(" (request ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return redact(e.key.clear(b.String()))
}

// Unwrap returns the last error the SDK returned.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the context error that ended the call while
// it waited, so that errors.Is(err, context.Canceled) holds then too, or
// the reason the call stopped early: ErrLatched, ErrBudgetExhausted.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrLatched:
		return e.stop == stopLatched
	case ErrBudgetExhausted:
		return e.stop == stopBudget
	}
	return e.cause != nil && errors.Is(e.cause, target)
}

// redactedError shows an error to hooks without the API keys in its text;
// errors.As and errors.Is still reach the original.
type redactedError struct {
	err error
	key sentKey
}

// Error returns the text of the error, redacted.
func (r redactedError) Error() string { return redact(r.key.clear(r.err.Error())) }

// sentKey is the API key a call sent, as a seeded hash and its length:
// enough to find the key in an error's text (a server echoes it in
// "Incorrect API key provided: …", whatever its shape: Azure's 32 hex
// digits, a proxy's own keys), never enough to recover it.
type sentKey struct {
	hash uint64
	n    int
}

// minSentKey is the shortest credential cleared by its hash: shorter
// strings would match ordinary words.
const minSentKey = 8

// clear replaces every occurrence of the key in s.
func (k sentKey) clear(s string) string {
	if k.n < minSentKey || len(s) < k.n {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i+k.n <= len(s); i++ {
		if i > 0 && isKeyChar(s[i-1]) && isKeyChar(s[i]) {
			continue // a key starts where a word does
		}
		if maphash.String(fingerprintSeed, s[i:i+k.n]) != k.hash {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString("[REDACTED]")
		last = i + k.n
		i = last - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// Unwrap returns the original error.
func (r redactedError) Unwrap() error { return r.err }

// redact replaces API keys and bearer tokens in s. Servers echo keys in
// messages ("Incorrect API key provided: sk-proj-…"), and SDKs put messages
// and URLs in their error text, which ends up in logs.
func redact(s string) string {
	if !strings.Contains(s, "sk-") && !strings.Contains(strings.ToLower(s), "bearer ") && !strings.Contains(s, keyProvided) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := providedLen(s, i); n > 0 {
			b.WriteString(keyProvided)
			b.WriteString("[REDACTED]")
			i += n
			continue
		}
		if n := keyLen(s, i); n > 0 {
			b.WriteString("sk-[REDACTED]")
			i += n
			continue
		}
		if n := bearerLen(s, i); n > 0 {
			b.WriteString(s[i : i+len("Bearer ")])
			b.WriteString("[REDACTED]")
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// keyProvided is what OpenAI's 401 message puts before the key it got
// ("Incorrect API key provided: …. You can find your API key at …"); an
// OpenAI-compatible server or proxy echoes the key there whatever its
// shape, and a call whose requests the runtime never sees (go-openai
// without the transport) cannot know the key to clear it by its hash.
const keyProvided = "key provided: "

// providedLen returns the length of keyProvided at s[i] and the word
// after it (up to a space, less a full stop that ends the sentence), or
// 0.
func providedLen(s string, i int) int {
	if !strings.HasPrefix(s[i:], keyProvided) {
		return 0
	}
	start := i + len(keyProvided)
	end := start
	for end < len(s) && s[end] != ' ' && s[end] != '\n' && s[end] != '"' && s[end] != '\\' {
		end++
	}
	if end > start && s[end-1] == '.' {
		end--
	}
	if end == start {
		return 0
	}
	return end - i
}

// keyLen returns the length of the API key that starts at s[i]: "sk-" and
// at least 4 key characters, not preceded by a word character, or 0.
func keyLen(s string, i int) int {
	if !strings.HasPrefix(s[i:], "sk-") || (i > 0 && isKeyChar(s[i-1])) {
		return 0
	}
	n := len("sk-")
	for i+n < len(s) && (isKeyChar(s[i+n]) || s[i+n] == '*') {
		n++
	}
	if n < len("sk-")+4 {
		return 0
	}
	return n
}

// bearerLen returns the length of "Bearer <token>" at s[i], or 0.
func bearerLen(s string, i int) int {
	const p = "Bearer "
	if len(s)-i < len(p) || !strings.EqualFold(s[i:i+len(p)], p) {
		return 0
	}
	n := len(p)
	for i+n < len(s) && s[i+n] != ' ' && s[i+n] != '"' && s[i+n] != '\'' && s[i+n] != ',' && s[i+n] != '\n' {
		n++
	}
	if n == len(p) {
		return 0
	}
	return n
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}
