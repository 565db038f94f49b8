package storm

import (
	"math"
	"time"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
)

// Work lists a run's logical requests with their specs and, in an open
// loop, their arrival times, in a fixed order: client-major for a closed
// loop, arrival order for an open one.
func (sc Scenario) Work(seed uint64) []Arrival {
	if sc.Arrivals != nil {
		return sc.Arrivals(seed)
	}
	out := make([]Arrival, 0, sc.Clients*sc.PerClient)
	for c := 0; c < sc.Clients; c++ {
		for s := 0; s < sc.PerClient; s++ {
			out = append(out, Arrival{L: fakeopenai.Logical{Client: c, Seq: s}})
		}
	}
	return out
}

// PhysicalLimit is a lower bound on the makespan of the work that can
// succeed, computed from the scenario's parameters and seed, never
// measured (reference/resilience.md §9.5). It is the largest of:
//
//   - per rate dimension d (requests, tokens):
//     (W_d − B_d)/r_d + L_last, where W_d is the work of the requests
//     that can succeed, B_d the bucket's capacity, r_d its refill rate
//     and L_last the round trip plus the shortest service time: the
//     buckets start full when the first request arrives, one way after
//     the start, and the last unit of work is admitted no earlier than
//     (W_d − B_d)/r_d after that;
//   - in a closed loop, each client's requests one after the other, each
//     a round trip plus its service time;
//   - in an open loop, each request's arrival (or the outage's end, for
//     one that arrives during it) plus a round trip and its service.
//
// Rejected attempts never lower it; where they take capacity
// (countRejected) the best achievable makespan is higher still. It is 0
// for scenarios marked NoEfficiency.
func (sc Scenario) PhysicalLimit(seed uint64) time.Duration {
	if sc.NoEfficiency {
		return 0
	}
	cfg := sc.Server
	rtt := 2 * sc.OneWay
	var reqs, tokens float64
	minService := time.Duration(math.MaxInt64)
	perClient := map[int]time.Duration{}
	var openBound time.Duration
	for _, a := range sc.Work(seed) {
		spec := sc.Request(seed, a.L)
		if spec.Kind != Normal {
			continue
		}
		service := cfg.ServiceTime(spec.MaxTokens)
		reqs++
		tokens += float64(spec.Cost())
		minService = min(minService, service)
		perClient[a.L.Client] += rtt + service
		if sc.Arrivals != nil {
			start := a.At
			if cfg.OutageTo > cfg.OutageFrom && start >= cfg.OutageFrom && start < cfg.OutageTo {
				start = cfg.OutageTo
			}
			openBound = max(openBound, start+rtt+service)
		}
	}
	if reqs == 0 {
		return 0
	}
	rateBound := func(work, burst, rate float64) time.Duration {
		secs := math.Max(0, (work-burst)/rate)
		return time.Duration(secs*float64(time.Second)) + rtt + minService
	}
	limit := max(
		rateBound(reqs, cfg.RequestBurst(), cfg.RequestRate()),
		rateBound(tokens, cfg.TokenBurst(), cfg.TokenRate()),
		openBound,
	)
	if sc.Arrivals == nil {
		for _, d := range perClient {
			limit = max(limit, d)
		}
	}
	return limit
}
