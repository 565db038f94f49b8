// Package use matches the text of an error that may come from either SDK.
package use

import (
	"context"
	"strings"

	"example.com/fixtures/across/twosdk/impl"
)

func Busy(ctx context.Context, m impl.Model) bool {
	_, err := m.Ask(ctx, "q")
	return err != nil && strings.Contains(err.Error(), "status code: 429")
}
