package fakeapi

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Limited is an in-process fake of the API's rate limiting, for tests in a
// testing/synctest bubble, where a loopback server would hang: an
// http.RoundTripper that answers chat completions against request and
// token buckets per API key and model, refilled continuously, with the
// x-ratelimit-* headers on every answer and a 429 with Retry-After and
// retry-after-ms when a bucket cannot pay. A request costs one request and
// its prompt (a token per 4 characters of message text) plus max_tokens
// (or max_completion_tokens) tokens. Time is time.Now, which a bubble
// fakes; its waits end early when the request's context does.
type Limited struct {
	// RPM and TPM are the limits per minute; Quantum sizes the buckets
	// (Quantum × rate), which start full.
	RPM, TPM int
	Quantum  time.Duration
	// OneWay is the network delay each way; Service the time the server
	// works on an admitted request.
	OneWay, Service time.Duration
	// Answer, if set, is asked first about attempt n (from 1): a reply
	// answers the request instead of the limiter.
	Answer func(n int, req *http.Request) *Reply

	mu      sync.Mutex
	buckets map[string]*[2]limitedBucket
	stats   LimitedStats
}

// LimitedStats counts what a Limited server saw.
type LimitedStats struct {
	Requests, OK, RateLimited, Answered int
	// Canceled counts requests whose context was done when they arrived.
	Canceled int
}

type limitedBucket struct {
	level, capacity, rate float64
	last                  time.Time
}

func (b *limitedBucket) refill(now time.Time) {
	if !b.last.IsZero() {
		b.level = math.Min(b.capacity, b.level+b.rate*now.Sub(b.last).Seconds())
	}
	b.last = now
}

// Stats returns the counts so far.
func (l *Limited) Stats() LimitedStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stats
}

// RoundTrip answers req in process.
func (l *Limited) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	body, _ := io.ReadAll(req.Body)
	_ = req.Body.Close()
	l.mu.Lock()
	l.stats.Requests++
	n := l.stats.Requests
	if ctx.Err() != nil {
		l.stats.Canceled++
	}
	l.mu.Unlock()
	if err := waitCtx(ctx, l.OneWay); err != nil {
		return nil, err
	}
	w := httptest.NewRecorder()
	w.Header().Set("X-Request-Id", "req_"+strconv.Itoa(n))
	if l.Answer != nil {
		if rep := l.Answer(n, req); rep != nil {
			l.mu.Lock()
			l.stats.Answered++
			l.mu.Unlock()
			write(w, *rep)
			return l.back(ctx, w, req)
		}
	}
	var p struct {
		Model               string `json:"model"`
		MaxTokens           int    `json:"max_tokens"`
		MaxCompletionTokens int    `json:"max_completion_tokens"`
		Messages            []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	_ = json.Unmarshal(body, &p)
	chars := 0
	for _, m := range p.Messages {
		chars += len(m.Content)
	}
	cost := float64((chars+3)/4 + p.MaxTokens + p.MaxCompletionTokens)
	ok, wait := l.admit(req.Header.Get("Authorization")+" "+p.Model, cost, w.Header())
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Max(1, math.Ceil(wait.Seconds())))))
		w.Header().Set("retry-after-ms", strconv.FormatInt(int64(math.Ceil(float64(wait)/float64(time.Millisecond))), 10))
		write(w, RateLimited())
		return l.back(ctx, w, req)
	}
	if err := waitCtx(ctx, l.Service); err != nil {
		return nil, err
	}
	write(w, ChatCompletion())
	return l.back(ctx, w, req)
}

// admit charges cost to the buckets of key, or reports the wait until it
// could; either way it writes the rate-limit headers.
func (l *Limited) admit(key string, cost float64, h http.Header) (bool, time.Duration) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*[2]limitedBucket{}
	}
	b := l.buckets[key]
	if b == nil {
		b = &[2]limitedBucket{}
		for i, perMin := range [2]int{l.RPM, l.TPM} {
			rate := float64(perMin) / 60
			b[i] = limitedBucket{rate: rate, capacity: rate * l.Quantum.Seconds(), level: rate * l.Quantum.Seconds()}
		}
	}
	l.buckets[key] = b
	need := [2]float64{1, cost}
	ok := true
	var wait time.Duration
	for i := range b {
		b[i].refill(now)
		if b[i].level+1e-9 < need[i] {
			ok = false
			if w := time.Duration((need[i] - b[i].level) / b[i].rate * float64(time.Second)); w > wait {
				wait = w
			}
		}
	}
	if ok {
		for i := range b {
			b[i].level -= need[i]
		}
		l.stats.OK++
	} else {
		l.stats.RateLimited++
	}
	for i, name := range [2]string{"requests", "tokens"} {
		limit := []int{l.RPM, l.TPM}[i]
		h.Set("x-ratelimit-limit-"+name, strconv.Itoa(limit))
		h.Set("x-ratelimit-remaining-"+name, strconv.Itoa(int(math.Max(0, math.Floor(b[i].level)))))
		full := time.Duration((b[i].capacity - b[i].level) / b[i].rate * float64(time.Second)).Round(time.Millisecond)
		h.Set("x-ratelimit-reset-"+name, full.String())
	}
	return ok, wait
}

// back returns the recorded answer after the way back.
func (l *Limited) back(ctx context.Context, w *httptest.ResponseRecorder, req *http.Request) (*http.Response, error) {
	if err := waitCtx(ctx, l.OneWay); err != nil {
		return nil, err
	}
	res := w.Result()
	res.Request = req
	return res, nil
}

// write answers with rep: its content type (JSON by default), headers,
// status (200 by default) and body.
func write(w http.ResponseWriter, rep Reply) {
	ct := rep.ContentType
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	status := rep.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, rep.Body)
}

// waitCtx waits d or until ctx is done.
func waitCtx(ctx context.Context, d time.Duration) error {
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
