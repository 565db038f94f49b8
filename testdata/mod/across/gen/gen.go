// Package gen is a generic helper that reaches no SDK.
package gen

import (
	"context"
	"errors"
)

// Call calls f once.
func Call[T any](ctx context.Context, f func(context.Context, string) (T, error), q string) (T, error) {
	return f(ctx, q)
}

// Keep keeps f for later and returns no error: it is not taken to call f.
func Keep[T any](f func(context.Context, string) (T, error)) { _ = f }

// Router keeps handlers by name.
type Router struct {
	h map[string]func(context.Context, string) (string, error)
}

// Handle registers f under name: it keeps f for later and returns an
// error of its own, not f's results, so it is not taken to call f.
func (r *Router) Handle(name string, f func(context.Context, string) (string, error)) error {
	if r.h[name] != nil {
		return errDup
	}
	r.h[name] = f
	return nil
}

// Register keeps f in a package registry.
func Register(f func(context.Context, string) (string, error)) error {
	registry = append(registry, f)
	return nil
}

var registry []func(context.Context, string) (string, error)

var errDup = errors.New("duplicate handler")
