// Package quiet reaches no SDK: nothing in it is checked.
package quiet

import "strings"

func limited(err error) bool {
	return strings.Contains(err.Error(), "status code: 429") || strings.Contains(err.Error(), "insufficient_quota")
}
