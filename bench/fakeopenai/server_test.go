package fakeopenai_test

// These tests drive the real openai-go v3 client through the in-process
// transport, each in a synctest bubble, and check what the server answers.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
)

const (
	key     = "sk-test-0123456789abcdef"
	revoked = "sk-test-revoked-0000000"
	oneWay  = 10 * time.Millisecond
)

// s1 is the storm's S1 server: 600 RPM as 10 per second, tokens ample,
// 1 s of service.
func s1() fakeopenai.Config {
	return fakeopenai.Config{
		RPM: 600, TPM: 6_000_000,
		RequestQuantum: time.Second, TokenQuantum: time.Second,
		BaseLatency: time.Second,
		RevokedKeys: []string{revoked},
	}
}

func newServer(t *testing.T, cfg fakeopenai.Config, seed uint64) *fakeopenai.Server {
	t.Helper()
	srv, err := fakeopenai.New(cfg, seed)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func client(srv *fakeopenai.Server, apiKey string, opts ...option.RequestOption) openai.Client {
	return openai.NewClient(append([]option.RequestOption{
		option.WithAPIKey(apiKey),
		option.WithBaseURL("https://api.openai.invalid/v1/"),
		option.WithHTTPClient(&http.Client{Transport: srv.Transport(oneWay)}),
		option.WithMaxRetries(0),
	}, opts...)...)
}

func params(promptTokens, maxTokens int) openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model:     "gpt-4o-mini",
		Messages:  []openai.ChatCompletionMessageParamUnion{openai.UserMessage(strings.Repeat("x", promptTokens*fakeopenai.CharsPerToken))},
		MaxTokens: openai.Int(int64(maxTokens)),
	}
}

func apiError(t *testing.T, err error) *openai.Error {
	t.Helper()
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("want an *openai.Error, got %v", err)
	}
	return apiErr
}

func TestBurstThenRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.Headers = fakeopenai.Enforcing
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		errs := make([]error, 12)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = c.Chat.Completions.New(context.Background(), params(10, 10))
			})
		}
		wg.Wait()
		var ok, limited int
		var last *openai.Error
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			last = apiError(t, err)
			limited++
		}
		if ok != 10 || limited != 2 {
			t.Fatalf("a bucket of 10 admitted %d and rejected %d of 12 simultaneous requests; want 10 and 2", ok, limited)
		}
		if last.StatusCode != 429 || last.Code != "rate_limit_exceeded" || last.Type != "requests" {
			t.Errorf("429 body: status %d code %q type %q", last.StatusCode, last.Code, last.Type)
		}
		if !strings.Contains(last.Message, "on requests per min (RPM): Limit 600") || !strings.Contains(last.Message, "Please try again in") {
			t.Errorf("429 message: %q", last.Message)
		}
		h := last.Response.Header
		if got := h.Get("Retry-After"); got != "1" {
			t.Errorf("Retry-After = %q, want 1 (0.1 s rounded up)", got)
		}
		if h.Get("retry-after-ms") != "" {
			t.Errorf("retry-after-ms sent with the knob off: %q", h.Get("retry-after-ms"))
		}
		checkRateHeaders(t, h)
		if got := h.Get("x-ratelimit-remaining-requests"); got != "0" {
			t.Errorf("remaining requests = %q, want 0", got)
		}
	})
}

// checkRateHeaders checks that the six headers are there and parse.
func checkRateHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for _, name := range []string{"limit-requests", "limit-tokens", "remaining-requests", "remaining-tokens"} {
		if _, err := strconv.Atoi(h.Get("x-ratelimit-" + name)); err != nil {
			t.Errorf("x-ratelimit-%s = %q: %v", name, h.Get("x-ratelimit-"+name), err)
		}
	}
	for _, name := range []string{"reset-requests", "reset-tokens"} {
		if _, err := time.ParseDuration(h.Get("x-ratelimit-" + name)); err != nil {
			t.Errorf("x-ratelimit-%s = %q is not a Go duration: %v", name, h.Get("x-ratelimit-"+name), err)
		}
	}
}

func TestWaitingTheHintIsEnough(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.RetryAfterMs = true
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		errs := make([]error, 11)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				_, err := c.Chat.Completions.New(context.Background(), params(10, 10))
				if err == nil {
					return
				}
				errs[i] = err
				ms, convErr := strconv.Atoi(apiError(t, err).Response.Header.Get("retry-after-ms"))
				if convErr != nil || ms <= 0 || ms > 1000 {
					t.Errorf("retry-after-ms = %q after the bucket emptied; want 1..1000", apiError(t, err).Response.Header.Get("retry-after-ms"))
					return
				}
				// The hint counts from the server's answer, which took
				// one way to come back: waiting it from here is enough.
				time.Sleep(time.Duration(ms) * time.Millisecond)
				if _, err := c.Chat.Completions.New(context.Background(), params(10, 10)); err != nil {
					t.Errorf("after waiting retry-after-ms (%d ms): %v", ms, err)
				}
			})
		}
		wg.Wait()
		rejected := 0
		for _, err := range errs {
			if err != nil {
				rejected++
			}
		}
		if rejected != 1 {
			t.Errorf("%d of 11 simultaneous requests were rejected, want 1", rejected)
		}
	})
}

func TestHeadersOnSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.Headers = fakeopenai.Enforcing
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		var res *http.Response
		start := time.Now()
		resp, err := c.Chat.Completions.New(context.Background(), params(100, 50), option.WithResponseInto(&res))
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took != time.Second+2*oneWay {
			t.Errorf("a request took %s, want service 1 s + two ways", took)
		}
		if resp.Choices[0].Message.Content != "ok" || resp.Usage.PromptTokens != 100 || resp.Usage.CompletionTokens != 50 {
			t.Errorf("completion: %q, usage %+v", resp.Choices[0].Message.Content, resp.Usage)
		}
		checkRateHeaders(t, res.Header)
		if got := res.Header.Get("x-ratelimit-remaining-requests"); got != "9" {
			t.Errorf("remaining requests = %q, want 9", got)
		}
		if got := res.Header.Get("x-ratelimit-remaining-tokens"); got != strconv.Itoa(100_000-150) {
			t.Errorf("remaining tokens = %q, want %d", got, 100_000-150)
		}
		if got := res.Header.Get("x-ratelimit-reset-requests"); got != "100ms" {
			t.Errorf("reset requests = %q, want 100ms", got)
		}
	})
}

// TestHeaderModes sends a burst of 12 requests (10 fit the enforcing
// bucket of S1) and checks what each mode reports on the last success and
// on a rejection.
func TestHeaderModes(t *testing.T) {
	type want struct {
		// The headers of the last of the 10 admitted, and of a 429;
		// "" means absent.
		okRemaining, okReset, okLimit string
		limitedRemaining              string
	}
	cases := map[fakeopenai.HeaderMode]want{
		// The minute's allowance: 600 less the 10 admitted, full again
		// after 10 requests' refill (1 s). The guide's sample, limit 60,
		// remaining 59, reset 1s, is one request at 60 RPM.
		fakeopenai.PerMinute: {okRemaining: "590", okReset: "1s", okLimit: "600", limitedRemaining: "590"},
		fakeopenai.Enforcing: {okRemaining: "0", okReset: "1s", okLimit: "600", limitedRemaining: "0"},
		fakeopenai.None:      {},
		fakeopenai.OnlyLimit: {okLimit: "600"},
	}
	for mode, w := range cases {
		t.Run(mode.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				cfg := s1()
				cfg.Headers = mode
				srv := newServer(t, cfg, 1)
				c := client(srv, key)
				var mu sync.Mutex
				var oks []http.Header
				var limited []*openai.Error
				var wg sync.WaitGroup
				for i := 0; i < 12; i++ {
					wg.Go(func() {
						var res *http.Response
						_, err := c.Chat.Completions.New(context.Background(), params(10, 10), option.WithResponseInto(&res))
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							limited = append(limited, apiError(t, err))
							return
						}
						oks = append(oks, res.Header)
					})
				}
				wg.Wait()
				if len(oks) != 10 || len(limited) != 2 {
					t.Fatalf("%d admitted, %d rejected; want 10 and 2", len(oks), len(limited))
				}
				// Every success is answered after the same service time:
				// the one with the fewest remaining is the last admitted.
				last := oks[0]
				for _, h := range oks {
					if a, b := h.Get("x-ratelimit-remaining-requests"), last.Get("x-ratelimit-remaining-requests"); len(a) < len(b) || len(a) == len(b) && a < b {
						last = h
					}
				}
				// Headers are read when the answer is written, after the
				// service time of 1 s: the buckets have refilled by then.
				// Read them at the rejection instead, which is immediate.
				lim := limited[0].Response.Header
				if got := lim.Get("x-ratelimit-remaining-requests"); got != w.limitedRemaining {
					t.Errorf("429: remaining-requests = %q, want %q", got, w.limitedRemaining)
				}
				if got := lim.Get("x-ratelimit-reset-requests"); got != w.okReset {
					t.Errorf("429: reset-requests = %q, want %q", got, w.okReset)
				}
				if got := lim.Get("x-ratelimit-limit-requests"); got != w.okLimit {
					t.Errorf("429: limit-requests = %q, want %q", got, w.okLimit)
				}
				if got := lim.Get("x-ratelimit-limit-tokens"); (got != "") != (w.okLimit != "") {
					t.Errorf("429: limit-tokens = %q", got)
				}
				if lim.Get("Retry-After") == "" {
					t.Errorf("429 without Retry-After")
				}
				if got := last.Get("x-ratelimit-limit-requests"); got != w.okLimit {
					t.Errorf("success: limit-requests = %q, want %q", got, w.okLimit)
				}
				if w.okRemaining != "" {
					checkRateHeaders(t, last)
				} else if got := last.Get("x-ratelimit-remaining-requests") + last.Get("x-ratelimit-reset-tokens"); got != "" {
					t.Errorf("success: remaining/reset headers in mode %s: %q", mode, got)
				}
			})
		})
	}
}

func TestTokenLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.TPM = 60_000 // 1000 tokens a second, bucket of 1000
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { _, errs[i] = c.Chat.Completions.New(context.Background(), params(500, 300)) })
		}
		wg.Wait()
		err := errs[0]
		if err == nil {
			err = errs[1]
		}
		e := apiError(t, err)
		if e.StatusCode != 429 || e.Type != "tokens" || e.Code != "rate_limit_exceeded" {
			t.Errorf("second request: status %d type %q code %q, want a tokens 429", e.StatusCode, e.Type, e.Code)
		}
		_, err = c.Chat.Completions.New(context.Background(), params(100, 70_000))
		e = apiError(t, err)
		if e.StatusCode != 429 || !strings.HasPrefix(e.Message, "Request too large for gpt-4o-mini") || !strings.Contains(e.Message, "Limit 60000, Requested 70100") {
			t.Errorf("request above TPM: status %d message %q", e.StatusCode, e.Message)
		}
	})
}

func TestCountRejectedGoesIntoDebt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.CountRejected, cfg.DebtFactor = true, 1
		cfg.Headers = fakeopenai.Enforcing
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		errs := make([]error, 41)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { _, errs[i] = c.Chat.Completions.New(context.Background(), params(10, 10)) })
		}
		wg.Wait()
		// 10 are admitted; each of the 31 rejections takes a request,
		// down to the floor of -10. A rejection at the floor is 11
		// requests of refill (1.1 s) from the next admission: Retry-After
		// 2; and 20 requests (2 s) from a full bucket.
		hints := map[string]int{}
		resets := map[string]int{}
		for _, err := range errs {
			if err != nil {
				h := apiError(t, err).Response.Header
				hints[h.Get("Retry-After")]++
				resets[h.Get("x-ratelimit-reset-requests")]++
			}
		}
		if hints["1"]+hints["2"] != 31 || hints["2"] != 22 {
			t.Errorf("Retry-After of the 31 rejections: %v; want 9 × 1 then 22 × 2 at the floor", hints)
		}
		if resets["2s"] != 22 {
			t.Errorf("reset-requests of the rejections: %v; want 22 × 2s at the floor", resets)
		}
	})
}

func TestTerminalReplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.ContextWindow = 1000
		srv := newServer(t, cfg, 1)
		ctx := context.Background()

		bad, good := client(srv, revoked), client(srv, key)
		_, err := bad.Chat.Completions.New(ctx, params(10, 10))
		if e := apiError(t, err); e.StatusCode != 401 || e.Code != "invalid_api_key" || strings.Contains(e.Message, revoked) {
			t.Errorf("revoked key: status %d code %q message %q", e.StatusCode, e.Code, e.Message)
		}
		_, err = good.Chat.Completions.New(ctx, params(1001, 10))
		if e := apiError(t, err); e.StatusCode != 400 || e.Code != "context_length_exceeded" || e.Param != "messages" {
			t.Errorf("long prompt: status %d code %q param %q", e.StatusCode, e.Code, e.Param)
		}
		p := params(10, 10)
		p.Temperature = openai.Float(5)
		_, err = good.Chat.Completions.New(ctx, p)
		if e := apiError(t, err); e.StatusCode != 400 || e.Type != "invalid_request_error" || e.Param != "temperature" {
			t.Errorf("temperature 5: status %d type %q param %q", e.StatusCode, e.Type, e.Param)
		}
		outcomes := outcomesOf(srv.Attempts())
		want := []fakeopenai.Outcome{fakeopenai.Unauthorized, fakeopenai.ContextLength, fakeopenai.InvalidRequest}
		if fmt.Sprint(outcomes) != fmt.Sprint(want) {
			t.Errorf("recorded outcomes %v, want %v", outcomes, want)
		}
	})
}

func TestQuotaAndOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.OutageFrom, cfg.OutageTo = 10*time.Second, 20*time.Second
		cfg.QuotaAt, cfg.QuotaRetryAfter, cfg.QuotaRetryAfterP = 30*time.Second, 7*time.Second, 1
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		ctx := context.Background()
		if _, err := c.Chat.Completions.New(ctx, params(10, 10)); err != nil {
			t.Fatalf("before the outage: %v", err)
		}
		time.Sleep(10 * time.Second)
		_, err := c.Chat.Completions.New(ctx, params(10, 10))
		if e := apiError(t, err); e.StatusCode != 503 {
			t.Errorf("in the outage: status %d", e.StatusCode)
		}
		time.Sleep(10 * time.Second)
		if _, err := c.Chat.Completions.New(ctx, params(10, 10)); err != nil {
			t.Errorf("after the outage: %v", err)
		}
		time.Sleep(10 * time.Second)
		_, err = c.Chat.Completions.New(ctx, params(10, 10))
		e := apiError(t, err)
		if e.StatusCode != 429 || e.Code != "insufficient_quota" || e.Type != "insufficient_quota" {
			t.Errorf("after quota: status %d code %q type %q", e.StatusCode, e.Code, e.Type)
		}
		if got := e.Response.Header.Get("Retry-After"); got != "7" {
			t.Errorf("quota Retry-After = %q, want 7", got)
		}
	})
}

func TestResetAndHang(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := s1()
		cfg.Faults = fakeopenai.Faults{PReset: 1}
		srv := newServer(t, cfg, 1)
		c := client(srv, key)
		_, err := c.Chat.Completions.New(context.Background(), params(10, 10))
		if err == nil || !strings.Contains(err.Error(), "connection reset by peer") {
			t.Errorf("reset: got %v, want a connection reset", err)
		}

		cfg.Faults = fakeopenai.Faults{PHang: 1, Hang: 10 * time.Minute}
		srv = newServer(t, cfg, 1)
		start := time.Now()
		c = client(srv, key, option.WithRequestTimeout(30*time.Second))
		_, err = c.Chat.Completions.New(context.Background(), params(10, 10))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("hang: got %v, want the request timeout", err)
		}
		if took := time.Since(start); took != 30*time.Second {
			t.Errorf("hang returned after %s, want the 30 s timeout", took)
		}
		if got := outcomesOf(srv.Attempts()); len(got) != 1 || got[0] != fakeopenai.Hung {
			t.Errorf("hang recorded as %v", got)
		}
	})
}

// TestFaultsFollowTheSeed checks that the n-th attempt of a logical
// request meets the same fault whatever the order of requests, and that
// another seed gives other faults.
func TestFaultsFollowTheSeed(t *testing.T) {
	run := func(seed uint64, reverse bool) []fakeopenai.Outcome {
		var out []fakeopenai.Outcome
		synctest.Test(t, func(t *testing.T) {
			cfg := s1()
			cfg.RPM, cfg.TPM = 600_000, 600_000_000
			cfg.Faults = fakeopenai.Faults{P500: 0.3, P503: 0.2}
			srv := newServer(t, cfg, seed)
			c := client(srv, key)
			for i := range 40 {
				seq := i
				if reverse {
					seq = 39 - i
				}
				ctx := fakeopenai.WithLogical(context.Background(), fakeopenai.Logical{Client: 1, Seq: seq})
				_, _ = c.Chat.Completions.New(ctx, params(10, 10))
			}
			byLogical := map[int]fakeopenai.Outcome{}
			for _, a := range srv.Attempts() {
				if !a.HasLogical || a.N != 1 {
					t.Fatalf("attempt %+v: want one first attempt per logical request", a)
				}
				byLogical[a.Logical.Seq] = a.Outcome
			}
			for seq := range 40 {
				out = append(out, byLogical[seq])
			}
		})
		return out
	}
	a, b, c := run(1, false), run(1, true), run(2, false)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("same seed, other order: faults differ:\n%v\n%v", a, b)
	}
	if fmt.Sprint(a) == fmt.Sprint(c) {
		t.Errorf("seeds 1 and 2 gave the same 40 outcomes: %v", a)
	}
	faults := 0
	for _, o := range a {
		if o != fakeopenai.OK {
			faults++
		}
	}
	if faults < 8 || faults > 32 {
		t.Errorf("%d of 40 attempts faulted at p = 0.5", faults)
	}
}

func TestRefusedAfterCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t, s1(), 1)
		ctx, cancel := context.WithCancel(fakeopenai.WithLogical(context.Background(), fakeopenai.Logical{Client: 3, Seq: 4}))
		cancel()
		c := client(srv, key)
		_, err := c.Chat.Completions.New(ctx, params(10, 10))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
		as := srv.Attempts()
		if len(as) != 1 || as[0].Outcome != fakeopenai.Refused || !as[0].CtxDone || as[0].Logical != (fakeopenai.Logical{Client: 3, Seq: 4}) {
			t.Errorf("attempts %+v, want one refused attempt of client 3's request 4", as)
		}
	})
}

func TestStopAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t, s1(), 1)
		stops := 0
		srv.StopAfter(3, func() { stops++ })
		c := client(srv, key)
		for range 5 {
			_, _ = c.Chat.Completions.New(context.Background(), params(10, 10))
		}
		if stops != 1 {
			t.Errorf("stop called %d times, want once", stops)
		}
	})
}

func TestValidate(t *testing.T) {
	bad := map[string]fakeopenai.Config{
		"no limits":         {RequestQuantum: time.Second, TokenQuantum: time.Second},
		"no quantum":        {RPM: 600, TPM: 1000},
		"bucket below one":  {RPM: 30, TPM: 1000, RequestQuantum: time.Second, TokenQuantum: time.Second},
		"faults above one":  {RPM: 600, TPM: 1000, RequestQuantum: time.Second, TokenQuantum: time.Second, Faults: fakeopenai.Faults{P500: 0.7, P503: 0.7}},
		"hang without time": {RPM: 600, TPM: 1000, RequestQuantum: time.Second, TokenQuantum: time.Second, Faults: fakeopenai.Faults{PHang: 0.1}},
		"outage backwards":  {RPM: 600, TPM: 1000, RequestQuantum: time.Second, TokenQuantum: time.Second, OutageFrom: 2 * time.Second, OutageTo: time.Second},
	}
	for name, cfg := range bad {
		if _, err := fakeopenai.New(cfg, 1); err == nil {
			t.Errorf("%s: New accepted %+v", name, cfg)
		}
	}
	if _, err := fakeopenai.New(s1(), 1); err != nil {
		t.Errorf("S1's config: %v", err)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "0s",
		time.Nanosecond:         "1ms",
		12 * time.Millisecond:   "12ms",
		1500 * time.Microsecond: "2ms",
		time.Second:             "1s",
		6 * time.Minute:         "6m0s",
		-time.Second:            "0s",
	} {
		if got := fakeopenai.FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

func outcomesOf(as []fakeopenai.Attempt) []fakeopenai.Outcome {
	out := make([]fakeopenai.Outcome, len(as))
	for i, a := range as {
		out[i] = a.Outcome
	}
	return out
}
