package core

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests drive retry, send and the Governor together, with a stub in
// place of the SDK: stubAPI.call builds a request in the call's context and
// sends it through send, as the generated middleware and transport do. The
// runtimes' own tests do the same with the real SDK clients.

const stubKey = "sk-proj-stub0123456789secret"

// stubAPI answers with scripted replies, the last one repeating.
type stubAPI struct {
	mu      sync.Mutex
	replies []stubReply
	sent    int
	tries   int
	copies  int // requests sent with the runtime's copy of their body
}

type stubReply struct {
	status int
	header []string // pairs
	body   string
}

func (s *stubAPI) next(req *http.Request) (*http.Response, error) {
	_, copied := req.Body.(*bodyReader)
	_, _ = io.Copy(io.Discard, req.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent++
	if copied {
		s.copies++
	}
	r := s.replies[len(s.replies)-1]
	if s.sent <= len(s.replies) {
		r = s.replies[s.sent-1]
	}
	h := http.Header{}
	for i := 0; i+1 < len(r.header); i += 2 {
		h.Set(r.header[i], r.header[i+1])
	}
	status := r.status
	if status == 0 {
		status = 200
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(r.body))}, nil
}

// call is the SDK method: one request, an API error for a failure. Its
// request finds the call in ctx, as go-openai's transport does.
func (s *stubAPI) call(ctx context.Context) (string, error) {
	return s.callVia(ctx, send)
}

// callVia is call with the request sent through via: send, or the
// middleware of a call, as openai-go's calls do.
func (s *stubAPI) callVia(ctx context.Context, via func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error)) (string, error) {
	s.mu.Lock()
	s.tries++
	s.mu.Unlock()
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":10}`
	req, err := http.NewRequestWithContext(ctx, "POST", "https://api.stub/v1/chat/completions", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+stubKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := via(req, s.next)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 400 {
		f, _ := parseErrorJSON(data)
		f.status = res.StatusCode
		return "", &fakeAPIError{f}
	}
	return string(data), nil
}

func (s *stubAPI) counts() (sent, tries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent, s.tries
}

func rateLimits(limit, remaining, reset string) []string {
	return []string{"x-ratelimit-limit-requests", limit, "x-ratelimit-remaining-requests", remaining, "x-ratelimit-reset-requests", reset}
}

func governed(c *fakeClock) Policy {
	p := testPolicy(c)
	p.Governor = NewGovernor()
	return p
}

func TestCallLatchesSpentQuota(t *testing.T) {
	c := newFakeClock()
	p := governed(c)
	s := &stubAPI{replies: []stubReply{{status: 429, body: `{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}`}}}
	ctx := WithPolicy(context.Background(), p)
	_, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	if !isClass(err, QuotaExhausted) || errors.Is(err, ErrLatched) {
		t.Fatalf("first call: %v; want QuotaExhausted from the server", err)
	}
	_, err = retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.Class != QuotaExhausted || e.Attempts != 0 || !errors.Is(err, ErrLatched) {
		t.Fatalf("second call: %#v; want a latched QuotaExhausted with no attempt", err)
	}
	var api *fakeAPIError
	if !errors.As(err, &api) || api.f.code != "insufficient_quota" {
		t.Errorf("the latched error does not wrap the API error that latched the key: %v", err)
	}
	if e.RetryAfter != latchProbeInterval {
		t.Errorf("RetryAfter %v, want the time to the next probe", e.RetryAfter)
	}
	if want := "oaiguard: quota exhausted before the first attempt; not sent: the API key is latched by an earlier failure, next probe in 1m0s: API error 429"; err.Error() != want {
		t.Errorf("Error() = %q\nwant       %q", err, want)
	}
	if sent, _ := s.counts(); sent != 1 {
		t.Errorf("the server saw %d requests, want 1", sent)
	}
	// After a minute one call probes; the quota is back.
	c.Sleep(context.Background(), latchProbeInterval)
	s.replies = []stubReply{{body: "{}"}}
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Errorf("after a successful probe: %v", err)
	}
	// Another governor knows nothing of the latch.
	p2 := governed(c)
	if _, err := retry(WithPolicy(context.Background(), p2), fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Error(err)
	}
}

func TestCallLatchesRejectedKey(t *testing.T) {
	c := newFakeClock()
	s := &stubAPI{replies: []stubReply{{status: 401, body: `{"error":{"message":"Incorrect API key provided: ` + stubKey + `","type":"invalid_request_error","code":"invalid_api_key"}}`}}}
	ctx := WithPolicy(context.Background(), governed(c))
	retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	_, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	if !isClass(err, Auth) || !errors.Is(err, ErrLatched) {
		t.Fatalf("second call: %v", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error leaks the key: %v", err)
	}
}

func TestCallBudget(t *testing.T) {
	c := newFakeClock()
	s := &stubAPI{replies: []stubReply{{status: 500, body: `{"error":{"message":"boom","type":"server_error"}}`}}}
	ctx := WithPolicy(context.Background(), governed(c))
	budgetErrs := 0
	const calls = 10
	for i := 0; i < calls; i++ {
		_, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
		if errors.Is(err, ErrBudgetExhausted) {
			budgetErrs++
			var api *fakeAPIError
			if !isClass(err, Server) || !errors.As(err, &api) || !strings.Contains(err.Error(), "the retry budget is exhausted") {
				t.Errorf("budget error %v: want the class and the last API error", err)
			}
		}
	}
	sent, _ := s.counts()
	// Each call's first attempt, plus the retries a full budget pays for.
	if want := calls + budgetCapacity/budgetRetryCost; sent != want {
		t.Errorf("the server saw %d requests, want %d", sent, want)
	}
	// A call makes up to 3 retries: the budget's 10 retries carry three
	// calls and one retry of the fourth, which stops on it like the rest.
	if want := calls - 3; budgetErrs != want {
		t.Errorf("%d calls stopped on the budget, want %d", budgetErrs, want)
	}
}

func TestCallWaitsOutsideTheAttempt(t *testing.T) {
	c := newFakeClock()
	p := governed(c)
	var events []AttemptEvent
	p.OnAttempt = func(e AttemptEvent) { events = append(events, e) }
	// One request a second, a bucket of one, and every answer leaves it
	// empty.
	s := &stubAPI{replies: []stubReply{{body: "{}", header: rateLimits("60", "0", "1s")}}}
	ctx := WithPolicy(context.Background(), p)
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	sent, tries := s.counts()
	if sent != 2 || tries != 3 {
		t.Errorf("sent %d, tried %d; the second call's first try must be refused to wait, then sent", sent, tries)
	}
	if got := c.Sleeps(); len(got) != 1 || got[0] != time.Second {
		t.Errorf("sleeps %v, want the one second the bucket needs", got)
	}
	if len(events) != 2 || events[1].Attempt != 1 || events[1].Waited != time.Second || events[1].Status != 200 || events[1].Model != "gpt-4o" {
		t.Errorf("events %+v", events)
	}
}

func TestCallLimiterWaitPastDeadline(t *testing.T) {
	c := newFakeClock()
	s := &stubAPI{replies: []stubReply{{body: "{}", header: rateLimits("2", "0", "30s")}}}
	p := governed(c)
	if _, err := retry(WithPolicy(context.Background(), p), fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithDeadline(WithPolicy(context.Background(), p), c.Now().Add(5*time.Second))
	defer cancel()
	_, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.Class != RateLimited || e.Attempts != 0 || e.RetryAfter != 30*time.Second || e.stop != stopDeadline {
		t.Fatalf("err = %#v; want a rate limit with no attempt and the limiter's 30s", err)
	}
	if want := "oaiguard: rate limited before the first attempt; the rate limiter's wait of 30s, past the context deadline"; err.Error() != want {
		t.Errorf("Error() = %q\nwant       %q", err, want)
	}
	if sent, _ := s.counts(); sent != 1 || len(c.Sleeps()) != 0 {
		t.Errorf("sent %d, slept %v", sent, c.Sleeps())
	}
}

func TestCallCanceledWhileWaiting(t *testing.T) {
	s := &stubAPI{replies: []stubReply{{body: "{}", header: rateLimits("2", "0", "30s")}}}
	p := Policy{Governor: NewGovernor()}
	ctx, cancel := context.WithCancel(WithPolicy(context.Background(), p))
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v to see the cancel", d)
	}
	var e *Error
	if !errors.As(err, &e) || e.Class != Canceled || e.Attempts != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "while waiting for the rate limiter") {
		t.Errorf("Error() = %q", err)
	}
	if sent, _ := s.counts(); sent != 1 {
		t.Errorf("sent %d after the cancel", sent)
	}
}

func TestCallPacedThrottlesDoNotUseUpAttempts(t *testing.T) {
	c := newFakeClock()
	p := governed(c)
	p.MaxAttempts = 2
	limited := stubReply{status: 429, header: rateLimits("600", "0", "1s"), body: `{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`}
	// The first answer teaches the limiter the rate; the throttles after
	// it are of paced requests.
	s := &stubAPI{replies: []stubReply{{body: "{}", header: rateLimits("600", "9", "100ms")}, limited, limited, limited, {body: "{}"}}}
	ctx := WithPolicy(context.Background(), p)
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatalf("after three paced throttles: %v", err)
	}
	if sent, _ := s.counts(); sent != 5 {
		t.Errorf("sent %d, want 5", sent)
	}
	// A rate limit never counts against MaxAttempts, foreseen or not: the
	// server said when to come back. MaxElapsed bounds such retries, and
	// the call then returns at once with the hint.
	c2 := newFakeClock()
	p2 := governed(c2)
	p2.MaxAttempts = 2
	p2.MaxElapsed = 10 * time.Second
	s2 := &stubAPI{replies: []stubReply{{status: 429, header: []string{"retry-after-ms", "1000"}, body: `{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}`}}}
	start := c2.Now()
	_, err := retry(WithPolicy(context.Background(), p2), fakeFacts, typedCost{}, s2.call, nil)
	var e *Error
	if !errors.As(err, &e) || e.Class != RateLimited || e.stop != stopElapsed {
		t.Fatalf("err = %v; want a rate limit that stopped at MaxElapsed", err)
	}
	sent, _ := s2.counts()
	if sent < 5 || e.Attempts != sent {
		t.Errorf("sent %d (error says %d); want the rate limit retried past MaxAttempts, until MaxElapsed", sent, e.Attempts)
	}
	if el := c2.Now().Sub(start); el > p2.MaxElapsed {
		t.Errorf("gave up after %v, past MaxElapsed %v", el, p2.MaxElapsed)
	}
}

func TestCallThrottlePausesTheLimiter(t *testing.T) {
	c := newFakeClock()
	p := governed(c)
	limited := stubReply{status: 429, header: []string{"retry-after-ms", "1500"}, body: `{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`}
	s := &stubAPI{replies: []stubReply{limited, {body: "{}"}}}
	ctx := WithPolicy(context.Background(), p)
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Sleeps(); len(got) != 1 || got[0] != 1500*time.Millisecond {
		t.Errorf("sleeps %v, want the hint once, waited in the limiter", got)
	}
	// The pause is the limiter's: a call that starts during it waits too.
	// (A call sent at once gets the rate limit that pauses the limiter,
	// and gives up at once: its policy leaves no time to wait. The limiter
	// paces these calls by the hint's rate now, one per 1.5s, so the
	// first is sent after waiting for it.)
	c.Sleep(context.Background(), 10*time.Second)
	one := p
	one.MaxElapsed = time.Millisecond
	s.replies = []stubReply{limited, {body: "{}"}}
	s.sent = 0
	if _, err := retry(WithPolicy(context.Background(), one), fakeFacts, typedCost{}, s.call, nil); !isClass(err, RateLimited) {
		t.Fatalf("err = %v", err)
	}
	if sent, _ := s.counts(); sent != 1 {
		t.Fatalf("sent %d; want the one that met the rate limit", sent)
	}
	before := len(c.Sleeps())
	pausedAt := c.Now()
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if waited := c.Now().Sub(pausedAt); waited < 1500*time.Millisecond || len(c.Sleeps()) == before {
		t.Errorf("the second call waited %v (sleeps %v); it must wait out the pause (1.5s) the first one's answer set", waited, c.Sleeps()[before:])
	}
	// A quota error is no throttle: nothing pauses.
	c3 := newFakeClock()
	p3 := governed(c3)
	s3 := &stubAPI{replies: []stubReply{{status: 429, header: []string{"Retry-After", "20"}, body: `{"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"quota"}}`}}}
	retry(WithPolicy(context.Background(), p3), fakeFacts, typedCost{}, s3.call, nil)
	for _, l := range p3.Governor.keys {
		for _, lim := range l.models {
			if !lim.paused(c3.Now()).IsZero() {
				t.Error("a quota error paused the limiter")
			}
		}
	}
}

func TestAttemptEventLogValue(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	c := newFakeClock()
	p := governed(c)
	p.OnAttempt = func(e AttemptEvent) { logger.Info("openai", "attempt", e) }
	s := &stubAPI{replies: []stubReply{
		{status: 401, header: []string{"x-request-id", "req_1"}, body: `{"error":{"message":"Incorrect API key provided: ` + stubKey + `","code":"invalid_api_key"}}`},
	}}
	retry(WithPolicy(context.Background(), p), fakeFacts, typedCost{}, s.call, nil)
	s.replies = []stubReply{{status: 500}, {body: "{}", header: []string{"x-request-id", "req_3"}}}
	s.sent = 0
	p2 := governed(c)
	p2.OnAttempt = p.OnAttempt
	retry(WithPolicy(context.Background(), p2), fakeFacts, typedCost{}, s.call, nil)
	got := buf.String()
	want := `level=INFO msg=openai attempt.attempt=1 attempt.outcome="authentication failed" attempt.model=gpt-4o attempt.status=401 attempt.request_id=req_1 attempt.error="API error 401"
level=INFO msg=openai attempt.attempt=1 attempt.outcome="server error" attempt.model=gpt-4o attempt.status=500 attempt.delay=50ms attempt.error="API error 500"
level=INFO msg=openai attempt.attempt=2 attempt.outcome=ok attempt.model=gpt-4o attempt.status=200 attempt.request_id=req_3
`
	if got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "secret") {
		t.Error("the log holds the key")
	}
}

// benchTransport answers at once with the headers of a large account,
// the same response every time, so that its allocation is not counted.
type benchTransport struct {
	header http.Header
	res    http.Response
}

func (b *benchTransport) next(req *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, req.Body)
	return &b.res, nil
}

func newBenchTransport() *benchTransport {
	b := &benchTransport{header: http.Header{
		"X-Request-Id": {"req_bench"},
		// Limits far above what one process can send: the runtime paces
		// at the advertised per-minute rate, and at 1M RPM that is one
		// request per 60 µs, which would measure the pacing, not the cost.
		"X-Ratelimit-Limit-Requests":     {"100000000000"},
		"X-Ratelimit-Remaining-Requests": {"99999999999"},
		"X-Ratelimit-Reset-Requests":     {"1ms"},
		"X-Ratelimit-Limit-Tokens":       {"100000000000000"},
		"X-Ratelimit-Remaining-Tokens":   {"99999999999000"},
		"X-Ratelimit-Reset-Tokens":       {"1ms"},
	}}
	b.res = http.Response{StatusCode: 200, Header: b.header, Body: http.NoBody}
	return b
}

const benchBody = `{"messages":[{"content":"Say hello to the benchmark, briefly.","role":"user"}],"model":"gpt-4o","max_completion_tokens":64}`

// benchRequest does what the SDK does per attempt that matters here: a
// request in the attempt's context, with a fresh body.
func benchRequest(ctx context.Context, base *http.Request) *http.Request {
	req := base.WithContext(ctx)
	req.Body = io.NopCloser(strings.NewReader(benchBody))
	return req
}

// BenchmarkRuntimeOverhead measures what a call through the runtime adds
// to sending its request, without an SDK: Direct sends the request as an
// SDK would; Call does it through retry and send (policy, call state, key
// fingerprint, body scan, limiter, header learning, budget and latch
// bookkeeping), the call's state in the request's context as for go-openai
// and streams; Middleware through retryOwn and the call's middleware, for
// a typed request, as openai-go's calls. The difference is the runtime's cost per successful
// call.
func BenchmarkRuntimeOverhead(b *testing.B) {
	base, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", nil)
	base.Header.Set("Authorization", "Bearer "+stubKey)
	base.Header.Set("Content-Type", "application/json")
	base.ContentLength = int64(len(benchBody))
	base.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(benchBody)), nil }
	tr := newBenchTransport()
	b.Run("Direct", func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			res, err := tr.next(benchRequest(ctx, base))
			if err != nil || res.StatusCode != 200 {
				b.Fatal(err)
			}
		}
	})
	b.Run("Call", func(b *testing.B) {
		ctx := WithPolicy(context.Background(), Policy{Governor: NewGovernor()})
		try := func(ctx context.Context) (*http.Response, error) {
			return send(benchRequest(ctx, base), tr.next)
		}
		b.ReportAllocs()
		for b.Loop() {
			res, err := retry(ctx, fakeFacts, typedCost{}, try, nil)
			if err != nil || res.StatusCode != 200 {
				b.Fatal(err)
			}
		}
	})
	b.Run("Middleware", func(b *testing.B) {
		ctx := WithPolicy(context.Background(), Policy{Governor: NewGovernor()})
		typed := typedCost{model: "gpt-4o", maxOut: 64, ok: true}
		try := func(c *call) (*http.Response, error) {
			return c.middleware(benchRequest(c.Context, base), tr.next)
		}
		b.ReportAllocs()
		for b.Loop() {
			// The bench transport's response is shared and static: the
			// call's state can be reused.
			res, err := retryOwn(ctx, fakeFacts, typed, try, true)
			if err != nil || res.StatusCode != 200 {
				b.Fatal(err)
			}
		}
	})
}

// TestCallProbeWaitsItsTurn: the call that probes a latched key keeps the
// probe while it waits for the limiter.
func TestCallProbeWaitsItsTurn(t *testing.T) {
	c := newFakeClock()
	p := governed(c)
	p.MaxElapsed = time.Hour
	quota := stubReply{status: 429, header: rateLimits("1", "0", "3m0s"), body: `{"error":{"type":"insufficient_quota","code":"insufficient_quota","message":"quota"}}`}
	s := &stubAPI{replies: []stubReply{quota, {body: "{}", header: rateLimits("1", "0", "1m0s")}}}
	ctx := WithPolicy(context.Background(), p)
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); !isClass(err, QuotaExhausted) {
		t.Fatal(err)
	}
	c.Sleep(context.Background(), latchProbeInterval)
	// The bucket is in debt for two more minutes: the probe waits, then
	// goes, and its success clears the latch.
	if _, err := retry(ctx, fakeFacts, typedCost{}, s.call, nil); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if sent, _ := s.counts(); sent != 2 {
		t.Errorf("sent %d, want the quota error and the probe", sent)
	}
	var waited time.Duration
	for _, d := range c.Sleeps()[1:] {
		waited += d
	}
	if waited < time.Minute {
		t.Errorf("the probe waited %v for the limiter, want about two minutes", waited)
	}
}

// TestScannedBodyGoesBackToThePool: the copy of a request body read for its
// cost is released when the call ends, after which a late read by the
// transport fails instead of reading a buffer another call may own; a
// close by the transport releases it too, once.
func TestScannedBodyGoesBackToThePool(t *testing.T) {
	c := &call{Context: context.Background(), p: policyFrom(context.Background())}
	req, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(benchBody))
	req.Header.Set("Content-Type", "application/json")
	if cost := c.readCost(req); string(cost.model) != "gpt-4o" {
		t.Fatalf("no model read from %s", benchBody)
	}
	got, err := io.ReadAll(req.Body)
	if err != nil || string(got) != benchBody {
		t.Fatalf("replayed body %q, %v", got, err)
	}
	c.body.release()
	if n, err := req.Body.Read(make([]byte, 8)); n != 0 || !errors.Is(err, errBodyReleased) {
		t.Errorf("read after release: %d, %v", n, err)
	}
	if err := req.Body.Close(); err != nil { // a second release does nothing
		t.Error(err)
	}

	// Concurrent reads and a close, as the transport may do: -race checks
	// the lock.
	c2 := &call{Context: context.Background(), p: policyFrom(context.Background())}
	req2, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", strings.NewReader(benchBody))
	req2.Header.Set("Content-Type", "application/json")
	c2.readCost(req2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(io.Discard, req2.Body)
	}()
	req2.Body.Close()
	<-done
	c2.body.release()
}

// TestOwnMiddlewareAfterTheCall: a call whose requests reach it through its
// own middleware paces them while it runs; once it has returned, a request
// through the same middleware (a pager's next page) passes through
// untouched. A call given back for reuse is reset.
func TestOwnMiddlewareAfterTheCall(t *testing.T) {
	c := newFakeClock()
	s := &stubAPI{replies: []stubReply{{body: "{}", header: rateLimits("100", "99", "1s")}}}
	ctx := WithPolicy(context.Background(), governed(c))
	var kept *call
	_, err := retryOwn(ctx, fakeFacts, typedCost{}, func(st *call) (string, error) {
		kept = st
		return s.callVia(st.Context, st.middleware)
	}, false)
	if err != nil {
		t.Fatal(err)
	}
	if kept.lim == nil || kept.requests != 1 {
		t.Fatalf("the call's request was not paced: limiter %v, requests %d", kept.lim, kept.requests)
	}
	seq := kept.lim.seq
	if _, err := s.callVia(context.Background(), kept.middleware); err != nil {
		t.Fatal(err)
	}
	if sent, _ := s.counts(); sent != 2 {
		t.Fatalf("sent %d requests, want 2", sent)
	}
	if kept.requests != 1 || kept.lim.seq != seq {
		t.Errorf("a request after the call was counted by it: requests %d, limiter seq %d → %d", kept.requests, seq, kept.lim.seq)
	}

	_, err = retryOwn(ctx, fakeFacts, typedCost{}, func(st *call) (string, error) {
		kept = st
		return s.callVia(st.Context, st.middleware)
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	if kept.Context != nil || kept.lim != nil || kept.live.Load() {
		t.Errorf("a call given back for reuse keeps its state: context %v, limiter %v, live %v", kept.Context, kept.lim, kept.live.Load())
	}
}

// TestBodyReadersAreNotReused: every scanned request gets a reader of its
// own, even after the one before was released, so that a transport that
// reads late reads nothing of another request.
func TestBodyReadersAreNotReused(t *testing.T) {
	seen := map[*bodyReader]bool{}
	for range 3 * readerBlock {
		b := newBodyReader()
		if seen[b] {
			t.Fatal("a body reader was handed out twice")
		}
		seen[b] = true
		b.fill(8)
		b.release()
	}
}

// TestTypedCostSkipsTheBody: a typed request on a limiter far from its
// token limit is charged its bound (the body's length as prompt, plus its
// output) and its body is not read; near the limit, the body is read for a
// closer cost.
func TestTypedCostSkipsTheBody(t *testing.T) {
	c := newFakeClock()
	tokenLimits := []string{"x-ratelimit-limit-tokens", "100000", "x-ratelimit-remaining-tokens", "99000", "x-ratelimit-reset-tokens", "6ms"}
	s := &stubAPI{replies: []stubReply{{body: "{}", header: append(rateLimits("1000", "999", "6ms"), tokenLimits...)}}}
	ctx := WithPolicy(context.Background(), governed(c))
	typed := typedCost{model: "gpt-4o", maxOut: 10, ok: true}
	first := func() *call {
		var kept *call
		if _, err := retryOwn(ctx, fakeFacts, typed, func(st *call) (string, error) {
			kept = st
			return s.callVia(st.Context, st.middleware)
		}, false); err != nil {
			t.Fatal(err)
		}
		return kept
	}
	copies := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.copies
	}
	first() // learns the limits
	far := first()
	body := `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":10}`
	if want := float64(len(body))/bytesPerToken + 10; far.cost[tokens] != want || copies() != 0 {
		t.Errorf("far from the limit: cost %v, bodies read %d; want %v and none", far.cost[tokens], copies(), want)
	}

	// Drain the mirrored token bucket below half.
	l := far.lim
	l.mu.Lock()
	l.b[tokens].level = l.b[tokens].capacity / 4
	l.publishRoom()
	l.mu.Unlock()
	near := first()
	if copies() != 1 {
		t.Error("near the limit, the body was not read for a closer cost")
	}
	if near.cost[tokens] >= far.cost[tokens] {
		t.Errorf("the closer cost %v is not below the bound %v", near.cost[tokens], far.cost[tokens])
	}
}

// TestBareCallsPaceThemselves: a call whose requests never reach send (a
// go-openai client without the Transport) learns from its errors alone: a
// rate limit's "try again in" paces it, and the calls of the same model
// after it wait their turn before their first attempt.
func TestBareCallsPaceThemselves(t *testing.T) {
	c := newFakeClock()
	p := governed(c)
	ctx := WithPolicy(context.Background(), p)
	typed := typedCost{model: "gpt-4o", ok: true}
	limited := &fakeAPIError{apiFacts{status: 429, code: "rate_limit_exceeded", typ: "requests",
		message: "Rate limit reached for gpt-4o on requests per min (RPM): Limit 300, Used 300, Requested 1. Please try again in 200ms."}}
	s := &script{errs: []error{limited}}
	if _, err := retry(ctx, fakeFacts, typed, s.call, nil); err != nil {
		t.Fatal(err)
	}
	if got := c.Sleeps(); len(got) == 0 || got[0] != 200*time.Millisecond {
		t.Fatalf("sleeps %v; want the message's 200ms first", got)
	}
	ks := p.Governor.bare.Load()
	if ks == nil {
		t.Fatal("no state for bare calls")
	}
	l := ks.find("gpt-4o")
	if l == nil || !l.bareSeen.Load() {
		t.Fatal("no limiter marked for bare calls")
	}
	// 5/s from the 200ms, grown a little by the success (slow start).
	if pace := l.b[requests].pace; pace < 5 || pace > 5.5 {
		t.Fatalf("pace %v: want about 5/s learned from the 200ms", pace)
	}
	// Later calls of the model are paced before their first attempt: ten
	// in a row take about two seconds at 5/s.
	start := c.Now()
	for i := 0; i < 10; i++ {
		s := &script{}
		if _, err := retry(ctx, fakeFacts, typed, s.call, nil); err != nil {
			t.Fatal(err)
		}
	}
	if el := c.Now().Sub(start); el < 1500*time.Millisecond || el > 2500*time.Millisecond {
		t.Errorf("ten bare calls took %v; at 5/s, about 2s", el)
	}
	// A call of another model is not held.
	other := typedCost{model: "gpt-4o-mini", ok: true}
	before := c.Now()
	if _, err := retry(ctx, fakeFacts, other, (&script{}).call, nil); err != nil || c.Now() != before {
		t.Errorf("a call of another model: %v, waited %v", err, c.Now().Sub(before))
	}
	// An error without an answer (no status) makes no call bare.
	g := NewGovernor()
	p2 := testPolicy(c)
	p2.Governor = g
	retry(WithPolicy(context.Background(), p2), fakeFacts, typed, (&script{errs: []error{errors.New("dial tcp: refused"), errors.New("dial tcp: refused"), errors.New("dial tcp: refused"), errors.New("dial tcp: refused")}}).call, nil)
	if g.bare.Load() != nil {
		t.Error("a connection error made the calls bare")
	}
}
