package storm

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
)

// Column is one figure of a run: how to compute it, print it, and which
// direction is worse.
type Column struct {
	Name string
	// Value computes the figure for a run in scenario sc; NaN means it
	// does not apply.
	Value func(sc Scenario, r Run) float64
	// Format prints a value.
	Format func(float64) string
	// LowerIsWorse is true for figures where less is bad (completed,
	// efficiency, fairness).
	LowerIsWorse bool
}

// Worst returns the worst of vals in c's direction, ignoring NaN.
func (c Column) Worst(vals []float64) float64 {
	w := math.NaN()
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
		case math.IsNaN(w):
			w = v
		case c.LowerIsWorse && v < w, !c.LowerIsWorse && v > w:
			w = v
		}
	}
	return w
}

// Median returns the median of vals, ignoring NaN.
func Median(vals []float64) float64 {
	v := slices.DeleteFunc(slices.Clone(vals), math.IsNaN)
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// Columns returns the columns of scenario sc: the common ones, then its
// extras.
func Columns(sc Scenario) []Column {
	return append([]Column{colCompleted, colFailed, col429, col429Share, colWasted, colMakespan, colEfficiency, colP99, colJain}, sc.Extras...)
}

func count(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.0f", f)
}

func seconds(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	switch {
	case f >= 100:
		return fmt.Sprintf("%.0f s", f)
	case f >= 10:
		return fmt.Sprintf("%.1f s", f)
	}
	return fmt.Sprintf("%.2f s", f)
}

func ratio(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.3f", f)
}

func percent(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

func percent1(f float64) string {
	if math.IsNaN(f) {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*f)
}

func secs(d time.Duration) float64 { return d.Seconds() }

// isRateLimit is a 429 for requests or tokens per minute.
func isRateLimit(o fakeopenai.Outcome) bool {
	return o == fakeopenai.RateLimitedRequests || o == fakeopenai.RateLimitedTokens
}

// sent reports whether an attempt left the client.
func sent(a fakeopenai.Attempt) bool { return a.Outcome != fakeopenai.Refused }

var (
	colCompleted = Column{Name: "completed", Format: count, LowerIsWorse: true,
		Value: func(_ Scenario, r Run) float64 { return float64(r.completed()) }}
	colFailed = Column{Name: "failed", Format: count,
		Value: func(_ Scenario, r Run) float64 { return float64(len(r.Requests) - r.completed()) }}
	col429 = Column{Name: "429s", Format: count,
		Value: func(_ Scenario, r Run) float64 {
			return float64(r.countAttempts(func(a fakeopenai.Attempt) bool { return isRateLimit(a.Outcome) }))
		}}
	col429Share = Column{Name: "429 share", Format: percent1,
		Value: func(_ Scenario, r Run) float64 {
			attempts := r.countAttempts(sent)
			if attempts == 0 {
				return math.NaN()
			}
			return float64(r.countAttempts(func(a fakeopenai.Attempt) bool { return isRateLimit(a.Outcome) })) / float64(attempts)
		}}
	colWasted = Column{Name: "other wasted", Format: count,
		Value: func(_ Scenario, r Run) float64 {
			return float64(r.countAttempts(func(a fakeopenai.Attempt) bool {
				return sent(a) && a.Outcome != fakeopenai.OK && !isRateLimit(a.Outcome)
			}))
		}}
	colMakespan = Column{Name: "makespan", Format: seconds,
		Value: func(_ Scenario, r Run) float64 { return secs(r.makespan()) }}
	colEfficiency = Column{Name: "efficiency", Format: ratio, LowerIsWorse: true,
		Value: func(_ Scenario, r Run) float64 {
			if r.Phys <= 0 {
				return math.NaN()
			}
			return r.Phys.Seconds() / r.makespan().Seconds()
		}}
	colP99 = Column{Name: "p99", Format: seconds,
		Value: func(_ Scenario, r Run) float64 {
			lat := make([]float64, len(r.Requests))
			for i, q := range r.Requests {
				lat[i] = secs(q.End - q.Start)
			}
			return quantile(lat, 0.99)
		}}
	colJain = Column{Name: "Jain", Format: ratio, LowerIsWorse: true,
		Value: func(sc Scenario, r Run) float64 { return jain(r.perClient(sc)) }}

	colLeaked = Column{Name: "leaked goroutines", Format: count,
		Value: func(_ Scenario, r Run) float64 { return float64(r.Leaked) }}
	colAddedP99 = Column{Name: "added p99", Format: seconds,
		Value: func(sc Scenario, r Run) float64 {
			lat := make([]float64, len(r.Requests))
			floor := make([]float64, len(r.Requests))
			for i, q := range r.Requests {
				lat[i] = secs(q.End - q.Start)
				floor[i] = secs(2*sc.OneWay + sc.Server.ServiceTime(q.Spec.MaxTokens))
			}
			return quantile(lat, 0.99) - quantile(floor, 0.99)
		}}
	colTokens429 = Column{Name: "429s tokens", Format: count,
		Value: func(_ Scenario, r Run) float64 {
			return float64(r.countAttempts(func(a fakeopenai.Attempt) bool { return a.Outcome == fakeopenai.RateLimitedTokens }))
		}}
	colAttemptsPerReq = Column{Name: "attempts/request", Format: ratio,
		Value: func(_ Scenario, r Run) float64 {
			return float64(r.countAttempts(sent)) / float64(len(r.Requests))
		}}
	colTerminalRetries = Column{Name: "terminal retries", Format: count,
		Value: func(_ Scenario, r Run) float64 { return float64(r.terminalRetries()) }}
	colHitsAfterQuota = Column{Name: "hits after quota", Format: count,
		Value: func(sc Scenario, r Run) float64 {
			return float64(r.countAttempts(func(a fakeopenai.Attempt) bool { return sent(a) && a.Served >= sc.Server.QuotaAt }))
		}}
	colSurface = Column{Name: "quota surfaced in", Format: seconds,
		Value: func(_ Scenario, r Run) float64 { return r.quotaSurface() }}
	colAfterCancel = Column{Name: "attempts after cancel", Format: count,
		Value: func(_ Scenario, r Run) float64 { return float64(r.attemptsAfterCancel()) }}
	colLate = Column{Name: "late return", Format: seconds,
		Value: func(_ Scenario, r Run) float64 {
			late := 0.0
			for _, q := range r.Requests {
				if q.DoneAt >= 0 && q.End > q.DoneAt {
					late = math.Max(late, secs(q.End-q.DoneAt))
				}
			}
			return late
		}}
	colWraps = Column{Name: "deadline errs wrap ctx+API", Format: percent, LowerIsWorse: true,
		Value: func(_ Scenario, r Run) float64 {
			n, ok := 0, 0
			for _, q := range r.Requests {
				if q.ByDeadline && !q.OK && q.End >= q.DoneAt {
					n++
					if q.WrapsDeadline && q.WrapsAPI {
						ok++
					}
				}
			}
			if n == 0 {
				return math.NaN()
			}
			return float64(ok) / float64(n)
		}}
	colAmplification = Column{Name: "amplification", Format: ratio,
		Value: func(sc Scenario, r Run) float64 {
			from, to := sc.Server.OutageFrom, sc.Server.OutageTo
			attempts := r.countAttempts(func(a fakeopenai.Attempt) bool { return sent(a) && a.Served >= from && a.Served < to })
			offered := 0
			for _, q := range r.Requests {
				if q.Start >= from && q.Start < to {
					offered++
				}
			}
			if offered == 0 {
				return math.NaN()
			}
			return float64(attempts) / float64(offered)
		}}
	colRecovery = Column{Name: "first outage request done", Format: seconds,
		Value: func(sc Scenario, r Run) float64 {
			first := math.NaN()
			for _, q := range r.Requests {
				if q.OK && q.Start >= sc.Server.OutageFrom && q.Start < sc.Server.OutageTo {
					d := secs(q.End - sc.Server.OutageTo)
					if math.IsNaN(first) || d < first {
						first = d
					}
				}
			}
			return first
		}}
	colPoolJain = Column{Name: "pool Jain", Format: ratio, LowerIsWorse: true,
		Value: func(sc Scenario, r Run) float64 {
			finish := make([]float64, max(1, sc.Pools))
			for _, q := range r.Requests {
				finish[q.Pool] = math.Max(finish[q.Pool], secs(q.End))
			}
			return jain(finish)
		}}
	colNormalFailed = Column{Name: "normal failed", Format: count,
		Value: func(_ Scenario, r Run) float64 {
			n := 0
			for _, q := range r.Requests {
				if q.Spec.Kind == Normal && !q.OK {
					n++
				}
			}
			return float64(n)
		}}
	colClassOK = Column{Name: "class right", Format: percent, LowerIsWorse: true,
		Value: func(_ Scenario, r Run) float64 {
			n, ok := 0, 0
			for _, q := range r.Requests {
				if q.Spec.Kind != Normal {
					n++
					if !q.OK && q.Class == q.Spec.Kind.Expected() {
						ok++
					}
				}
			}
			if n == 0 {
				return math.NaN()
			}
			return float64(ok) / float64(n)
		}}
)

func (r Run) completed() int {
	n := 0
	for _, q := range r.Requests {
		if q.OK {
			n++
		}
	}
	return n
}

func (r Run) countAttempts(pred func(fakeopenai.Attempt) bool) int {
	n := 0
	for _, a := range r.Attempts {
		if pred(a) {
			n++
		}
	}
	return n
}

func (r Run) makespan() time.Duration {
	var m time.Duration
	for _, q := range r.Requests {
		m = max(m, q.End)
	}
	return m
}

// perClient is what Jain's index is taken over: each client's finish
// time in a closed loop, each client's completed requests in an open
// loop.
func (r Run) perClient(sc Scenario) []float64 {
	x := make([]float64, sc.Clients)
	for _, q := range r.Requests {
		if sc.Arrivals != nil {
			if q.OK {
				x[q.L.Client]++
			}
		} else {
			x[q.L.Client] = math.Max(x[q.L.Client], secs(q.End))
		}
	}
	return x
}

// attemptsOf groups the attempts that left the client by logical
// request, in start order.
func (r Run) attemptsOf() map[fakeopenai.Logical][]fakeopenai.Attempt {
	m := map[fakeopenai.Logical][]fakeopenai.Attempt{}
	for _, a := range r.Attempts {
		if a.HasLogical && sent(a) {
			m[a.Logical] = append(m[a.Logical], a)
		}
	}
	return m
}

// terminalRetries counts attempts made for a logical request after one of
// its attempts got an answer that retrying cannot change (quota, request
// too large, context length, invalid request, 401).
func (r Run) terminalRetries() int {
	n := 0
	for _, as := range r.attemptsOf() {
		var seen bool
		var at time.Duration
		for _, a := range as {
			if seen && a.Start >= at {
				n++
			}
			if !seen && a.Outcome.Terminal() {
				seen, at = true, a.End
			}
		}
	}
	return n
}

// quotaSurface is the longest time from a request's first
// insufficient_quota answer to its return.
func (r Run) quotaSurface() float64 {
	first := map[fakeopenai.Logical]time.Duration{}
	for l, as := range r.attemptsOf() {
		for _, a := range as {
			if a.Outcome == fakeopenai.QuotaExhausted {
				first[l] = a.End
				break
			}
		}
	}
	if len(first) == 0 {
		return math.NaN()
	}
	worst := 0.0
	for _, q := range r.Requests {
		if at, ok := first[q.L]; ok {
			worst = math.Max(worst, secs(q.End-at))
		}
	}
	return worst
}

// attemptsAfterCancel counts attempts (refused ones included: the
// strategy tried) that began after their request's context was done.
func (r Run) attemptsAfterCancel() int {
	done := map[fakeopenai.Logical]time.Duration{}
	for _, q := range r.Requests {
		if q.DoneAt >= 0 {
			done[q.L] = q.DoneAt
		}
	}
	n := 0
	for _, a := range r.Attempts {
		if a.CtxDone {
			n++
			continue
		}
		if at, ok := done[a.Logical]; ok && a.HasLogical && a.Start > at {
			n++
		}
	}
	return n
}

// quantile is the nearest-rank q-quantile of vals.
func quantile(vals []float64, q float64) float64 {
	if len(vals) == 0 {
		return math.NaN()
	}
	v := slices.Clone(vals)
	slices.Sort(v)
	i := int(math.Ceil(q*float64(len(v)))) - 1
	return v[max(0, min(i, len(v)-1))]
}

// jain is Jain's fairness index (Σx)²/(n·Σx²): 1 when all x are equal.
func jain(x []float64) float64 {
	var s, s2 float64
	for _, v := range x {
		s += v
		s2 += v * v
	}
	if s2 == 0 {
		return math.NaN()
	}
	return s * s / (float64(len(x)) * s2)
}
