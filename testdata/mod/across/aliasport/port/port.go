// Package port declares an interface that other packages implement.
package port

import "context"

// Chatter answers a question.
type Chatter interface {
	Chat(ctx context.Context, q string) (string, error)
}
