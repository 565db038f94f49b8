package core

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// apiFacts is what an SDK error says about a failed call. Which SDK types
// hold which facts is the generated part of a runtime (sdkFacts).
type apiFacts struct {
	status  int    // HTTP status; 0 for errors inside a stream
	code    string // the error object's "code", numbers as decimal text
	typ     string // the error object's "type"
	message string
	header  http.Header // response headers, when the error kept them
	// class, when not Unknown, decides alone: an SDK's client-side
	// validation errors are InvalidRequest whatever else is known.
	class Class
}

// factsFunc reads the facts from an SDK's error types; ok is false when err
// holds no SDK error.
type factsFunc func(err error) (f apiFacts, ok bool)

// classify returns the class of err and the facts it was based on. sdk reads
// the SDK's error types; rec, if not nil, is what the transport saw of the
// response, which fills in what the error lost.
func classify(err error, sdk factsFunc, rec *record) (Class, apiFacts) {
	if err == nil {
		return Unknown, apiFacts{}
	}
	var oe *Error
	if errors.As(err, &oe) {
		return oe.Class, apiFacts{}
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return InvalidRequest, apiFacts{}
	}
	status, header := rec.get()
	if f, ok := sdk(err); ok {
		if f.status == 0 && status >= 400 {
			f.status = status
		}
		if header != nil {
			f.header = header
		}
		return classifyFacts(f), f
	}
	if c, ok := transportClass(err); ok {
		return c, apiFacts{}
	}
	if status >= 400 {
		// The SDK failed to decode an error body, as openai-go does for
		// {"error":"text"}; the status still says what happened.
		f := apiFacts{status: status, header: header}
		return classifyFacts(f), f
	}
	return Unknown, apiFacts{}
}

// classifyFacts decides the class of an API error. Billing codes beat the
// 429 they arrive with; a 429 "Request too large" can never fit; codes such
// as context_length_exceeded say more than their 400; then the status
// decides, and without a status (errors inside a stream) the code and type.
func classifyFacts(f apiFacts) Class {
	if f.class != Unknown {
		return f.class
	}
	code, codeOK := errorCodes[f.code]
	typ, typOK := errorTypes[f.typ]
	if code.beatsStatus && code.class == QuotaExhausted || typ.beatsStatus && typ.class == QuotaExhausted {
		return QuotaExhausted
	}
	if (f.status == 429 || f.status == 0) && strings.HasPrefix(strings.TrimSpace(f.message), requestTooLargePrefix) {
		return RequestTooLarge
	}
	if code.beatsStatus {
		return code.class
	}
	if typ.beatsStatus {
		return typ.class
	}
	if c := statusClass(f.status); c != Unknown {
		return c
	}
	if codeOK {
		return code.class
	}
	if typOK {
		return typ.class
	}
	return Unknown
}

// statusClass returns the class an HTTP status means on its own.
func statusClass(status int) Class {
	if c, ok := statusClasses[status]; ok {
		return c
	}
	switch {
	case status >= 500 && status < 600:
		return otherServerErrorClass
	case status >= 400 && status < 500:
		return otherClientErrorClass
	}
	return Unknown
}

// transportClass classifies errors that are not API errors: the caller's
// context, timeouts, and failures to connect or to read a response.
func transportClass(err error) (Class, bool) {
	switch {
	case errors.Is(err, context.Canceled):
		return Canceled, true
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout, true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return Timeout, true
	}
	var ue *url.Error
	var oe *net.OpError
	var de *net.DNSError
	switch {
	case errors.As(err, &ue), errors.As(err, &oe), errors.As(err, &de), ne != nil:
		return Connection, true
	case errors.Is(err, io.ErrUnexpectedEOF):
		// The connection broke in the middle of a response.
		return Connection, true
	}
	return Unknown, false
}

// parseErrorJSON reads an API error body: {"error": {...}}, or the error
// object by itself. It tolerates what OpenAI-compatible servers send
// instead: a number for "code", a string for "error" (taken as the
// message). ok is false when data holds no error at all.
func parseErrorJSON(data []byte) (apiFacts, bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return apiFacts{}, false
	}
	obj := top
	if raw, ok := top["error"]; ok {
		var s string
		if raw = bytes.TrimSpace(raw); len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
			return apiFacts{message: s}, true
		}
		obj = nil
		if json.Unmarshal(raw, &obj) != nil || obj == nil {
			return apiFacts{}, false
		}
	}
	f := apiFacts{
		code:    jsonText(obj["code"]),
		typ:     jsonText(obj["type"]),
		message: jsonText(obj["message"]),
	}
	if f.code == "" && f.typ == "" && f.message == "" {
		return apiFacts{}, false
	}
	return f, true
}

// jsonText returns a JSON string's value or a number's text; "" for
// anything else.
func jsonText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] == 'n' { // absent or null
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// codeText returns an error code that an SDK decoded into an any (a
// string, or a number when the server sent one) as text.
func codeText(code any) string {
	switch c := code.(type) {
	case nil:
		return ""
	case string:
		return c
	case int:
		return strconv.Itoa(c)
	case int64:
		return strconv.FormatInt(c, 10)
	case float64:
		return strconv.FormatFloat(c, 'f', -1, 64)
	case json.Number:
		return c.String()
	case interface{ String() string }:
		return c.String()
	}
	return ""
}

// streamErrorFacts finds the error openai-go returns for an error event in
// a stream, which older versions build with fmt.Errorf, and reads the JSON
// error object after its prefix.
func streamErrorFacts(err error) (apiFacts, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if rest, ok := strings.CutPrefix(e.Error(), streamErrorPrefix); ok {
			if f, ok := parseErrorJSON([]byte(rest)); ok {
				return f, true
			}
			return apiFacts{message: rest}, true
		}
	}
	return apiFacts{}, false
}
