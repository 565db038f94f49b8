// Package nosdk imports no SDK: its errors are not the SDKs', whatever
// their text.
package nosdk

import (
	"net/http"
	"strings"
)

func isRateLimited(err error) bool {
	return strings.Contains(err.Error(), "429") || strings.Contains(err.Error(), "rate limit")
}

func get(url string) bool {
	_, err := http.Get(url)
	return err != nil && strings.Contains(err.Error(), "timeout")
}
