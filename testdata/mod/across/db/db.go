// Package db is a store that reaches no SDK, with an error text like
// go-openai's.
package db

import (
	"context"
	"errors"
)

// ErrBusy is the store's own error.
var ErrBusy = errors.New("error, status code: 429, status: 429 Too Many Requests")

// DB is what st.Store is given.
type DB struct{}

// Get fails with the store's own error.
func (d *DB) Get(ctx context.Context, k string) (string, error) { return "", ErrBusy }
