// Package discard drops the error of another package's function that
// makes API calls and returns their error: the API's error is lost as
// surely as when the SDK call's is.
package discard

import (
	"context"

	"example.com/fixtures/across/errhop/mid"
)

func drop(ctx context.Context, c mid.C) {
	_ = c.Plain(ctx) // want `c.Plain has no retry handling` `the error of c.Plain is discarded \(it is assigned to _\)`
	c.Plain(ctx)     // want `c.Plain has no retry handling` `the error of c.Plain is discarded \(its result is dropped\)`
}

func kept(ctx context.Context, c mid.C) error {
	return c.Plain(ctx) // want `c.Plain has no retry handling`
}

var _, _ = drop, kept
