// Package fakeopenai is a fake of the OpenAI chat completions endpoint with
// the API's rate limiting, for the storm benchmark: continuously refilled
// request and token buckets per (API key, model), x-ratelimit-* headers
// as OpenAI documents them or in the other shapes clients meet
// (HeaderMode), 429s with Retry-After and OpenAI-shaped
// bodies, latency, injected faults, quota exhaustion, an outage window and
// the errors that retrying cannot fix.
//
// It runs in process: Transport hands each request to the handler after a
// one-way network delay, so that a whole storm runs in a testing/synctest
// bubble in simulated time (loopback sockets never let a bubble's clock
// advance). It records every attempt it sees.
package fakeopenai

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tidwall/gjson"

	"github.com/oaiguard/oaiguard/bench/detrand"
)

// Draw salts keep the server's random draws independent of each other.
const (
	saltFault = iota + 1
	saltQuotaHint
)

// Server is the fake API. Create it inside the synctest bubble that uses
// it: its clock starts at New.
type Server struct {
	cfg     Config
	seed    uint64
	start   time.Time
	revoked map[string]bool

	mu         sync.Mutex
	limits     map[limitKey]*limits
	log        []*Attempt
	perLogical map[Logical]int
	untagged   int
	served     int

	// stopAt and stop implement StopAfter.
	stopAt int
	stop   func()
}

type limitKey struct{ key, model string }

// limits are the buckets of one (key, model): req and tok enforce the
// limits, minReq and minTok hold a minute's allowance each and are
// charged alike, for the headers of the PerMinute mode.
type limits struct{ req, tok, minReq, minTok *bucket }

func (l *limits) refill(now time.Time) {
	l.req.refill(now)
	l.tok.refill(now)
	l.minReq.refill(now)
	l.minTok.refill(now)
}

// New returns a server with the given knobs; seed drives its fault and
// hint draws.
func New(cfg Config, seed uint64) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("fakeopenai: %w", err)
	}
	s := &Server{
		cfg:        cfg,
		seed:       seed,
		start:      time.Now(),
		revoked:    map[string]bool{},
		limits:     map[limitKey]*limits{},
		perLogical: map[Logical]int{},
	}
	for _, k := range cfg.RevokedKeys {
		s.revoked[k] = true
	}
	return s, nil
}

// Config returns the server's knobs.
func (s *Server) Config() Config { return s.cfg }

// Since returns the server's clock: the time since New.
func (s *Server) Since() time.Duration { return time.Since(s.start) }

// Attempts returns a copy of every attempt recorded so far, in the order
// they began.
func (s *Server) Attempts() []Attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Attempt, len(s.log))
	for i, a := range s.log {
		out[i] = *a
	}
	return out
}

// StopAfter makes the server call stop once, when it has seen n attempts;
// the storm benchmark uses it to end runs that have collapsed into an
// endless retry storm. Call it before the first request.
func (s *Server) StopAfter(n int, stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopAt, s.stop = n, stop
}

type recKey struct{}

// begin records the start of an attempt.
func (s *Server) begin(r *http.Request) *Attempt {
	ctx := r.Context()
	rec := &Attempt{Start: s.Since(), CtxDone: ctx.Err() != nil, Key: bearer(r)}
	var stop func()
	s.mu.Lock()
	if l, ok := LogicalFrom(ctx); ok {
		s.perLogical[l]++
		rec.Logical, rec.HasLogical, rec.N = l, true, s.perLogical[l]
	} else {
		s.untagged++
		rec.N = s.untagged
	}
	s.log = append(s.log, rec)
	if s.stop != nil && len(s.log) >= s.stopAt {
		stop, s.stop = s.stop, nil
	}
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	return rec
}

// finish records the end of an attempt.
func (s *Server) finish(rec *Attempt) {
	end := s.Since()
	s.mu.Lock()
	rec.End = end
	s.mu.Unlock()
}

// setOutcome records what the server did with an attempt.
func (s *Server) setOutcome(rec *Attempt, o Outcome) {
	now := s.Since()
	s.mu.Lock()
	rec.Outcome, rec.Served = o, now
	s.mu.Unlock()
}

// ServeHTTP answers POST /chat/completions (any path, in fact: the fake
// has one endpoint). Requests that come through Transport are already
// recorded; others are recorded here.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec, ok := r.Context().Value(recKey{}).(*Attempt)
	if !ok {
		rec = s.begin(r)
		defer s.finish(rec)
	}
	s.serve(w, r, rec)
}

// chatRequest is the part of a chat completion request the server reads.
type chatRequest struct {
	Model       string
	Prompt      int // tokens, estimated from the messages' text
	MaxTokens   int
	Temperature *float64
}

// defaultMaxTokens is the output assumed when a request sets no maximum.
const defaultMaxTokens = 16

// parseRequest reads a chat completion request with gjson, which does not
// decode what it skips: the storm sends megabytes of prompt text, and
// encoding/json would spend most of the benchmark's time on it.
func parseRequest(body []byte) (chatRequest, bool) {
	res := gjson.GetManyBytes(body, "model", "messages", "max_completion_tokens", "max_tokens", "temperature")
	model, msgs, maxCompletion, maxTokens, temp := res[0], res[1], res[2], res[3], res[4]
	if model.Type != gjson.String || model.Str == "" || !msgs.IsArray() {
		return chatRequest{}, false
	}
	req := chatRequest{Model: model.Str, MaxTokens: defaultMaxTokens}
	switch {
	case maxCompletion.Type == gjson.Number:
		req.MaxTokens = int(maxCompletion.Int())
	case maxTokens.Type == gjson.Number:
		req.MaxTokens = int(maxTokens.Int())
	}
	if temp.Type == gjson.Number {
		t := temp.Float()
		req.Temperature = &t
	}
	chars := 0
	msgs.ForEach(func(_, m gjson.Result) bool {
		content := m.Get("content")
		if content.Type == gjson.String {
			chars += len(content.Str)
		} else if content.IsArray() {
			content.ForEach(func(_, part gjson.Result) bool {
				chars += len(part.Get("text").Str)
				return true
			})
		}
		return true
	})
	req.Prompt = (chars + CharsPerToken - 1) / CharsPerToken
	return req, true
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rec *Attempt) {
	ctx := r.Context()
	w.Header().Set("x-request-id", fmt.Sprintf("req_bench_%d_%d_%d", rec.Logical.Client, rec.Logical.Seq, rec.N))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.setOutcome(rec, InvalidRequest)
		writeError(w, http.StatusBadRequest, apiError{Message: "could not read the request body", Type: "invalid_request_error"})
		return
	}
	key := bearer(r)
	if key == "" || s.revoked[key] {
		s.setOutcome(rec, Unauthorized)
		writeError(w, http.StatusUnauthorized, apiError{
			Message: "Incorrect API key provided: " + redactKey(key) + ". You can find your API key at https://platform.openai.com/account/api-keys.",
			Type:    "invalid_request_error",
			Code:    "invalid_api_key",
		})
		return
	}
	req, ok := parseRequest(body)
	if !ok {
		s.setOutcome(rec, InvalidRequest)
		writeError(w, http.StatusBadRequest, apiError{Message: "We could not parse the JSON body of your request.", Type: "invalid_request_error"})
		return
	}
	now := s.Since()
	lim := s.limitsFor(key, req.Model)

	if s.cfg.OutageTo > s.cfg.OutageFrom && now >= s.cfg.OutageFrom && now < s.cfg.OutageTo {
		s.setOutcome(rec, Outage503)
		s.rateHeaders(w.Header(), lim)
		writeError(w, http.StatusServiceUnavailable, apiError{Message: "The server is overloaded or not ready yet.", Type: "server_error"})
		return
	}
	if s.cfg.QuotaAt > 0 && now >= s.cfg.QuotaAt {
		s.setOutcome(rec, QuotaExhausted)
		if s.cfg.QuotaRetryAfter > 0 && s.draw(rec, saltQuotaHint) < s.cfg.QuotaRetryAfterP {
			w.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(s.cfg.QuotaRetryAfter)))
		}
		writeError(w, http.StatusTooManyRequests, apiError{
			Message: "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
			Type:    "insufficient_quota",
			Code:    "insufficient_quota",
		})
		return
	}
	if s.fault(w, r, rec, lim) {
		return
	}

	if t := req.Temperature; t != nil && (*t < 0 || *t > 2) {
		s.setOutcome(rec, InvalidRequest)
		msg := fmt.Sprintf("Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got %g instead.", *t)
		code := "decimal_above_max_value"
		if *t < 0 {
			msg = fmt.Sprintf("Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got %g instead.", *t)
			code = "decimal_below_min_value"
		}
		writeError(w, http.StatusBadRequest, apiError{Message: msg, Type: "invalid_request_error", Param: "temperature", Code: code})
		return
	}
	prompt, maxTokens := req.Prompt, req.MaxTokens
	cost := prompt + maxTokens
	// A request above the TPM limit, or above what the token bucket can
	// ever hold, can never be admitted.
	if limit := min(float64(s.cfg.TPM), s.cfg.tokenCapacity()); float64(cost) > limit {
		s.setOutcome(rec, TooLarge)
		shown := float64(s.cfg.TPM)
		if float64(cost) <= shown {
			shown = limit
		}
		s.rateHeaders(w.Header(), lim)
		writeError(w, http.StatusTooManyRequests, apiError{
			Message: fmt.Sprintf("Request too large for %s in organization org-bench on tokens per min (TPM): Limit %d, Requested %d. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.", req.Model, int(shown), cost),
			Type:    "tokens",
			Code:    "rate_limit_exceeded",
		})
		return
	}
	if s.cfg.ContextWindow > 0 && prompt > s.cfg.ContextWindow {
		s.setOutcome(rec, ContextLength)
		writeError(w, http.StatusBadRequest, apiError{
			Message: fmt.Sprintf("This model's maximum context length is %d tokens. However, your messages resulted in %d tokens. Please reduce the length of the messages.", s.cfg.ContextWindow, prompt),
			Type:    "invalid_request_error",
			Param:   "messages",
			Code:    "context_length_exceeded",
		})
		return
	}

	if !s.admit(w, rec, lim, req.Model, float64(cost)) {
		return
	}
	if err := sleep(ctx, s.cfg.ServiceTime(maxTokens)); err != nil {
		s.setOutcome(rec, CanceledInFlight)
		return
	}
	s.setOutcome(rec, OK)
	s.mu.Lock()
	s.served++
	id := s.served
	s.mu.Unlock()
	writeCompletion(w, id, req.Model, prompt, maxTokens)
}

// fault injects the attempt's fault, if it draws one, and reports whether
// it answered the request.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, rec *Attempt, lim *limits) bool {
	f := s.cfg.Faults
	if f.total() <= 0 {
		return false
	}
	u := s.draw(rec, saltFault)
	switch {
	case u < f.P500:
		s.setOutcome(rec, Fault500)
		s.rateHeaders(w.Header(), lim)
		writeError(w, http.StatusInternalServerError, apiError{Message: "The server had an error while processing your request. Sorry about that!", Type: "server_error"})
		return true
	case u < f.P500+f.P502:
		s.setOutcome(rec, Fault502)
		writeJSON(w, http.StatusBadGateway, map[string]any{"error": map[string]any{"code": 502, "message": "Bad gateway.", "param": nil, "type": "cf_bad_gateway"}})
		return true
	case u < f.P500+f.P502+f.P503:
		s.setOutcome(rec, Fault503)
		if f.RetryAfter503 > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(ceilSeconds(f.RetryAfter503)))
		}
		s.rateHeaders(w.Header(), lim)
		writeError(w, http.StatusServiceUnavailable, apiError{Message: "The server is overloaded or not ready yet.", Type: "server_error"})
		return true
	case u < f.P500+f.P502+f.P503+f.PReset:
		s.setOutcome(rec, Reset)
		// What a net/http handler does to drop the connection; Transport
		// turns it into "connection reset by peer".
		panic(http.ErrAbortHandler)
	case u < f.total():
		if err := sleep(r.Context(), f.Hang); err != nil {
			s.setOutcome(rec, Hung)
			return true
		}
		// The hang ended before the client gave up: serve normally.
	}
	return false
}

// draw returns the attempt's random number for salt.
func (s *Server) draw(rec *Attempt, salt uint64) float64 {
	if rec.HasLogical {
		return detrand.Float(s.seed, salt, uint64(rec.Logical.Client), uint64(rec.Logical.Seq), uint64(rec.N))
	}
	return detrand.Float(s.seed, salt, math.MaxUint64, uint64(rec.N))
}

func (s *Server) limitsFor(key, model string) *limits {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := limitKey{key, model}
	l := s.limits[k]
	if l == nil {
		now := time.Now()
		l = &limits{
			req:    newBucket(s.cfg.requestCapacity(), s.cfg.RequestRate(), now),
			tok:    newBucket(s.cfg.tokenCapacity(), s.cfg.TokenRate(), now),
			minReq: newBucket(float64(s.cfg.RPM), s.cfg.RequestRate(), now),
			minTok: newBucket(float64(s.cfg.TPM), s.cfg.TokenRate(), now),
		}
		s.limits[k] = l
	}
	return l
}

// epsilon absorbs float rounding, so that a client that waits exactly the
// advertised time is admitted.
const epsilon = 1e-6

// admit takes the request's cost from the buckets, or answers 429 and
// reports false.
func (s *Server) admit(w http.ResponseWriter, rec *Attempt, lim *limits, model string, cost float64) bool {
	now := time.Now()
	s.mu.Lock()
	lim.refill(now)
	if lim.req.level+epsilon >= 1 && lim.tok.level+epsilon >= cost {
		// The minute's buckets hold at least what the enforcing ones
		// do (same refill, larger capacity), so they never refuse.
		lim.req.charge(1, math.Inf(-1))
		lim.tok.charge(cost, math.Inf(-1))
		lim.minReq.charge(1, math.Inf(-1))
		lim.minTok.charge(cost, math.Inf(-1))
		s.setHeadersLocked(w.Header(), lim)
		s.mu.Unlock()
		return true
	}
	kind, b, need, limit, outcome := "requests", lim.req, 1.0, s.cfg.RPM, RateLimitedRequests
	if lim.req.level+epsilon >= 1 {
		kind, b, need, limit, outcome = "tokens", lim.tok, cost, s.cfg.TPM, RateLimitedTokens
	}
	if s.cfg.CountRejected {
		lim.req.charge(1, -s.cfg.DebtFactor*lim.req.capacity)
		lim.minReq.charge(1, -s.cfg.DebtFactor*lim.minReq.capacity)
	}
	wait := b.wait(need)
	used := int(math.Round(b.capacity - b.level))
	s.setHeadersLocked(w.Header(), lim)
	s.mu.Unlock()

	s.setOutcome(rec, outcome)
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(wait))))
	if s.cfg.RetryAfterMs {
		h.Set("retry-after-ms", strconv.FormatInt(ceilMillis(wait), 10))
	}
	unit := "requests per min (RPM)"
	if kind == "tokens" {
		unit = "tokens per min (TPM)"
	}
	writeError(w, http.StatusTooManyRequests, apiError{
		Message: fmt.Sprintf("Rate limit reached for %s in organization org-bench on %s: Limit %d, Used %d, Requested %d. Please try again in %s. Visit https://platform.openai.com/account/rate-limits to learn more.",
			model, unit, limit, used, int(need), FormatDuration(wait)),
		Type: kind,
		Code: "rate_limit_exceeded",
	})
	return false
}

// rateHeaders sets the x-ratelimit-* headers from the buckets' state now.
func (s *Server) rateHeaders(h http.Header, lim *limits) {
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	lim.refill(now)
	s.setHeadersLocked(h, lim)
}

// setHeadersLocked sets the x-ratelimit-* headers the header mode asks
// for; s.mu is held.
func (s *Server) setHeadersLocked(h http.Header, lim *limits) {
	req, tok := lim.minReq, lim.minTok
	switch s.cfg.Headers {
	case None:
		return
	case Enforcing:
		req, tok = lim.req, lim.tok
	}
	h.Set("x-ratelimit-limit-requests", strconv.Itoa(s.cfg.RPM))
	h.Set("x-ratelimit-limit-tokens", strconv.Itoa(s.cfg.TPM))
	if s.cfg.Headers == OnlyLimit {
		return
	}
	h.Set("x-ratelimit-remaining-requests", strconv.Itoa(req.remaining()))
	h.Set("x-ratelimit-remaining-tokens", strconv.Itoa(tok.remaining()))
	h.Set("x-ratelimit-reset-requests", FormatDuration(req.untilFull()))
	h.Set("x-ratelimit-reset-tokens", FormatDuration(tok.untilFull()))
}

// FormatDuration writes d the way OpenAI's reset headers and messages do:
// Go duration syntax at millisecond precision ("1s", "12ms", "6m0s"),
// rounded up so that waiting that long is always enough.
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	return (time.Duration(ceilMillis(d)) * time.Millisecond).String()
}

func ceilMillis(d time.Duration) int64 {
	return int64((d + time.Millisecond - 1) / time.Millisecond)
}

func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// CharsPerToken is how the server estimates a prompt's tokens: one token
// per four characters of message text, rounded up. A workload that wants a
// prompt of n tokens sends n × CharsPerToken characters.
const CharsPerToken = 4

func bearer(r *http.Request) string {
	return strings.TrimSpace(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
}

// redactKey keeps a key's first and last characters, as OpenAI does.
func redactKey(k string) string {
	if len(k) <= 8 {
		return "****"
	}
	return k[:3] + "*****" + k[len(k)-4:]
}

// apiError is the body of an OpenAI error; empty Param and Code are null.
type apiError struct {
	Message, Type, Param, Code string
}

// writeError writes an OpenAI error body. It builds the JSON by hand: the
// storm writes hundreds of thousands of them, and encoding a map costs
// more than the rest of the server.
func writeError(w http.ResponseWriter, status int, e apiError) {
	b := make([]byte, 0, 128+len(e.Message))
	b = append(b, `{"error":{"message":`...)
	b = appendString(b, e.Message)
	b = append(b, `,"type":`...)
	b = appendString(b, e.Type)
	b = append(b, `,"param":`...)
	b = appendNullable(b, e.Param)
	b = append(b, `,"code":`...)
	b = appendNullable(b, e.Code)
	b = append(b, "}}"...)
	writeBody(w, status, b)
}

func appendNullable(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, s)
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	q, err := json.Marshal(s)
	if err != nil { // a string always encodes
		return append(b, `""`...)
	}
	return append(b, q...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":{"message":"fake server: cannot encode reply","type":"server_error","param":null,"code":null}}`)
	}
	writeBody(w, status, data)
}

func writeBody(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// writeCompletion writes a chat.completion object that answers "ok".
func writeCompletion(w http.ResponseWriter, id int, model string, prompt, output int) {
	b := make([]byte, 0, 512)
	b = fmt.Appendf(b, `{"id":"chatcmpl-bench-%d","object":"chat.completion","created":%d,"model":`, id, time.Now().Unix())
	b = appendString(b, model)
	b = fmt.Appendf(b, `,"choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}`,
		prompt, output, prompt+output)
	writeBody(w, http.StatusOK, b)
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
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
