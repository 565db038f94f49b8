// Package errs holds the module's own errors. It reaches no SDK: its texts
// reach the packages that match error texts only through the facts of the
// package that returns them (mid), two imports away.
package errs

import (
	"errors"

	"example.com/fixtures/across/errhop/errbase"
)

// ErrTokens is the local limiter's error, in words like the API's.
var ErrTokens = errors.New("tokens per min exceeded by the local pool")

// BudgetErr is the local budget's error; its text is its Error method's.
type BudgetErr struct{ Spent int }

func (e *BudgetErr) Error() string { return "billing budget spent" }

// Wallet returns errbase's error.
func Wallet(n int) error {
	if n > 10 {
		return errbase.ErrWallet
	}
	return nil
}
