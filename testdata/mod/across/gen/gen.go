// Package gen is a generic helper that reaches no SDK.
package gen

import "context"

// Call calls f once.
func Call[T any](ctx context.Context, f func(context.Context, string) (T, error), q string) (T, error) {
	return f(ctx, q)
}

// Keep keeps f for later and returns no error: it is not taken to call f.
func Keep[T any](f func(context.Context, string) (T, error)) { _ = f }
