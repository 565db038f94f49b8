package core

import (
	"bytes"
	"context"
	"errors"
	"hash/maphash"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// call is the state of one call through this package across its attempts:
// the policy, the response record and the limiter's bookkeeping. Each
// request of an attempt reaches send, which paces it, in one of two ways.
// The call is the context the SDK method receives, and the transport or a
// shared middleware finds it there (callFrom); or the SDK receives the
// caller's context and a middleware bound to the call (middleware), which
// lets a call that nothing references after it returns go back to a pool
// (retryOwn), so that a successful call allocates nothing of its own.
type call struct {
	context.Context
	p     Policy
	start time.Time // of the first attempt
	asked time.Time // when the call first asked the limiter for a turn

	// live is false once the call has returned: requests that still
	// reach it (a pager's next page, made with the call's context or
	// configuration) pass through unpaced.
	live atomic.Bool
	// ext is what an SDK-specific runtime attaches to the call (the
	// request options that carry its middleware); it is made once per
	// call object and kept when the object is reused.
	ext any

	// typed is what the caller's typed request says about its cost.
	typed typedCost

	// From the call's first request.
	identified bool
	key        sentKey // the API key it sent, as a hash
	ks         *keyState
	lim        *limiter
	cost       [dims]float64
	ticket     uint64
	permit     permit      // taken by the retry loop for the next attempt, then the attempt's
	hasPermit  bool        // permit is for the next attempt
	body       *bodyReader // the request body read for its cost, if it was
	// sendAt is the turn reserved in the shared store for permit
	// (store.go); storeErr the store's failure to report.
	sendAt   time.Time
	storeErr error

	// The attempt in progress.
	rec      record
	retrying bool // the attempt is a retry: Policy.MaxElapsed applies to its wait
	requests int  // requests sent by the attempt
	sent     bool // its first request reached the transport
	probe    bool // it is the probe of a latched key
	// bare says no request of the call reached send: the SDK's HTTP
	// client does not go through this package (go-openai without
	// Transport), so the call paces itself by what its errors say.
	bare    bool
	waited  time.Duration // its wait for the limiter
	paused  bool          // its response paused the limiter
	refusal *refusal      // why its request was not sent
}

type callKey struct{}

// calls holds call objects for reuse. Only calls that nothing can reach
// once they return go back (end).
var calls = sync.Pool{New: func() any { return new(call) }}

// newCall returns the state of a call made with ctx, under the policy of
// ctx, of a request that says tc about its cost.
func newCall(ctx context.Context, tc typedCost) *call {
	c := calls.Get().(*call)
	c.Context = ctx
	c.p = policyFrom(ctx)
	c.typed = tc
	c.live.Store(true)
	return c
}

// end ends the call and releases its body buffer. With reuse, the caller
// promises that nothing references the call any more: not as a context,
// and not through its middleware, so the object goes back to the pool.
func (c *call) end(reuse bool) {
	c.live.Store(false)
	if c.hasPermit && c.lim != nil {
		// A turn taken for an attempt that sent nothing.
		c.lim.unanswered(c.permit)
		c.hasPermit = false
	}
	if c.body != nil {
		c.body.release()
		c.body = nil
	}
	if !reuse {
		return
	}
	ext := c.ext
	*c = call{}
	c.ext = ext
	calls.Put(c)
}

// Value returns the call itself for callKey, so that send finds it.
func (c *call) Value(key any) any {
	if _, ok := key.(callKey); ok {
		return c
	}
	return c.Context.Value(key)
}

// callFrom returns the call that ctx belongs to, or nil.
func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// recordFrom returns the response record of the call ctx belongs to, or
// nil.
func recordFrom(ctx context.Context) *record {
	if c := callFrom(ctx); c != nil {
		return &c.rec
	}
	return nil
}

// begin readies the call for its next attempt. An attempt that was
// refused only to wait its turn keeps the latched key's probe, if it was
// the probe.
func (c *call) begin(retrying bool) {
	c.rec.reset()
	c.retrying = retrying
	if c.refusal == nil || c.refusal.stop != stopWait {
		c.probe = false
	}
	c.requests, c.sent, c.waited, c.paused, c.refusal = 0, false, 0, false, nil
}

// refusal says why a request was not sent.
type refusal struct {
	stop  stopReason
	class Class
	wait  time.Duration // the wait that did not fit, or until the next probe
	err   error         // the latched key's API error, or the context's error
}

// Error says why the request was not sent. Callers see an *Error instead.
func (r *refusal) Error() string {
	switch r.stop {
	case stopLatched:
		return "oaiguard: not sent: " + ErrLatched.Error()
	case stopContext:
		return "oaiguard: not sent: " + r.err.Error()
	case stopWait:
		return "oaiguard: not sent yet: waiting " + r.wait.String() + " for the rate limiter"
	}
	return "oaiguard: not sent: the wait for the rate limiter (" + r.wait.String() + ") is past the deadline"
}

// send sends req with next for the call that req's context belongs to:
// it takes the request's turn at the limiter of its API key and model (or,
// when the request must wait, refuses it so that the retry loop waits and
// tries again), sends, and learns from the response. Requests of no call,
// or of a call that has returned, pass through.
func send(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	c := callFrom(req.Context())
	if c == nil || !c.live.Load() {
		return next(req)
	}
	return c.send(req, next)
}

// middleware is send for the requests of this call, for SDKs that take a
// middleware per request: the SDK gets the caller's context, and the
// middleware, bound to the call, finds it without a context of its own.
func (c *call) middleware(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	if !c.live.Load() {
		return next(req)
	}
	return c.send(req, next)
}

func (c *call) send(req *http.Request, next func(*http.Request) (*http.Response, error)) (*http.Response, error) {
	c.requests++
	if c.requests > 1 {
		// Methods such as UploadAndPoll send several requests per
		// attempt; only the first is paced.
		res, err := next(req)
		c.rec.observe(res)
		return res, err
	}
	now := c.p.now()
	if c.asked.IsZero() {
		c.asked = now
	}
	if !c.identified {
		c.identify(req, now)
	}
	if !c.probe {
		l, probe := c.ks.admit(now)
		if l != nil {
			c.refuse(&refusal{stop: stopLatched, class: l.class, wait: l.nextProbe.Sub(now), err: l.err})
			return nil, c.refusal
		}
		c.probe = probe
	}
	pm, ok := c.permit, c.hasPermit
	c.hasPermit = false
	if !ok {
		// The request may go now, or must wait. It does not wait here:
		// the SDK's per-attempt timeout (openai-go's RequestTimeout,
		// http.Client.Timeout) is already running, and must time the
		// request, not its place in line. The retry loop waits instead,
		// then makes the attempt again.
		deadline, stop := c.deadline()
		var wait time.Duration
		var err error
		pm, wait, err = c.acquire(deadline, false, now)
		if err != nil {
			c.refuse(refusalOf(err, stop, wait))
			return nil, c.refusal
		}
	}
	c.sent, c.waited, c.permit = true, pm.waited, pm
	res, err := next(req)
	c.rec.observe(res)
	if res == nil {
		c.lim.unanswered(pm)
		if c.probe {
			c.ks.endProbe()
			c.probe = false
		}
		return res, err
	}
	if res.StatusCode < 400 && !pm.news {
		return res, err
	}
	now = c.p.now()
	o := observation{limits: parseRateHeaders(res.Header), ok: res.StatusCode < 400}
	if !o.ok {
		c.throttle(res, &o, now)
		c.paused = o.pause > 0
	}
	c.lim.observe(pm, o, now)
	if o.class == RateLimited {
		c.pauseShared(pm, o, now)
	}
	return res, err
}

// refuse records why the attempt's request is not sent. A probe that
// will not be sent is given up, unless the request only waits its turn.
func (c *call) refuse(r *refusal) {
	if c.probe && r.stop != stopWait {
		c.ks.endProbe()
		c.probe = false
	}
	c.refusal = r
}

// refusalOf turns an error of acquire into a refusal; stop is the reason
// a wait past the deadline gets.
func refusalOf(err error, stop stopReason, wait time.Duration) *refusal {
	switch err {
	case errMustWait:
		return &refusal{stop: stopWait, wait: wait}
	case errPastDeadline:
		return &refusal{stop: stop, class: RateLimited, wait: wait}
	}
	return &refusal{stop: stopContext, class: contextClass(err), err: err}
}

// wait waits for the limiter outside the SDK, before an attempt whose
// request must wait its turn: a retry, or an attempt refused with
// stopWait. The permit is for the attempt's first request.
func (c *call) wait() *refusal {
	now := c.p.now()
	if c.asked.IsZero() {
		// A bare call waits here before its first attempt, and never
		// reaches send, which notes the time otherwise: without it,
		// MaxElapsed would not bound the wait.
		c.asked = now
	}
	if c.hasPermit && !c.sendAt.IsZero() {
		return c.waitShared()
	}
	deadline, stop := c.deadline()
	pm, wait, err := c.acquire(deadline, true, now)
	if err != nil {
		return refusalOf(err, stop, wait)
	}
	c.permit, c.hasPermit = pm, true
	return nil
}

// deadline returns the time the limiter may not wait past, and the reason
// to give when it would have to: the context's deadline, or
// Policy.MaxElapsed after the first attempt (for a retry) or after the
// call first asked the limiter (before the first attempt), whichever is
// first. So one long hint cannot hold later calls longer than a retry
// would wait for it.
func (c *call) deadline() (time.Time, stopReason) {
	dl, ok := c.Deadline()
	stop := stopDeadline
	from := c.start
	if !c.retrying {
		from = c.asked
	}
	if e := from.Add(c.p.MaxElapsed); !from.IsZero() && (!ok || e.Before(dl)) {
		dl, ok, stop = e, true, stopElapsed
	}
	if !ok {
		return time.Time{}, stop
	}
	return dl, stop
}

// throttle classifies an error response for the limiter (o.class) and
// finds the pause it asks for: a rate limit's hint (retry-after-ms,
// Retry-After, the message's "try again in", or the matching
// x-ratelimit-reset-*), whether it is exact, and the dimension the limit
// was about. The body of a 429 is read (and put back for the SDK) because
// only it tells a rate limit from a spent quota.
func (c *call) throttle(res *http.Response, o *observation, now time.Time) {
	f := apiFacts{status: res.StatusCode}
	if res.StatusCode == http.StatusTooManyRequests && res.Body != nil {
		data, err := io.ReadAll(io.LimitReader(res.Body, maxErrorBody))
		res.Body = replayBody{Reader: io.MultiReader(bytes.NewReader(data), res.Body), Closer: res.Body}
		if err == nil {
			if pf, ok := parseErrorJSON(data); ok {
				pf.status = f.status
				f = pf
			}
		}
	}
	o.class = classifyFacts(f)
	if o.class != RateLimited {
		// Other hints, such as an overloaded server's Retry-After, are
		// about the request, not the key's shared limits: the call waits
		// for them alone.
		return
	}
	o.dim = limitDim(f.typ, f.message)
	o.pause, o.exact = exactHint(res.Header, f.message, now)
	if o.pause <= 0 {
		o.pause, _ = o.limits.resetFor(f.typ, f.message)
	}
}

// maxErrorBody bounds how much of an error body is read to classify it.
const maxErrorBody = 64 << 10

// identify finds the call's API key (by fingerprint), its model and its
// cost from its first request, and the limiter that paces them. When the
// typed request named its model and the key's limiter for it is far from
// its token limit, a cost from above (the body's length for the prompt)
// does as well as a close one, and the body is not read.
func (c *call) identify(req *http.Request, now time.Time) {
	c.identified = true
	fp, key := fingerprint(req)
	c.key = key
	c.ks = c.p.Governor.key(fp, now)
	c.ks.shareName(req)
	if c.typed.ok {
		c.lim = limiterFor(c.ks, c.typed.model)
		if bound, ok := c.typed.bound(req.ContentLength); ok && c.lim.roomFor(bound) {
			c.cost = [dims]float64{requests: 1, tokens: bound}
			return
		}
	}
	rc := c.readCost(req)
	c.cost = [dims]float64{requests: 1, tokens: rc.tokens}
	if c.lim == nil {
		c.lim = limiterFor(c.ks, rc.model)
	}
}

// typedCost is what a typed request says about its cost before it is
// serialized: the model, which picks the limiter, and the output it may
// produce. ok is false when the runtime does not know the request's type,
// or its raw JSON may say otherwise (the generated typedCostOf).
type typedCost struct {
	model     string
	maxOut, n int64
	ok        bool
}

// bound returns a cost in tokens that the request cannot exceed, from
// the length of its body: every byte of it counted as prompt text. It
// overstates the prompt by the JSON around the text, and inline images,
// which the server counts by their size in tiles, by their length.
func (tc typedCost) bound(contentLength int64) (float64, bool) {
	if contentLength <= 0 {
		return 0, false
	}
	n := tc.n
	if n < 1 {
		n = 1
	}
	return float64(contentLength)/bytesPerToken + float64(tc.maxOut)*float64(n), true
}

// maxScannedBody bounds the request bodies read for their model and cost.
const maxScannedBody = 8 << 20

// readCost reads the cost of a JSON request body. The body is read once,
// into a pooled copy that replaces it; later attempts get a fresh body from
// the SDK.
func (c *call) readCost(req *http.Request) requestCost {
	if req.Body == nil || req.Body == http.NoBody || req.GetBody == nil ||
		req.ContentLength <= 0 || req.ContentLength > maxScannedBody ||
		!strings.Contains(first(req.Header, "Content-Type"), "json") {
		return requestCost{}
	}
	b := newBodyReader()
	data := b.fill(int(req.ContentLength))
	n, err := io.ReadFull(req.Body, data)
	_ = req.Body.Close()
	// A short body stays short: the transport reports it as it would have.
	b.r.Reset(data[:n])
	req.Body = b
	c.body = b
	if err != nil {
		return requestCost{}
	}
	return scanRequest(data[:n])
}

// bodyReader serves a request body that was read to be scanned, from a
// buffer that goes back to a pool when the transport closes the body or
// the call ends, whichever comes first. The transport may close a body
// while another of its goroutines still reads it, or read it after the
// call returned, so reads and the release take a lock, and a read after
// the release fails instead of reading a buffer that another call now
// owns. For the same reason a reader is never reused (newBodyReader).
type bodyReader struct {
	mu  sync.Mutex
	r   bytes.Reader
	buf *scanBuffer
}

// scanBuffer is a pooled buffer; the pool holds pointers so that putting
// one back allocates nothing.
type scanBuffer struct{ b []byte }

var scanBuffers = sync.Pool{New: func() any { return new(scanBuffer) }}

// maxPooledBody is the largest buffer kept for reuse: a rare huge request
// should not pin its memory in the pool.
const maxPooledBody = 256 << 10

// readerBlock is how many body readers newBodyReader carves out of one
// allocation.
const readerBlock = 32

// readers is the block newBodyReader hands readers out of.
var readers struct {
	mu   sync.Mutex
	left []bodyReader
}

// newBodyReader returns an unused body reader. Readers are used once,
// since a transport may hold one after its call returned; taking them from
// blocks makes that one allocation per readerBlock scanned requests. A
// block stays in memory while any of its readers is referenced.
func newBodyReader() *bodyReader {
	readers.mu.Lock()
	if len(readers.left) == 0 {
		readers.left = make([]bodyReader, readerBlock)
	}
	b := &readers.left[0]
	readers.left = readers.left[1:]
	readers.mu.Unlock()
	return b
}

// fill takes a buffer of n bytes from the pool for a new reader, which no
// other goroutine knows yet.
func (b *bodyReader) fill(n int) []byte {
	buf := scanBuffers.Get().(*scanBuffer)
	if cap(buf.b) < n {
		buf.b = make([]byte, n)
	}
	buf.b = buf.b[:n]
	b.buf = buf
	return buf.b
}

// Read reads the body, or fails once the buffer is released.
func (b *bodyReader) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf == nil {
		return 0, errBodyReleased
	}
	return b.r.Read(p)
}

// Close releases the buffer: the transport is done with the body.
func (b *bodyReader) Close() error {
	b.release()
	return nil
}

// release gives the buffer back to the pool, once.
func (b *bodyReader) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf == nil {
		return
	}
	b.r.Reset(nil)
	if cap(b.buf.b) <= maxPooledBody {
		scanBuffers.Put(b.buf)
	}
	b.buf = nil
}

// errBodyReleased is what a read of a request body gets after its call
// ended: the request has its answer, and the buffer belongs to another call.
var errBodyReleased = errors.New("oaiguard: request body read after its call ended")

// fingerprint identifies the credential of req and the host it goes to,
// without keeping the credential: a 64-bit hash, seeded per process. It
// also returns the credential's own hash and length (sentKey), by which
// error texts are cleared of it.
func fingerprint(req *http.Request) (uint64, sentKey) {
	cred := first(req.Header, "Authorization")
	if cred == "" {
		cred = first(req.Header, "Api-Key") // Azure
	}
	key := cred
	if len(key) > len("Bearer ") && strings.EqualFold(key[:len("Bearer ")], "Bearer ") {
		key = key[len("Bearer "):]
	}
	// One-shot hashes, the host's rotated, cost less than feeding both
	// to a streaming hash.
	h := maphash.String(fingerprintSeed, req.URL.Host)
	return maphash.String(fingerprintSeed, cred) ^ (h<<29 | h>>35),
		sentKey{hash: maphash.String(fingerprintSeed, key), n: len(key)}
}

var fingerprintSeed = maphash.MakeSeed()

// bareFingerprint is the key under which calls whose requests this package
// never sees (bare calls) are paced: their API key is out of sight, so
// they share one limiter per model. Real fingerprints are hashes; one
// being 0 is as likely as any other collision.
const bareFingerprint = 0

// lookupBare makes a call pace itself before its first attempt when the
// last calls of its model were bare: it cannot know yet whether it is,
// and waiting in line with them keeps it from breaking their pacing.
func (c *call) lookupBare() {
	if c.lim != nil || !c.typed.ok {
		return
	}
	ks := c.p.Governor.bare.Load()
	if ks == nil {
		return
	}
	l := ks.find(c.typed.model)
	if l == nil || !l.bareSeen.Load() {
		return
	}
	c.bare, c.ks, c.lim = true, ks, l
	c.cost = [dims]float64{requests: 1}
}

// observeBare tells the limiter of a bare call what its attempt came to,
// from the SDK's error alone: a rate limit, with the wait its message
// names ("Please try again in 1.2s"), or a success. The first bare
// attempt of a call finds its limiter here, and goes on the record as
// sent unpaced.
func (c *call) observeBare(err error, sdk factsFunc) {
	if c.refusal != nil {
		return
	}
	var class Class
	var facts apiFacts
	if err != nil {
		var rec record
		class, facts = classify(err, sdk, &rec)
		if facts.status == 0 && class != RateLimited {
			// No answer from the server (a broken connection, a
			// timeout, a request the SDK could not build): nothing to
			// learn, and no sign that the call is bare.
			if c.bare {
				c.lim.unanswered(c.permit)
				c.hasPermit = false
			}
			return
		}
	}
	now := c.p.now()
	if !c.bare {
		if !c.typed.ok {
			return // no model to pace by
		}
		g := c.p.Governor
		ks := g.bare.Load()
		if ks == nil {
			g.bare.CompareAndSwap(nil, g.key(bareFingerprint, now))
			ks = g.bare.Load()
		}
		c.bare, c.ks = true, ks
		c.lim = limiterFor(ks, c.typed.model)
		c.cost = [dims]float64{requests: 1}
		c.permit = c.lim.record(c.cost, now)
	}
	c.lim.bareSeen.Store(true)
	pm := c.permit
	c.hasPermit = false
	if err == nil {
		c.lim.observe(pm, observation{ok: true}, now)
		return
	}
	o := observation{class: class}
	if class == RateLimited {
		// A bare call knows no token costs: whatever the limit, it
		// paces the requests.
		o.dim = requests
		o.pause, o.exact = exactHint(facts.header, facts.message, now)
		c.paused = o.pause > 0
	}
	c.lim.observe(pm, o, now)
}
