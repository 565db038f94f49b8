package storm

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/oaiguard/oaiguard/bench/fakeopenai"
	"github.com/oaiguard/oaiguard/bench/strategy"
)

// Cell is the runs of one (scenario, strategy) pair and their figures.
type Cell struct {
	Scenario Scenario
	Strategy string
	Runs     []Run // without their requests and attempts
	// Values[c][i] is column c of run i.
	Values [][]float64
}

// NewCell computes the figures of runs.
func NewCell(sc Scenario, strategy string, runs []Run) Cell {
	cols := Columns(sc)
	c := Cell{Scenario: sc, Strategy: strategy, Runs: runs, Values: make([][]float64, len(cols))}
	for i, col := range cols {
		c.Values[i] = make([]float64, len(runs))
		for j, r := range runs {
			c.Values[i][j] = col.Value(sc, r)
		}
	}
	// The figures are all a report needs of the runs: a full storm keeps
	// thousands of cells, and their requests and attempts would hold
	// tens of gigabytes.
	c.Runs = make([]Run, len(runs))
	for j, r := range runs {
		r.Requests, r.Attempts = nil, nil
		c.Runs[j] = r
	}
	return c
}

// Median and Worst return column name's median and worst value over the
// runs (NaN if the column is unknown or never applies).
func (c Cell) Median(name string) float64 {
	if i := c.col(name); i >= 0 {
		return Median(c.Values[i])
	}
	return math.NaN()
}

// Worst returns the worst value of column name over the runs.
func (c Cell) Worst(name string) float64 {
	if i := c.col(name); i >= 0 {
		return Columns(c.Scenario)[i].Worst(c.Values[i])
	}
	return math.NaN()
}

// Each returns column name's value in every run.
func (c Cell) Each(name string) []float64 {
	if i := c.col(name); i >= 0 {
		return c.Values[i]
	}
	return nil
}

func (c Cell) col(name string) int {
	for i, col := range Columns(c.Scenario) {
		if col.Name == name {
			return i
		}
	}
	return -1
}

// WriteTable writes a scenario's cells as a Markdown table of each
// column's median (worst=false) or worst value over the runs.
func WriteTable(w io.Writer, cells []Cell, worst bool) {
	if len(cells) == 0 {
		return
	}
	sc := cells[0].Scenario
	cols := Columns(sc)
	which := "median"
	if worst {
		which = "worst"
	}
	fmt.Fprintf(w, "\n**%s %s** — %s of %d runs per cell (each column's own %s); %s\n\n",
		sc.ID, sc.Title, which, len(cells[0].Runs), which, physNote(cells[0]))
	head := []string{"strategy"}
	rule := []string{"---"}
	for _, col := range cols {
		head = append(head, col.Name)
		rule = append(rule, "---:")
	}
	fmt.Fprintf(w, "| %s |\n| %s |\n", strings.Join(head, " | "), strings.Join(rule, " | "))
	cut := false
	for _, c := range cells {
		name := c.Strategy
		if n := c.cutRuns(); n > 0 {
			name += fmt.Sprintf(" ✂%d", n)
			cut = true
		}
		row := []string{name}
		for i, col := range cols {
			v := Median(c.Values[i])
			if worst {
				v = col.Worst(c.Values[i])
			}
			row = append(row, col.Format(v))
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
	if cut {
		fmt.Fprintf(w, "\n✂n: n runs were stopped at the cap (%d attempts per request, or %s simulated); their unfinished requests count as failed.\n", attemptCap, runCap)
	}
}

// cutRuns counts the runs stopped at a cap.
func (c Cell) cutRuns() int {
	n := 0
	for _, r := range c.Runs {
		if r.Cut {
			n++
		}
	}
	return n
}

// physNote describes the physical limit of a cell's runs.
func physNote(c Cell) string {
	if c.Scenario.NoEfficiency {
		return "no physical limit (the work cannot all succeed)"
	}
	lo, hi := time.Duration(math.MaxInt64), time.Duration(0)
	for _, r := range c.Runs {
		lo, hi = min(lo, r.Phys), max(hi, r.Phys)
	}
	if lo == hi {
		return fmt.Sprintf("physical limit %s", seconds(lo.Seconds()))
	}
	return fmt.Sprintf("physical limit %s–%s (varies with the seed)", seconds(lo.Seconds()), seconds(hi.Seconds()))
}

// WriteSummary writes one Markdown table for the cells of one header
// mode: per scenario, the worst runs of each runtime strategy (failed
// requests, efficiency, share of attempts answered 429) and the most
// efficient other strategy that failed no request in any run.
func WriteSummary(w io.Writer, mode fakeopenai.HeaderMode, cells map[string][]Cell) {
	if len(cells) == 0 {
		return
	}
	var reps int
	for _, cs := range cells {
		if len(cs) > 0 {
			reps = len(cs[0].Runs)
		}
	}
	fmt.Fprintf(w, "\n**Header mode %s** — worst of %d runs per cell (each figure its own worst): failed / efficiency / 429s as a share of attempts\n\n", mode, reps)
	runtimes := []string{strategy.Ours, strategy.OursGoOpenAI, strategy.OursGoOpenAIBare}
	var present []string
	for _, st := range runtimes {
		for _, cs := range cells {
			if slices.ContainsFunc(cs, func(c Cell) bool { return c.Strategy == st }) {
				present = append(present, st)
				break
			}
		}
	}
	fmt.Fprintf(w, "| scenario | %s | best other with 0 failed |\n|---|%s---|\n", strings.Join(present, " | "), strings.Repeat("---|", len(present)))
	for _, sc := range Scenarios() {
		cs, ok := cells[sc.ID]
		if !ok {
			continue
		}
		row := []string{sc.ID + " " + sc.Title}
		for _, st := range present {
			i := slices.IndexFunc(cs, func(c Cell) bool { return c.Strategy == st })
			if i < 0 {
				row = append(row, "-")
				continue
			}
			c := cs[i]
			row = append(row, fmt.Sprintf("%s / %s / %s", count(c.Worst("failed")), ratio(c.Worst("efficiency")), percent1(c.Worst("429 share"))))
		}
		best, bestEff := "none", -1.0
		for _, c := range cs {
			if slices.Contains(runtimes, c.Strategy) || c.Worst("failed") != 0 || sc.NoEfficiency {
				continue
			}
			if e := c.Worst("efficiency"); e > bestEff {
				best, bestEff = c.Strategy, e
			}
		}
		if bestEff >= 0 {
			best = fmt.Sprintf("%s %s", best, ratio(bestEff))
		} else if sc.NoEfficiency {
			best = "-"
		}
		row = append(row, best)
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
}
