package core

import "time"

// backoff returns the wait before retry number retry (0 for the first
// retry) when the server named none: full jitter, uniform in
// [0, min(MaxDelay, BaseDelay·2^retry)). Full jitter spreads clients that
// failed together, so they do not come back together. An overloaded server
// gets windows twice as long.
func backoff(p Policy, retry int, class Class) time.Duration {
	if class == Overloaded {
		retry++
	}
	window := p.BaseDelay
	for i := 0; i < retry && window < p.MaxDelay; i++ {
		if window > p.MaxDelay/2 {
			window = p.MaxDelay
			break
		}
		window *= 2
	}
	if window > p.MaxDelay {
		window = p.MaxDelay
	}
	f := p.rand()
	if !(f >= 0 && f < 1) { // also catches NaN from a broken source
		f = 0
	}
	return time.Duration(f * float64(window))
}
