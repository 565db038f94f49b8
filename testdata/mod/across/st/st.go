// Package st declares interfaces with the same method as ai.X, and never
// sees ai.
package st

import "context"

// Store is only ever given a db.DB.
type Store interface {
	Get(ctx context.Context, k string) (string, error)
}

// Getter has the same shape; package wire gives it an *ai.X, through an
// interface that embeds it.
type Getter interface {
	Get(ctx context.Context, k string) (string, error)
}

// Fetcher has the same shape; package wire gives it a struct that embeds
// an *ai.X.
type Fetcher interface {
	Get(ctx context.Context, k string) (string, error)
}
