// Package retryutil is an in-house retry package that no list knows: its
// name says it retries.
package retryutil

import "time"

// Do calls fn up to three times.
func Do(fn func() error) error {
	var err error
	for range 3 {
		if err = fn(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

// Policy retries with a receiver.
type Policy struct{ Attempts int }

// Run calls fn up to p.Attempts times.
func (p Policy) Run(fn func() error) error {
	var err error
	for range p.Attempts {
		if err = fn(); err == nil {
			return nil
		}
	}
	return err
}
