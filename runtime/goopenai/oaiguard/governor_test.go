//go:build go1.25

// testing/synctest needs Go 1.25; the constraint raises this file's
// language version above the module's. A main module on a go line before
// 1.23 defaults to asynctimerchan=1, under which synctest panics: the test
// binary gets the current timers.

//go:debug asynctimerchan=0

package oaiguard_test

// Pacing, latches and the retry budget, with the real go-openai client.
// They need the runtime's transport: without it, Call only retries.

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sashabaranov/go-openai"

	"github.com/oaiguard/oaiguard/runtime/goopenai/internal/fakeapi"
	"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
)

// TestPacingStorm: 30 clients of 10 calls against 600 requests a minute
// enforced per second, through HTTPClient over the in-process fake. Its
// Timeout of 2s must not run while calls wait their turn (up to 30s).
func TestPacingStorm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := &fakeapi.Limited{RPM: 600, TPM: 10_000_000, Quantum: time.Second, OneWay: 10 * time.Millisecond, Service: 500 * time.Millisecond}
		cfg := openai.DefaultConfig(apiKey)
		cfg.BaseURL = "https://api.openai.invalid/v1"
		cfg.HTTPClient = oaiguard.HTTPClient(&http.Client{Transport: srv, Timeout: 2 * time.Second})
		client := openai.NewClientWithConfig(cfg)
		ctx := oaiguard.WithPolicy(context.Background(), oaiguard.Policy{Governor: oaiguard.NewGovernor()})
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var errs []error
		for c := 0; c < 30; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); err != nil {
						mu.Lock()
						errs = append(errs, err)
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		took := time.Since(start)
		st := srv.Stats()
		phys := 29*time.Second + 520*time.Millisecond
		t.Logf("300 calls in %v (physical limit %v), %d rate limited", took, phys, st.RateLimited)
		if len(errs) != 0 {
			t.Fatalf("%d calls failed, the first: %v", len(errs), errs[0])
		}
		if st.OK != 300 || st.RateLimited > 30-10+3 {
			t.Errorf("server %+v", st)
		}
		if float64(phys)/float64(took) < 0.97 {
			t.Errorf("efficiency %.3f", float64(phys)/float64(took))
		}
	})
}

func TestQuotaLatch(t *testing.T) {
	srv, client, _, c := setup(t, true, fakeapi.QuotaExhausted())
	p := testPolicy(c)
	p.Governor = oaiguard.NewGovernor()
	ctx := oaiguard.WithPolicy(context.Background(), p)
	if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); !oaiguard.IsQuotaExhausted(err) {
		t.Fatalf("first call: %v", err)
	}
	_, err := oaiguard.Call(ctx, client.CreateChatCompletion, req)
	e := asError(t, err)
	if !errors.Is(err, oaiguard.ErrLatched) || e.Class != oaiguard.QuotaExhausted || e.Attempts != 0 || srv.Count() != 1 {
		t.Fatalf("call on the latched key: %+v, %d requests", e, srv.Count())
	}
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "insufficient_quota" {
		t.Errorf("the latched error does not wrap the API error: %v", err)
	}
}

// Without the transport there is no key to latch: each call is tried.
func TestNoLatchWithoutTransport(t *testing.T) {
	srv, client, _, c := setup(t, false)
	srv.Then = fakeapi.QuotaExhausted()
	p := testPolicy(c)
	p.Governor = oaiguard.NewGovernor()
	ctx := oaiguard.WithPolicy(context.Background(), p)
	for i := 0; i < 3; i++ {
		if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); !oaiguard.IsQuotaExhausted(err) || errors.Is(err, oaiguard.ErrLatched) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if srv.Count() != 3 {
		t.Errorf("server saw %d requests, want 3", srv.Count())
	}
}

func TestBudgetInOutage(t *testing.T) {
	srv, client, _, c := setup(t, true)
	srv.Then = fakeapi.APIError(503, "", "service_unavailable_error", "The server is overloaded")
	p := testPolicy(c)
	p.Governor = oaiguard.NewGovernor()
	ctx := oaiguard.WithPolicy(context.Background(), p)
	const calls = 50
	for i := 0; i < calls; i++ {
		if _, err := oaiguard.Call(ctx, client.CreateChatCompletion, req); !oaiguard.IsOverloaded(err) {
			t.Fatalf("err = %v", err)
		}
	}
	if srv.Count() > calls+10 {
		t.Errorf("%d requests for %d calls: the budget did not stop the retries", srv.Count(), calls)
	}
}
