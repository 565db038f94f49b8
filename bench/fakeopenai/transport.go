package fakeopenai

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"time"
)

// Transport is an http.RoundTripper that hands requests to the server in
// process, after a one-way delay each way. Its waits select on the
// request's context, so goroutines blocked in it are durably blocked and a
// synctest bubble's clock advances; a client that gives up gets its
// context's error at once, as from a real transport.
type Transport struct {
	srv    *Server
	oneWay time.Duration
}

// Transport returns a RoundTripper to s with the given one-way delay.
func (s *Server) Transport(oneWay time.Duration) *Transport {
	return &Transport{srv: s, oneWay: oneWay}
}

// RoundTrip sends req to the server and returns its answer.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rec := t.srv.begin(req)
	defer t.srv.finish(rec)
	defer closeBody(req)

	if err := ctx.Err(); err != nil {
		t.srv.setOutcome(rec, Refused)
		return nil, err
	}
	if err := sleep(ctx, t.oneWay); err != nil {
		t.srv.setOutcome(rec, CanceledInFlight)
		return nil, err
	}
	w := httptest.NewRecorder()
	if aborted := t.serve(w, req.WithContext(context.WithValue(ctx, recKey{}, rec))); aborted {
		// The client learns of the reset one way later.
		if err := sleep(ctx, t.oneWay); err != nil {
			return nil, err
		}
		return nil, &net.OpError{Op: "read", Net: "tcp", Addr: fakeAddr{}, Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := sleep(ctx, t.oneWay); err != nil {
		return nil, err
	}
	res := w.Result()
	res.Request = req
	return res, nil
}

// serve runs the handler and reports whether it aborted the connection.
func (t *Transport) serve(w http.ResponseWriter, r *http.Request) (aborted bool) {
	defer func() {
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			aborted = true
		}
	}()
	t.srv.ServeHTTP(w, r)
	return false
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// fakeAddr is the server's address in connection errors.
type fakeAddr struct{}

func (fakeAddr) Network() string { return "tcp" }
func (fakeAddr) String() string  { return "api.openai.invalid:443" }
