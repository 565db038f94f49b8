package strategy

import (
	"context"
	"time"
	_ "unsafe" // for go:linkname

	_ "github.com/aws/aws-sdk-go-v2/aws/retry" // initialises awsSleepWithContext first
)

// awsSleepWithContext is the sleep of aws-sdk-go-v2 (internal/sdk), which
// the SDK keeps in a variable for tests to replace.
//
//go:linkname awsSleepWithContext github.com/aws/aws-sdk-go-v2/internal/sdk.SleepWithContext
var awsSleepWithContext func(context.Context, time.Duration) error

// The adaptive retryer waits for its send-rate bucket in a loop: it asks
// for a token, and when it gets none sleeps the missing fraction ÷ fill
// rate, truncated to whole nanoseconds. When less than a nanosecond's
// worth is missing the sleep is 0; in real time the clock still moves and
// the next try succeeds, but in a synctest bubble the clock stands still
// while a goroutine is runnable, and the loop spins forever. Rounding the
// SDK's sleeps up to one nanosecond restores real time's behaviour and
// changes nothing else.
func init() {
	sleep := awsSleepWithContext
	awsSleepWithContext = func(ctx context.Context, d time.Duration) error {
		return sleep(ctx, max(d, time.Nanosecond))
	}
}
