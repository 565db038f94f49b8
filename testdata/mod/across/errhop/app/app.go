// Package app matches the text of errors that may be the module's own,
// made two packages away: replacing the match with the runtime's predicate
// would miss them, so no fix.
package app

import (
	"context"
	"strings"

	"example.com/fixtures/across/errhop/mid"
)

// tokens: a sentinel of errs, returned by mid.
func tokens(ctx context.Context, c mid.C, n int) bool {
	err := c.Tokens(ctx, n)
	return err != nil && strings.Contains(err.Error(), "tokens per min") // want `no fix: the module's own error text "tokens per min exceeded by the local pool" matches too`
}

// budget: errs.BudgetErr's Error method.
func budget(ctx context.Context, c mid.C, n int) bool {
	err := c.Budget(ctx, n)
	return err != nil && strings.Contains(err.Error(), "billing") // want `no fix: the module's own error text "billing budget spent" matches too`
}

// local: fmt.Errorf with a verb and a constant.
func local(ctx context.Context, c mid.C, n int) bool {
	err := c.Local(ctx, n)
	return err != nil && strings.Contains(err.Error(), "429") // want `no fix: the module's own error text "local budget 429" matches too`
}

// pool: fmt.Errorf with a verb and a number known at run time, which
// may be 503.
func pool(ctx context.Context, c mid.C, n int) bool {
	err := c.Pool(ctx, n)
	return err != nil && strings.Contains(err.Error(), "503") // want `no fix: the module's own error text "pool busy: code %d" matches too`
}

// wallet: a sentinel of errbase, returned by errs, returned by mid.
func wallet(ctx context.Context, c mid.C, n int) bool {
	err := c.Wallet(ctx, n)
	return err != nil && strings.Contains(err.Error(), "spend limit") // want `no fix: the module's own error text "spend limit of the local wallet" matches too`
}

// plain: no own text matches "Unauthorized": fixed.
func plain(ctx context.Context, c mid.C) bool {
	err := c.Plain(ctx)
	return err != nil && strings.Contains(err.Error(), "Unauthorized") // want `matched against "Unauthorized" to detect an authentication failure; use oaiguardgo.IsAuth\(err\)`
}
