package fakeopenai

import (
	"math"
	"time"
)

// bucket is a continuously refilled token bucket. Its level may go below
// zero (debt) when rejected requests are charged.
type bucket struct {
	capacity, rate float64 // units and units per second
	level          float64
	last           time.Time
}

func newBucket(capacity, rate float64, now time.Time) *bucket {
	return &bucket{capacity: capacity, rate: rate, level: capacity, last: now}
}

// refill brings the level up to now.
func (b *bucket) refill(now time.Time) {
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.level = math.Min(b.capacity, b.level+b.rate*dt)
	}
	b.last = now
}

// wait is how long until the bucket holds need units; need above the
// capacity never fits, and the wait is then the time to fill up.
func (b *bucket) wait(need float64) time.Duration {
	if need > b.capacity {
		need = b.capacity
	}
	if b.level >= need {
		return 0
	}
	return time.Duration((need - b.level) / b.rate * float64(time.Second))
}

// untilFull is how long until the bucket is full again, the
// x-ratelimit-reset-* value.
func (b *bucket) untilFull() time.Duration { return b.wait(b.capacity) }

// remaining is the whole units available now, never negative.
func (b *bucket) remaining() int {
	if b.level <= 0 {
		return 0
	}
	return int(math.Floor(b.level + 1e-9))
}

// charge takes n units, going into debt no deeper than floor.
func (b *bucket) charge(n, floor float64) {
	b.level = math.Max(b.level-n, floor)
}
