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

// How the limiter paces, per dimension. The headers OpenAI documents
// describe the per-minute allowance (limit, what remains of it, the time
// until it is whole again), while the server may enforce the limit over
// far shorter periods, which no header shows; some servers send no
// headers, or only the limit. So the limiter keeps two buckets:
//
//   - the mirror, of what the headers report: refilled at the limit's
//     rate, corrected by every answer that says what remains, so that it
//     counts what other processes on the key use too. It is a bound the
//     server surely enforces, and when it holds less than a minute's
//     worth, it is the enforcing bucket itself.
//   - the pace, this process's own allowance: refilled at the rate it
//     has earned, with a burst of at most one second of it (OpenAI's
//     example of finer enforcement). Without headers it is learned from
//     the hints of rate limits; a rate limit on a paced request cuts it
//     to what the server admitted of this process's requests lately (so
//     that processes sharing a key settle on their shares in one step),
//     and successes of requests that had to wait grow it back, quickly
//     below the rate of the last cut and slowly past it.
//
// A request waits until both hold its cost, and for any pause a rate
// limit's hint asked for.
const (
	// requestMargin is how many requests' worth of capacity is left
	// unused in each bucket, for timing noise.
	requestMargin = 0.5
	// tokenMargin is the share of the token capacity left unused.
	tokenMargin = 0.02
	// visibleShare: a reported bucket holding less than this share of
	// the limit is the one that enforces it, and sizes the pace's burst.
	visibleShare = 0.5
	// burstPeriod is how much of its pace the pace bucket holds when the
	// enforcing bucket is not visible: one second, the period OpenAI's
	// rate-limit advice gives as its example of quantized enforcement.
	burstPeriod = time.Second
	// admittedShare is the share of the recently admitted rate that a
	// cut leaves the pace at.
	admittedShare = 0.95
	// throttleCut multiplies the pace on a rate limit when too little is
	// known of what the server admitted (AWS's adaptive retry uses 0.7).
	throttleCut = 0.7
	// minPaceShare bounds the cuts, as a share of the limit's rate (or of
	// the first estimate without one).
	minPaceShare = 0.05
	// How fast the pace grows while requests wait for it, per second, as
	// a share of the limit's rate (or of the first estimate): regrow
	// below 90% of the rate the server admitted at the last cut, probe
	// above it, which takes a process back to where the last rate limit
	// came in some tens of seconds. Growth by shares of the rate, the
	// same for every process on a key, moves their shares towards equal;
	// the cuts, by shares of their paces, keep them there (the additive
	// increase and multiplicative decrease of TCP's congestion control).
	regrow = 0.2
	probe  = 0.001
	// estimateBound bounds a token rate estimated from hints, as a
	// multiple of the most the server was seen to admit.
	estimateBound = 2
	// peakDrift bounds how far above the rate admitted at one cut the
	// next cut believes what it measures.
	peakDrift = 1.1
	// slowStart is how fast an estimate from hints grows, per second,
	// until a rate limit measures it.
	slowStart = 0.2
	// Without headers that report what remains, the pace follows TCP
	// CUBIC's window around W, the rate the server admitted at the last
	// cut: W + cubicC × rate × (t − K)³ for the seconds t since the cut,
	// where K is when it reaches W again. It stays near where the last
	// rate limit came for a while, then grows faster the longer none
	// comes, so that room a process leaves is taken up; and since the
	// growth is by shares of the rate, the same for every process on a
	// key, their shares move towards equal.
	cubicC = 0.00005
	// When the headers report what remains, the level's trend between
	// two answers at least trendWindow apart says how far the processes
	// on the key use more or less than the rate: each scales its pace by
	// trendGain of the rise or fall (as a share of the rate), unless it
	// is within trendDeadband, the noise of the reports. Scaling by the
	// pace keeps the shares, and the key's total moves by trendGain of
	// the difference however many processes share it. A full bucket
	// counts as rising by fullRise.
	trendWindow   = time.Second
	trendGain     = 0.5
	trendDeadband = 0.01
	// For refillAfterCut after a rate limit, the level is to rise by
	// headroom of the rate, so that the enforcing bucket (emptied, and
	// in debt where refusals count) gets room again.
	refillAfterCut = 10 * time.Second
	headroom       = 0.03
	// trendEven is the share of a rise that each process takes as a
	// share of the rate, on top of trendGain of its pace.
	trendEven = 0.1
	fullRise  = 0.1
	// A cut leaves between cutFloor and cutCeil of the pace.
	cutFloor = 0.7
	cutCeil  = 0.85
	// The admitted rate is measured over the window since the last cut
	// (or since the pacing began), which must be at least minMeasure
	// long and hold at least minMeasured sends.
	minMeasure  = 300 * time.Millisecond
	minMeasured = 3
	// A window at least trustWindow long, of at least trustSends sends,
	// at least trustPressed of them pressed, measures the admitted rate
	// well enough for a cut to go straight to it.
	trustWindow  = 5 * time.Second
	trustSends   = 10
	trustPressed = 0.8
	// trustedFloor is the least share of the pace a cut after such a
	// window leaves. Cutting straight to what it measured, processes
	// sharing a key kept shares as unequal as one window happened to
	// measure them, and the last left alone took long to grow into the
	// key (efficiency 0.75-0.85 with four processes, seen); half the
	// pace still takes a process back from twice the rate in one cut.
	trustedFloor = 0.5
	// A pace grows only if it held a request back within the last
	// boundWindow: a success of a pace that does not bind says nothing
	// of a higher one (TCP's congestion window validation). Without it,
	// the requests' pace of a process that its tokens hold back grew
	// without end (to 1e47 a second, seen).
	boundWindow = 2 * time.Second
	// maxDebt bounds the debt one request leaves in the pace bucket, in
	// time of its pace.
	maxDebt = 10 * time.Second
	// coldStart is how many requests a limiter that knows nothing yet
	// lets go before the first answer; each successful answer then lets
	// one more go (so the requests in flight double with each round
	// trip, as in TCP's slow start), until an answer tells a limit, or a
	// rate limit a pace. A process's first burst on a key and model then
	// costs the server a few refusals instead of one per request. Two,
	// not four: eight processes starting together on a key of ten
	// requests a second had 22 of their 32 first requests refused (seen);
	// a process alone takes one round trip longer to reach its rate.
	coldStart = 2
	// coldExpiry is how long a request of the cold start counts as in
	// flight at most.
	coldExpiry = 30 * time.Second
	// coldPoll is how often a request held by the cold start looks again.
	coldPoll = 25 * time.Millisecond
	// maxSleep bounds one sleep of a waiting call, which then looks at
	// the limiter again.
	maxSleep = time.Second
	// maxRefunds bounds the refunds remembered for corrections.
	maxRefunds = 64
	// maxSpread bounds the window over which callers waiting out a pause
	// are spread when the limiter knows no rate to pace them by.
	maxSpread = 5 * time.Second
)

// bucket is one dimension of a key and model: the mirror of what the
// headers report, and the pace.
type bucket struct {
	limit    float64 // per minute, from the headers; 0: unknown
	capacity float64 // of the reported bucket: remaining plus reset's worth, at most limit
	level    float64 // the reported bucket now, as far as is known; negative in debt
	// The level an answer reported, and the send of its request, at
	// the last look at the trend.
	trendLevel float64
	trendAt    time.Time
	mirrored   bool    // the headers report what remains: the mirror binds
	sent       float64 // total cost sent, for corrections from older responses

	pace    float64 // per second this process may send; 0: not paced
	burst   float64 // the pace bucket's capacity
	head    float64 // the cost of the first in line, which the bucket may hold (holds)
	allow   float64 // its level
	peak    float64 // the rate the server admitted at the last cut
	base    float64 // the limit's rate, or the first estimate without one
	floor   float64 // the least pace a cut may leave
	lastCut uint64  // seq when the pace was last cut
	cutAt   time.Time
	cutTo   float64 // the pace the last cut left
	found   bool    // a cut has measured what the server admits
	most    float64 // the most the server admitted between two cuts
	trusted bool    // most is from a window that measured (measured)
	// What this process sent since winAt (the last cut, or the start of
	// the pacing), less what the server refused: what it admitted, for
	// the next cut. blind is the same for requests sent before there
	// was a pace, for the first estimate of a share.
	winAt         time.Time
	winCost, winN float64
	winPressed    float64 // sends in the window that others waited behind
	blind         float64
	since         time.Time // when the pacing began
	grown         time.Time // when the pace last grew
	bound         time.Time // when the pace last held a request back
}

// rate is the limit's refill per second.
func (b *bucket) rate() float64 { return b.limit / 60 }

// visible reports whether the mirror is the bucket that enforces the
// limit, rather than the per-minute allowance around a finer one.
func (b *bucket) visible() bool { return b.mirrored && b.capacity < visibleShare*b.limit }

// mirrorCharge and paceCharge return what a request of the given cost
// takes from each bucket: its cost, but no more than the bucket holds. A
// larger request cannot take more: the server lets it go at a full
// bucket, or refuses it as too large, and either way the buckets must not
// sink into a debt that only refilling for minutes would pay.
func (b *bucket) mirrorCharge(cost float64) float64 {
	if b.mirrored && cost > b.capacity && b.capacity > 0 {
		return b.capacity
	}
	return cost
}

// tooLarge reports whether a request of the given cost exceeds what the
// limit allows in a minute: the server refuses it as too large whenever
// it goes, so it waits for nobody's capacity and takes none.
func (b *bucket) tooLarge(cost float64) bool { return b.limit > 0 && cost > b.limit }

// paceCharge is cost, up to maxDebt of the pace: a request larger than
// the pace's burst goes when the pace bucket is full and leaves it in
// debt, so that the pace holds on average; but one far larger (above the
// limit, which the server refuses, and whose refusal refunds it) must not
// hold up the others for minutes.
func (b *bucket) paceCharge(cost float64) float64 {
	return fmin(cost, fmax(b.burst, b.pace*maxDebt.Seconds()))
}

// setPace sets the pace, within its floor and the limit's rate, and
// sizes the burst.
func (b *bucket) setPace(p float64) {
	if r := b.rate(); r > 0 && p > r {
		p = r
	}
	if p < b.floor {
		p = b.floor
	}
	b.pace = p
	if b.visible() {
		b.burst = b.capacity
	} else {
		b.burst = p * burstPeriod.Seconds()
	}
	if b.burst < 1 {
		b.burst = 1
	}
	if h := b.holds(); b.allow > h {
		b.allow = h
	}
}

// holds is what the pace bucket may hold: its burst, or the cost of the
// request first in line if that is larger, so that a request costlier
// than a second of the pace goes when the whole of its cost has been
// earned. The server's bucket must hold a request's whole cost to admit
// it; letting it go at a full burst, in debt, met a rate limit whenever
// the server's bucket had no more than the pace's margin to spare
// (most requests above the burst, seen without headers).
func (b *bucket) holds() float64 {
	// When the headers show the enforcing bucket, the burst is all of
	// it: a larger request goes when it is full, or never. A pace that is
	// still a first estimate from a hint is no measure to hold a request
	// for: the hint said when the server has room, and a request held
	// longer waited past the server's word (seen).
	if b.head > b.burst && !b.visible() && (b.found || b.limit > 0) {
		return b.paceCharge(b.head)
	}
	return b.burst
}

// start begins pacing at p, from an empty or a full pace bucket; base
// is what growth and the floor are measured by.
func (b *bucket) start(p, base float64, full bool, now time.Time) {
	b.base, b.floor, b.peak = base, minPaceShare*base, p
	b.since, b.grown = now, now
	b.winAt, b.winCost, b.winN = now, 0, 0
	b.setPace(p)
	if full {
		b.allow = b.burst
	}
}

// grow grows the pace for the time since it last grew, if requests were
// waiting for it (pressed): additively, so that processes sharing a key
// converge on equal shares, fast below the rate the server admitted at
// the last cut and slowly above it.
func (b *bucket) grow(pressed bool, now time.Time) {
	if b.pace <= 0 {
		return
	}
	dt := now.Sub(b.grown).Seconds()
	b.grown = now
	if !pressed || dt <= 0 || b.limit > 0 && b.pace >= b.rate() || now.Sub(b.bound) > boundWindow {
		return
	}
	var p float64
	switch {
	case b.pace < 0.9*b.peak:
		p = fmin(0.9*b.peak, b.pace+regrow*b.base*dt)
	case b.mirrored:
		// The trend of what the headers report grows the pace when
		// there is room; this only moves the shares towards equal.
		p = b.pace + probe*b.base*dt
	case b.limit == 0 && !b.found:
		// An estimate from hints, not yet tested by a rate limit whose
		// cause could be measured: grow fast until one comes (TCP's
		// slow start).
		p = b.pace * (1 + slowStart*dt)
	default:
		// Nothing but rate limits tells where the limit is: probe for
		// it (cubic).
		p = b.pace + probe*b.base*dt
		if w, c := b.peak, cubicC*b.base; w > 0 && c > 0 && !b.cutAt.IsZero() {
			k := math.Cbrt(fmax(0, w-b.cutTo) / c)
			x := now.Sub(b.cutAt).Seconds() - k
			p = fmax(p, w+c*x*x*x)
		}
	}
	b.setPace(p)
}

// trend looks at the level an answer reported, for its request of the
// given cost sent at sent, at most once per trendWindow, and scales the pace by how fast the
// level rose or fell since the last look. The levels are the server's own
// (the enforcing bucket, or the minute's allowance, which drains alike),
// so the slope is the rate less what every process on the key used.
func (b *bucket) trend(level, cost float64, sent time.Time) {
	dt := sent.Sub(b.trendAt).Seconds()
	if b.trendAt.IsZero() || dt < 0 {
		b.trendAt, b.trendLevel = sent, level
		return
	}
	rate := b.rate()
	if dt < trendWindow.Seconds() || rate <= 0 || b.pace <= 0 {
		return
	}
	rise := (level - b.trendLevel) / dt / rate
	if level+cost >= b.capacity-fmax(0.5, 0.001*b.capacity) {
		// Full but for the request itself, which the server charged
		// before it reported.
		rise = fmax(rise, fullRise)
	}
	b.trendAt, b.trendLevel = sent, level
	if !b.cutAt.IsZero() && sent.Sub(b.cutAt) < refillAfterCut {
		// A rate limit came lately: the enforcing bucket is empty, and
		// the level should rise a little until it has room again.
		rise -= headroom
	}
	if math.Abs(rise) < trendDeadband {
		return
	}
	if rise < 0 {
		b.setPace(b.pace * fmax(0.7, 1+trendGain*rise))
		return
	}
	// Room to spare goes to every process alike, as well as by their
	// paces, so that the shares move towards equal.
	b.setPace(fmin(1.5*b.pace, b.pace+rise*(trendGain*b.pace+trendEven*rate)))
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

	mu      sync.Mutex
	b       [dims]bucket
	at      time.Time // when the levels were last brought up to date
	seq     uint64    // requests sent
	lastFix uint64    // seq of the request whose response last corrected the mirror
	pause   time.Time // no request may start before this
	spread  time.Duration
	queue   []waiter // by ticket
	tickets uint64
	refunds []refund // the latest, for corrections
	// bareSeen says calls whose requests the package never sees (bare
	// calls) have used the limiter.
	bareSeen atomic.Bool
	// The cold start: requests sent before anything was known and not
	// answered yet, and how many may be.
	coldOut []time.Time // sends of the requests in flight, oldest first
	coldCap int
	firstAt time.Time // the first request's send
	// shared is the limiter's part in a Governor's store, which, when up,
	// paces the dimensions whose limit is known instead of the buckets
	// here (store.go).
	shared limiterShare
}

// refund is the token cost of a request that the server did not charge,
// because it answered with an error.
type refund struct {
	seq    uint64
	tokens float64
}

func newLimiter(model string) *limiter {
	l := &limiter{model: model, coldCap: coldStart}
	l.publishRoom()
	return l
}

// permit is what a sent request carries, to interpret its response.
type permit struct {
	seq      uint64
	cost     [dims]float64 // charged to the mirror
	paceCost [dims]float64 // charged to the pace bucket
	sent     [dims]float64 // bucket.sent after this request
	at       time.Time
	// paced says, per dimension, that the limiter paced the request (it
	// knew a pace or a limit when it let it go): a rate limit then says
	// the pace was wrong, not that nothing was known.
	paced [dims]bool
	// pressed says others were waiting behind the request, or it waited
	// itself: its success says the pace may grow.
	pressed bool
	// cold says the request went in the cold start: its answer lets
	// another go.
	cold bool
	// news says that a successful answer has something to teach: the
	// limiter knows no limit yet, or the buckets are low, or the request
	// was pressed (its success may grow the pace), or it is time for a
	// look anyway (every newsEvery
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
// the token buckets far from their limits: each would stay over half
// full, and the request is a small share of it. Then a closer estimate of
// the cost would not change when the request may go, and the surplus
// comes back with the next correction from the headers. Before a limit or
// pace is known, nothing is paced by tokens. It reads the room as of the
// last change of the levels, without the lock: refills since only make it
// larger.
func (l *limiter) roomFor(cost float64) bool {
	return cost <= math.Float64frombits(l.room.Load())
}

// publishRoom updates room from the levels; l.mu is held.
func (l *limiter) publishRoom() {
	b := &l.b[tokens]
	room := math.Inf(1)
	limit := func(capacity, level float64) {
		room = fmin(room, capacity*roughShare, level-capacity/2)
	}
	switch {
	case b.mirrored && b.limit > 0:
		// The server's own bucket, as reported: the pace bucket, a
		// second of the pace, is too small a measure of "far".
		limit(b.capacity, b.level)
	case b.pace > 0:
		limit(b.burst, b.allow)
	}
	l.room.Store(math.Float64bits(room))
}

// roughShare is the largest share of the token bucket that a request's
// cost from above may take.
const roughShare = 1.0 / 64

// advance refills the buckets up to now.
func (l *limiter) advance(now time.Time) {
	dt := now.Sub(l.at).Seconds()
	if l.at.IsZero() || dt < 0 {
		dt = 0
	}
	if dt > 0 {
		for d := range l.b {
			b := &l.b[d]
			if r := b.rate(); b.mirrored && r > 0 && b.level < b.capacity {
				b.level = fmin(b.capacity, b.level+r*dt)
			}
			if h := b.holds(); b.pace > 0 && b.allow < h {
				// The pace bucket does not fill during a pause: what the
				// server's bucket refills then is the hint's, and the
				// calls waiting for the pause's end must not find a
				// burst saved up.
				pdt := dt
				if l.pause.After(l.at) {
					pdt = fmax(0, now.Sub(l.pause).Seconds())
				}
				b.allow = fmin(h, b.allow+b.pace*pdt)
			}
		}
	}
	if dt > 0 || l.at.IsZero() {
		l.at = now
	}
}

// acquire waits until a request of the given cost may be sent, and takes
// the cost from the buckets. *ticket is the caller's place in line; 0
// gets it a new one, at the end. It never waits past deadline (zero:
// none) and returns at once, with the wait it would have needed, when it
// would have to; with block false it returns errMustWait instead of
// waiting at all. now is the time of the call; after a sleep, acquire
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
			pm := l.take(t, cost, now)
			if !start.IsZero() {
				pm.waited = now.Sub(start)
				pm.pressed, pm.news = true, true
			}
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

// take lets the waiter with ticket go: it leaves the line, its cost comes
// off the buckets, and its send is logged. l.mu is held.
func (l *limiter) take(ticket uint64, cost [dims]float64, now time.Time) permit {
	pressed := len(l.queue) > 1
	l.dequeue(ticket)
	l.seq++
	pm := permit{seq: l.seq, cost: cost, at: now, pressed: pressed}
	pm.news = l.seq%newsEvery == 0
	for d := range l.b {
		b := &l.b[d]
		if b.tooLarge(cost[d]) {
			cost[d] = 0
		}
		c := b.mirrorCharge(cost[d])
		pm.cost[d] = c
		b.sent += c
		pm.sent[d] = b.sent
		if b.mirrored && b.limit > 0 {
			b.level -= c
			pm.paced[d] = true
			if b.level < b.capacity/2 {
				pm.news = true
			}
		}
		if b.pace > 0 {
			pm.paceCost[d] = b.paceCharge(cost[d])
			b.allow -= pm.paceCost[d]
			pm.paced[d] = true
			if pressed || b.limit == 0 || b.allow < b.burst/2 {
				pm.news = true
			} else {
				// An answer not read would only have told grow that
				// nothing waited: the pace grows for time when
				// requests wait for it, not for this.
				b.grown = now
			}
		}
		if b.limit == 0 {
			pm.news = true
		}
	}
	if l.cold() {
		pm.cold, pm.news = true, true
		l.coldOut = append(l.coldOut, now)
	}
	if l.firstAt.IsZero() {
		l.firstAt = now
	}
	for d := range l.b {
		b := &l.b[d]
		switch {
		case !pm.paced[d]:
			b.blind += cost[d]
		case !now.Before(b.winAt):
			b.winCost += cost[d]
			b.winN++
			if pressed {
				b.winPressed++
			}
		}
	}
	l.publishRoom()
	return pm
}

// record notes a request of the given cost that went without asking the
// limiter (the first attempt of a bare call, before it knew it was one),
// so that its answer can teach the limiter.
func (l *limiter) record(cost [dims]float64, now time.Time) permit {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(now)
	l.tickets++
	l.enqueue(l.tickets, cost)
	pm := l.take(l.tickets, cost, now)
	pm.paced = [dims]bool{} // it went without its turn
	return pm
}

// cold reports whether the limiter knows nothing yet: no limit from the
// headers, no pace from a rate limit. l.mu is held.
func (l *limiter) cold() bool {
	for d := range l.b {
		if l.b[d].pace > 0 || l.b[d].mirrored {
			return false
		}
	}
	return true
}

// coldDone ends the oldest request in flight of the cold start. l.mu is
// held.
func (l *limiter) coldDone() {
	if len(l.coldOut) > 0 {
		l.coldOut = l.coldOut[1:]
	}
}

// coldInFlight counts the requests of the cold start still in flight. One
// whose answer never came back to the limiter (a call that ended on a path
// that lost it) stops counting after coldExpiry, so that the cold start
// cannot hold a limiter for good. l.mu is held.
func (l *limiter) coldInFlight(now time.Time) int {
	for len(l.coldOut) > 0 && now.Sub(l.coldOut[0]) > coldExpiry {
		l.coldOut = l.coldOut[1:]
	}
	return len(l.coldOut)
}

// unanswered gives back the cold start's place of a request that got no
// answer (a broken connection, a canceled call).
func (l *limiter) unanswered(pm permit) {
	if !pm.cold {
		return
	}
	l.mu.Lock()
	l.coldDone()
	l.mu.Unlock()
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
// pause ends, and until the buckets hold the cost of every waiter up to
// and including it, plus the margins.
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
	// short returns the wait for a bucket of dimension d.
	short := func(d int, charge func(float64) float64, capacity, level, rate float64) time.Duration {
		need := 0.0
		for j := 0; j <= i; j++ {
			if c := l.queue[j].cost[d]; !l.b[d].tooLarge(c) {
				need += charge(c)
			}
		}
		if need == 0 {
			return 0
		}
		if d == requests {
			need += requestMargin
		} else {
			need += tokenMargin * capacity
		}
		if i == 0 && need > capacity {
			// A request larger than the bucket can go when it is full;
			// the server decides whether it fits.
			need = capacity
		}
		if s := need - level; s > 1e-9 {
			return time.Duration(math.Ceil(s/rate*1e6)) * time.Microsecond
		}
		return 0
	}
	if l.cold() && l.coldInFlight(now)+i >= l.coldCap && coldPoll > w {
		// Held until an answer comes: look again soon.
		w, paced = coldPoll, true
	}
	// The buckets' waits; the pace bucket with the longest, if no other
	// is as long, holds the waiter back: its pace may grow.
	var longest time.Duration
	var bound *bucket
	for d := range l.b {
		b := &l.b[d]
		if l.shared.store.paces(b) {
			continue
		}
		if r := b.rate(); b.mirrored && r > 0 {
			if dw := short(d, b.mirrorCharge, b.capacity, b.level, r); dw > longest {
				longest, bound = dw, nil
			}
		}
		if b.pace > 0 {
			if dw := short(d, b.paceCharge, b.holds(), b.allow, b.pace); dw > longest {
				longest, bound = dw, b
			}
		}
	}
	if longest > w {
		w, paced = longest, true
	}
	if bound != nil {
		bound.bound = now
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
	if i == 0 {
		l.setHead()
	}
}

// setHead tells the buckets the cost of the first in line. l.mu is held.
func (l *limiter) setHead() {
	for d := range l.b {
		b := &l.b[d]
		b.head = 0
		if len(l.queue) > 0 && !b.tooLarge(l.queue[0].cost[d]) {
			b.head = l.queue[0].cost[d]
		}
	}
}

func (l *limiter) dequeue(ticket uint64) {
	i := l.index(ticket)
	if i < len(l.queue) && l.queue[i].ticket == ticket {
		copy(l.queue[i:], l.queue[i+1:])
		l.queue = l.queue[:len(l.queue)-1]
		if i == 0 {
			l.setHead()
		}
	}
}

// observation is what a response says to the limiter.
type observation struct {
	limits rateHeaders
	class  Class         // of the response; Unknown for a success
	ok     bool          // a 2xx or 3xx response
	pause  time.Duration // a rate limit's hint, which pauses the limiter
	// dim is the dimension a rate limit was about (requests unless the
	// answer says tokens); exact says pause is the server's exact wait
	// (retry-after-ms, or the message's "try again in"), not a rounded
	// Retry-After.
	dim   int
	exact bool
}

// observe learns from the response to the request of pm: the limits and
// levels the headers advertise, a rate limit's cut and pause, and a
// success's growth.
func (l *limiter) observe(pm permit, o observation, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	defer l.publishRoom()
	l.advance(now)
	if pm.cold {
		l.coldDone()
		if o.ok {
			l.coldCap++
		}
	}
	l.correct(pm, o, now)
	if !o.ok && pm.cost[tokens] > 0 {
		// A request that failed used no tokens (a request that failed
		// still counts against the request limit, so that one is kept).
		// Older responses must not take its cost off again.
		b := &l.b[tokens]
		b.level += pm.cost[tokens]
		if b.mirrored && b.level > b.capacity {
			b.level = b.capacity
		}
		if b.pace > 0 {
			b.allow = fmin(b.holds(), b.allow+pm.paceCost[tokens])
		}
		if len(l.refunds) == maxRefunds {
			copy(l.refunds, l.refunds[1:])
			l.refunds = l.refunds[:maxRefunds-1]
		}
		l.refunds = append(l.refunds, refund{pm.seq, pm.cost[tokens]})
	}
	switch {
	case o.class == RateLimited:
		for d := range l.b {
			// A refused request was not admitted.
			b := &l.b[d]
			switch {
			case !pm.paced[d]:
				b.blind -= pm.cost[d]
			case !pm.at.Before(b.winAt):
				b.winCost -= pm.cost[d]
			}
		}
		l.throttled(pm, o, now)
	case o.ok:
		for d := range l.b {
			l.b[d].grow(pm.pressed, now)
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
		for d := range l.b {
			if l.b[d].pace > 0 || l.b[d].mirrored {
				l.spread = 0 // the pacing spreads the callers
			}
		}
	}
}

// correct learns the limits the headers advertise and brings the mirror
// to the levels they report. l.mu is held.
func (l *limiter) correct(pm permit, o observation, now time.Time) {
	fix := pm.seq > l.lastFix
	for d := range l.b {
		lim := o.limits.dim[d]
		if !lim.known() {
			continue
		}
		b := &l.b[d]
		b.limit = lim.limit
		rate := b.rate()
		switch {
		case lim.hasRemaining && lim.remaining > 0 && lim.hasReset:
			// reset is the time until the bucket is full again.
			if c := lim.remaining + lim.reset.Seconds()*rate; c > b.capacity {
				b.capacity = c
			}
		case lim.hasRemaining && lim.remaining > b.capacity:
			b.capacity = lim.remaining
		}
		if d == requests && b.capacity < 1 {
			b.capacity = 1
		}
		if b.capacity > lim.limit {
			b.capacity = lim.limit
		}
		switch {
		case b.pace <= 0:
			// A limit is news: the pace starts at the process's share
			// of its rate, as far as the first report tells it, and
			// learns it better from rate limits.
			b.start(rate*l.firstShare(d, pm, lim, b.capacity), rate, true, now)
		case b.base != rate:
			// A limit after an estimate, or a new limit.
			b.base, b.floor = rate, minPaceShare*rate
		}
		if !lim.hasRemaining {
			b.setPace(b.pace)
			continue
		}
		if !b.mirrored {
			b.mirrored = true
			b.level = b.capacity
		}
		b.setPace(b.pace) // the burst follows what the mirror shows
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
		level := lim.level(rate, b.capacity)
		if fix {
			b.trend(level, pm.cost[d], pm.at)
		}
		level += rate * now.Sub(pm.at).Seconds()
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
}

// firstShare estimates, from the first answer that reports what remains,
// the share of the key's use that is this process's: what the server's
// bucket lost since this limiter's first request (its capacity, less what
// it reports, plus the refill since), against what the server admitted
// of this process's requests. Other processes on the key used the
// rest. A key busy before the first request makes the share look
// smaller than it is, which growth mends; with nothing reported, or
// nothing admitted yet, it is 1. l.mu is held.
func (l *limiter) firstShare(d int, pm permit, lim rateLimit, capacity float64) float64 {
	rate := lim.limit / 60
	if !lim.hasRemaining || rate <= 0 || l.firstAt.IsZero() {
		return 1
	}
	used := capacity - lim.level(rate, capacity) + rate*pm.at.Sub(l.firstAt).Seconds()
	// Every request of this process that was not refused counts as
	// used, admitted before the answer or not: the server admits
	// requests sent together in any order, so this errs towards the
	// larger share.
	own := l.b[d].blind
	if own <= 0 || used <= own {
		return 1
	}
	return fmax(own/used, minPaceShare)
}

// throttled learns from a rate limit on the request of pm. l.mu is held.
//
// The server's bucket for the dimension is empty, whatever the buckets
// here believed: the pace bucket empties too. Without a pace, the hint
// gives the first one: after a burst, the wait for one request (or for
// this request's tokens) is what one takes to refill. A rate limit on a
// paced request cuts the pace, once per round of requests: to a little
// under what the server admitted of this process's requests over the
// last seconds, which is the share the process gets while the key is
// saturated; or, when too little was sent to tell, by throttleCut.
func (l *limiter) throttled(pm permit, o observation, now time.Time) {
	d := o.dim
	if d < 0 || d >= dims {
		d = requests
	}
	b := &l.b[d]
	if b.limit == 0 && !pm.paced[d] {
		// A request sent blind: its hint estimates the rate. For
		// requests, of a burst sent together, the first refused found
		// the bucket just empty and waits the least; later ones found
		// it in debt, if refusals count, and wait longer: the shortest
		// wait is the best estimate. For tokens the bucket held part of
		// the request's cost, so that the cost over the wait is only a
		// bound from above: the lowest is the best.
		need := 1.0
		if d == tokens {
			need = pm.cost[tokens]
		}
		if o.pause > 0 && need > 0 {
			if !o.exact && o.pause < time.Second {
				o.pause = time.Second
			}
			if est := need / o.pause.Seconds(); b.pace <= 0 {
				b.start(est, est, false, now)
			} else if d == requests && est > b.base || d == tokens && est < b.base {
				b.base, b.floor, b.peak = est, minPaceShare*est, est
				b.setPace(est)
			}
			if d == requests && b.pace > 0 && !b.found && b.cutAt.IsZero() && now.Sub(b.since) <= burstPeriod {
				// The hint's rate is the key's, not this process's: the
				// first estimate takes this process's share of it, and
				// the refusals of the same burst, which come back in the
				// next moments, lower it. Only then: the first attempts
				// of bare calls go blind all along, and a share of them
				// measured later kept lowering the pace of a process
				// alone (S9's go-openai bare 0.984 → 0.873, seen).
				b.setPace(fmin(b.pace, b.base*l.ownShare(b, now)))
				b.peak = b.pace
			}
		}
		if b.pace > 0 {
			b.allow = hinted(d, pm, o)
		}
		return
	}
	b.allow = fmin(b.allow, hinted(d, pm, o))
	if b.pace <= 0 || !pm.paced[d] || pm.seq <= b.lastCut {
		return
	}
	if a, ok := l.admitted(d, now); ok {
		trusted := l.measured(b, now)
		if b.found && !trusted && a > peakDrift*b.peak {
			// Above the last cut's rate: the server's bucket, full after
			// a quiet spell, let a burst through that its rate will not
			// sustain; do not believe all of it at once.
			a = peakDrift * b.peak
		}
		if b.limit == 0 && d == tokens {
			// Without headers the tokens' rate was first estimated from a
			// hint, as a bound from above that a short pause after a
			// bucket that held most of the cost puts far above it (20
			// times, seen): growth and the floor scale with it, and a
			// floor above the real rate sends every request into a rate
			// limit (a whole run of them, seen). What the
			// server admitted between two cuts bounds the rate from
			// below; keep the estimate within estimateBound of it.
			// Once a window is long enough to trust, only such windows
			// count: a short one after a quiet spell measures the
			// server's full bucket draining, above its rate (five
			// times, seen), and growth scaled by it overshoots.
			switch {
			case trusted && !b.trusted:
				b.most, b.trusted = a, true
			case trusted || !b.trusted:
				b.most = fmax(b.most, a)
			}
			if bound := estimateBound * b.most; b.base > bound || b.trusted {
				b.base, b.floor = bound, minPaceShare*bound
			}
		}
		// A cut leaves at least cutFloor of the pace, since what a short
		// window measures is noise; but a window that is long and busy
		// (requests waited behind its sends) measures what the server
		// admits: its bucket was empty at both ends, so what went
		// through is what it refilled. Growth past the last cut may have
		// taken the pace far above that (twice, seen), and cutting by
		// cutFloor a round at a time would meet a rate limit each round.
		// The first cut that measures anything leaves the pace at most
		// estimateBound above what it measured: the pace then is an
		// estimate from hints, which can be far above the rate (twenty
		// times, seen), and coming down by cutFloor a round at a time
		// cost a rate limit a round.
		lo := cutFloor * b.pace
		switch {
		case trusted:
			lo = trustedFloor * b.pace
		case !b.found && a > 0:
			lo = fmin(lo, estimateBound*a)
		}
		b.found = true
		b.setPace(fmin(cutCeil*b.pace, fmax(lo, admittedShare*a)))
		// A process that got less than its pace (others took it, or it
		// lost the races for the refill) still grows back from where
		// the cut left it.
		b.peak = fmax(a, b.pace)
	} else if b.found || b.limit == 0 && !b.cutAt.IsZero() {
		// Too soon after the last cut to tell: the pause is enough.
		// After a blind cut of a pace from hints too: the window it
		// began measures the next cut. Cutting blind again at each rate
		// limit of a round (they come back in tens of milliseconds), a
		// process that lost the first races was cut four times in a
		// second while another on the key kept its pace, and their
		// shares stayed 3:1 (seen). A pace that began at a limit's whole
		// rate is still cut at each round: it is the key's, not this
		// process's.
		return
	} else {
		// Nothing measured yet: cut blind. A token pace estimated from
		// hints keeps its window, so that the next cut measures over
		// it: resetting it at every cut, each window of a slow pace
		// held two sends, one refused, and none measured, and a pace
		// started from an estimate far above the rate was only ever
		// cut down to its floor, above the rate, where every request
		// met a rate limit (seen). Other windows start again: a window
		// of refusals measures nothing but a share too small, which
		// left processes sharing a key unequal for good (seen).
		b.setPace(b.pace * throttleCut)
		b.peak = b.pace
		b.lastCut, b.cutAt, b.grown, b.cutTo = l.seq, now, now, b.pace
		if d != tokens || b.limit > 0 {
			b.winAt, b.winCost, b.winN, b.winPressed = now, 0, 0, 0
		}
		return
	}
	b.lastCut, b.cutAt, b.grown, b.cutTo = l.seq, now, now, b.pace
	b.winAt, b.winCost, b.winN, b.winPressed = now, 0, 0, 0
}

// ownShare estimates, at the first rate limit, the share of the key's
// request rate that this process gets: what the server admitted of its
// requests sent blind since the first, against what the key can have admitted in
// that time (a burst of a second of the rate, as in OpenAI's example of
// finer enforcement, and the rate since). Processes that start together
// on a key then begin near their shares, instead of each at the whole
// rate (a round of rate limits each, seen). A process alone whose first
// requests did not use the whole key gets too small a share, which
// growth mends. l.mu is held.
func (l *limiter) ownShare(b *bucket, now time.Time) float64 {
	span := burstPeriod.Seconds() + now.Sub(l.firstAt).Seconds()
	own := b.blind
	if own <= 0 {
		// Nothing of this process's got through, or its requests went
		// without the limiter (the first attempts of bare calls, whose
		// refusals alone it sees): nothing is known of its share, and
		// the cuts find it.
		return 1
	}
	return fmin(1, fmax(minPaceShare, own/(b.base*span)))
}

// hinted is what the pace bucket holds once a rate limit's pause is over:
// the server's hint is the wait until it has room for the request (one,
// or its tokens), so that much, with the margin, goes when the pause
// ends; without a hint, nothing. The pace bucket does not fill during the
// pause.
func hinted(d int, pm permit, o observation) float64 {
	if o.pause <= 0 {
		return 0
	}
	if d == tokens {
		return pm.cost[tokens] * (1 + tokenMargin)
	}
	return 1 + requestMargin
}

// admitted returns the rate at which the server admitted this process's
// requests (their cost in dimension d, per second) since the last cut, or
// since the pacing began. At a cut the server's bucket is empty, so that
// between two cuts what it admitted is what it refilled: its rate, or
// this process's share of it. Requests still in flight count as
// admitted. ok is false when the window is shorter than minMeasure or
// holds fewer than minMeasured sends. l.mu is held.
func (l *limiter) admitted(d int, now time.Time) (float64, bool) {
	b := &l.b[d]
	w := now.Sub(b.winAt)
	if b.winAt.IsZero() || w < minMeasure || b.winN < minMeasured {
		return 0, false
	}
	return fmax(0, b.winCost) / w.Seconds(), true
}

// measured reports whether the window since the last cut measured what
// the server admits: it is at least trustWindow long, holds at least
// trustSends sends, and nearly all of them were pressed (others waited
// behind them), so that the process sent all its pace allowed and the
// server, not the process, set what went through. l.mu is held.
func (l *limiter) measured(b *bucket, now time.Time) bool {
	return now.Sub(b.winAt) >= trustWindow && b.winN >= trustSends && b.winPressed >= trustPressed*b.winN
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

// fmin and fmax are the built-in min and max, which a runtime generated
// into a module on an older Go (before 1.21) cannot use.
func fmin(a float64, bs ...float64) float64 {
	for _, b := range bs {
		if b < a {
			a = b
		}
	}
	return a
}

func fmax(a float64, bs ...float64) float64 {
	for _, b := range bs {
		if b > a {
			a = b
		}
	}
	return a
}
