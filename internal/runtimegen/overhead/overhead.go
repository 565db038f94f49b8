// Package overhead measures what a wrapper adds to a call: time as the
// median difference over many pairs of direct and wrapped calls, and
// allocations exactly. The runtimes' benchmarks and allocation tests use
// it, so that both SDKs are measured the same way.
package overhead

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// Measure runs b.N pairs of calls, direct and wrapped, each call timed on
// its own and the order within a pair alternating, and reports per call
// the median over pairs of wrapped's time minus direct's
// (overhead-ns/call), the first and third quartiles of that difference
// (q1-ns/call, q3-ns/call), its mean without the 10% at each end
// (mean-overhead-ns/call), direct's median time (direct-ns/call), and the
// exact differences in allocations (overhead-allocs/call) and bytes
// (overhead-B/call).
//
// The difference of two benchmarks run one after the other drifts with the
// machine by more than the overhead being measured: a noisy neighbour, a
// timer interrupt or a garbage collection lands on one side. Pairing
// single calls puts the drift on both sides, and the median (or the
// trimmed mean) of many pairs sets aside the pairs that an interruption
// spoiled. The collector runs as it would in a program, so the cost of the
// wrapper's extra bytes is in the pairs it lands in; overhead-B/call shows
// those bytes.
func Measure(b *testing.B, direct, wrapped func()) {
	b.Helper()
	direct()
	wrapped()
	diffs := make([]float64, 0, b.N)
	directs := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var d, w time.Duration
		if i%2 == 0 {
			d = timeCall(direct)
			w = timeCall(wrapped)
		} else {
			w = timeCall(wrapped)
			d = timeCall(direct)
		}
		diffs = append(diffs, float64(w-d))
		directs = append(directs, float64(d))
	}
	b.StopTimer()
	slices.Sort(diffs)
	b.ReportMetric(trimmedMean(diffs, 0.10), "mean-overhead-ns/call")
	slices.Sort(directs)
	b.ReportMetric(quantile(diffs, 0.5), "overhead-ns/call")
	b.ReportMetric(quantile(diffs, 0.25), "q1-ns/call")
	b.ReportMetric(quantile(diffs, 0.75), "q3-ns/call")
	b.ReportMetric(quantile(directs, 0.5), "direct-ns/call")
	b.ReportMetric(Allocs(direct, wrapped), "overhead-allocs/call")
	b.ReportMetric(bytesPerCall(wrapped)-bytesPerCall(direct), "overhead-B/call")
}

// CheckAllocs fails t when wrapped allocates more than most objects per
// call beyond direct. It skips under the race detector, which drops pooled
// objects on purpose.
func CheckAllocs(t *testing.T, direct, wrapped func(), most float64) {
	t.Helper()
	if raceEnabled {
		t.Skip("the race detector drops pooled objects on purpose; allocations are counted without -race")
	}
	if extra := Allocs(direct, wrapped); extra > most {
		t.Errorf("the wrapped call allocates %v objects per call beyond the direct one, want at most %v", extra, most)
	}
}

// Allocs returns the allocations per call of wrapped minus those of
// direct, each averaged over 1000 runs.
func Allocs(direct, wrapped func()) float64 {
	return testing.AllocsPerRun(1000, wrapped) - testing.AllocsPerRun(1000, direct)
}

func timeCall(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// trimmedMean returns the mean of sorted without the share trim at each
// end: the calls that a preemption of the process (milliseconds, on a
// shared machine) or a stop of the world lengthened, which land on either
// side of a pair and would swamp the mean of 100,000 differences.
func trimmedMean(sorted []float64, trim float64) float64 {
	k := int(trim * float64(len(sorted)))
	kept := sorted[k : len(sorted)-k]
	if len(kept) == 0 {
		return 0
	}
	var sum float64
	for _, v := range kept {
		sum += v
	}
	return sum / float64(len(kept))
}

// quantile returns the q-quantile of sorted, by the nearest rank.
func quantile(sorted []float64, q float64) float64 {
	i := int(q * float64(len(sorted)-1))
	return sorted[i]
}

// bytesPerCall returns the bytes f allocates per call, over 1000 calls.
func bytesPerCall(f func()) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 1000; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / 1000
}
