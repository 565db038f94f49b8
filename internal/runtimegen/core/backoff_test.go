package core

import (
	"math"
	"testing"
	"time"
)

func TestBackoffWindows(t *testing.T) {
	p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	p.rand = func() float64 { return 0.5 }
	want := []time.Duration{50, 100, 200, 400, 500, 500} // ms: half of 100, 200, 400, 800, 1000, 1000
	for i, w := range want {
		if got := backoff(p, i, RateLimited); got != w*time.Millisecond {
			t.Errorf("retry %d: %v, want %v", i, got, w*time.Millisecond)
		}
	}
	if got := backoff(p, 0, Overloaded); got != 100*time.Millisecond {
		t.Errorf("overloaded first retry: %v, want the doubled window's half, 100ms", got)
	}
}

func TestBackoffFullJitter(t *testing.T) {
	p := Policy{BaseDelay: time.Second, MaxDelay: 8 * time.Second}
	p.rand = func() float64 { return 0 }
	if got := backoff(p, 3, Server); got != 0 {
		t.Errorf("rand 0: %v, want 0 (full jitter starts at zero)", got)
	}
	p.rand = func() float64 { return math.Nextafter(1, 0) }
	if got := backoff(p, 3, Server); got >= 8*time.Second || got < 7*time.Second {
		t.Errorf("rand ~1: %v, want just under the 8s window", got)
	}
	for _, bad := range []float64{math.NaN(), -1, 1, math.Inf(1)} {
		p.rand = func() float64 { return bad }
		if got := backoff(p, 1, Server); got != 0 {
			t.Errorf("rand %v: %v, want 0", bad, got)
		}
	}
}

func TestBackoffNoOverflow(t *testing.T) {
	p := Policy{BaseDelay: time.Duration(math.MaxInt64 / 3), MaxDelay: time.Duration(math.MaxInt64)}
	p.rand = func() float64 { return 0.5 }
	for _, n := range []int{0, 1, 2, 10, 1000} {
		if got := backoff(p, n, Overloaded); got < 0 {
			t.Errorf("retry %d: negative wait %v", n, got)
		}
	}
}
