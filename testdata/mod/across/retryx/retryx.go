// Package retryx is an in-house generic retry helper that no list knows:
// its name says it retries.
package retryx

import (
	"context"
	"time"
)

// Do calls fn up to four times.
func Do[T any](ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	var out T
	var err error
	for range 4 {
		if out, err = fn(ctx); err == nil {
			return out, nil
		}
		time.Sleep(time.Second)
	}
	return out, err
}
