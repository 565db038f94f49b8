package core

import (
	"context"
	"errors"
	"math"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// limitHeaders is what a server with a request bucket (limit per minute,
// level now, capacity) says about it.
func limitHeaders(limitPerMin, level, capacity float64) rateHeaders {
	rate := limitPerMin / 60
	var h rateHeaders
	h.dim[requests] = rateLimit{
		limit:        limitPerMin,
		remaining:    math.Max(0, math.Floor(level)),
		hasRemaining: true,
		reset:        time.Duration((capacity - level) / rate * float64(time.Second)),
		hasReset:     true,
	}
	return h
}

// learned returns a limiter that has learned a limit of 600 requests a
// minute, enforced per second (a bucket of 10), now full.
func learned(c *fakeClock) (*limiter, *Policy) {
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	var ticket uint64
	pm, _, err := l.acquire(context.Background(), &p, &ticket, [dims]float64{1, 0}, time.Time{}, false, c.Now())
	if err != nil {
		panic(err)
	}
	l.observe(pm, observation{limits: limitHeaders(600, 9, 10), ok: true}, c.Now())
	return l, &p
}

func TestLimiterWithoutLimitsLetsAllGo(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("")
	for i := 0; i < 100; i++ {
		var ticket uint64
		if _, _, err := l.acquire(context.Background(), &p, &ticket, [dims]float64{1, 5000}, time.Time{}, false, c.Now()); err != nil {
			t.Fatalf("request %d: %v; a limiter that knows no limit must not hold requests", i, err)
		}
	}
	if len(c.Sleeps()) != 0 {
		t.Errorf("slept %v", c.Sleeps())
	}
}

func TestLimiterPacesToTheLearnedRate(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	if l.b[requests].rate != 10 || l.b[requests].capacity != 10 {
		t.Fatalf("learned rate %v, capacity %v; want 10/s and 10", l.b[requests].rate, l.b[requests].capacity)
	}
	start := c.Now()
	// The bucket holds 9 now: 8 go at once (the margin keeps half a
	// request), then one every 100ms.
	for i := 0; i < 30; i++ {
		var ticket uint64
		if _, _, err := l.acquire(context.Background(), p, &ticket, [dims]float64{1, 0}, time.Time{}, true, c.Now()); err != nil {
			t.Fatal(err)
		}
	}
	elapsed := c.Now().Sub(start)
	// 30 requests from a level of 9 at 10/s, keeping a margin of 0.5:
	// (30 - 9 + 0.5) / 10 s.
	if want := 2150 * time.Millisecond; elapsed < want-time.Millisecond || elapsed > want+time.Millisecond {
		t.Errorf("30 requests took %v, want %v", elapsed, want)
	}
}

func TestLimiterNonBlockingAndDeadline(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	l.b[requests].level = 0
	var ticket uint64
	_, wait, err := l.acquire(context.Background(), p, &ticket, [dims]float64{1, 0}, time.Time{}, false, c.Now())
	if err != errMustWait || wait != 150*time.Millisecond {
		t.Fatalf("non-blocking acquire on an empty bucket = %v, %v; want errMustWait after 150ms", wait, err)
	}
	if ticket == 0 || len(l.queue) != 0 {
		t.Errorf("ticket %d, queue %v: the caller keeps its ticket and leaves the line", ticket, l.queue)
	}
	_, wait, err = l.acquire(context.Background(), p, &ticket, [dims]float64{1, 0}, c.Now().Add(100*time.Millisecond), true, c.Now())
	if err != errPastDeadline || wait != 150*time.Millisecond || len(c.Sleeps()) != 0 {
		t.Errorf("acquire with a deadline before the wait = %v, %v, slept %v; want errPastDeadline at once", wait, err, c.Sleeps())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := l.acquire(ctx, p, &ticket, [dims]float64{1, 0}, time.Time{}, true, c.Now()); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire on a canceled context = %v", err)
	}
	if len(l.queue) != 0 {
		t.Errorf("queue %v after the waiters left", l.queue)
	}
}

func TestLimiterKeepsTheLine(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	l.b[requests].level = 0
	// Three callers take tickets; the last asks first. Each must wait for
	// the cost of those ahead of it too.
	var t1, t2, t3 uint64
	for _, tk := range []*uint64{&t1, &t2, &t3} {
		if _, _, err := l.acquire(context.Background(), p, tk, [dims]float64{1, 0}, time.Time{}, false, c.Now()); err != errMustWait {
			t.Fatal(err)
		}
	}
	for _, tk := range []uint64{t3, t1, t2} {
		l.enqueue(tk, [dims]float64{1, 0})
	}
	w3, _, _ := l.wait(t3, c.Now(), -1)
	w1, _, _ := l.wait(t1, c.Now(), -1)
	if want := 150 * time.Millisecond; w1 != want {
		t.Errorf("first in line waits %v, want %v", w1, want)
	}
	if want := 350 * time.Millisecond; w3 != want {
		t.Errorf("third in line waits %v, want %v (three requests and the margin at 10/s)", w3, want)
	}
}

func TestLimiterCorrectsFromHeaders(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	var tk1, tk2 uint64
	pm1, _, _ := l.acquire(context.Background(), p, &tk1, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	pm2, _, _ := l.acquire(context.Background(), p, &tk2, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	c.Sleep(context.Background(), time.Second)
	// The answer to the second says the bucket held 2 when it arrived
	// (someone else used it): the mirror believes it, plus a second of
	// refill.
	l.observe(pm2, observation{limits: limitHeaders(600, 2, 10), ok: true}, c.Now())
	if got := l.b[requests].level; math.Abs(got-10) > 1e-6 {
		t.Errorf("level after the correction = %v, want 2 + 10×1s capped at 10", got)
	}
	// An older answer, read later, changes nothing for requests.
	l.b[requests].level = 5
	l.observe(pm1, observation{limits: limitHeaders(600, 0, 10), ok: true}, c.Now())
	if got := l.b[requests].level; got != 5 {
		t.Errorf("an older answer moved the level to %v", got)
	}
}

func TestLimiterThrottleCutsOncePerWindowAndRecovers(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	var pms []permit
	for i := 0; i < 3; i++ {
		var tk uint64
		pm, _, _ := l.acquire(context.Background(), p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now())
		pms = append(pms, pm)
	}
	for _, pm := range pms {
		l.observe(pm, observation{limits: limitHeaders(600, 0, 10), class: RateLimited, pause: 2 * time.Second}, c.Now())
	}
	if l.fraction != throttleCut {
		t.Errorf("fraction after three throttles of one window = %v, want one cut to %v", l.fraction, throttleCut)
	}
	if until := l.paused(c.Now()); until.Sub(c.Now()) != 2*time.Second {
		t.Errorf("paused until %v from now, want 2s", until.Sub(c.Now()))
	}
	var tk uint64
	pm, _, _ := l.acquire(context.Background(), p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	if got := c.Sleeps(); len(got) == 0 || got[0] != 2*time.Second {
		t.Errorf("the next request slept %v, want the pause of 2s first", got)
	}
	l.observe(pm, observation{limits: limitHeaders(600, 0, 10), class: RateLimited}, c.Now())
	if want := throttleCut * throttleCut; math.Abs(l.fraction-want) > 1e-9 {
		t.Errorf("fraction after a throttle of a later request = %v, want %v", l.fraction, want)
	}
	for i := 0; i < 200; i++ {
		l.observe(pm, observation{limits: limitHeaders(600, 5, 10), ok: true}, c.Now())
	}
	if l.fraction != 1 {
		t.Errorf("fraction after many successes = %v, want 1", l.fraction)
	}
}

func TestLimiterUnpacedThrottleOnlyPauses(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("")
	var tk uint64
	pm, _, _ := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	if pm.paced {
		t.Fatal("a limiter that knew no rate marked its request paced")
	}
	l.observe(pm, observation{limits: limitHeaders(600, 0, 10), class: RateLimited, pause: time.Second}, c.Now())
	if l.fraction != 1 {
		t.Errorf("fraction = %v: a throttle of a request sent blind says nothing about the pacing", l.fraction)
	}
}

func TestLimiterRefundsTokensOfFailedRequests(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	h := limitHeaders(600, 9, 10)
	h.dim[tokens] = rateLimit{limit: 60000, remaining: 1000, hasRemaining: true, reset: 0, hasReset: true}
	var tk uint64
	pm, _, _ := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	l.observe(pm, observation{limits: h, ok: true}, c.Now())
	if l.b[tokens].rate != 1000 || l.b[tokens].capacity != 1000 {
		t.Fatalf("tokens rate %v capacity %v", l.b[tokens].rate, l.b[tokens].capacity)
	}
	// A request far larger than the bucket takes no more than the bucket,
	// and gives it back when the server refuses it.
	tk = 0
	big, _, err := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 700000}, time.Time{}, true, c.Now())
	if err != nil || big.cost[tokens] != 1000 {
		t.Fatalf("oversized request: cost charged %v, err %v; want the capacity, 1000", big.cost[tokens], err)
	}
	if l.b[tokens].level > 0 {
		t.Errorf("level %v after the oversized request", l.b[tokens].level)
	}
	l.observe(big, observation{class: RequestTooLarge}, c.Now())
	if got := l.b[tokens].level; math.Abs(got-1000) > 1e-6 {
		t.Errorf("level after the refusal = %v, want the 1000 back", got)
	}
	// An older answer arriving later must not take the refunded cost off
	// again.
	h.dim[tokens].remaining = 1000
	l.observe(pm, observation{limits: h, ok: true}, c.Now())
	if got := l.b[tokens].level; math.Abs(got-1000) > 1e-6 {
		t.Errorf("level after an older answer = %v, want 1000", got)
	}
}

func TestLimiterOlderAnswerLowersTokens(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	h := func(rem float64) rateHeaders {
		var r rateHeaders
		r.dim[tokens] = rateLimit{limit: 60000, remaining: rem, hasRemaining: true, reset: time.Duration((1000 - rem) * float64(time.Millisecond)), hasReset: true}
		return r
	}
	// Two requests sent together; the newer is answered first, from a
	// server that had not yet charged the older.
	var t1, t2 uint64
	old, _, _ := l.acquire(context.Background(), &p, &t1, [dims]float64{1, 300}, time.Time{}, true, c.Now())
	young, _, _ := l.acquire(context.Background(), &p, &t2, [dims]float64{1, 300}, time.Time{}, true, c.Now())
	l.observe(young, observation{limits: h(700), ok: true}, c.Now())
	if got := l.b[tokens].level; got != 700 {
		t.Fatalf("level = %v, want 700", got)
	}
	l.observe(old, observation{limits: h(400), ok: true}, c.Now())
	if got := l.b[tokens].level; got != 100 {
		t.Errorf("level = %v, want the older answer's 400 less the newer request's 300", got)
	}
}

func TestLimiterSpreadsWaitersOfAPauseWithoutARate(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	p.rand = func() float64 { return 0.5 }
	l := newLimiter("")
	var tk uint64
	pm, _, _ := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	l.observe(pm, observation{class: RateLimited, pause: 4 * time.Second}, c.Now())
	l.enqueue(1001, [dims]float64{1, 0})
	l.enqueue(1002, [dims]float64{1, 0})
	first, _, _ := l.wait(1001, c.Now(), -1)
	if _, _, need := l.wait(1002, c.Now(), -1); !need {
		t.Error("the second in line did not ask for its jitter")
	}
	second, _, _ := l.wait(1002, c.Now(), 0.5)
	if again, _, need := l.wait(1002, c.Now(), -1); need || again != second {
		t.Errorf("the jitter is drawn once per pause: %v, %v", again, need)
	}
	if first != 4*time.Second || second != 6*time.Second {
		t.Errorf("waits %v and %v; want the pause for the first in line and the pause plus half its spread for the next", first, second)
	}
}

// TestLimiterConcurrent drives one limiter from many goroutines in
// simulated time, against a mirror of a server bucket of 10 refilled at
// 10/s: every request must be admitted, at the server's rate.
func TestLimiterConcurrent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := policyFrom(context.Background())
		l := newLimiter("m")
		srv := &serverBucket{level: 10, capacity: 10, rate: 10, last: time.Now()}
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		rejected := 0
		for g := 0; g < 20; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var ticket uint64
				for i := 0; i < 10; {
					pm, _, err := l.acquire(context.Background(), &p, &ticket, [dims]float64{1, 0}, time.Time{}, true, time.Now())
					if err != nil {
						t.Error(err)
						return
					}
					ok, h := srv.take()
					time.Sleep(100 * time.Millisecond) // service
					o := observation{limits: h, ok: ok}
					if !ok {
						o.class, o.pause = RateLimited, time.Second
						mu.Lock()
						rejected++
						mu.Unlock()
					} else {
						i++
						ticket = 0
					}
					l.observe(pm, o, time.Now())
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		// 200 requests, 10 at once then 10/s: 19s at best. The first
		// requests go before the limiter knows the rate.
		if elapsed < 19*time.Second || elapsed > 21*time.Second {
			t.Errorf("200 requests took %v, want about 19s", elapsed)
		}
		if rejected > 15 {
			t.Errorf("%d rejected; only the blind first burst should be", rejected)
		}
		t.Logf("200 requests in %v, %d rejected", elapsed, rejected)
	})
}

// serverBucket is the server's side of TestLimiterConcurrent.
type serverBucket struct {
	mu                    sync.Mutex
	level, capacity, rate float64
	last                  time.Time
}

func (s *serverBucket) take() (bool, rateHeaders) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	s.level = math.Min(s.capacity, s.level+s.rate*now.Sub(s.last).Seconds())
	s.last = now
	ok := s.level >= 1-1e-9
	if ok {
		s.level--
	}
	return ok, limitHeaders(s.rate*60, s.level, s.capacity)
}

func TestParseRateHeaders(t *testing.T) {
	h := http.Header{}
	h.Set("x-ratelimit-limit-requests", "60")
	h.Set("x-ratelimit-remaining-requests", "59")
	h.Set("x-ratelimit-reset-requests", "1s")
	h.Set("x-ratelimit-limit-tokens", "150000")
	h.Set("x-ratelimit-remaining-tokens", "149984")
	h.Set("x-ratelimit-reset-tokens", "6m0s")
	got := parseRateHeaders(h)
	r, tk := got.dim[requests], got.dim[tokens]
	if r.limit != 60 || r.remaining != 59 || r.reset != time.Second || !r.hasReset || !r.hasRemaining {
		t.Errorf("requests = %+v", r)
	}
	if tk.limit != 150000 || tk.remaining != 149984 || tk.reset != 6*time.Minute {
		t.Errorf("tokens = %+v", tk)
	}
	for _, tt := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"12ms", 12 * time.Millisecond, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"0s", 0, true},
		{"0", 0, true},
		{"-1s", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		if d, ok := parseReset(tt.v); d != tt.want || ok != tt.ok {
			t.Errorf("parseReset(%q) = %v, %v; want %v, %v", tt.v, d, ok, tt.want, tt.ok)
		}
	}
	bad := http.Header{}
	bad.Set("x-ratelimit-limit-requests", "lots")
	bad.Set("x-ratelimit-remaining-requests", "NaN")
	if got := parseRateHeaders(bad); got.any() || got.dim[requests].hasRemaining {
		t.Errorf("unreadable headers gave %+v", got)
	}
	if got := parseRateHeaders(nil); got.any() {
		t.Errorf("no headers gave %+v", got)
	}
}

func TestRateLimitLevel(t *testing.T) {
	for _, tt := range []struct {
		r    rateLimit
		want float64
	}{
		{rateLimit{remaining: 3, hasRemaining: true}, 3},                                                  // no reset: the count
		{rateLimit{remaining: 3, hasRemaining: true, reset: 650 * time.Millisecond, hasReset: true}, 3.5}, // 10 - 6.5
		{rateLimit{remaining: 0, hasRemaining: true, reset: 3 * time.Second, hasReset: true}, -20},        // debt shows
		{rateLimit{remaining: 0, hasRemaining: true, reset: 50 * time.Millisecond, hasReset: true}, 1},    // at most 1 when the count is 0
	} {
		if got := tt.r.level(10, 10); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%+v: level %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestResetFor(t *testing.T) {
	var h rateHeaders
	h.dim[requests] = rateLimit{limit: 60, reset: time.Second, hasReset: true}
	h.dim[tokens] = rateLimit{limit: 1000, reset: 6 * time.Second, hasReset: true}
	for _, tt := range []struct {
		typ, msg string
		want     time.Duration
	}{
		{"requests", "", time.Second},
		{"tokens", "", 6 * time.Second},
		{"", "Rate limit reached for gpt-4o on tokens per min (TPM): Limit 1000", 6 * time.Second},
		{"", "Rate limit reached on requests per min (RPM)", time.Second},
		{"", "slow down", 0},
	} {
		if got, _ := h.resetFor(tt.typ, tt.msg); got != tt.want {
			t.Errorf("resetFor(%q, %q) = %v, want %v", tt.typ, tt.msg, got, tt.want)
		}
	}
}

// TestLimiterSurvivesPanickingSleep: a policy's sleep that panics must not
// leave its caller in line, holding up everyone behind it.
func TestLimiterSurvivesPanickingSleep(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	l.b[requests].level = 0
	bad := *p
	bad.sleep = func(context.Context, time.Duration) error { panic("boom") }
	func() {
		defer func() { recover() }()
		var tk uint64
		l.acquire(context.Background(), &bad, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now())
	}()
	if len(l.queue) != 0 {
		t.Fatalf("queue %v after the panic", l.queue)
	}
	var tk uint64
	if _, _, err := l.acquire(context.Background(), p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now()); err != nil {
		t.Error(err)
	}
}

// TestLimiterPendingRefundsDoNotCompound: requests far larger than the
// bucket, sent before the limits were known and not yet answered, must not
// sink the level each time an older answer arrives.
func TestLimiterPendingRefundsDoNotCompound(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	var pms []permit
	for _, cost := range []float64{201, 700000, 700000, 201} {
		var tk uint64
		pm, _, _ := l.acquire(context.Background(), &p, &tk, [dims]float64{1, cost}, time.Time{}, true, c.Now())
		pms = append(pms, pm)
	}
	h := limitHeaders(600, 9, 10)
	h.dim[tokens] = rateLimit{limit: 600000, remaining: 8000, hasRemaining: true, reset: 200 * time.Millisecond, hasReset: true}
	l.observe(pms[3], observation{limits: h, ok: true}, c.Now())
	if got := l.b[tokens].level; got != 8000 {
		t.Fatalf("level %v after the newest answer, want 8000", got)
	}
	l.observe(pms[0], observation{limits: h, ok: true}, c.Now())
	if got := l.b[tokens].level; got != 8000 {
		t.Errorf("level %v after an older answer, want 8000: the two large requests are still unanswered", got)
	}
	l.observe(pms[1], observation{limits: h, class: RequestTooLarge}, c.Now())
	l.observe(pms[2], observation{limits: h, class: RequestTooLarge}, c.Now())
	if got := l.b[tokens].level; got != 10000 {
		t.Errorf("level %v after the refusals, want the full bucket", got)
	}
}
