package oaiguard

import (
	"net/http"
	"testing"
)

// TestWithTransportOldFieldType: before go-openai made ClientConfig.HTTPClient
// the HTTPDoer interface it was an *http.Client; Configure's generic helper
// must install the transport for that field type too.
func TestWithTransportOldFieldType(t *testing.T) {
	for _, base := range []*http.Client{nil, {}} {
		c := withTransport(base)
		if c == nil || c == base {
			t.Fatalf("withTransport(%v) = %v; want a new client", base, c)
		}
		if _, ok := c.Transport.(*recordingTransport); !ok {
			t.Errorf("withTransport(%v).Transport = %T, want the recording transport", base, c.Transport)
		}
	}
}
