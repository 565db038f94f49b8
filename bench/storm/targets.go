package storm

import (
	"fmt"
	"io"
	"strings"

	"github.com/oaiguard/oaiguard/bench/strategy"
)

// Target is one done-when target of the runtime ("ours"), judged on the
// worst of the runs.
type Target struct {
	Scenario, What string
	Pass           bool
	// Measured says what was measured, for the report.
	Measured string
}

// CheckTargets judges ours against its targets in the cells given, keyed
// by scenario ID. Targets whose scenario or strategy did not run are left
// out.
func CheckTargets(cells map[string][]Cell) []Target {
	var out []Target
	ours := func(id string) (Cell, bool) {
		for _, c := range cells[id] {
			if c.Strategy == strategy.Ours {
				return c, true
			}
		}
		return Cell{}, false
	}
	atLeast := func(id, col string, want float64) {
		if c, ok := ours(id); ok {
			v := c.Worst(col)
			out = append(out, Target{id, fmt.Sprintf("%s >= %g", col, want), v >= want, fmt.Sprintf("%.4g", v)})
		}
	}
	atMost := func(id, col string, want float64) {
		if c, ok := ours(id); ok {
			v := c.Worst(col)
			out = append(out, Target{id, fmt.Sprintf("%s <= %g", col, want), v <= want, fmt.Sprintf("%.4g", v)})
		}
	}

	if c, ok := ours("S1"); ok {
		sc := c.Scenario
		n := sc.Clients * sc.PerClient
		allowed := float64(sc.Clients) - sc.Server.RequestBurst() + 0.01*float64(n)
		atLeast("S1", "efficiency", 0.97)
		atMost("S1", "failed", 0)
		atMost("S1", "429s", allowed)
		out[len(out)-1].What += fmt.Sprintf(" (clients − burst + 1%% of %d requests)", n)
		atLeast("S1", "Jain", 0.99)
	}
	atLeast("S2", "efficiency", 0.95)
	if c, ok := ours("S3"); ok {
		atLeast("S3", "efficiency", 0.90)
		atMost("S3", "failed", 0)
		collapsed := 0
		eff, failed := c.Each("efficiency"), c.Each("failed")
		for i := range eff {
			if failed[i] > 0 || !(eff[i] >= 0.5) {
				collapsed++
			}
		}
		out = append(out, Target{"S3", "no run collapses (failures, or efficiency < 0.5)", collapsed == 0, fmt.Sprintf("%d of %d runs collapsed", collapsed, len(eff))})
	}
	atMost("S5", "terminal retries", 0)
	atMost("S6", "attempts after cancel", 0)
	atMost("S6", "late return", 0)
	atMost("S6", "leaked goroutines", 0)
	atMost("S7", "amplification", 1.1)
	atMost("S9", "terminal retries", 0)
	atLeast("S9", "class right", 1)

	for _, id := range []string{"S1", "S2", "S3"} {
		c, ok := ours(id)
		if !ok {
			continue
		}
		mine := c.Worst("efficiency")
		pass := c.Worst("failed") == 0
		var behind []string
		for _, o := range cells[id] {
			if o.Strategy == strategy.Ours || o.Worst("failed") != 0 {
				continue
			}
			if e := o.Worst("efficiency"); !(mine > e) {
				pass = false
				behind = append(behind, fmt.Sprintf("%s %.3f", o.Strategy, e))
			}
		}
		measured := fmt.Sprintf("ours %.3f, failed %.0f", mine, c.Worst("failed"))
		if len(behind) > 0 {
			measured += "; not ahead of " + strings.Join(behind, ", ")
		}
		out = append(out, Target{id, "ours ahead on efficiency of every strategy with zero failures, and zero failures itself", pass, measured})
	}
	return out
}

// WriteTargets writes the targets as PASS/FAIL lines and reports whether
// all passed.
func WriteTargets(w io.Writer, targets []Target) bool {
	all := true
	fmt.Fprintf(w, "\nTargets for %q (worst run of each cell):\n\n", strategy.Ours)
	for _, t := range targets {
		verdict := "PASS"
		if !t.Pass {
			verdict, all = "FAIL", false
		}
		fmt.Fprintf(w, "- %s %s: %s (measured %s)\n", verdict, t.Scenario, t.What, t.Measured)
	}
	return all
}
