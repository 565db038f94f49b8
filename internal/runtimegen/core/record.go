package core

import (
	"context"
	"net/http"
	"sync"
)

// record keeps the status and headers of the response to one attempt. SDK
// errors do not always keep them: go-openai's never hold headers, and
// openai-go turns a body like {"error":"text"} into a JSON decoding error
// that has lost the status. The wrappers install a recorder (a request
// middleware or an http.RoundTripper) that fills it.
type record struct {
	mu     sync.Mutex
	status int
	header http.Header
}

// observe records res, the last response of the attempt. res may be nil.
func (r *record) observe(res *http.Response) {
	if r == nil || res == nil {
		return
	}
	h := res.Header.Clone()
	r.mu.Lock()
	r.status, r.header = res.StatusCode, h
	r.mu.Unlock()
}

// get returns what was recorded: status 0 when no response arrived.
func (r *record) get() (int, http.Header) {
	if r == nil {
		return 0, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status, r.header
}

type recordKey struct{}

// withRecord returns a context that carries r to transports that record
// responses; the SDKs build their requests with the caller's context.
func withRecord(ctx context.Context, r *record) context.Context {
	return context.WithValue(ctx, recordKey{}, r)
}

// recordFrom returns the record a wrapper put in ctx, or nil.
func recordFrom(ctx context.Context) *record {
	r, _ := ctx.Value(recordKey{}).(*record)
	return r
}
