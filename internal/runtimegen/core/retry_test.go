package core

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock whose sleeps return at once and move its time on.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now()} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	c.sleeps = append(c.sleeps, d)
	return nil
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// script is a fake SDK call: attempt n fails with errs[n-1] after recording
// the response in resps[n-1], and succeeds once errs runs out.
type script struct {
	errs     []error
	resps    []*http.Response
	attempts int
}

func (s *script) call(ctx context.Context) (string, error) {
	s.attempts++
	i := s.attempts - 1
	if i < len(s.resps) {
		recordFrom(ctx).observe(s.resps[i])
	}
	if i < len(s.errs) {
		return "", s.errs[i]
	}
	return "ok", nil
}

func apiErr(status int, code string) error {
	return &fakeAPIError{apiFacts{status: status, code: code}}
}

func resp(status int, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return &http.Response{StatusCode: status, Header: h}
}

func testPolicy(c *fakeClock) Policy {
	return Policy{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxElapsed: time.Minute}.
		WithClock(c.Now, c.Sleep).
		WithRand(func() float64 { return 0.5 })
}

func TestRetrySucceedsAfterRateLimits(t *testing.T) {
	c := newFakeClock()
	var events []RetryEvent
	p := testPolicy(c)
	p.OnRetry = func(e RetryEvent) { events = append(events, e) }
	ctx := WithPolicy(context.Background(), p)
	s := &script{
		errs:  []error{apiErr(429, "rate_limit_exceeded"), apiErr(500, "")},
		resps: []*http.Response{resp(429, "x-request-id", "req_a"), resp(500)},
	}
	got, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	if err != nil || got != "ok" {
		t.Fatalf("retry = %q, %v; want ok", got, err)
	}
	if s.attempts != 3 {
		t.Errorf("attempts = %d, want 3", s.attempts)
	}
	if want := []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}; !equalDurations(c.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", c.Sleeps(), want)
	}
	if len(events) != 2 || events[0].Attempt != 1 || events[0].Class != RateLimited || events[0].RequestID != "req_a" ||
		events[1].Attempt != 2 || events[1].Class != Server || events[1].Delay != 100*time.Millisecond {
		t.Errorf("events = %+v", events)
	}
}

func TestRetryNeverRetriesTerminalClasses(t *testing.T) {
	for _, err := range []error{
		apiErr(429, "insufficient_quota"),
		apiErr(400, "context_length_exceeded"),
		apiErr(401, ""),
		apiErr(404, "model_not_found"),
		&fakeAPIError{apiFacts{class: InvalidRequest}},
		errors.New("unknown"),
	} {
		c := newFakeClock()
		s := &script{errs: []error{err, err, err}}
		_, got := retry(WithPolicy(context.Background(), testPolicy(c)), fakeFacts, typedCost{}, s.call, nil)
		var e *Error
		if !errors.As(got, &e) || e.Attempts != 1 || s.attempts != 1 || len(c.Sleeps()) != 0 {
			t.Errorf("%v: attempts %d, sleeps %v, err %v; want one attempt and no wait", err, s.attempts, c.Sleeps(), got)
		}
		if !errors.Is(got, err) {
			t.Errorf("%v: the final error does not wrap the last one", err)
		}
	}
}

func TestRetryStopsAtMaxAttempts(t *testing.T) {
	c := newFakeClock()
	e503 := apiErr(503, "")
	s := &script{errs: []error{e503, e503, e503, e503, e503}, resps: []*http.Response{resp(503), resp(503), resp(503), resp(503, "retry-after", "2")}}
	_, err := retry(WithPolicy(context.Background(), testPolicy(c)), fakeFacts, typedCost{}, s.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.Class != Overloaded || e.Attempts != 4 || s.attempts != 4 {
		t.Fatalf("err = %v; want Overloaded after 4 attempts (made %d)", err, s.attempts)
	}
	if e.RetryAfter != 2*time.Second {
		t.Errorf("RetryAfter = %v, want the last response's 2s", e.RetryAfter)
	}
	if want := "oaiguard: overloaded after 4 attempts: API error 503"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestRetryHonoursHints(t *testing.T) {
	c := newFakeClock()
	e429 := apiErr(429, "rate_limit_exceeded")
	s := &script{
		errs:  []error{e429, e429, &fakeAPIError{apiFacts{status: 429, message: "Please try again in 750ms."}}},
		resps: []*http.Response{resp(429, "retry-after", "7"), resp(429, "retry-after-ms", "1500", "retry-after", "9")},
	}
	p := testPolicy(c)
	p.MaxDelay = 200 * time.Millisecond // does not cap a server's hint
	if _, err := retry(WithPolicy(context.Background(), p), fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{7 * time.Second, 1500 * time.Millisecond, 750 * time.Millisecond}; !equalDurations(c.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", c.Sleeps(), want)
	}
}

func TestRetryHintPastDeadlineReturnsAtOnce(t *testing.T) {
	c := newFakeClock()
	ctx, cancel := context.WithDeadline(context.Background(), c.Now().Add(5*time.Second))
	defer cancel()
	s := &script{errs: []error{apiErr(429, "rate_limit_exceeded")}, resps: []*http.Response{resp(429, "retry-after", "30", "x-request-id", "req_z")}}
	_, err := retry(WithPolicy(ctx, testPolicy(c)), fakeFacts, typedCost{}, s.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.Class != RateLimited || e.Attempts != 1 || e.RetryAfter != 30*time.Second || e.RequestID != "req_z" {
		t.Fatalf("err = %#v", err)
	}
	if len(c.Sleeps()) != 0 {
		t.Errorf("slept %v", c.Sleeps())
	}
	if want := "oaiguard: rate limited after 1 attempt; the server asked to wait 30s, past the context deadline (request req_z): API error 429"; err.Error() != want {
		t.Errorf("Error() = %q\nwant       %q", err, want)
	}
}

func TestRetryBackoffPastDeadlineReturnsAtOnce(t *testing.T) {
	c := newFakeClock()
	ctx, cancel := context.WithDeadline(context.Background(), c.Now().Add(10*time.Millisecond))
	defer cancel()
	s := &script{errs: []error{apiErr(500, "")}}
	_, err := retry(WithPolicy(ctx, testPolicy(c)), fakeFacts, typedCost{}, s.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.stop != stopDeadline || e.RetryAfter != 0 || s.attempts != 1 {
		t.Fatalf("err = %v (attempts %d)", err, s.attempts)
	}
	if !strings.Contains(err.Error(), "the next wait, past the context deadline") {
		t.Errorf("Error() = %q", err)
	}
}

func TestRetryMaxElapsed(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	p.MaxElapsed = 10 * time.Second
	e429 := apiErr(429, "")
	s := &script{errs: []error{e429, e429, e429}, resps: []*http.Response{resp(429, "retry-after", "6"), resp(429, "retry-after", "6")}}
	_, err := retry(WithPolicy(context.Background(), p), fakeFacts, typedCost{}, s.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.stop != stopElapsed || e.Attempts != 2 || e.RetryAfter != 6*time.Second {
		t.Fatalf("err = %v; want a stop after 2 attempts, before passing MaxElapsed", err)
	}
}

func TestRetryShouldRetryFalse(t *testing.T) {
	c := newFakeClock()
	s := &script{errs: []error{apiErr(500, "")}, resps: []*http.Response{resp(500, "x-should-retry", "false")}}
	_, err := retry(WithPolicy(context.Background(), testPolicy(c)), fakeFacts, typedCost{}, s.call, nil)
	if s.attempts != 1 || !strings.Contains(err.Error(), "the server said not to retry") {
		t.Errorf("attempts %d, err %v", s.attempts, err)
	}
}

func TestRetryCancelDuringWait(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := Policy{MaxAttempts: 4, BaseDelay: time.Hour, MaxDelay: time.Hour, MaxElapsed: 2 * time.Hour}.WithRand(func() float64 { return 0.5 })
	p.OnRetry = func(RetryEvent) { time.AfterFunc(20*time.Millisecond, cancel) } // cancel while the loop waits
	s := &script{errs: []error{apiErr(502, ""), apiErr(502, "")}}
	start := time.Now()
	_, err := retry(WithPolicy(ctx, p), fakeFacts, typedCost{}, s.call, nil)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v to notice the cancel", d)
	}
	var e *Error
	if !errors.As(err, &e) || e.Class != Canceled || e.Attempts != 1 || s.attempts != 1 {
		t.Fatalf("err = %v, attempts %d; want canceled after 1 attempt", err, s.attempts)
	}
	if !errors.Is(err, context.Canceled) || !errors.As(err, new(*fakeAPIError)) {
		t.Errorf("err %v must match context.Canceled and still wrap the API error", err)
	}
	if want := "oaiguard: canceled after 1 attempt while waiting to retry: API error 502"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

func TestRetryContextDoneBeforeFirstAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := &script{}
	_, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	if s.attempts != 0 || !errors.Is(err, context.Canceled) || err.Error() != "oaiguard: canceled before the first attempt: context canceled" {
		t.Errorf("attempts %d, err %v", s.attempts, err)
	}
}

func TestRetryContextEndsDuringAttempt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := &script{errs: []error{apiErr(500, "")}}
	call := func(ctx context.Context) (string, error) {
		cancel()
		return s.call(ctx)
	}
	_, err := retry(WithPolicy(ctx, testPolicy(newFakeClock())), fakeFacts, typedCost{}, call, nil)
	if !isClass(err, Canceled) || s.attempts != 1 {
		t.Errorf("err %v, attempts %d", err, s.attempts)
	}
}

func TestRetryNestedDoesNotMultiply(t *testing.T) {
	c := newFakeClock()
	ctx := WithPolicy(context.Background(), testPolicy(c))
	inner := &script{errs: []error{apiErr(500, ""), apiErr(500, ""), apiErr(500, ""), apiErr(500, "")}}
	outerAttempts := 0
	_, err := retry(ctx, fakeFacts, typedCost{}, func(ctx context.Context) (string, error) {
		outerAttempts++
		return retry(ctx, fakeFacts, typedCost{}, inner.call, nil)
	}, nil)
	if outerAttempts != 1 || inner.attempts != 4 {
		t.Errorf("outer %d, inner %d attempts; want 1 and 4", outerAttempts, inner.attempts)
	}
	var e *Error
	if !errors.As(err, &e) || e.Attempts != 4 {
		t.Errorf("err = %v", err)
	}
}

func TestRetryDiscardsFailedResults(t *testing.T) {
	c := newFakeClock()
	var discarded []string
	n := 0
	_, err := retry(WithPolicy(context.Background(), testPolicy(c)), fakeFacts, typedCost{}, func(context.Context) (string, error) {
		n++
		if n < 3 {
			return "stream" + string(rune('0'+n)), apiErr(503, "")
		}
		return "good", nil
	}, func(s string) { discarded = append(discarded, s) })
	if err != nil || strings.Join(discarded, ",") != "stream1,stream2" {
		t.Errorf("err %v, discarded %v", err, discarded)
	}
}

func TestRetryEventRedactsKey(t *testing.T) {
	c := newFakeClock()
	var msg string
	p := testPolicy(c)
	p.OnRetry = func(e RetryEvent) { msg = e.Err.Error() }
	s := &script{errs: []error{&keyedError{}}, resps: []*http.Response{resp(500)}}
	if _, err := retry(WithPolicy(context.Background(), p), func(err error) (apiFacts, bool) {
		return apiFacts{status: 500}, true
	}, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(msg, "abcdef") || !strings.Contains(msg, "[REDACTED]") {
		t.Errorf("event error %q leaks the key", msg)
	}
}

type keyedError struct{}

func (*keyedError) Error() string { return "Incorrect API key provided: sk-proj-abcdef123456." }

// isClass is a test helper: err is an *Error of class c.
func isClass(err error, c Class) bool {
	var e *Error
	return errors.As(err, &e) && e.Class == c
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
