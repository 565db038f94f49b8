// Package overhead measures what a wrapper adds to a call: time as the
// median difference of interleaved rounds of direct and wrapped calls, and
// allocations exactly. The runtimes' benchmarks and allocation tests use
// it, so that both SDKs are measured the same way.
package overhead

import (
	"runtime"
	"runtime/debug"
	"slices"
	"testing"
	"time"
)

// Round is how many calls of each kind a round makes: long enough for the
// clock, short enough that a garbage collection or a noisy neighbour
// spoils few rounds.
const Round = 200

// Measure runs b.N calls of direct and of wrapped, in rounds of Round that
// alternate which goes first, and reports per call the median over rounds
// of wrapped's time minus direct's (overhead-ns/call), the first and third
// quartiles of that difference (q1-ns/call, q3-ns/call), direct's median
// time (direct-ns/call), and the exact differences in allocations
// (overhead-allocs/call) and bytes (overhead-B/call).
//
// A wall-clock difference of two benchmarks run one after the other drifts
// with the machine by more than the overhead being measured; interleaving
// puts the drift on both sides. The garbage collector runs between rounds,
// not in them: a collection costs milliseconds and lands in whichever
// round it likes. The collector's cost of the wrapper's extra bytes is
// therefore not in overhead-ns/call; overhead-B/call shows those bytes.
func Measure(b *testing.B, direct, wrapped func()) {
	b.Helper()
	direct()
	wrapped()
	rounds := max(b.N/Round, 1)
	diffs := make([]float64, 0, rounds)
	directs := make([]float64, 0, rounds)
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	b.ResetTimer()
	for r := range rounds {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		var d, w time.Duration
		if r%2 == 0 {
			d = timeRound(direct)
			w = timeRound(wrapped)
		} else {
			w = timeRound(wrapped)
			d = timeRound(direct)
		}
		diffs = append(diffs, float64(w-d)/Round)
		directs = append(directs, float64(d)/Round)
	}
	b.StopTimer()
	slices.Sort(diffs)
	slices.Sort(directs)
	b.ReportMetric(quantile(diffs, 0.5), "overhead-ns/call")
	b.ReportMetric(quantile(diffs, 0.25), "q1-ns/call")
	b.ReportMetric(quantile(diffs, 0.75), "q3-ns/call")
	b.ReportMetric(quantile(directs, 0.5), "direct-ns/call")
	b.ReportMetric(Allocs(direct, wrapped), "overhead-allocs/call")
	b.ReportMetric(bytesPerCall(wrapped)-bytesPerCall(direct), "overhead-B/call")
}

// bytesPerCall returns the bytes f allocates per call, over 1000 calls.
func bytesPerCall(f func()) float64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 1000 {
		f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / 1000
}

// Allocs returns the allocations per call of wrapped minus those of
// direct, each averaged over 1000 runs.
func Allocs(direct, wrapped func()) float64 {
	return testing.AllocsPerRun(1000, wrapped) - testing.AllocsPerRun(1000, direct)
}

func timeRound(f func()) time.Duration {
	start := time.Now()
	for range Round {
		f()
	}
	return time.Since(start)
}

// quantile returns the q-quantile of sorted, by the nearest rank.
func quantile(sorted []float64, q float64) float64 {
	i := int(q * float64(len(sorted)-1))
	return sorted[i]
}
