package cost

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

var (
	sizes = flag.String("cost.sizes", "1,10,100", "comma-separated sizes of the generated module, in multiples of -cost.base layers")
	base  = flag.Int("cost.base", 10, "layers of the generated module at size 1")
	runs  = flag.Int("cost.runs", 3, "runs of each command per size; the median is reported")
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveTool()
	os.Exit(code)
}

// generate writes a module of n layers in a temporary directory and
// fills the build cache for it (the drivers read its dependencies'
// export data).
func generate(tb testing.TB, n int) Module {
	tb.Helper()
	mod, err := Generate(tb.TempDir(), n, filepath.Join(testenv.Root, "go.sum"))
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = mod.Dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build in the generated module: %v\n%s", err, out)
	}
	return mod
}

// TestGeneratedFindings holds the generated module to what the
// benchmark claims it is: code with findings in every layer, which the
// checks find across packages.
func TestGeneratedFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the generated module's end-to-end run (it builds the tool and the module: about 2 minutes)")
	}
	mod := generate(t, 3)
	out, code := testenv.RunCode(t, mod.Dir, testenv.Tool(t), "-json", "./...")
	if code != 0 && code != 3 {
		t.Fatalf("exit status %d", code)
	}
	var got map[string]map[string][]struct{ Posn, Message string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for i := 0; i < 3; i++ {
		// Every layer's job calls Chat (go-openai, no retries); the first
		// layer's Use calls its own package's Chat too, where later layers'
		// Use calls the previous layer's Summarize (openai-go, retries on).
		job := got[fmt.Sprintf("example.com/costmod/job%04d", i)]["unretried"]
		want := []string{"sdk%04d.Chat has no retry handling"}
		if i == 0 {
			want = []string{"sdk%04d.Use has no retry handling", "sdk%04d.Chat has no retry handling"}
		}
		if len(job) != len(want) {
			t.Errorf("layer %d: unretried in job: %+v, want %d findings", i, job, len(want))
			continue
		}
		for k, w := range want {
			if w = fmt.Sprintf(w, i); !strings.Contains(job[k].Message, w) {
				t.Errorf("layer %d: unretried in job: %q, want %q", i, job[k].Message, w)
			}
		}
		text := got[fmt.Sprintf("example.com/costmod/sdk%04d", i)]["errtext"]
		if len(text) != 2 {
			t.Errorf("layer %d: errtext in sdk: %+v, want 2", i, text)
		}
		if i > 0 && len(text) == 2 && !strings.Contains(text[1].Message, fmt.Sprintf("via example.com/costmod/sdk%04d.Summarize", i-1)) {
			t.Errorf("layer %d: %q does not name the previous layer", i, text[1].Message)
		}
	}
	if floor, code := testenv.RunCode(t, mod.Dir, testenv.Tool(t), "-directive", "-json", "./..."); code != 0 || strings.TrimSpace(floor) != "{}" {
		t.Errorf("floor run: exit %d, %s; want no findings", code, floor)
	}
}

// usage is one run's cost.
type usage struct {
	wall, cpu time.Duration
	rssMB     float64
}

func measure(b *testing.B, dir, tool string, args ...string) usage {
	b.Helper()
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if cmd.ProcessState == nil || (err != nil && cmd.ProcessState.ExitCode() != 3) {
		b.Fatalf("%s %v: %v\n%.2000s", tool, args, err, out)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return usage{wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), float64(ru.Maxrss) / 1024}
}

func median(us []usage) usage {
	pick := func(f func(usage) float64) float64 {
		v := make([]float64, len(us))
		for i, u := range us {
			v[i] = f(u)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	return usage{
		wall:  time.Duration(pick(func(u usage) float64 { return float64(u.wall) })),
		cpu:   time.Duration(pick(func(u usage) float64 { return float64(u.cpu) })),
		rssMB: pick(func(u usage) float64 { return u.rssMB }),
	}
}

// BenchmarkCost runs `oaiguard -json ./...` (every check) and the floor,
// `oaiguard -directive -json ./...` (the same driver and load, one check
// that needs no facts and no SDK analysis), on the generated module at
// each size, and prints the medians: wall time, CPU time (user+system,
// steadier than wall on a shared machine) and peak RSS. Run it with
// -benchtime 1x; it is a measurement, not a timed test.
func BenchmarkCost(b *testing.B) {
	tool := testenv.Tool(b)
	var rows []string
	for _, f := range strings.Split(*sizes, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k <= 0 {
			b.Fatalf("-cost.sizes: %q is not a positive size", f)
		}
		n := k * *base
		b.Run(fmt.Sprintf("layers=%d", n), func(b *testing.B) {
			mod := generate(b, n)
			var all, floor []usage
			for b.Loop() {
				for r := 0; r < *runs; r++ {
					floor = append(floor, measure(b, mod.Dir, tool, "-directive", "-json", "./..."))
					all = append(all, measure(b, mod.Dir, tool, "-json", "./..."))
				}
			}
			a, fl := median(all), median(floor)
			b.ReportMetric(a.wall.Seconds(), "wall-s")
			b.ReportMetric(fl.wall.Seconds(), "floor-wall-s")
			b.ReportMetric(a.cpu.Seconds()/fl.cpu.Seconds(), "cpu-ratio")
			b.ReportMetric(a.rssMB/fl.rssMB, "rss-ratio")
			rows = append(rows, fmt.Sprintf("| %d× (%d packages) | %.2f s / %.2f s | %.2f s / %.2f s (%.2f×) | %.0f MB / %.0f MB (%.2f×) |",
				k, 3*n, a.wall.Seconds(), fl.wall.Seconds(), a.cpu.Seconds(), fl.cpu.Seconds(), a.cpu.Seconds()/fl.cpu.Seconds(), a.rssMB, fl.rssMB, a.rssMB/fl.rssMB))
		})
	}
	fmt.Printf("\n| size | wall: all checks / floor | CPU: all / floor | peak RSS: all / floor |\n|---|---|---|---|\n%s\n", strings.Join(rows, "\n"))
}
