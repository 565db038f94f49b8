// Package httpx builds the module's HTTP clients and reaches no SDK: it
// still exports what its builders return, for the packages that give the
// clients to an SDK.
package httpx

import (
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

// Retrying returns a client that retries 429s and 5xx.
func Retrying() *http.Client { // want Retrying:`returns a retrying client: retryablehttp's StandardClient \(5 attempts\)`
	c := retryablehttp.NewClient()
	return c.StandardClient()
}

// RetryingTwo returns a client literal that retries twice: its attempts
// travel with the fact.
func RetryingTwo() *http.Client { // want RetryingTwo:`returns a retrying client: retryablehttp's StandardClient \(3 attempts\)`
	c := &retryablehttp.Client{RetryMax: 2}
	return c.StandardClient()
}

// Plain returns one that retries nothing.
func Plain() *http.Client {
	return &http.Client{}
}
