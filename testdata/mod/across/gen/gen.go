// Package gen is a generic helper that reaches no SDK.
package gen

import "context"

// Call calls f once.
func Call[T any](ctx context.Context, f func(context.Context, string) (T, error), q string) (T, error) {
	return f(ctx, q)
}
