// Package errbase holds an error that errs hands on: its text reaches the
// match three imports away.
package errbase

import "errors"

// ErrWallet is the local wallet's error.
var ErrWallet = errors.New("spend limit of the local wallet")
