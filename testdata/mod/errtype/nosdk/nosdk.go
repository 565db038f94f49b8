// Package nosdk imports no SDK: its own error types may be asserted and
// its calls' errors dropped without a report.
package nosdk

import (
	"errors"
	"os"
)

// Error is this package's own error type.
type Error struct{ Code any }

func (e *Error) Error() string { return "nosdk" }

func assert(err error) bool {
	if e, ok := err.(*Error); ok {
		return e.Code == "429"
	}
	switch err.(type) {
	case *Error:
		return true
	}
	var e *Error
	return errors.As(err, &e)
}

func drop() {
	_, _ = os.ReadFile("x")
}
