//go:build go1.25

// testing/synctest needs Go 1.25; the constraint raises this file's
// language version above the module's. A main module on a go line before
// 1.23 defaults to asynctimerchan=1, under which synctest panics: the test
// binary gets the current timers.

//go:debug asynctimerchan=0

package oaiguard_test

// Pacing, latches and the retry budget, with the real openai-go client.
// The time-heavy tests run in testing/synctest bubbles against the
// in-process rate-limited fake (a loopback server would hang there).

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/oaiguard/oaiguard/runtime/openaigo/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard"
)

func limitedClient(rt http.RoundTripper, opts ...option.RequestOption) openai.Client {
	return openai.NewClient(append([]option.RequestOption{
		option.WithBaseURL("https://api.openai.invalid/v1/"),
		option.WithAPIKey(apiKey),
		option.WithHTTPClient(&http.Client{Transport: rt}),
	}, opts...)...)
}

// storm runs clients × perClient calls, each client one after the other,
// and returns the errors and how long it took.
func storm(ctx context.Context, clients, perClient int, call func(ctx context.Context) error) ([]error, time.Duration) {
	start := time.Now()
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perClient; i++ {
				if err := call(ctx); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errs, time.Since(start)
}

// TestPacingStorm is a small storm: 30 clients of 10 calls each against
// 600 requests a minute enforced per second. Only the blind first burst
// may be rate limited, nothing fails, and the work finishes close to the
// physical limit: (300 - 10) / 10 per second, plus the last call.
func TestPacingStorm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &fakeapi.Limited{RPM: 600, TPM: 10_000_000, Quantum: time.Second, OneWay: 10 * time.Millisecond, Service: 500 * time.Millisecond}
		client := limitedClient(srv)
		ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()}.WithRand(func() float64 { return 0.5 }))
		errs, took := storm(ctx, 30, 10, func(ctx context.Context) error {
			_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
			return err
		})
		st := srv.Stats()
		phys := 29*time.Second + 520*time.Millisecond
		t.Logf("300 calls in %v (physical limit %v), %d rate limited", took, phys, st.RateLimited)
		if len(errs) != 0 {
			t.Fatalf("%d calls failed, the first: %v", len(errs), errs[0])
		}
		if st.OK != 300 || st.RateLimited > 30-10+3 {
			t.Errorf("server: %+v; want 300 admitted and at most the first burst's 20 (+3) rate limited", st)
		}
		if float64(phys)/float64(took) < 0.97 {
			t.Errorf("took %v, efficiency %.3f; want at least 0.97", took, float64(phys)/float64(took))
		}
	})
}

// TestPacingTokens: the token limit binds (12k tokens a minute, requests
// of 100 prompt tokens and 100 output), and is paced too.
func TestPacingTokens(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &fakeapi.Limited{RPM: 60_000, TPM: 12_000 * 10, Quantum: time.Second, OneWay: 10 * time.Millisecond, Service: 300 * time.Millisecond}
		client := limitedClient(srv)
		p := openai.ChatCompletionNewParams{
			Model:     openai.ChatModelGPT4o,
			Messages:  []openai.ChatCompletionMessageParamUnion{openai.UserMessage(strings.Repeat("word", 100))},
			MaxTokens: openai.Int(100),
		}
		ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
		errs, took := storm(ctx, 20, 10, func(ctx context.Context) error {
			_, err := oaiguard.Call(ctx, client.Chat.Completions.New, p)
			return err
		})
		st := srv.Stats()
		// 200 calls of 200 tokens at 2000 tokens/s from a full bucket of 2000.
		phys := 19*time.Second + 320*time.Millisecond
		t.Logf("200 calls in %v (physical limit %v), %d rate limited", took, phys, st.RateLimited)
		if len(errs) != 0 || st.OK != 200 {
			t.Fatalf("%d failed (%v), server %+v", len(errs), errs, st)
		}
		if st.RateLimited > 20 {
			t.Errorf("%d rate limited; want only the blind first burst", st.RateLimited)
		}
		if float64(phys)/float64(took) < 0.95 {
			t.Errorf("efficiency %.3f", float64(phys)/float64(took))
		}
	})
}

// TestRequestTimeoutExcludesTheWait: openai-go's per-attempt timeout
// starts before the request reaches the runtime's middleware; a call
// waiting its turn must not time out for it.
func TestRequestTimeoutExcludesTheWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &fakeapi.Limited{RPM: 60, TPM: 10_000_000, Quantum: time.Second, OneWay: 10 * time.Millisecond, Service: 100 * time.Millisecond}
		client := limitedClient(srv, option.WithRequestTimeout(2*time.Second))
		ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
		// One a second: the tenth call waits about ten seconds.
		errs, _ := storm(ctx, 10, 2, func(ctx context.Context) error {
			_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
			return err
		})
		if len(errs) != 0 {
			t.Fatalf("%d calls failed, the first: %v", len(errs), errs[0])
		}
		if st := srv.Stats(); st.OK != 20 || st.Requests > 20+9 {
			t.Errorf("server %+v; every call must be served, and only the blind first burst rejected", st)
		}
	})
}

// TestLimiterWaitPastDeadline: with one request per 30s, calls with a 5s
// deadline that would have to wait longer return at once, sending
// nothing, and say how long the wait would have been.
func TestLimiterWaitPastDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &fakeapi.Limited{RPM: 2, TPM: 10_000_000, Quantum: 30 * time.Second, OneWay: 10 * time.Millisecond, Service: 100 * time.Millisecond}
		client := limitedClient(srv)
		ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
		if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
			t.Fatal(err)
		}
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := oaiguard.Call(dctx, client.Chat.Completions.New, params)
		if d := time.Since(start); d != 0 {
			t.Errorf("returned after %v, want at once", d)
		}
		e := asError(t, err)
		if e.Class != oaiguard.RateLimited || e.Attempts != 0 || e.RetryAfter < 29*time.Second || e.RetryAfter > 30*time.Second {
			t.Errorf("Error = %+v", e)
		}
		if !strings.Contains(err.Error(), "the rate limiter's wait of") {
			t.Errorf("Error() = %q", err)
		}
		if st := srv.Stats(); st.Requests != 1 {
			t.Errorf("server saw %d requests, want 1", st.Requests)
		}
	})
}

// TestCancelWhileWaitingForTheLimiter: a call canceled in line returns at
// once and never sends.
func TestCancelWhileWaitingForTheLimiter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &fakeapi.Limited{RPM: 2, TPM: 10_000_000, Quantum: 30 * time.Second, OneWay: 10 * time.Millisecond}
		client := limitedClient(srv)
		ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
		if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(3*time.Second, cancel)
		start := time.Now()
		_, err := oaiguard.Call(cctx, client.Chat.Completions.New, params)
		if d := time.Since(start); d != 3*time.Second {
			t.Errorf("returned after %v, want at the cancel, 3s", d)
		}
		if !oaiguard.IsCanceled(err) || !errors.Is(err, context.Canceled) || asError(t, err).Attempts != 0 {
			t.Errorf("err = %v", err)
		}
		synctest.Wait()
		if st := srv.Stats(); st.Requests != 1 {
			t.Errorf("server saw %d requests, want 1: nothing after the cancel", st.Requests)
		}
	})
}

func TestQuotaLatch(t *testing.T) {
	srv, client, _, c := setup(t, fakeapi.QuotaExhausted())
	p := testPolicy(c)
	p.Governor = oaiguard.NewGovernor()
	ctx := oaiguard.WithPolicy(context.Background(), p)
	_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
	if !oaiguard.IsQuotaExhausted(err) || errors.Is(err, oaiguard.ErrLatched) {
		t.Fatalf("first call: %v", err)
	}
	for i := 0; i < 5; i++ {
		_, err = oaiguard.Call(ctx, client.Chat.Completions.New, params)
		e := asError(t, err)
		if !errors.Is(err, oaiguard.ErrLatched) || e.Class != oaiguard.QuotaExhausted || e.Attempts != 0 {
			t.Fatalf("call on the latched key: %+v", e)
		}
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) || apiErr.Code != "insufficient_quota" {
			t.Errorf("the latched error does not wrap the API error: %v", err)
		}
	}
	if srv.Count() != 1 {
		t.Errorf("server saw %d requests, want 1", srv.Count())
	}
	// A minute on, one call probes; it succeeds, and the key is usable.
	c.Sleep(context.Background(), time.Minute)
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil || srv.Count() != 3 {
		t.Errorf("after the probe: %v, %d requests", err, srv.Count())
	}
}

// TestBudgetInOutage: against an outage, retries stop once the budget is
// spent, so the server sees barely more requests than calls.
func TestBudgetInOutage(t *testing.T) {
	srv, client, _, c := setup(t)
	srv.Then = fakeapi.APIError(503, "", "service_unavailable_error", "The server is overloaded")
	p := testPolicy(c)
	p.Governor = oaiguard.NewGovernor()
	ctx := oaiguard.WithPolicy(context.Background(), p)
	const calls = 100
	budget := 0
	for i := 0; i < calls; i++ {
		_, err := oaiguard.Call(ctx, client.Chat.Completions.New, params)
		if !oaiguard.IsOverloaded(err) {
			t.Fatalf("err = %v", err)
		}
		if errors.Is(err, oaiguard.ErrBudgetExhausted) {
			budget++
			var apiErr *openai.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
				t.Errorf("the budget error does not wrap the API error: %v", err)
			}
		}
	}
	if amp := float64(srv.Count()) / calls; amp > 1.1 || budget < calls-10 {
		t.Errorf("%d requests for %d calls (amplification %.2f), %d stopped by the budget", srv.Count(), calls, amp, budget)
	}
	// Successes refill it.
	srv.Then = fakeapi.ChatCompletion()
	for i := 0; i < 20; i++ {
		if _, err := oaiguard.Call(ctx, client.Chat.Completions.New, params); err != nil {
			t.Fatal(err)
		}
	}
	srv.Then = fakeapi.APIError(500, "", "", "once")
	before := srv.Count()
	oaiguard.Call(ctx, client.Chat.Completions.New, params)
	if srv.Count()-before < 2 {
		t.Error("twenty successes did not pay for a retry")
	}
}

func TestOnAttemptEvents(t *testing.T) {
	srv, client, _, c := setup(t, fakeapi.APIError(500, "", "", "down", "X-Request-Id", "req_a"))
	var events []oaiguard.AttemptEvent
	p := testPolicy(c)
	p.Governor = oaiguard.NewGovernor()
	p.OnAttempt = func(e oaiguard.AttemptEvent) { events = append(events, e) }
	if _, err := oaiguard.Call(oaiguard.WithPolicy(context.Background(), p), client.Chat.Completions.New, params); err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 2 || len(events) != 2 {
		t.Fatalf("%d requests, events %+v", srv.Count(), events)
	}
	e1, e2 := events[0], events[1]
	if e1.Attempt != 1 || e1.Status != 500 || e1.Class != oaiguard.Server || e1.Err == nil || e1.Delay <= 0 || e1.RequestID != "req_a" || e1.Model != "gpt-4o" {
		t.Errorf("first event %+v", e1)
	}
	if e2.Attempt != 2 || e2.Status != 200 || e2.Err != nil || e2.Delay != 0 || e2.RequestID != "req_ok" {
		t.Errorf("second event %+v", e2)
	}
}
