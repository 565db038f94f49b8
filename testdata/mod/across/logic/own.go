package logic

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"example.com/fixtures/across/client"
	"example.com/fixtures/across/mine"
)

// ErrBusy is the module's own error, with a text like go-openai's.
var ErrBusy = errors.New("status code: 429 busy")

// Errors whose every reaching definition is a visible value of the
// module's own, whatever their text: silent.
func ownSentinel() bool {
	err := ErrBusy
	return strings.Contains(err.Error(), "status code: 401")
}

func ownNew(fail bool) bool {
	err := errors.New("status code: 503 down")
	if fail {
		err = fmt.Errorf("wrapped: %w", ErrBusy)
	}
	return strings.Contains(err.Error(), "status code: 401")
}

func ownLocal() bool {
	err := localMine()
	return strings.Contains(err.Error(), "status code: 401")
}

func localMine() error {
	if len(ErrBusy.Error()) > 3 {
		return ErrBusy
	}
	return fmt.Errorf("local: %w", errors.New("status code: 500"))
}

func ownOtherPackage() bool {
	err := mine.Mine()
	return strings.Contains(err.Error(), "status code: 401")
}

func ownReaching(ctx context.Context) bool {
	err := client.Busy(ctx)
	return strings.Contains(err.Error(), "status code: 401")
}

// One definition out of sight: the text is still evidence.
func ownOrUnknown(other error) bool {
	err := ErrBusy
	if other != nil {
		err = other
	}
	return strings.Contains(err.Error(), "status code: 401") // want `matched against "status code: 401".*the text is one only go-openai's errors hold`
}

// A wrapper that wraps an error it is given hides nothing it is given.
func wrapUnknown(other error) bool {
	err := localWrap(other)
	return strings.Contains(err.Error(), "status code: 401") // want `matched against "status code: 401".*the text is one only go-openai's errors hold`
}

func localWrap(err error) error { return fmt.Errorf("wrap: %w", err) }
