package storm

import (
	"fmt"
	"io"
	"strings"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
	"github.com/oaiguard/oaiguard/bench/strategy"
)

// Target is one done-when target of a runtime strategy (strategy.IsOurs),
// judged on the worst of the runs.
type Target struct {
	Mode               fakeopenai.HeaderMode
	Scenario, Strategy string
	What               string
	Pass               bool
	// Measured says what was measured, for the report.
	Measured string
}

// rateScenarios are the scenarios where the rate limits bind and every
// request can succeed: the runtime must finish all of them, at the
// efficiency targets, and ahead of every strategy that fails none.
var rateScenarios = []string{"S1", "S2", "S3", "S8", "S8x4", "S8x4c", "S8x8", "S8x4s", "S8x8s"}

// efficiencyTargets gives per header mode the efficiency each rate
// scenario must reach; a scenario missing here has no efficiency target
// of its own (the ahead-of-the-rest target still holds). Under
// enforcing the headers show the enforcing bucket; under perminute the
// documented per-minute allowance with finer enforcement that no header
// shows; under onlylimit the limits alone; under none nothing but 429s
// and their hints.
var efficiencyTargets = map[fakeopenai.HeaderMode]map[string]float64{
	fakeopenai.PerMinute: {"S1": 0.95, "S2": 0.95, "S3": 0.90, "S8x4": 0.90, "S8x4s": 0.95, "S8x8s": 0.95},
	fakeopenai.Enforcing: {"S1": 0.95, "S2": 0.95, "S3": 0.90, "S8x4s": 0.95, "S8x8s": 0.95},
	fakeopenai.OnlyLimit: {"S1": 0.85, "S2": 0.85, "S3": 0.85, "S8x4s": 0.95, "S8x8s": 0.95},
	fakeopenai.None:      {"S1": 0.85, "S2": 0.85, "S3": 0.85},
}

// max429Share bounds the share of attempts answered with a rate limit in
// every scenario that has a physical limit.
const max429Share = 0.05

// CheckTargets judges every runtime strategy present in cells (keyed by
// scenario ID), run with the server's headers in mode. Targets whose
// scenario or strategy did not run are left out.
func CheckTargets(mode fakeopenai.HeaderMode, cells map[string][]Cell) []Target {
	var out []Target
	seen := map[string]bool{}
	for _, cs := range cells {
		for _, c := range cs {
			if strategy.IsOurs(c.Strategy) && !seen[c.Strategy] {
				seen[c.Strategy] = true
			}
		}
	}
	for _, st := range []string{strategy.Ours, strategy.OursGoOpenAI} {
		if seen[st] {
			out = append(out, checkStrategy(mode, st, cells)...)
		}
	}
	return out
}

func checkStrategy(mode fakeopenai.HeaderMode, st string, cells map[string][]Cell) []Target {
	var out []Target
	ours := func(id string) (Cell, bool) {
		for _, c := range cells[id] {
			if c.Strategy == st {
				return c, true
			}
		}
		return Cell{}, false
	}
	add := func(id, what string, pass bool, measured string) {
		out = append(out, Target{Mode: mode, Scenario: id, Strategy: st, What: what, Pass: pass, Measured: measured})
	}
	atLeast := func(id, col string, want float64) {
		if c, ok := ours(id); ok {
			v := c.Worst(col)
			add(id, fmt.Sprintf("%s >= %g", col, want), v >= want, fmt.Sprintf("%.4g", v))
		}
	}
	atMost := func(id, col string, want float64) {
		if c, ok := ours(id); ok {
			v := c.Worst(col)
			add(id, fmt.Sprintf("%s <= %g", col, want), v <= want, fmt.Sprintf("%.4g", v))
		}
	}

	for _, id := range rateScenarios {
		atMost(id, "failed", 0)
		if want, ok := efficiencyTargets[mode][id]; ok {
			atLeast(id, "efficiency", want)
		}
	}
	atLeast("S1", "Jain", 0.99)
	if c, ok := ours("S3"); ok {
		collapsed := 0
		eff, failed := c.Each("efficiency"), c.Each("failed")
		for i := range eff {
			if failed[i] > 0 || !(eff[i] >= 0.5) {
				collapsed++
			}
		}
		add("S3", "no run collapses (failures, or efficiency < 0.5)", collapsed == 0, fmt.Sprintf("%d of %d runs collapsed", collapsed, len(eff)))
	}
	for _, id := range sortedIDs(cells) {
		if c, ok := ours(id); ok && !c.Scenario.NoEfficiency {
			atMost(id, "429 share", max429Share)
		}
	}
	atMost("S5", "terminal retries", 0)
	atMost("S6", "attempts after cancel", 0)
	atMost("S6", "late return", 0)
	atMost("S6", "leaked goroutines", 0)
	atMost("S7", "amplification", 1.1)
	atMost("S9", "terminal retries", 0)
	atLeast("S9", "class right", 1)

	for _, id := range rateScenarios {
		c, ok := ours(id)
		if !ok {
			continue
		}
		mine := c.Worst("efficiency")
		pass := c.Worst("failed") == 0
		var behind []string
		for _, o := range cells[id] {
			if strategy.IsOurs(o.Strategy) || o.Strategy == strategy.OursGoOpenAIBare || o.Worst("failed") != 0 {
				continue
			}
			if e := o.Worst("efficiency"); !(mine >= e) {
				pass = false
				behind = append(behind, fmt.Sprintf("%s %.3f", o.Strategy, e))
			}
		}
		measured := fmt.Sprintf("%.3f, failed %.0f", mine, c.Worst("failed"))
		if len(behind) > 0 {
			measured += "; behind " + strings.Join(behind, ", ")
		}
		add(id, "no failures, and at least as efficient as every other strategy that fails none", pass, measured)
	}
	return out
}

// sortedIDs returns the scenario IDs of cells in the order of Scenarios.
func sortedIDs(cells map[string][]Cell) []string {
	var out []string
	for _, sc := range Scenarios() {
		if _, ok := cells[sc.ID]; ok {
			out = append(out, sc.ID)
		}
	}
	return out
}

// WriteTargets writes the targets as PASS/FAIL lines and reports whether
// all passed.
func WriteTargets(w io.Writer, targets []Target) bool {
	all := true
	fmt.Fprintf(w, "\nTargets (worst run of each cell):\n\n")
	for _, t := range targets {
		verdict := "PASS"
		if !t.Pass {
			verdict, all = "FAIL", false
		}
		fmt.Fprintf(w, "- %s %s %s %s: %s (measured %s)\n", verdict, t.Mode, t.Scenario, t.Strategy, t.What, t.Measured)
	}
	return all
}
