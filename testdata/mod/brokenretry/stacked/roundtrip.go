package stacked

import (
	"context"
	"net/http"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

// retryRT retries in a counted loop: its attempts are the loop's.
type retryRT struct{ next http.RoundTripper }

func (t retryRT) RoundTrip(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	for i := 0; i < 4; i++ {
		resp, err = t.next.RoundTrip(req)
		if err == nil && resp.StatusCode < 500 {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return resp, err
}

func roundTripCount(ctx context.Context) error {
	client := openai.NewClient(option.WithHTTPClient(&http.Client{Transport: retryRT{http.DefaultTransport}}))
	_, err := client.Models.List(ctx) // want `client.Models.List is retried at 2 layers: openai-go's own retries \(3 attempts\) × the retrying retryRT.RoundTrip \(4 attempts\) = up to 12 requests per call`
	return err
}
