// Package redisstore shares oaiguard's pacing between processes through
// Redis: the replicas of a service on one OpenAI API key pace their
// requests by shared buckets, one per key, model and dimension (requests,
// tokens), kept in Redis and updated atomically by a Lua script (a GCRA:
// each bucket is the theoretical arrival time of its next request).
//
//	client := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	policy := oaiguard.Policy{Governor: oaiguard.NewGovernor(oaiguard.WithStore(redisstore.New(client, "myservice")))}
//	ctx = oaiguard.WithPolicy(ctx, policy)
//
// A Store serves the Governors of every generated runtime (the openai-go
// and the go-openai one) and of copies made with oaiguard gen: their Store
// interfaces take standard types only. The Governor bounds each call with
// a short timeout and stops asking a Redis that failed for a while, so a
// Redis that is down or slow costs a call nothing beyond the first one
// that finds it so: calls are then paced by their process alone.
//
// Times come from the callers' clocks, passed to the script, never from
// Redis: the processes need clocks that agree (NTP).
package redisstore

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store is an oaiguard Store on Redis. Make it with New.
type Store struct {
	c      redis.Scripter
	prefix string
}

// New returns a Store that keeps its buckets in c (a *redis.Client,
// *redis.ClusterClient, *redis.Ring or any redis.UniversalClient) under
// keys that start with prefix and a colon. Processes share buckets when
// they use the same Redis and prefix. The bucket names hold no API key,
// only a hash of it.
func New(c redis.Scripter, prefix string) *Store {
	return &Store{c: c, prefix: prefix}
}

// The script's clock is in microseconds since the Unix epoch: Lua's
// numbers are doubles, exact to 2^53 µs (285 years).
//
// KEYS are the buckets. ARGV[1] is "take" or "pause", ARGV[2] now; for
// take ARGV[3] is the most the caller will wait (negative: any), for
// pause the time until which the buckets hold nothing; then for each key
// its interval (µs per unit), its burst (units) and, for take, the cost.
// A bucket is its TAT: the time at which it is full again, so that it
// holds (burst·interval − (TAT − now)) / interval units now; a missing
// key is a full bucket, and keys expire once full.
var script = redis.NewScript(`
local now = tonumber(ARGV[2])
local mode = ARGV[1]
local per = 2
if mode == 'take' then per = 3 end
local function save(key, tat)
  local ttl = math.ceil((tat - now) / 1000)
  if ttl > 0 then
    redis.call('SET', key, string.format('%.3f', tat), 'PX', ttl + 1000)
  end
end
local tats = {}
for i = 1, #KEYS do
  local v = redis.call('GET', KEYS[i])
  local tat = now
  if v then tat = math.max(now, tonumber(v)) end
  tats[i] = tat
end
if mode == 'pause' then
  local untilT = tonumber(ARGV[3])
  for i = 1, #KEYS do
    local interval = tonumber(ARGV[3 + (i - 1) * per + 1])
    local burst = tonumber(ARGV[3 + (i - 1) * per + 2])
    local want = untilT + burst * interval
    if want > tats[i] then save(KEYS[i], want) end
  end
  return {0, 1}
end
local maxWait = tonumber(ARGV[3])
local wait = 0
local costs = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[3 + (i - 1) * per + 1])
  local burst = tonumber(ARGV[3 + (i - 1) * per + 2])
  local cost = math.min(tonumber(ARGV[3 + (i - 1) * per + 3]), burst)
  costs[i] = cost * interval
  local w = tats[i] + costs[i] - burst * interval - now
  if w > wait then wait = w end
end
if maxWait >= 0 and wait > maxWait then
  return {math.ceil(wait), 0}
end
for i = 1, #KEYS do
  save(KEYS[i], math.max(tats[i], now + wait) + costs[i])
end
return {math.ceil(wait), 1}
`)

// Take implements oaiguard's Store.Take.
func (s *Store) Take(ctx context.Context, now time.Time, maxWait time.Duration, keys []string, rates, bursts, costs []float64) (time.Duration, bool, error) {
	if len(rates) != len(keys) || len(bursts) != len(keys) || len(costs) != len(keys) {
		return 0, false, errors.New("redisstore: keys, rates, bursts and costs differ in length")
	}
	mw := int64(-1)
	if maxWait >= 0 && maxWait < time.Duration(math.MaxInt64) {
		mw = maxWait.Microseconds()
	}
	args := make([]any, 0, 3+3*len(keys))
	args = append(args, "take", now.UnixMicro(), mw)
	for i := range keys {
		iv, err := interval(rates[i])
		if err != nil {
			return 0, false, err
		}
		args = append(args, iv, bursts[i], costs[i])
	}
	return s.run(ctx, keys, args)
}

// Pause implements oaiguard's Store.Pause.
func (s *Store) Pause(ctx context.Context, now, until time.Time, keys []string, rates, bursts []float64) error {
	if len(rates) != len(keys) || len(bursts) != len(keys) {
		return errors.New("redisstore: keys, rates and bursts differ in length")
	}
	args := make([]any, 0, 3+2*len(keys))
	args = append(args, "pause", now.UnixMicro(), until.UnixMicro())
	for i := range keys {
		iv, err := interval(rates[i])
		if err != nil {
			return err
		}
		args = append(args, iv, bursts[i])
	}
	_, _, err := s.run(ctx, keys, args)
	return err
}

// interval is the time one unit takes to refill, in microseconds.
func interval(rate float64) (float64, error) {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return 0, errors.New("redisstore: a bucket's rate must be positive, got " + strconv.FormatFloat(rate, 'g', -1, 64))
	}
	return 1e6 / rate, nil
}

func (s *Store) run(ctx context.Context, keys []string, args []any) (time.Duration, bool, error) {
	if len(keys) == 0 {
		return 0, true, nil
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = s.name(k)
	}
	res, err := script.Run(ctx, s.c, full, args...).Int64Slice()
	if err != nil {
		return 0, false, err
	}
	if len(res) != 2 {
		return 0, false, errors.New("redisstore: the script answered " + strconv.Itoa(len(res)) + " values, not 2")
	}
	return time.Duration(res[0]) * time.Microsecond, res[1] == 1, nil
}

// name is the Redis key of bucket k. The buckets of one call share all of
// their name but the last colon-separated part (the dimension), which
// goes outside a hash tag so that a Redis Cluster keeps them in one slot,
// as a multi-key script needs.
func (s *Store) name(k string) string {
	group, dim := k, ""
	if i := strings.LastIndexByte(k, ':'); i >= 0 {
		group, dim = k[:i], k[i:]
	}
	return s.prefix + ":{" + group + "}" + dim
}
