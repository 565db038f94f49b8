package core

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFingerprint(t *testing.T) {
	req := func(host, auth, azure string) *http.Request {
		r, _ := http.NewRequest("POST", "https://"+host+"/v1/chat/completions", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		if azure != "" {
			r.Header.Set("api-key", azure)
		}
		return r
	}
	fp := func(r *http.Request) uint64 {
		f, _ := fingerprint(r)
		return f
	}
	a := fp(req("api.openai.com", "Bearer sk-aaaa", ""))
	if a != fp(req("api.openai.com", "Bearer sk-aaaa", "")) {
		t.Error("the same key and host give different fingerprints")
	}
	for _, other := range []*http.Request{
		req("api.openai.com", "Bearer sk-bbbb", ""),
		req("example.com", "Bearer sk-aaaa", ""),
		req("api.openai.com", "", "sk-aaaa"),
		req("api.openai.com", "", ""),
	} {
		if fp(other) == a {
			t.Errorf("%s %v: same fingerprint as another key or host", other.URL.Host, other.Header)
		}
	}
	if fp(req("x", "", "k1")) == fp(req("x", "", "k2")) {
		t.Error("Azure keys are not told apart")
	}
}

func TestGovernorKeepsNoKey(t *testing.T) {
	const key = "sk-proj-supersecret0123456789"
	g := NewGovernor()
	r, _ := http.NewRequest("POST", "https://api.openai.com/v1/chat/completions", nil)
	r.Header.Set("Authorization", "Bearer "+key)
	f, _ := fingerprint(r)
	ks := g.key(f, time.Now())
	limiterFor(ks, "gpt-4o")
	ks.settle(Auth, errors.New("401"), false, time.Time{}, clockAt(time.Now()))
	dump := fmt.Sprintf("%+v %+v %+v", g, ks, ks.latch)
	for _, l := range ks.models {
		dump += fmt.Sprintf("%+v", l)
	}
	if strings.Contains(dump, "supersecret") {
		t.Errorf("the governor holds the key: %s", dump)
	}
}

func TestLatch(t *testing.T) {
	ks := NewGovernor().key(1, time.Now())
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if l, probe := ks.admit(t0); l != nil || probe {
		t.Fatal("a fresh key is latched")
	}
	quota := errors.New("insufficient_quota")
	ks.settle(QuotaExhausted, quota, false, t0, clockAt(t0))
	l, probe := ks.admit(t0.Add(time.Second))
	if l == nil || probe || l.class != QuotaExhausted || l.err != quota || l.nextProbe != t0.Add(latchProbeInterval) {
		t.Fatalf("after insufficient_quota: latch %+v, probe %v", l, probe)
	}
	// A request sent before the latch and answered well after says
	// nothing about the key now.
	ks.settle(Unknown, nil, true, t0.Add(-time.Second), clockAt(t0.Add(2*time.Second)))
	if l, _ := ks.admit(t0.Add(3 * time.Second)); l == nil {
		t.Fatal("a success of a request sent before the latch cleared it")
	}
	// Failures that say nothing about the key leave it latched.
	ks.settle(Server, errors.New("500"), false, t0.Add(4*time.Second), clockAt(t0.Add(4*time.Second)))
	if l, _ := ks.admit(t0.Add(5 * time.Second)); l == nil {
		t.Fatal("a server error cleared the latch")
	}
	// Once a minute, one call probes; the others still fail fast.
	at := t0.Add(latchProbeInterval)
	if l, probe := ks.admit(at); l != nil || !probe {
		t.Fatalf("at the probe time: latch %+v, probe %v; want the call to probe", l, probe)
	}
	if l, probe := ks.admit(at); l == nil || probe {
		t.Fatal("a second call probed at the same time")
	}
	// The probe fails the same way: latched again, next probe a minute on.
	ks.settle(QuotaExhausted, quota, false, at, clockAt(at))
	if l, probe := ks.admit(at.Add(time.Second)); l == nil || probe {
		t.Fatal("after a failed probe the key must stay latched")
	}
	at = at.Add(latchProbeInterval)
	if _, probe := ks.admit(at); !probe {
		t.Fatal("no probe a minute after the failed one")
	}
	ks.settle(Unknown, nil, true, at, clockAt(at.Add(time.Second)))
	if l, _ := ks.admit(at.Add(2 * time.Second)); l != nil {
		t.Error("a successful probe left the key latched")
	}
	// A probe that got no answer leaves the key latched until the next
	// probe time, when a call may probe again.
	ks.settle(Auth, errors.New("401"), false, at, clockAt(at))
	at = at.Add(latchProbeInterval)
	if _, probe := ks.admit(at); !probe {
		t.Fatal("no probe")
	}
	ks.endProbe()
	if l, probe := ks.admit(at.Add(time.Second)); l == nil || probe {
		t.Errorf("right after a probe without an answer: latch %+v, probe %v; want latched", l, probe)
	}
	if l, probe := ks.admit(at.Add(latchProbeInterval)); l != nil || !probe {
		t.Errorf("a minute after a probe without an answer: latch %+v, probe %v; want a new probe", l, probe)
	}
}

func TestBudget(t *testing.T) {
	ks := NewGovernor().key(1, time.Now())
	retries := 0
	for {
		if _, ok := ks.spend(); !ok {
			break
		}
		retries++
	}
	if retries != budgetCapacity/budgetRetryCost {
		t.Errorf("a full budget paid for %d retries of server errors, want %d", retries, budgetCapacity/budgetRetryCost)
	}
	// Ten first-try successes pay for one more.
	for i := 0; i < budgetRetryCost; i++ {
		ks.earn(0)
	}
	if _, ok := ks.spend(); !ok {
		t.Error("ten successes did not pay for a retry")
	}
	if _, ok := ks.spend(); ok {
		t.Error("the budget paid twice")
	}
	// A retried call that succeeds refunds its retry.
	ks.earn(budgetRetryCost)
	if _, ok := ks.spend(); !ok {
		t.Error("the refund did not pay for a retry")
	}
	for i := 0; i < 10*budgetCapacity; i++ {
		ks.earn(0)
	}
	if got := ks.budget.Load(); got != budgetCapacity {
		t.Errorf("budget %d, want it capped at %d", got, budgetCapacity)
	}
}

func TestGovernorDropsIdleKeys(t *testing.T) {
	g := NewGovernor()
	t0 := time.Now()
	for i := 0; i < maxKeys; i++ {
		g.key(uint64(i), t0)
	}
	latched := g.key(0, t0)
	latched.settle(Auth, errors.New("401"), false, t0, clockAt(t0))
	g.key(uint64(maxKeys), t0.Add(idleLimit+time.Minute))
	if len(g.keys) != 2 {
		t.Errorf("%d keys after the sweep, want the latched one and the new one", len(g.keys))
	}
	var zero Governor // made without NewGovernor
	if zero.key(7, t0) == nil {
		t.Error("a zero Governor does not work")
	}
}

// clockAt is a clock that reads t.
func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

// TestGovernorLastKey: the key found last is found again without the map,
// another key is not mistaken for it, and a key dropped as idle is not
// served from the shortcut.
func TestGovernorLastKey(t *testing.T) {
	g := NewGovernor()
	now := time.Now()
	a := g.key(1, now)
	if g.key(1, now) != a {
		t.Fatal("the same key got two states")
	}
	b := g.key(2, now)
	if b == a || g.key(2, now) != b || g.key(1, now) != a {
		t.Fatal("two keys share a state")
	}
	for fp := uint64(3); len(g.keys) < maxKeys; fp++ {
		g.key(fp, now)
	}
	g.key(1, now) // last
	g.key(1<<40, now.Add(2*idleLimit))
	if g.key(1, now.Add(2*idleLimit)) == a {
		t.Error("a key dropped as idle is still served")
	}
}
