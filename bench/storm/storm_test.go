//go:debug randseednop=0

package storm

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
	"github.com/oaiguard/oaiguard/bench/strategy"
)

var (
	full       = flag.Bool("storm.full", false, "run the full storm: every scenario and strategy, -storm.reps repetitions each, and check the targets")
	reps       = flag.Int("storm.reps", 21, "repetitions per cell in the full storm (seeds 1..reps)")
	only       = flag.String("storm.scenarios", "", "comma-separated scenario IDs to run (default all)")
	strategies = flag.String("storm.strategies", "", "comma-separated strategy names to run (default all)")
	out        = flag.String("storm.out", "", "also write the Markdown report to this file")
	headers    = flag.String("storm.headers", "", "comma-separated header modes of the fake server to run every scenario under (default all: perminute,enforcing,none,onlylimit)")
	parallel   = flag.Int("storm.parallel", 2, "runs at a time; 1 also seeds the process-wide random sources (math/rand, crypto/rand), which parallel runs would share")
)

// TestStorm is the storm benchmark. Without -storm.full it does nothing
// (TestStormSmoke covers the harness in every go test run); with it, it
// prints per scenario the median and worst tables and the targets, and
// fails when a target of ours is missed.
func TestStorm(t *testing.T) {
	if !*full {
		t.Skip("the full storm runs with -storm.full")
	}
	if *reps < 1 {
		t.Fatalf("-storm.reps must be at least 1, got %d", *reps)
	}
	scs, err := pickScenarios(*only)
	if err != nil {
		t.Fatal(err)
	}
	sts, err := pickStrategies(*strategies)
	if err != nil {
		t.Fatal(err)
	}
	modes, err := pickModes(*headers)
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	w := io.MultiWriter(os.Stdout, &report)
	wall := time.Now()
	fmt.Fprintf(w, "# Storm benchmark: %d header modes × %d scenarios × %d strategies × %d runs\n", len(modes), len(scs), len(sts), *reps)
	seeded := *parallel <= 1
	if seeded {
		fmt.Fprintf(w, "\nRuns one at a time; seeds 1..%d drive the server, the workload, oaiguard's jitter, math/rand's and crypto/rand's global sources.\n", *reps)
	} else {
		fmt.Fprintf(w, "\n%d runs at a time; seeds 1..%d drive the server, the workload and oaiguard's jitter (the process-wide math/rand and crypto/rand sources stay unseeded: -storm.parallel 1 seeds them).\n", *parallel, *reps)
	}
	fmt.Fprintf(w, "\nStrategies:\n\n")
	for _, st := range sts {
		fmt.Fprintf(w, "- **%s**: %s\n", st.Name, st.Doc)
	}
	// The runs allocate a lot and keep little; collecting less often
	// saves a fifth of the time.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	var targets []Target
	summaries := map[fakeopenai.HeaderMode]map[string][]Cell{}
	for _, mode := range modes {
		fmt.Fprintf(w, "\n## Header mode %s\n", mode)
		cells := map[string][]Cell{}
		for _, base := range scs {
			sc := base.WithHeaders(mode)
			scWall := time.Now()
			runs := make([][]Run, len(sts))
			var jobs []func()
			for j, st := range sts {
				if sc.Store && !strategy.UsesStore(st.Name) {
					continue // the same as without the store
				}
				runs[j] = make([]Run, *reps)
				for i := range runs[j] {
					jobs = append(jobs, func() { runs[j][i] = RunOnce(t, sc, st, uint64(i+1), seeded) })
				}
			}
			runJobs(jobs, *parallel)
			for j, st := range sts {
				if runs[j] == nil {
					continue
				}
				cells[sc.ID] = append(cells[sc.ID], NewCell(sc, st.Name, runs[j]))
			}
			WriteTable(w, cells[sc.ID], true)
			WriteTable(w, cells[sc.ID], false)
			fmt.Fprintf(w, "\n(%s %s: %s wall)\n", mode, sc.ID, time.Since(scWall).Round(time.Millisecond))
		}
		summaries[mode] = cells
		targets = append(targets, CheckTargets(mode, cells)...)
	}
	fmt.Fprintf(w, "\n## Summary per header mode\n")
	for _, mode := range modes {
		WriteSummary(w, mode, summaries[mode])
	}
	pass := WriteTargets(w, targets)
	fmt.Fprintf(w, "\nWall time of the storm: %s on %d CPUs.\n", time.Since(wall).Round(time.Second), runtimeCPUs())
	if *out != "" {
		if err := os.WriteFile(*out, report.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}
	if !pass {
		t.Error("a runtime misses targets; see the FAIL lines above")
	}
}

func pickModes(names string) ([]fakeopenai.HeaderMode, error) {
	if names == "" {
		return fakeopenai.HeaderModes(), nil
	}
	var out []fakeopenai.HeaderMode
	for _, n := range strings.Split(names, ",") {
		m, err := fakeopenai.ParseHeaderMode(strings.TrimSpace(n))
		if err != nil {
			return nil, fmt.Errorf("-storm.headers: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// runJobs runs jobs, n at a time.
func runJobs(jobs []func(), n int) {
	next := make(chan func())
	var wg sync.WaitGroup
	for range max(1, n) {
		wg.Go(func() {
			for job := range next {
				job()
			}
		})
	}
	for _, job := range jobs {
		next <- job
	}
	close(next)
	wg.Wait()
}

func pickScenarios(ids string) ([]Scenario, error) {
	all := Scenarios()
	if ids == "" {
		return all, nil
	}
	var out []Scenario
	for _, id := range strings.Split(ids, ",") {
		id = strings.TrimSpace(id)
		i := slices.IndexFunc(all, func(s Scenario) bool { return strings.EqualFold(s.ID, id) })
		if i < 0 {
			return nil, fmt.Errorf("-storm.scenarios: no scenario %q (have S0..S9, S8x4, S8x4c, S8x8, S8x4s, S8x8s)", id)
		}
		out = append(out, all[i])
	}
	return out, nil
}

func pickStrategies(names string) ([]strategy.Strategy, error) {
	if names == "" {
		return strategy.All(), nil
	}
	var out []strategy.Strategy
	for _, n := range strings.Split(names, ",") {
		s, ok := strategy.ByName(strings.TrimSpace(n))
		if !ok {
			var have []string
			for _, s := range strategy.All() {
				have = append(have, s.Name)
			}
			return nil, fmt.Errorf("-storm.strategies: no strategy %q (have %s)", n, strings.Join(have, ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

func runtimeCPUs() int { return runtime.GOMAXPROCS(0) }

// TestStormSmoke runs a few cells in every go test run (S8x8s through
// the store among them) and checks what must hold whatever the
// strategies do: the harness's accounting, the
// physical limit as a true lower bound, the server never admitting more
// than its bucket, no-retry's arithmetic, and the cancellation metrics
// catching a sleep that ignores its context.
func TestStormSmoke(t *testing.T) {
	if *full {
		t.Skip("the full storm runs instead")
	}
	sc := S1()
	for _, name := range []string{strategy.NoRetry, "openai-go default", "aws adaptive", strategy.Ours} {
		st := mustStrategy(t, name)
		for seed := uint64(1); seed <= 2; seed++ {
			r := RunOnce(t, sc, st, seed, true)
			checkRun(t, sc, r)
			checkAdmissions(t, sc, r)
			if r.Phys <= 0 {
				t.Fatalf("S1 has no physical limit")
			}
			if failed := value(sc, r, "failed"); failed == 0 && r.makespan() < r.Phys {
				t.Errorf("%s seed %d: makespan %s beat the physical limit %s", name, seed, r.makespan(), r.Phys)
			}
			if ok := r.countAttempts(func(a fakeopenai.Attempt) bool { return a.Outcome == fakeopenai.OK }); ok != r.completed() {
				t.Errorf("%s seed %d: the server served %d requests, the clients completed %d", name, seed, ok, r.completed())
			}
			if name == strategy.NoRetry {
				if n := len(r.Attempts); n != len(r.Requests) {
					t.Errorf("no retry made %d attempts for %d requests", n, len(r.Requests))
				}
				if f, l := value(sc, r, "failed"), value(sc, r, "429s"); f != l || f == 0 {
					t.Errorf("no retry in S1: %v failed and %v 429s; want equal and above zero", f, l)
				}
			}
		}
	}

	// Eight processes through the shared store (miniredis in the
	// bubble): the harness's store runs, and the store doing its job.
	s8 := S8x8s()
	for _, name := range []string{strategy.Ours, strategy.OursGoOpenAI} {
		r := RunOnce(t, s8, mustStrategy(t, name), 1, true)
		checkRun(t, s8, r)
		checkAdmissions(t, s8, r)
		if f, e := value(s8, r, "failed"), value(s8, r, "efficiency"); f != 0 || e < 0.95 {
			t.Errorf("S8x8s %s: %v failed, efficiency %.3f; want none and at least 0.95", name, f, e)
		}
	}

	s4 := S4()
	r := RunOnce(t, s4, mustStrategy(t, strategy.NoRetry), 1, true)
	checkRun(t, s4, r)
	if f, w := value(s4, r, "failed"), value(s4, r, "other wasted"); f != w || f == 0 {
		t.Errorf("no retry in S4: %v failed and %v faulted attempts; want equal and above zero", f, w)
	}

	s9 := S9()
	r = RunOnce(t, s9, mustStrategy(t, strategy.NoRetry), 1, true)
	checkRun(t, s9, r)
	if v := value(s9, r, "class right"); v != 1 {
		t.Errorf("S9: %.0f%% of the server's terminal replies classify as meant, want all", 100*v)
	}
	if v := value(s9, r, "terminal retries"); v != 0 {
		t.Errorf("S9: no retry retried %v terminal errors", v)
	}

	s6 := S6()
	naive := RunOnce(t, s6, mustStrategy(t, "naive doubling"), 1, true)
	checkRun(t, s6, naive)
	if value(s6, naive, "late return") <= 0 || value(s6, naive, "attempts after cancel") <= 0 {
		t.Errorf("S6: the naive loop's time.Sleep ignores the context, yet late return is %v s and attempts after cancel %v",
			value(s6, naive, "late return"), value(s6, naive, "attempts after cancel"))
	}
	sdk := RunOnce(t, s6, mustStrategy(t, "openai-go default"), 1, true)
	checkRun(t, s6, sdk)
	if value(s6, sdk, "late return") != 0 || value(s6, sdk, "attempts after cancel") != 0 {
		t.Errorf("S6: openai-go's waits honour the context, yet late return is %v s and attempts after cancel %v",
			value(s6, sdk, "late return"), value(s6, sdk, "attempts after cancel"))
	}
}

func mustStrategy(t *testing.T, name string) strategy.Strategy {
	t.Helper()
	st, ok := strategy.ByName(name)
	if !ok {
		t.Fatalf("no strategy %q", name)
	}
	return st
}

func value(sc Scenario, r Run, column string) float64 {
	for _, c := range Columns(sc) {
		if c.Name == column {
			return c.Value(sc, r)
		}
	}
	panic("no column " + column)
}

// checkRun checks a run's accounting.
func checkRun(t *testing.T, sc Scenario, r Run) {
	t.Helper()
	name := fmt.Sprintf("%s/%s seed %d", sc.ID, r.Strategy, r.Seed)
	if want := len(sc.Work(r.Seed)); len(r.Requests) != want {
		t.Errorf("%s: %d requests recorded, want %d", name, len(r.Requests), want)
	}
	if r.Leaked != 0 {
		t.Errorf("%s: %d goroutines leaked", name, r.Leaked)
	}
	if r.Cut {
		t.Errorf("%s: stopped at a cap", name)
	}
	seen := map[fakeopenai.Logical]int{}
	for _, a := range r.Attempts {
		if !a.HasLogical {
			t.Errorf("%s: an attempt without its logical request", name)
			continue
		}
		seen[a.Logical]++
		if a.N != seen[a.Logical] {
			t.Errorf("%s: attempt numbered %d is the %d-th of %v", name, a.N, seen[a.Logical], a.Logical)
		}
		if a.End < a.Start || (a.Outcome != fakeopenai.Refused && a.Served < a.Start) {
			t.Errorf("%s: attempt %+v ends before it starts", name, a)
		}
	}
	for _, q := range r.Requests {
		if q.End < q.Start {
			t.Errorf("%s: request %v ends before it starts", name, q.L)
		}
		for _, a := range r.Attempts {
			if a.Logical == q.L && a.Outcome != fakeopenai.Refused && (a.Start < q.Start || a.Start > q.End) {
				t.Errorf("%s: attempt of %v at %s outside its request [%s, %s]", name, q.L, a.Start, q.Start, q.End)
				break
			}
		}
	}
}

// checkAdmissions checks that the server admitted no more than its
// request bucket allows: by time t after the first arrival, at most
// B + r·t requests. In S1 a request is admitted one service time before
// the server answers it.
func checkAdmissions(t *testing.T, sc Scenario, r Run) {
	t.Helper()
	var first time.Duration = -1
	var admitted []time.Duration
	for _, a := range r.Attempts {
		if a.Outcome == fakeopenai.Refused {
			continue
		}
		if arrival := a.Start + sc.OneWay; first < 0 || arrival < first {
			first = arrival
		}
		if a.Outcome == fakeopenai.OK {
			admitted = append(admitted, a.Served-sc.Server.BaseLatency)
		}
	}
	slices.Sort(admitted)
	for k, at := range admitted {
		allowed := sc.Server.RequestBurst() + sc.Server.RequestRate()*(at-first).Seconds()
		if float64(k+1) > allowed+1e-6 {
			t.Errorf("%s/%s seed %d: %d requests admitted by %s, the bucket allows %.2f", sc.ID, r.Strategy, r.Seed, k+1, at, allowed)
			return
		}
	}
}

func TestPhysicalLimit(t *testing.T) {
	// S1: (1000 requests − a burst of 10) at 10 per second, then a round
	// trip and one service time.
	if got, want := S1().PhysicalLimit(1), 99*time.Second+20*time.Millisecond+time.Second; got != want {
		t.Errorf("S1: %s, want %s", got, want)
	}
	// S4: limits are ample; each client's 20 requests in a row bound it.
	if got, want := S4().PhysicalLimit(1), 20*(time.Second+20*time.Millisecond); got != want {
		t.Errorf("S4: %s, want %s", got, want)
	}
	// S2: the tokens bind: Σ cost − a 20k burst at 2000 tokens a second.
	s2 := S2()
	total := 0
	for _, a := range s2.Work(3) {
		total += s2.Request(3, a.L).Cost()
	}
	if total < 1_000_000 || total > 1_400_000 {
		t.Errorf("S2's 1000 requests cost %d tokens; the lognormal's mean is about 1.2k", total)
	}
	want := time.Duration(float64(total-20_000)/2000*float64(time.Second)) + 20*time.Millisecond + 1300*time.Millisecond
	if got := s2.PhysicalLimit(3); (got - want).Abs() > time.Microsecond {
		t.Errorf("S2: %s, want %s", got, want)
	}
	// S9: only the requests that can succeed count.
	s9 := S9()
	normal := 0
	for _, a := range s9.Work(1) {
		if s9.Request(1, a.L).Kind == Normal {
			normal++
		}
	}
	if normal >= 1000 || normal < 900 {
		t.Errorf("S9: %d of 1000 requests are normal, want about 960", normal)
	}
	if got, want := s9.PhysicalLimit(1), time.Duration(float64(normal-10)/10*float64(time.Second))+1020*time.Millisecond; (got - want).Abs() > time.Microsecond {
		t.Errorf("S9: %s, want %s", got, want)
	}
	// S7: requests that arrive in the outage cannot finish before it ends.
	if got := S7().PhysicalLimit(1); got < 90*time.Second+1020*time.Millisecond || got > 181020*time.Millisecond {
		t.Errorf("S7: %s, want the last arrival (before 180 s) plus 1.02 s", got)
	}
	for _, sc := range []Scenario{S5(), S6()} {
		if got := sc.PhysicalLimit(1); got != 0 {
			t.Errorf("%s has no physical limit, got %s", sc.ID, got)
		}
	}
}

// TestTargetsCanFail checks the target logic on made-up runs.
func TestTargetsCanFail(t *testing.T) {
	sc := S1()
	mk := func(name string, failed int, makespan time.Duration) Cell {
		r := Run{Scenario: sc.ID, Strategy: name, Phys: 100 * time.Second}
		for c := 0; c < sc.Clients; c++ {
			for s := 0; s < sc.PerClient; s++ {
				l := fakeopenai.Logical{Client: c, Seq: s}
				r.Requests = append(r.Requests, Request{L: l, End: makespan, OK: len(r.Requests) >= failed})
				r.Attempts = append(r.Attempts, fakeopenai.Attempt{Logical: l, HasLogical: true, N: 1, Outcome: fakeopenai.OK})
			}
		}
		return NewCell(sc, name, []Run{r})
	}
	verdicts := func(cells []Cell) map[string]bool {
		out := map[string]bool{}
		for _, tg := range CheckTargets(fakeopenai.PerMinute, map[string][]Cell{"S1": cells}) {
			out[tg.What] = tg.Pass
		}
		return out
	}
	const ahead = "no failures, and at least as efficient as every other strategy that fails none"

	good := verdicts([]Cell{mk(strategy.Ours, 0, 101*time.Second), mk("other", 0, 110*time.Second)})
	for what, pass := range good {
		if !pass {
			t.Errorf("ours at 0.99 with no failures fails %q", what)
		}
	}
	bad := verdicts([]Cell{mk(strategy.Ours, 1, 110*time.Second), mk("other", 0, 105*time.Second)})
	for _, what := range []string{"efficiency >= 0.95", "failed <= 0", ahead} {
		if pass, ok := bad[what]; !ok || pass {
			t.Errorf("ours at 0.91 with a failure passes %q (present: %v)", what, ok)
		}
	}
	// A strategy that fails requests finishes early; it does not count
	// against ours.
	early := verdicts([]Cell{mk(strategy.Ours, 0, 101*time.Second), mk("quitter", 500, 50*time.Second)})
	if !early[ahead] {
		t.Errorf("a strategy with failures and a short makespan beat ours")
	}
}
