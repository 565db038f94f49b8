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
// minute enforced per second, as a server that reports its enforcing
// bucket does (a bucket of 10, holding 9 after the request).
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

// go takes n permits at once without waiting, and reports how many it got.
func goNow(l *limiter, p *Policy, n int, cost [dims]float64, now time.Time) []permit {
	var pms []permit
	for i := 0; i < n; i++ {
		var tk uint64
		pm, _, err := l.acquire(context.Background(), p, &tk, cost, time.Time{}, false, now)
		if err != nil {
			break
		}
		pms = append(pms, pm)
	}
	return pms
}

// TestLimiterColdStart: a limiter that knows nothing lets coldStart
// requests go, holds the rest until an answer comes, and lets one more go
// for each success, as TCP's slow start does; a limit learned ends it.
func TestLimiterColdStart(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("")
	first := goNow(l, &p, 10, [dims]float64{1, 50}, c.Now())
	if len(first) != coldStart {
		t.Fatalf("%d requests went before any answer, want %d", len(first), coldStart)
	}
	var tk uint64
	if _, wait, err := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 50}, time.Time{}, false, c.Now()); err != errMustWait || wait != coldPoll {
		t.Errorf("the next request: wait %v, %v; want errMustWait and a look again in %v", wait, err, coldPoll)
	}
	// A success without headers: its place comes back, and one more is
	// earned.
	l.observe(first[0], observation{ok: true}, c.Now())
	second := goNow(l, &p, 10, [dims]float64{1, 50}, c.Now())
	if len(second) != 2 {
		t.Errorf("after a success %d more went, want 2 (1 answered + 1 earned)", len(second))
	}
	// A request that got no answer gives its place back.
	l.unanswered(second[0])
	if got := len(goNow(l, &p, 10, [dims]float64{1, 50}, c.Now())); got != 1 {
		t.Errorf("after an unanswered request %d more went, want 1", got)
	}
	// An answer with a limit ends the cold start: the pace rules.
	// (5 requests went, and the server's minute lost 5: alone on the key.)
	l.observe(first[1], observation{limits: limitHeaders(600, 595, 600), ok: true}, c.Now())
	if l.cold() || l.b[requests].pace != 10 {
		t.Errorf("after a limit: cold %v, pace %v; want paced at 10/s", l.cold(), l.b[requests].pace)
	}
	if len(c.Sleeps()) != 0 {
		t.Errorf("slept %v", c.Sleeps())
	}
}

func TestLimiterPacesToTheLearnedRate(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	if r := l.b[requests].rate(); r != 10 || l.b[requests].capacity != 10 || !l.b[requests].visible() {
		t.Fatalf("learned rate %v, capacity %v, visible %v; want 10/s and a visible bucket of 10", r, l.b[requests].capacity, l.b[requests].visible())
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

// TestLimiterPerMinuteHeadersDoNotBurst: OpenAI's documented headers
// report the minute's allowance (limit 600, 590 remaining, whole again in
// 1s), not the bucket that enforces it. A limiter that believed 590 could
// go at once would burst into the finer enforcement; it must pace at the
// limit's rate with a burst of at most a second of it.
func TestLimiterPerMinuteHeadersDoNotBurst(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	first := goNow(l, &p, 1, [dims]float64{1, 0}, c.Now())
	l.observe(first[0], observation{limits: limitHeaders(600, 599, 600), ok: true}, c.Now())
	b := &l.b[requests]
	if b.visible() || b.pace != 10 || b.burst != 10 {
		t.Fatalf("visible %v, pace %v, burst %v; want the minute's allowance seen as such, pace 10/s, burst 10", b.visible(), b.pace, b.burst)
	}
	if got := len(goNow(l, &p, 100, [dims]float64{1, 0}, c.Now())); got > 10 {
		t.Errorf("%d requests went at once on a per-minute report of 599 remaining; want at most a second's worth (10)", got)
	}
	start := c.Now()
	for i := 0; i < 20; i++ {
		var tk uint64
		if _, _, err := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 0}, time.Time{}, true, c.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if el := c.Now().Sub(start); el < 1900*time.Millisecond {
		t.Errorf("20 more requests went in %v; at 10/s they take about 2s", el)
	}
}

// TestLimiterFirstShare: the first answer that reports what remains tells
// how much of the key's use is this process's: here the server's bucket
// lost 8 requests since this limiter sent its first, and 2 of them were
// this process's, so the pace starts at a quarter of the rate.
func TestLimiterFirstShare(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	pms := goNow(l, &p, coldStart, [dims]float64{1, 0}, c.Now())
	l.observe(pms[0], observation{limits: limitHeaders(600, 592, 600), ok: true}, c.Now())
	if got := l.b[requests].pace; math.Abs(got-2.5) > 1e-9 {
		t.Errorf("pace %v, want 2.5/s (2 of 8 requests, of 10/s)", got)
	}
	// Alone on the key, the share is whole.
	l2 := newLimiter("gpt-4o")
	pms = goNow(l2, &p, coldStart, [dims]float64{1, 0}, c.Now())
	l2.observe(pms[0], observation{limits: limitHeaders(600, 598, 600), ok: true}, c.Now())
	if got := l2.b[requests].pace; got != 10 {
		t.Errorf("alone: pace %v, want 10/s", got)
	}
}

func TestLimiterNonBlockingAndDeadline(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	l.b[requests].level, l.b[requests].allow = 0, 0
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
	l.b[requests].level, l.b[requests].allow = 0, 0
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

// sendNow lets a request go at now without asking whether it may, as a
// paced request that the pacing let go then would.
func sendNow(l *limiter, cost [dims]float64, now time.Time) permit {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(now)
	l.tickets++
	l.enqueue(l.tickets, cost)
	return l.take(l.tickets, cost, now)
}

// TestLimiterCutsToWhatWasAdmitted: a rate limit on a paced request cuts
// the pace once per round of requests: to a little under what the server
// admitted of this process's requests since the pacing began or the last
// cut (its share of a key others use too), by at least 1 − cutCeil and at
// most 1 − cutFloor; too soon after a cut to measure, the pause does.
func TestLimiterCutsToWhatWasAdmitted(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	t0 := c.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	pm := goNow(l, &p, 1, [dims]float64{1, 0}, t0)[0]
	l.observe(pm, observation{limits: limitHeaders(600, 599, 600), ok: true}, t0)
	b := &l.b[requests]
	throttle := observation{class: RateLimited, dim: requests, pause: 100 * time.Millisecond, exact: true}
	// Ten admitted at 100ms steps, then one refused at 1.1s: 10 admitted
	// in 1.1s, 9.09/s, 95% of which is 8.64; the cut is at least to 85%.
	for i := 1; i <= 10; i++ {
		l.observe(sendNow(l, [dims]float64{1, 0}, at(100*i)), observation{ok: true}, at(100*i))
	}
	l.observe(sendNow(l, [dims]float64{1, 0}, at(1100)), throttle, at(1100))
	if got, want := b.pace, cutCeil*10; math.Abs(got-want) > 1e-9 {
		t.Errorf("pace after the first rate limit = %v, want %v", got, want)
	}
	if want := 10.0 / 1.1; math.Abs(b.peak-want) > 1e-9 {
		t.Errorf("peak %v, want what the server admitted, %v/s", b.peak, want)
	}
	if until := l.paused(at(1100)); until.Sub(at(1100)) != 100*time.Millisecond {
		t.Errorf("paused until %v from then, want the hint, 100ms", until.Sub(at(1100)))
	}
	// Then nothing admitted: a refusal 100ms after the cut is too soon to
	// measure (the pause is enough); at 300ms, three refused of three sent
	// measure nothing admitted, and the cut is the deepest one allows.
	before := b.pace
	for _, ms := range []int{1200, 1300, 1400} {
		l.observe(sendNow(l, [dims]float64{1, 0}, at(ms)), throttle, at(ms))
		if ms < 1400 && b.pace != before {
			t.Errorf("pace %v after a refusal %dms after the cut, want %v unchanged", b.pace, ms-1100, before)
		}
	}
	if got, want := b.pace, cutFloor*before; math.Abs(got-want) > 1e-9 {
		t.Errorf("pace after a round with nothing admitted = %v, want %v", got, want)
	}
	// A refusal of a request sent before the last cut does not cut again.
	old := sendNow(l, [dims]float64{1, 0}, at(1450))
	l.observe(sendNow(l, [dims]float64{1, 0}, at(1800)), throttle, at(1800))
	p1 := b.pace
	l.observe(old, throttle, at(1850))
	if b.pace != p1 {
		t.Errorf("a refusal of a request sent before the cut moved the pace %v → %v", p1, b.pace)
	}
}

// TestLimiterBoundsATokenEstimate: without headers, a token rate
// estimated from a short hint can be far above the real one (the bucket
// held most of the request's cost); once a cut measures what the server
// admits, the estimate, and the floor the pace cannot go under, come down
// to it. Seen in the storm: an estimate of 44k tokens/s put the floor at
// 2.2k/s, over the real 2k/s, and every request met a rate limit.
func TestLimiterBoundsATokenEstimate(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("")
	t0 := c.Now()
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	pm := goNow(l, &p, 1, [dims]float64{1, 1680}, t0)[0]
	l.observe(pm, observation{class: RateLimited, dim: tokens, pause: 38 * time.Millisecond, exact: true}, t0)
	b := &l.b[tokens]
	if b.base < 40000 {
		t.Fatalf("estimate %v tokens/s from 1680 tokens over 38ms, want about 44k", b.base)
	}
	// The server admits 2000 tokens/s: ten requests of 200 tokens in a
	// second, then refuses one.
	for i := 1; i <= 10; i++ {
		l.observe(sendNow(l, [dims]float64{1, 200}, at(100*i)), observation{ok: true}, at(100*i))
	}
	l.observe(sendNow(l, [dims]float64{1, 200}, at(1100)), observation{class: RateLimited, dim: tokens, pause: 100 * time.Millisecond, exact: true}, at(1100))
	admitted := 2000.0 / 1.1
	if b.base > estimateBound*admitted+1e-6 {
		t.Errorf("estimate %v tokens/s after the server admitted %v/s, want at most %v", b.base, admitted, estimateBound*admitted)
	}
	if b.floor >= admitted {
		t.Errorf("floor %v tokens/s at or above what the server admits, %v/s", b.floor, admitted)
	}
}

// TestLimiterEstimatesFromHints: without headers, the hints of the rate
// limits of a blind burst give the first pace, the shortest wait for
// requests (the others found the bucket in debt).
func TestLimiterEstimatesFromHints(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("")
	pms := goNow(l, &p, coldStart, [dims]float64{1, 0}, c.Now())
	for i, h := range []time.Duration{300, 100} {
		l.observe(pms[i], observation{class: RateLimited, dim: requests, pause: h * time.Millisecond, exact: true}, c.Now())
	}
	if got := l.b[requests].pace; got != 10 {
		t.Errorf("pace %v, want 10/s from the shortest wait of 100ms", got)
	}
	// The hint's rate is the key's: of a blind burst of two, one got
	// through (it is still in flight), which is a tenth of the server's
	// burst of a second at 10/s; the pace starts at that share.
	l3 := newLimiter("")
	pms = goNow(l3, &p, 2, [dims]float64{1, 0}, c.Now())
	l3.observe(pms[1], observation{class: RateLimited, dim: requests, pause: 100 * time.Millisecond, exact: true}, c.Now())
	if got := l3.b[requests].pace; math.Abs(got-1) > 1e-9 {
		t.Errorf("pace %v, want 1/s: a tenth of the 10/s the hint tells", got)
	}
	// A Retry-After in whole seconds says less: at most one a second.
	l2 := newLimiter("")
	pm := goNow(l2, &p, 1, [dims]float64{1, 0}, c.Now())[0]
	l2.observe(pm, observation{class: RateLimited, dim: requests, pause: time.Second}, c.Now())
	if got := l2.b[requests].pace; got != 1 {
		t.Errorf("pace %v from a rounded hint of 1s, want 1/s", got)
	}
	// An estimate grows fast (slow start) while requests wait for it,
	// and not at all while the pace holds nothing back.
	b := &l2.b[requests]
	c.Sleep(context.Background(), time.Second)
	b.grow(true, c.Now())
	if b.pace != 1 {
		t.Errorf("pace %v after a second that it held no request back, want 1/s", b.pace)
	}
	c.Sleep(context.Background(), time.Second)
	b.bound = c.Now()
	b.grow(true, c.Now())
	if b.pace < 1.19 || b.pace > 1.21 {
		t.Errorf("pace %v after a second of slow start, want 1.2/s", b.pace)
	}
}

// TestLimiterTrend: with a mirror, the level's trend scales the pace: a
// level that falls means the key is used faster than its rate, one at
// the top means there is room.
func TestLimiterTrend(t *testing.T) {
	b := &bucket{limit: 600, capacity: 600, mirrored: true}
	b.start(5, 10, true, time.Unix(0, 0))
	at := func(s float64) time.Time { return time.Unix(0, 0).Add(time.Duration(s * float64(time.Second))) }
	b.trend(590, 1, at(0))
	b.trend(588, 1, at(1)) // falling 2/s: 20% of the rate
	if want := 5 * (1 - trendGain*0.2); math.Abs(b.pace-want) > 1e-9 {
		t.Errorf("pace after a fall = %v, want %v", b.pace, want)
	}
	b.trend(588.05, 1, at(2)) // within the deadband
	if want := 5 * (1 - trendGain*0.2); math.Abs(b.pace-want) > 1e-9 {
		t.Errorf("pace after a flat second = %v, want unchanged %v", b.pace, want)
	}
	before := b.pace
	b.trend(599, 1, at(3)) // full but for the request itself
	if b.pace <= before {
		t.Errorf("pace after a full bucket = %v, want more than %v", b.pace, before)
	}
}

// TestLimiterTooLargeTakesNothing: a request above the limit's minute
// waits for nobody and takes nothing: the server refuses it whenever it
// goes, and it must not hold up the requests behind it.
func TestLimiterTooLargeTakesNothing(t *testing.T) {
	c := newFakeClock()
	p := testPolicy(c)
	l := newLimiter("gpt-4o")
	h := limitHeaders(600, 599, 600)
	h.dim[tokens] = rateLimit{limit: 600000, remaining: 599000, hasRemaining: true, reset: 100 * time.Millisecond, hasReset: true}
	pm := goNow(l, &p, 1, [dims]float64{1, 100}, c.Now())[0]
	l.observe(pm, observation{limits: h, ok: true}, c.Now())
	before := l.b[tokens].allow
	big := goNow(l, &p, 1, [dims]float64{1, 700000}, c.Now())
	if len(big) != 1 || big[0].cost[tokens] != 0 || l.b[tokens].allow != before {
		t.Fatalf("a request above the limit: went %v, charged %v, allow %v → %v", len(big) == 1, big, before, l.b[tokens].allow)
	}
	if got := len(goNow(l, &p, 5, [dims]float64{1, 100}, c.Now())); got != 5 {
		t.Errorf("%d of 5 requests went after it", got)
	}
}

// TestLimiterPauseSavesNoBurst: the pace bucket does not fill during a
// pause, so that the waiters do not all go when it ends: it holds what the
// hint promised room for, one request.
func TestLimiterPauseSavesNoBurst(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	for range 5 {
		goNow(l, p, 1, [dims]float64{1, 0}, c.Now())
	}
	pm := goNow(l, p, 1, [dims]float64{1, 0}, c.Now())[0]
	l.observe(pm, observation{class: RateLimited, dim: requests, pause: 5 * time.Second, exact: true}, c.Now())
	c.Sleep(context.Background(), 5*time.Second)
	l.mu.Lock()
	l.advance(c.Now())
	allow := l.b[requests].allow
	l.mu.Unlock()
	if want := 1 + requestMargin; math.Abs(allow-want) > 0.01 {
		t.Errorf("the pace bucket holds %v after a 5s pause, want only the request the hint promised room for (%v)", allow, want)
	}
}

func TestLimiterRefundsTokensOfFailedRequests(t *testing.T) {
	c := newFakeClock()
	l, p := learned(c)
	h := limitHeaders(600, 9, 10)
	h.dim[tokens] = rateLimit{limit: 60000, remaining: 1000, hasRemaining: true, reset: 0, hasReset: true}
	pm := goNow(l, p, 1, [dims]float64{1, 0}, c.Now())[0]
	l.observe(pm, observation{limits: h, ok: true}, c.Now())
	if l.b[tokens].rate() != 1000 || l.b[tokens].capacity != 1000 {
		t.Fatalf("tokens rate %v capacity %v", l.b[tokens].rate(), l.b[tokens].capacity)
	}
	// A request larger than the bucket (but within the limit) takes no
	// more than the bucket from the mirror, and gives it back when the
	// server refuses it.
	big := goNow(l, p, 1, [dims]float64{1, 50000}, c.Now())
	if len(big) != 1 || big[0].cost[tokens] != 1000 {
		t.Fatalf("oversized request: %v; want it charged the capacity, 1000", big)
	}
	if l.b[tokens].level > 0 {
		t.Errorf("level %v after the oversized request", l.b[tokens].level)
	}
	allow := l.b[tokens].allow
	l.observe(big[0], observation{class: RequestTooLarge}, c.Now())
	if got := l.b[tokens].level; math.Abs(got-1000) > 1e-6 {
		t.Errorf("level after the refusal = %v, want the 1000 back", got)
	}
	if got := l.b[tokens].allow; got <= allow {
		t.Errorf("the pace bucket got nothing back: %v → %v", allow, got)
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
	pms := goNow(l, &p, 2, [dims]float64{1, 300}, c.Now())
	old, young := pms[0], pms[1]
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
	pm := goNow(l, &p, 1, [dims]float64{1, 0}, c.Now())[0]
	// A pause that teaches no rate (a token limit on a request of no
	// known tokens): the callers spread over it.
	l.observe(pm, observation{class: RateLimited, dim: tokens, pause: 4 * time.Second}, c.Now())
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
// simulated time, against a server bucket of 10 refilled at 10/s, in each
// of the header modes a server may use: every request must be admitted,
// near the server's rate, with few refusals.
func TestLimiterConcurrent(t *testing.T) {
	for _, mode := range []string{"enforcing", "perminute", "none"} {
		t.Run(mode, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := policyFrom(context.Background())
				l := newLimiter("m")
				srv := &serverBucket{level: 10, capacity: 10, rate: 10, last: time.Now(), mode: mode}
				start := time.Now()
				var wg sync.WaitGroup
				var mu sync.Mutex
				rejected := 0
				for g := 0; g < 20; g++ {
					wg.Go(func() {
						var ticket uint64
						for i := 0; i < 10; {
							pm, _, err := l.acquire(context.Background(), &p, &ticket, [dims]float64{1, 0}, time.Time{}, true, time.Now())
							if err != nil {
								t.Error(err)
								return
							}
							ok, h, hint := srv.take()
							time.Sleep(100 * time.Millisecond) // service
							o := observation{limits: h, ok: ok}
							if !ok {
								o.class, o.pause, o.dim, o.exact = RateLimited, hint, requests, true
								mu.Lock()
								rejected++
								mu.Unlock()
							} else {
								i++
								ticket = 0
							}
							l.observe(pm, o, time.Now())
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start)
				// 200 requests, 10 at once then 10/s: 19s at best.
				// Without headers the limiter learns the rate from the
				// refusals of its ramp up, and probes for it again now
				// and then. In about one run in a hundred, slow start
				// overshoots by a hair (one refusal, a hint of under a
				// millisecond) after a window that measured only 0.82 of
				// the rate, the hinted pause at its start included; the
				// cut leaves the pace there and cubic growth takes some
				// 15 s to leave it: 23.06-23.52 s in 7 of 1,000 runs,
				// traced. That tail is the slow regrowth issue 8 still
				// has open; the bound holds the rest.
				maxTime, maxRejected := 22*time.Second, 5
				if mode == "none" {
					maxTime, maxRejected = 24*time.Second, 20
				}
				if elapsed < 19*time.Second || elapsed > maxTime {
					t.Errorf("200 requests took %v, want 19s to %v", elapsed, maxTime)
				}
				if rejected > maxRejected {
					t.Errorf("%d rejected; want at most %d", rejected, maxRejected)
				}
				t.Logf("200 requests in %v, %d rejected", elapsed, rejected)
			})
		})
	}
}

// serverBucket is the server's side of TestLimiterConcurrent: a bucket of
// capacity refilled at rate, and headers as mode says (the enforcing
// bucket, the minute's allowance, or none).
type serverBucket struct {
	mu                    sync.Mutex
	level, capacity, rate float64
	minute                float64 // used of the minute's allowance, refilled at rate
	last                  time.Time
	mode                  string
}

func (s *serverBucket) take() (bool, rateHeaders, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	dt := now.Sub(s.last).Seconds()
	s.level = math.Min(s.capacity, s.level+s.rate*dt)
	s.minute = math.Max(0, s.minute-s.rate*dt)
	s.last = now
	ok := s.level >= 1-1e-9
	if ok {
		s.level--
		s.minute++
	}
	hint := time.Duration((1 - s.level) / s.rate * float64(time.Second))
	switch s.mode {
	case "enforcing":
		return ok, limitHeaders(s.rate*60, s.level, s.capacity), hint
	case "perminute":
		return ok, limitHeaders(s.rate*60, s.rate*60-s.minute, s.rate*60), hint
	}
	return ok, rateHeaders{}, hint
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

// pressedSend sends a request of cost as sendNow does, with another
// waiting behind it.
func pressedSend(l *limiter, cost [dims]float64, now time.Time) permit {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(now)
	l.tickets++
	t := l.tickets
	l.enqueue(t, cost)
	l.enqueue(t+1, cost)
	pm := l.take(t, cost, now)
	l.dequeue(t + 1)
	return pm
}

// TestLimiterTrustsALongBusyWindow: a rate limit after a long window of
// requests that others waited behind cuts the pace to what the server
// admitted over it, however far the pace had grown above that (down to
// trustedFloor of it); after a short window, by cutFloor at most.
func TestLimiterTrustsALongBusyWindow(t *testing.T) {
	for _, tc := range []struct {
		window   time.Duration
		min, max float64
	}{
		{10 * time.Second, 9, 10.5},   // 0.95 × 10/s admitted
		{2 * time.Second, 13.9, 14.2}, // cutFloor of 20/s
	} {
		c := newFakeClock()
		l := newLimiter("")
		t0 := c.Now()
		b := &l.b[requests]
		b.start(20, 20, true, t0)
		b.found, b.peak = true, 20
		n := int(tc.window / (100 * time.Millisecond))
		for i := 1; i <= n; i++ {
			at := t0.Add(time.Duration(i) * 100 * time.Millisecond)
			l.observe(pressedSend(l, [dims]float64{1, 0}, at), observation{ok: true}, at)
		}
		end := t0.Add(tc.window + 50*time.Millisecond)
		pm := pressedSend(l, [dims]float64{1, 0}, end)
		l.observe(pm, observation{class: RateLimited, dim: requests, pause: 100 * time.Millisecond, exact: true}, end)
		if b.pace < tc.min-1e-9 || b.pace > tc.max+1e-9 {
			t.Errorf("window %v at 10/s admitted, pace 20/s: cut to %v/s, want %v..%v", tc.window, b.pace, tc.min, tc.max)
		}
	}
}

// TestLimiterWaitsForACostlyRequest: without headers that show the
// enforcing bucket, a request costlier than a measured pace's burst goes
// when the pace has earned its whole cost, not at a full burst: the
// server's bucket must hold all of it. A pace that is still a hint's
// first estimate holds it no longer than its burst.
func TestLimiterWaitsForACostlyRequest(t *testing.T) {
	for _, found := range []bool{true, false} {
		c := newFakeClock()
		p := testPolicy(c)
		l := newLimiter("")
		l.b[tokens].start(1000, 1000, false, c.Now())
		l.b[tokens].found = found
		var tk uint64
		_, wait, err := l.acquire(context.Background(), &p, &tk, [dims]float64{1, 3000}, time.Time{}, false, c.Now())
		if err != errMustWait {
			t.Fatalf("acquire: %v, want errMustWait", err)
		}
		lo, hi := 3*time.Second, 3200*time.Millisecond
		if !found {
			lo, hi = time.Second, 1100*time.Millisecond
		}
		if wait < lo || wait > hi {
			t.Errorf("measured %v: a 3000-token request at 1000 tokens/s with a 1000-token burst waits %v, want %v..%v", found, wait, lo, hi)
		}
	}
}
