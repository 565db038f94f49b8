// Package mine reaches no SDK: its errors are the module's own.
package mine

import "errors"

// Mine returns the module's own error, with a text like go-openai's.
func Mine() error { return errors.New("error, status code: 503, status: busy") }
