package core

import (
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
// The header is kept, not copied: nothing changes a response's header
// once the transport has returned it.
func (r *record) observe(res *http.Response) {
	if r == nil || res == nil {
		return
	}
	r.mu.Lock()
	r.status, r.header = res.StatusCode, res.Header
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

// reset forgets what was recorded, before the next attempt.
func (r *record) reset() {
	r.mu.Lock()
	r.status, r.header = 0, nil
	r.mu.Unlock()
}
