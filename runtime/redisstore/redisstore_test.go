package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/oaiguard/oaiguard/runtime/redisstore"
	"github.com/oaiguard/oaiguard/runtime/redisstore/redistest"
)

func newClient(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DisableIdentity: true})
}

func take(t *testing.T, s *redisstore.Store, now time.Time, maxWait time.Duration, cost float64) (time.Duration, bool) {
	t.Helper()
	w, ok, err := s.Take(context.Background(), now, maxWait, []string{"k:m:requests"}, []float64{10}, []float64{3}, []float64{cost})
	if err != nil {
		t.Fatal(err)
	}
	return w, ok
}

// The script's bucket: a burst at once, then one per interval; a wait
// past maxWait takes nothing; a pause empties the bucket until its end.
func TestBucket(t *testing.T) {
	srv := redistest.Start(t)
	c := newClient(srv.Addr)
	defer c.Close()
	s := redisstore.New(c, "test")
	t0 := time.Unix(1_800_000_000, 0)
	for i := range 3 {
		if w, ok := take(t, s, t0, time.Hour, 1); w != 0 || !ok {
			t.Fatalf("take %d of a burst of 3: wait %s, taken %v", i, w, ok)
		}
	}
	if w, ok := take(t, s, t0, 50*time.Millisecond, 1); ok || w != 100*time.Millisecond {
		t.Fatalf("a 4th at once with maxWait 50ms: wait %s, taken %v; want 100ms, not taken", w, ok)
	}
	if w, ok := take(t, s, t0, time.Hour, 1); !ok || w != 100*time.Millisecond {
		t.Fatalf("a 4th at once: wait %s, taken %v; want 100ms", w, ok)
	}
	if w, _ := take(t, s, t0, time.Hour, 1); w != 200*time.Millisecond {
		t.Fatalf("a 5th at once: wait %s, want 200ms (behind the 4th)", w)
	}
	// A second later the bucket is full again (3 × 100 ms, from 200 ms).
	t1 := t0.Add(time.Second)
	for range 3 {
		if w, _ := take(t, s, t1, time.Hour, 1); w != 0 {
			t.Fatalf("after a second: wait %s", w)
		}
	}
	// A cost above the burst takes the whole bucket, and goes when it is
	// full.
	t2 := t1.Add(time.Second)
	if w, _ := take(t, s, t2, time.Hour, 100); w != 0 {
		t.Fatalf("a cost above the burst from a full bucket: wait %s", w)
	}
	if w, _ := take(t, s, t2, time.Hour, 1); w != 100*time.Millisecond {
		t.Fatalf("after a cost above the burst: wait %s, want 100ms", w)
	}
	// A pause: nothing until its end, then the refill.
	t3 := t2.Add(time.Second)
	if err := s.Pause(context.Background(), t3, t3.Add(2*time.Second), []string{"k:m:requests"}, []float64{10}, []float64{3}); err != nil {
		t.Fatal(err)
	}
	if w, _ := take(t, s, t3, time.Hour, 1); w != 2100*time.Millisecond {
		t.Fatalf("during a pause: wait %s, want 2.1s", w)
	}
	// Keys expire once their buckets are full again.
	keys, err := c.Keys(context.Background(), "test:*").Result()
	if err != nil || len(keys) != 1 || keys[0] != "test:{k:m}:requests" {
		t.Fatalf("keys %v (%v), want the one bucket, hash-tagged by key and model", keys, err)
	}
	if ttl := c.PTTL(context.Background(), keys[0]).Val(); ttl <= 0 || ttl > 10*time.Second {
		t.Errorf("the bucket's TTL is %s", ttl)
	}
	// Two dimensions at once: the wait is the longer, both are taken.
	two := []string{"k2:m:requests", "k2:m:tokens"}
	if w, ok, err := s.Take(context.Background(), t0, time.Hour, two, []float64{10, 100}, []float64{1, 100}, []float64{1, 300}); err != nil || !ok || w != 0 {
		t.Fatalf("two dimensions: %s %v %v", w, ok, err)
	}
	if w, _, _ := s.Take(context.Background(), t0, time.Hour, two, []float64{10, 100}, []float64{1, 100}, []float64{1, 50}); w != 500*time.Millisecond {
		t.Fatalf("two dimensions, tokens short: wait %s, want 500ms (until 50 of the 100 tokens are back)", w)
	}
	if _, _, err := s.Take(context.Background(), t0, time.Hour, two, []float64{0, 100}, []float64{1, 100}, []float64{1, 50}); err == nil {
		t.Error("a zero rate was taken")
	}
}

// workerEnv makes the test binary a worker process of TestProcessesShareOneKey.
const workerEnv = "REDISSTORE_TEST_WORKER"

// Several processes on one key: every request takes its turn from the
// shared bucket and goes at the time it is given; together they keep to
// the bucket's rate and burst, and get most of it.
func TestProcessesShareOneKey(t *testing.T) {
	srv := redistest.Start(t)
	const (
		procs = 4
		rate  = 40.0
		burst = 4.0
		run   = 2 * time.Second
	)
	start := time.Now().Add(500 * time.Millisecond) // after every worker started
	cmds := make([]*exec.Cmd, procs)
	outs := make([]strings.Builder, procs)
	for i := range cmds {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), workerEnv+"="+strings.Join([]string{srv.Addr, strconv.FormatInt(start.UnixNano(), 10), strconv.FormatInt(int64(run), 10)}, ","))
		cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	var sends []time.Time
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i].String())
		}
		n := 0
		for _, line := range strings.Split(outs[i].String(), "\n") {
			if v, ok := strings.CutPrefix(line, "SENT "); ok {
				ns, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				sends = append(sends, time.Unix(0, ns))
				n++
			}
		}
		if n == 0 {
			t.Fatalf("worker %d sent nothing:\n%s", i, outs[i].String())
		}
	}
	slices.SortFunc(sends, func(a, b time.Time) int { return a.Compare(b) })
	// In any window, at most burst + rate × its length (the times are the
	// workers' clocks, this machine's, read when each send went: a worker
	// that read it late, after its turn, narrows a window by that much,
	// so windows get lateness of slack: seen 6 sends in 49.99 ms where
	// burst 4 + 40/s allow 6 in 50).
	const lateness = 2 * time.Millisecond
	for i := range sends {
		for j := i + 1; j < len(sends); j++ {
			w := sends[j].Sub(sends[i]).Seconds()
			if n := float64(j - i + 1); n > burst+rate*(w+lateness.Seconds())+1e-6 {
				t.Fatalf("%v requests of %d processes in %.4f s: over the shared bucket (%g/s, burst %g)", n, procs, w, rate, burst)
			}
		}
	}
	want := burst + rate*run.Seconds()
	if n := float64(len(sends)); n < 0.9*want || n > want+1 {
		t.Errorf("%d processes sent %v requests in %s; the bucket admits %v", procs, n, run, want)
	}
}

// TestMain makes the test binary a worker of TestProcessesShareOneKey
// when workerEnv is set.
func TestMain(m *testing.M) {
	if env := os.Getenv(workerEnv); env != "" {
		if err := worker(env); err != nil {
			fmt.Println("worker:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// worker is a process of TestProcessesShareOneKey: from the start time,
// three callers take turns until the run's end, sleeping until each, and
// it prints the time of each turn.
func worker(env string) error {
	parts := strings.Split(env, ",")
	if len(parts) != 3 {
		return fmt.Errorf("bad %s %q", workerEnv, env)
	}
	startNs, _ := strconv.ParseInt(parts[1], 10, 64)
	runNs, _ := strconv.ParseInt(parts[2], 10, 64)
	start, end := time.Unix(0, startNs), time.Unix(0, startNs+runNs)
	c := newClient(parts[0])
	defer c.Close()
	s := redisstore.New(c, "share")
	time.Sleep(time.Until(start))
	type result struct {
		sends []time.Time
		err   error
	}
	done := make(chan result)
	for range 3 {
		go func() {
			var r result
			for {
				now := time.Now()
				w, ok, err := s.Take(context.Background(), now, time.Until(end), []string{"key:model:requests"}, []float64{40}, []float64{4}, []float64{1})
				if err != nil {
					r.err = err
					break
				}
				if !ok {
					break
				}
				r.sends = append(r.sends, now.Add(w))
				time.Sleep(w)
			}
			done <- r
		}()
	}
	var errs []error
	for range 3 {
		r := <-done
		for _, at := range r.sends {
			fmt.Printf("SENT %d\n", at.UnixNano())
		}
		if r.err != nil {
			errs = append(errs, r.err)
		}
	}
	return errors.Join(errs...)
}

// A Redis that is down: each call fails within its context's bound, and
// never hangs; once it is back, the store works again.
func TestRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	c := newClient(srv.Addr)
	defer c.Close()
	s := redisstore.New(c, "down")
	now := time.Now()
	if _, ok := take(t, s, now, time.Hour, 1); !ok {
		t.Fatal("not taken")
	}
	srv.Stop()
	for range 5 {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		t0 := time.Now()
		_, _, err := s.Take(ctx, now, time.Hour, []string{"k:m:requests"}, []float64{10}, []float64{3}, []float64{1})
		cancel()
		if err == nil {
			t.Fatal("a Take on a stopped server succeeded")
		}
		if el := time.Since(t0); el > 200*time.Millisecond {
			t.Fatalf("a Take on a stopped server took %s", el)
		}
	}
}
