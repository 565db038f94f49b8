package core

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"7", 7 * time.Second, true},
		{" 2 ", 2 * time.Second, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"0", 0, false},
		{"-3", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1e400", 0, false}, // ParseFloat fails: out of range
		{"99999999999", maxHint, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-30 * time.Second).Format(http.TimeFormat), 0, false},
		{now.Add(72 * time.Hour).Format(http.TimeFormat), maxHint, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestParseRetryAfterMs(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"1500", 1500 * time.Millisecond, true},
		{"20.5", 20500 * time.Microsecond, true},
		{"0", 0, false},
		{"0.0000001", 0, false},
		{"-1", 0, false},
		{"x", 0, false},
		{"+5", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfterMs(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfterMs(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestParseMessageHint(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"Rate limit reached for gpt-4o on tokens per min (TPM): Limit 30000, Used 29000, Requested 2000. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits", 20 * time.Second, true},
		{"Please try again in 350ms.", 350 * time.Millisecond, true},
		{"Please try again in 1.898s.", 1898 * time.Millisecond, true},
		{"Please try again in 6m0s.", 6 * time.Minute, true},
		{"please TRY AGAIN IN 2s", 2 * time.Second, true},
		{"Please try again in 5µs", 5 * time.Microsecond, true},
		{"Please try again in a moment.", 0, false},
		{"Please try again in .", 0, false},
		{"You exceeded your current quota", 0, false},
		{"Please try again in 1000h.", maxHint, true},
	}
	for _, tt := range tests {
		got, ok := parseMessageHint(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseMessageHint(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRetryHintOrder(t *testing.T) {
	h := http.Header{}
	h.Set("Retry-After", "9")
	h.Set("retry-after-ms", "250")
	msg := "Please try again in 20s."
	if got := retryHint(h, msg, now); got != 250*time.Millisecond {
		t.Errorf("with both headers: %v, want retry-after-ms 250ms", got)
	}
	h.Del("retry-after-ms")
	if got := retryHint(h, msg, now); got != 9*time.Second {
		t.Errorf("with Retry-After: %v, want 9s", got)
	}
	if got := retryHint(nil, msg, now); got != 20*time.Second {
		t.Errorf("message only: %v, want 20s", got)
	}
	// Retry-After rounds the message's wait up to a whole second: the
	// message's is the exact one.
	h.Set("Retry-After", "1")
	if got, exact := exactHint(h, "Please try again in 120ms.", now); got != 120*time.Millisecond || !exact {
		t.Errorf("Retry-After 1 and a message of 120ms: %v (exact %v), want 120ms exactly", got, exact)
	}
	if got, exact := exactHint(h, "Please try again in 20s.", now); got != time.Second || exact {
		t.Errorf("Retry-After 1 and a message of 20s that disagrees: %v (exact %v), want Retry-After's 1s, not exact", got, exact)
	}
	if got := retryHint(nil, "", now); got != 0 {
		t.Errorf("nothing: %v, want 0", got)
	}
}

func checkHint(t *testing.T, what, in string, d time.Duration, ok bool) {
	t.Helper()
	if ok && (d <= 0 || d > maxHint) || !ok && d != 0 {
		t.Fatalf("%s(%q) = %v, %v: a hint must be in (0, %v], and 0 when absent", what, in, d, ok, maxHint)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"7", "1.5", "-1", "0", "1e9", "NaN", "+Inf", "0x10", "Wed, 25 Nov 2026 12:00:30 GMT", "Mon, 02 Jan 2006 15:04:05 GMT", "", " 3 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseRetryAfter(s, now)
		checkHint(t, "parseRetryAfter", s, d, ok)
		d, ok = parseRetryAfterMs(s)
		checkHint(t, "parseRetryAfterMs", s, d, ok)
		h := http.Header{}
		h.Set(headerRetryAfter, s)
		h.Set(headerRetryAfterMs, s)
		if d := retryHint(h, s, now); d < 0 || d > maxHint {
			t.Fatalf("retryHint(%q) = %v", s, d)
		}
	})
}

func FuzzParseMessageHint(f *testing.F) {
	for _, s := range []string{"Please try again in 20s.", "try again in 1m30.5s", "try again in 9999999999h", "try again in .s", "try again in µs", "try again in 5µ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseMessageHint(s)
		checkHint(t, "parseMessageHint", s, d, ok)
	})
}

func FuzzParseErrorJSON(f *testing.F) {
	for _, s := range []string{`{"error":{"code":429,"message":"m"}}`, `{"error":"x"}`, `{"error":null}`, `<html>`, `{"code":1e999}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fa, ok := parseErrorJSON(data)
		if !ok && (fa.code != "" || fa.typ != "" || fa.message != "") {
			t.Fatalf("parseErrorJSON(%q) = %+v but not ok", data, fa)
		}
		_ = classifyFacts(fa)
		if c, ok := streamErrorFacts(errorString(streamErrorPrefix + string(data))); !ok {
			t.Fatalf("streamErrorFacts missed its prefix: %+v", c)
		}
	})
}

type errorString string

func (e errorString) Error() string { return string(e) }

func TestParseNumberOverflow(t *testing.T) {
	d, ok := parseNumber(strings.Repeat("9", 30), float64(time.Second))
	if !ok || d != maxHint {
		t.Errorf("huge number: %v, %v", d, ok)
	}
	if _, ok := parseNumber("1e-300", float64(time.Second)); ok {
		t.Error("a wait below a nanosecond must not count")
	}
}
