package core

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// The two dimensions OpenAI limits each key and model by.
const (
	requests = iota
	tokens
	dims
)

// Tuning of the limiter. The server's bucket is mirrored rather than merely
// paced at a rate: what the server says remains, corrected for what was
// sent since, decides when the next request may go, so that the pacing
// loses no capacity to guessing. Headroom comes from margin, and from
// fraction, the share of the advertised refill rate the limiter believes
// in: a throttle cuts it, successes restore it.
const (
	// requestMargin is how many requests' worth of capacity is left
	// unused in the mirrored bucket, for timing noise.
	requestMargin = 0.5
	// tokenMargin is the share of the token capacity left unused.
	tokenMargin = 0.02
	// throttleCut multiplies fraction on a rate limit the pacing should
	// have avoided (AWS's adaptive retry uses 0.7 too).
	throttleCut = 0.7
	// minFraction bounds the cuts.
	minFraction = 0.1
	// recoverStep is added to fraction per successful response.
	recoverStep = 0.01
	// maxSleep bounds one sleep of a waiting call, which then looks at
	// the limiter again.
	maxSleep = time.Second
	// maxRefunds bounds the refunds remembered for corrections.
	maxRefunds = 64
	// maxSpread bounds the window over which callers waiting out a pause
	// are spread when the limiter knows no rate to pace them by.
	maxSpread = 5 * time.Second
)

// bucket mirrors one of the server's token buckets for a key and model.
type bucket struct {
	rate     float64 // refill per second, from the advertised limit per minute; 0 means unknown
	capacity float64 // the burst the server allows
	level    float64 // what the server's bucket holds now, as far as is known; negative in debt
	sent     float64 // total cost sent, for corrections from older responses
}

// charge returns what a request of the given cost takes from the bucket:
// its cost, but no more than the bucket holds. A larger request cannot
// take more: the server lets it go at a full bucket, or refuses it as too
// large, and either way the mirror must not sink into a debt that only
// refilling for minutes would pay.
func (b *bucket) charge(cost float64) float64 {
	if b.rate > 0 && cost > b.capacity {
		return b.capacity
	}
	return cost
}

// waiter is a call waiting for its turn. Calls keep their ticket across
// retries, so a retry is not sent to the back of the line.
type waiter struct {
	ticket    uint64
	cost      [dims]float64
	jitter    time.Duration // its share of a pause's spread
	jitterFor time.Time     // the pause the jitter was drawn for
}

// limiter paces the requests of one API key and model.
type limiter struct {
	model string
	// room is the largest cost from above, in tokens, that a request may
	// be charged instead of a closer estimate (roomFor), as of the last
	// change of the levels; float64 bits.
	room atomic.Uint64

	mu       sync.Mutex
	b        [dims]bucket
	at       time.Time // when the levels were last brought up to date
	fraction float64   // share of the advertised rate believed in, (0, 1]
	seq      uint64    // requests sent
	lastCut  uint64    // seq when fraction was last cut
	lastFix  uint64    // seq of the request whose response last corrected the levels
	pause    time.Time // no request may start before this
	spread   time.Duration
	queue    []waiter // by ticket
	tickets  uint64
	refunds  []refund // the latest, for corrections
}

// refund is the token cost of a request that the server did not charge,
// because it answered with an error.
type refund struct {
	seq    uint64
	tokens float64
}

func newLimiter(model string) *limiter {
	l := &limiter{model: model, fraction: 1}
	l.publishRoom()
	return l
}

// permit is what a sent request carries, to interpret its response.
type permit struct {
	seq   uint64
	cost  [dims]float64
	sent  [dims]float64 // bucket.sent after this request
	at    time.Time
	paced bool // the limiter knew a rate when it let the request go
	// news says that a successful answer has something to teach: the
	// limiter knows no rate yet, or the mirrored buckets are low, or its
	// rate is cut, or it is time for a look anyway (every newsEvery
	// requests). Other successes are not read: far from the limits, a
	// correction changes nothing, and reading headers and the clock for
	// every call would cost more than the rest of the wrapper.
	news   bool
	waited time.Duration
}

// newsEvery is how often a request's answer is read although the
// limiter is far from its limits, so that changed limits are learned.
const newsEvery = 64

// roomFor reports whether a request that costs at most cost tokens leaves
// the mirrored token bucket far from its limit: the bucket would stay over
// half full, and the request is a small share of it. Then a closer
// estimate of the cost would not change when the request may go, and the
// surplus comes back with the next correction from the headers. Before
// the limit is known, nothing is paced by tokens. It reads the room as of
// the last change of the levels, without the lock: refills since only
// make it larger.
func (l *limiter) roomFor(cost float64) bool {
	return cost <= math.Float64frombits(l.room.Load())
}

// publishRoom updates room from the levels; l.mu is held.
func (l *limiter) publishRoom() {
	b := &l.b[tokens]
	room := math.Inf(1)
	if b.rate > 0 {
		room = b.capacity * roughShare
		if above := b.level - b.capacity/2; above < room {
			room = above
		}
	}
	l.room.Store(math.Float64bits(room))
}

// roughShare is the largest share of the token bucket that a request's
// cost from above may take.
const roughShare = 1.0 / 64

// advance refills the mirrored buckets up to now.
func (l *limiter) advance(now time.Time) {
	dt := now.Sub(l.at).Seconds()
	if l.at.IsZero() || dt < 0 {
		dt = 0
	}
	if dt > 0 {
		for d := range l.b {
			b := &l.b[d]
			if b.rate > 0 && b.level < b.capacity {
				b.level += l.fraction * b.rate * dt
				if b.level > b.capacity {
					b.level = b.capacity
				}
			}
		}
	}
	if dt > 0 || l.at.IsZero() {
		l.at = now
	}
}

// acquire waits until a request of the given cost may be sent, and takes
// the cost from the mirrored buckets. *ticket is the caller's place in
// line; 0 gets it a new one, at the end. It never waits past deadline
// (zero: none) and returns at once, with the wait it would have needed,
// when it would have to; with block false it returns errMustWait instead
// of waiting at all. now is the time of the call; after a sleep, acquire
// reads the clock again.
func (l *limiter) acquire(ctx context.Context, p *Policy, ticket *uint64, cost [dims]float64, deadline time.Time, block bool, now time.Time) (permit, time.Duration, error) {
	l.mu.Lock()
	if *ticket == 0 {
		l.tickets++
		*ticket = l.tickets
	}
	t := *ticket
	l.enqueue(t, cost)
	var start time.Time // of the first sleep
	jitter := -1.0      // not drawn yet
	for {
		l.advance(now)
		wait, paced, needJitter := l.wait(t, now, jitter)
		if needJitter {
			// The policy's source of randomness is the caller's code:
			// never call it with the lock held.
			l.mu.Unlock()
			jitter = unit(p.rand)
			l.mu.Lock()
			continue
		}
		if wait <= 0 {
			l.dequeue(t)
			l.seq++
			pm := permit{seq: l.seq, cost: cost, at: now}
			if !start.IsZero() {
				pm.waited = now.Sub(start)
			}
			pm.news = l.b[requests].rate <= 0 || l.fraction < 1 || l.seq%newsEvery == 0
			for d := range l.b {
				b := &l.b[d]
				c := b.charge(cost[d])
				pm.cost[d] = c
				b.level -= c
				b.sent += c
				pm.sent[d] = b.sent
				pm.paced = pm.paced || b.rate > 0
				if b.rate > 0 && b.level < b.capacity/2 {
					pm.news = true
				}
			}
			l.publishRoom()
			l.mu.Unlock()
			return pm, 0, nil
		}
		if !deadline.IsZero() && now.Add(wait).After(deadline) {
			l.dequeue(t)
			l.mu.Unlock()
			return permit{}, wait, errPastDeadline
		}
		if !block {
			l.dequeue(t)
			l.mu.Unlock()
			return permit{}, wait, errMustWait
		}
		l.mu.Unlock()
		if start.IsZero() {
			start = now
		}
		if paced && wait > maxSleep {
			// Look again now and then: the levels may have risen since
			// (a correction, a refund, a waiter ahead gone). A pause
			// only ever grows, and is waited out in one sleep.
			wait = maxSleep
		}
		err := l.sleep(ctx, p, t, wait)
		now = p.now()
		l.mu.Lock()
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			l.dequeue(t)
			l.mu.Unlock()
			return permit{}, 0, err
		}
	}
}

// sleep waits with the policy's sleep, which is the caller's code: should
// it panic, the waiter leaves the line rather than hold up those behind.
func (l *limiter) sleep(ctx context.Context, p *Policy, ticket uint64, d time.Duration) error {
	defer func() {
		if r := recover(); r != nil {
			l.mu.Lock()
			l.dequeue(ticket)
			l.mu.Unlock()
			panic(r)
		}
	}()
	return p.sleep(ctx, d)
}

// acquire's answers when it does not wait: the wait would pass the
// deadline, or the caller may not wait.
var (
	errPastDeadline = errors.New("the wait for the rate limiter is past the deadline")
	errMustWait     = errors.New("the request must wait for the rate limiter")
)

// wait returns how long the waiter with ticket must still wait: until a
// pause ends, and until the mirrored buckets hold the cost of every waiter
// up to and including it, plus the margins.
//
// paced reports that the refill, not a pause, sets the wait: a wait that
// is only an estimate, which later news may shorten. jitter is a number
// in [0, 1) for the waiter's share of a pause's spread, or negative when
// the caller has not drawn one: needJitter asks it to.
func (l *limiter) wait(ticket uint64, now time.Time, jitter float64) (w time.Duration, paced, needJitter bool) {
	i := l.index(ticket)
	if i == len(l.queue) {
		i-- // not in line (acquire puts every caller in it): behind the last
	}
	if now.Before(l.pause) {
		w = l.pause.Sub(now)
		if i > 0 && l.spread > 0 && l.queue[i].ticket == ticket {
			// Without a rate to pace them by, callers behind the first
			// spread out over the pause's spread, so that they do not
			// all fire when it ends.
			wt := &l.queue[i]
			if !wt.jitterFor.Equal(l.pause) {
				if jitter < 0 {
					return 0, false, true
				}
				wt.jitterFor, wt.jitter = l.pause, time.Duration(jitter*float64(l.spread))
			}
			w += wt.jitter
		}
	}
	for d := range l.b {
		b := &l.b[d]
		if b.rate <= 0 {
			continue
		}
		need := 0.0
		for j := 0; j <= i; j++ {
			need += b.charge(l.queue[j].cost[d])
		}
		if need == 0 {
			continue
		}
		if d == requests {
			need += requestMargin
		} else {
			need += tokenMargin * b.capacity
		}
		if i == 0 && need > b.capacity {
			// A request larger than the bucket can go when it is full;
			// the server decides whether it fits.
			need = b.capacity
		}
		if short := need - b.level; short > 1e-9 {
			secs := short / (l.fraction * b.rate)
			if dw := time.Duration(math.Ceil(secs*1e6)) * time.Microsecond; dw > w {
				w, paced = dw, true
			}
		}
	}
	return w, paced, false
}

// index returns the position of ticket in the queue.
func (l *limiter) index(ticket uint64) int {
	return sort.Search(len(l.queue), func(i int) bool { return l.queue[i].ticket >= ticket })
}

func (l *limiter) enqueue(ticket uint64, cost [dims]float64) {
	i := l.index(ticket)
	if i < len(l.queue) && l.queue[i].ticket == ticket {
		return
	}
	l.queue = append(l.queue, waiter{})
	copy(l.queue[i+1:], l.queue[i:])
	l.queue[i] = waiter{ticket: ticket, cost: cost}
}

func (l *limiter) dequeue(ticket uint64) {
	i := l.index(ticket)
	if i < len(l.queue) && l.queue[i].ticket == ticket {
		copy(l.queue[i:], l.queue[i+1:])
		l.queue = l.queue[:len(l.queue)-1]
	}
}

// observation is what a response says to the limiter.
type observation struct {
	limits rateHeaders
	class  Class         // of the response; Unknown for a success
	ok     bool          // a 2xx or 3xx response
	pause  time.Duration // a rate limit's hint, which pauses the limiter
}

// observe learns from the response to the request of pm: the limits and
// levels the headers advertise, a throttle's cut and pause.
func (l *limiter) observe(pm permit, o observation, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.publishRoom()
	l.advance(now)
	fix := pm.seq > l.lastFix
	for d := range l.b {
		lim := o.limits.dim[d]
		if !lim.known() {
			continue
		}
		b := &l.b[d]
		b.rate = lim.limit / 60
		switch {
		case lim.hasRemaining && lim.remaining > 0 && lim.hasReset:
			// reset is the time until the bucket is full again.
			if c := lim.remaining + lim.reset.Seconds()*b.rate; c > b.capacity {
				b.capacity = c
			}
		case lim.hasRemaining && lim.remaining > b.capacity:
			b.capacity = lim.remaining
		}
		if floor := b.rate; b.capacity < floor { // one second's worth: OpenAI enforces limits per second, too
			b.capacity = floor
		}
		if d == requests && b.capacity < 1 {
			b.capacity = 1
		}
		if b.capacity > lim.limit {
			b.capacity = lim.limit
		}
		if !lim.hasRemaining {
			continue
		}
		// What the server had then, refilled since, less what was sent
		// since and will be charged.
		since := b.sent - pm.sent[d] // charged after the request
		if d == tokens {
			for _, r := range l.refunds {
				if r.seq > pm.seq {
					since -= r.tokens
				}
			}
		}
		level := lim.level(b.rate, b.capacity)
		level += l.fraction * b.rate * now.Sub(pm.at).Seconds()
		level -= since
		if level > b.capacity {
			level = b.capacity
		}
		if d == tokens && level < 0 {
			// A server admits a request only when its tokens are there:
			// its token bucket never goes into debt. A lower estimate
			// counts requests it will refuse, and refunds will say so.
			level = 0
		}
		switch {
		case fix:
			b.level = level
		case d == tokens && level < b.level && since <= b.capacity:
			// An older response, answered later: its request reached
			// the server after newer ones (they were sent together), so
			// it may know of charges they did not. Token costs are
			// exact (failures are refunded), so believe the lower level,
			// unless what was sent since is more than a bucket: then
			// some of it will be refunded, and saying so is the newest
			// answers' job. (A failed request may or may not count
			// against the request limit; there, only the newest answer
			// is right.)
			b.level = level
		}
	}
	if fix && o.limits.any() {
		l.lastFix = pm.seq
	}
	if !o.ok && pm.cost[tokens] > 0 {
		// A request that failed used no tokens (a request that failed
		// still counts against the request limit, so that one is kept).
		// Older responses must not take its cost off again.
		b := &l.b[tokens]
		b.level += pm.cost[tokens]
		if b.level > b.capacity && b.rate > 0 {
			b.level = b.capacity
		}
		if len(l.refunds) == maxRefunds {
			copy(l.refunds, l.refunds[1:])
			l.refunds = l.refunds[:maxRefunds-1]
		}
		l.refunds = append(l.refunds, refund{pm.seq, pm.cost[tokens]})
	}
	switch {
	case o.class == RateLimited:
		if pm.paced && pm.seq > l.lastCut {
			l.fraction *= throttleCut
			if l.fraction < minFraction {
				l.fraction = minFraction
			}
			l.lastCut = l.seq
		}
	case o.ok && l.fraction < 1:
		l.fraction += recoverStep
		if l.fraction > 1 {
			l.fraction = 1
		}
	}
	if o.pause > 0 {
		if until := now.Add(o.pause); until.After(l.pause) {
			l.pause = until
			l.spread = o.pause
			if l.spread > maxSpread {
				l.spread = maxSpread
			}
		}
		if l.b[requests].rate > 0 {
			l.spread = 0 // the pacing spreads the callers
		}
	}
}

// paused returns when the current pause ends, or the zero time.
func (l *limiter) paused(now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Before(l.pause) {
		return l.pause
	}
	return time.Time{}
}

// unit returns rnd() clamped to [0, 1), for a broken source.
func unit(rnd func() float64) float64 {
	f := rnd()
	if !(f >= 0 && f < 1) {
		return 0
	}
	return f
}
