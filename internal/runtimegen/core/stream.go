package core

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
)

// maxPeek bounds what peekFirstEvent reads. A first event larger than this
// (a streamed image can be megabytes) is passed on unread: the stream then
// commits at its first byte instead of its first event.
const maxPeek = 16 << 20

// streamEvent is an error event that opened a stream.
type streamEvent struct {
	name string // the event's "event:" field, "" if it had none
	data []byte // its data, the "data:" lines joined by newlines
	// errorJSON is the error object: the data's "error" member, or the
	// data itself for an event of type "error".
	errorJSON []byte
}

// message is the text openai-go gives the error of an error event.
func (e *streamEvent) message() string {
	return streamErrorPrefix + string(e.errorJSON)
}

// peekFirstEvent reads the first event of a server-sent event stream
// before the SDK sees the response. Until the first event reaches the
// caller a stream can be opened again with nothing delivered twice, so a
// stream whose first event is an error, or whose connection breaks before
// any event, must fail inside the attempt to be retried. It returns that
// error event, or the read error, with the body closed; otherwise nil, and
// the body replays what was read. Responses that are not event streams
// are left alone.
func peekFirstEvent(res *http.Response) (*streamEvent, error) {
	if res == nil || res.Body == nil || res.StatusCode < 200 || res.StatusCode > 299 {
		return nil, nil
	}
	if mt, _, err := mime.ParseMediaType(res.Header.Get("Content-Type")); err != nil || mt != "text/event-stream" {
		return nil, nil
	}
	br := bufio.NewReader(res.Body)
	var seen []byte
	var name string
	var data []byte
	hasData := false
	for {
		line, err := readLine(br, &seen)
		if err == errPeekLimit {
			break
		}
		if err != nil && !errors.Is(err, io.EOF) {
			_ = res.Body.Close()
			return nil, err
		}
		eof := err != nil
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(line) > 0 {
			field, value, _ := bytes.Cut(line, []byte(":"))
			value = bytes.TrimPrefix(value, []byte(" "))
			switch string(field) {
			case "event":
				name = string(value)
			case "data":
				if hasData {
					data = append(data, '\n')
				}
				data = append(data, value...)
				hasData = true
			}
		}
		if eof && !hasData {
			// The connection closed before any event.
			_ = res.Body.Close()
			return nil, io.ErrUnexpectedEOF
		}
		if eof || len(line) == 0 && hasData {
			// An event is complete, or cut off by the end of the stream;
			// for the latter, the SDK decides what it makes of it.
			break
		}
		if len(line) == 0 {
			name = ""
		}
	}
	if hasData {
		if errJSON, ok := errorEvent(name, data); ok {
			_ = res.Body.Close()
			return &streamEvent{name: name, data: data, errorJSON: errJSON}, nil
		}
	}
	res.Body = replayBody{Reader: io.MultiReader(bytes.NewReader(seen), br), Closer: res.Body}
	return nil, nil
}

var errPeekLimit = errors.New("first event larger than the peek limit")

// readLine reads one line, appending it to seen. It stops with
// errPeekLimit once seen holds maxPeek bytes.
func readLine(br *bufio.Reader, seen *[]byte) ([]byte, error) {
	start := len(*seen)
	for {
		chunk, err := br.ReadSlice('\n')
		*seen = append(*seen, chunk...)
		if err == bufio.ErrBufferFull {
			if len(*seen) >= maxPeek {
				return nil, errPeekLimit
			}
			continue
		}
		return (*seen)[start:], err
	}
}

// errorEvent reports whether an event is an error, as the SDKs read one: a
// data object with an "error" member (chat and completion streams), or
// an event of type "error" (Responses streams), and returns the error
// object.
func errorEvent(name string, data []byte) ([]byte, bool) {
	data = bytes.TrimSpace(data)
	if bytes.Contains(data, []byte(`"error"`)) {
		var top map[string]json.RawMessage
		if json.Unmarshal(data, &top) == nil {
			if raw := bytes.TrimSpace(top["error"]); len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
				return raw, true
			}
			if jsonText(top["type"]) == "error" {
				return data, true
			}
		}
	}
	if name == "error" {
		return data, true
	}
	return nil, false
}

// replayBody is a response body that yields the bytes peekFirstEvent read
// before the rest, and closes the original.
type replayBody struct {
	io.Reader
	io.Closer
}
