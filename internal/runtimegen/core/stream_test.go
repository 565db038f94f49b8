package core

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// body is a response body that records whether it was closed and can fail
// after its content.
type body struct {
	r      io.Reader
	err    error // returned after r is drained; nil means io.EOF
	closed bool
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		err = b.err
	}
	return n, err
}

func (b *body) Close() error { b.closed = true; return nil }

func sseResponse(content string, err error) (*http.Response, *body) {
	b := &body{r: strings.NewReader(content), err: err}
	return &http.Response{
		StatusCode: 200,
		Header:     http.Header{"Content-Type": {"text/event-stream; charset=utf-8"}},
		Body:       b,
	}, b
}

func TestPeekFirstEventPassesAGoodStreamThrough(t *testing.T) {
	for _, content := range []string{
		"data: {\"id\":\"1\",\"choices\":[]}\n\ndata: {\"id\":\"2\"}\n\ndata: [DONE]\n\n",
		": keep-alive\n\nevent: response.created\ndata: {\"type\":\"response.created\"}\n\n",
		"data: [DONE]\n\n",
		"data: {\"text\":\"the error was fixed\"}\r\n\r\n",           // "error" in a string, CRLF
		"data: {\"id\":\"1\"}",                                       // cut before the blank line
		"data: {\"error\":null,\"id\":\"1\"}\n\n",                    // a null error is no error
		"data: line one\ndata: line two\n\ndata: {\"error\":{}}\n\n", // an error after the first event
	} {
		res, b := sseResponse(content, nil)
		ev, err := peekFirstEvent(res)
		if ev != nil || err != nil {
			t.Errorf("%q: peek = %+v, %v; want the stream passed on", content, ev, err)
			continue
		}
		got, _ := io.ReadAll(res.Body)
		if string(got) != content {
			t.Errorf("%q: the body replays %q", content, got)
		}
		if err := res.Body.Close(); err != nil || !b.closed {
			t.Errorf("%q: closing the replayed body did not close the original", content)
		}
	}
}

func TestPeekFirstEventFindsAnErrorEvent(t *testing.T) {
	tests := []struct {
		content, name, errorJSON string
	}{
		{"data: {\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}\n\n", "", `{"code":"server_error","message":"boom"}`},
		{": ping\n\ndata: {\"error\": {\"code\":\"rate_limit_exceeded\"}}\n\n", "", `{"code":"rate_limit_exceeded"}`},
		{"event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"x\"}\n\n", "error", `{"type":"error","code":"server_error","message":"x"}`},
		{"data: {\"type\":\"error\",\"code\":\"insufficient_quota\"}\n\n", "", `{"type":"error","code":"insufficient_quota"}`},
		{"event: error\ndata: not json\n\n", "error", "not json"},
	}
	for _, tt := range tests {
		res, b := sseResponse(tt.content, nil)
		ev, err := peekFirstEvent(res)
		if err != nil || ev == nil {
			t.Errorf("%q: peek = %v, %v; want an error event", tt.content, ev, err)
			continue
		}
		if ev.name != tt.name || string(ev.errorJSON) != tt.errorJSON {
			t.Errorf("%q: event %q with error %s; want %q with %s", tt.content, ev.name, ev.errorJSON, tt.name, tt.errorJSON)
		}
		if !strings.HasPrefix(ev.message(), streamErrorPrefix) || !b.closed {
			t.Errorf("%q: message %q, body closed %v", tt.content, ev.message(), b.closed)
		}
		if f, ok := streamErrorFacts(errors.New(ev.message())); !ok || f.code == "" && f.message == "" {
			t.Errorf("%q: the message does not read back as an error: %+v", tt.content, f)
		}
	}
}

func TestPeekFirstEventBrokenConnection(t *testing.T) {
	reset := errors.New("connection reset by peer")
	for _, tt := range []struct {
		content string
		err     error
		want    error
	}{
		{"", nil, io.ErrUnexpectedEOF},                               // closed before anything
		{": ping\n\n", nil, io.ErrUnexpectedEOF},                     // only a comment
		{"event: x\n", nil, io.ErrUnexpectedEOF},                     // a name and no data
		{"", reset, reset},                                           // reset before anything
		{"data: {\"id\":\"1\"}\n", reset, reset},                     // reset inside the first event
		{"data: {\"id\":", io.ErrUnexpectedEOF, io.ErrUnexpectedEOF}, // cut mid-line
	} {
		res, b := sseResponse(tt.content, tt.err)
		ev, err := peekFirstEvent(res)
		if ev != nil || !errors.Is(err, tt.want) || !b.closed {
			t.Errorf("%q then %v: peek = %v, %v (closed %v); want %v and the body closed", tt.content, tt.err, ev, err, b.closed, tt.want)
		}
	}
}

func TestPeekFirstEventLeavesOtherResponsesAlone(t *testing.T) {
	for _, res := range []*http.Response{
		nil,
		{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader("{}"))},
		{StatusCode: 429, Header: http.Header{"Content-Type": {"text/event-stream"}}, Body: io.NopCloser(strings.NewReader("data: x\n\n"))},
		{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}}},
		{StatusCode: 200, Header: http.Header{"Content-Type": {"bogus;;"}}, Body: io.NopCloser(strings.NewReader(""))},
	} {
		var before io.ReadCloser
		if res != nil {
			before = res.Body
		}
		ev, err := peekFirstEvent(res)
		if ev != nil || err != nil || res != nil && res.Body != before {
			t.Errorf("%+v: peek = %v, %v, body replaced %v", res, ev, err, res != nil && res.Body != before)
		}
	}
}

func TestPeekFirstEventStopsAtTheLimit(t *testing.T) {
	big := "data: " + strings.Repeat("x", maxPeek) + "\n\n"
	res, _ := sseResponse(big, nil)
	ev, err := peekFirstEvent(res)
	if ev != nil || err != nil {
		t.Fatalf("peek = %v, %v", ev, err)
	}
	got, _ := io.ReadAll(res.Body)
	if !bytes.Equal(got, []byte(big)) {
		t.Errorf("the body replays %d bytes, want %d", len(got), len(big))
	}
}
