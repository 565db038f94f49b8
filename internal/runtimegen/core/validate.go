package core

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// ValidationError is a request that the API would reject, found before the
// first attempt: a required field that is missing, or a value outside its
// documented range. The wrappers return it inside an *Error of class
// InvalidRequest that counts no attempt; errors.As reaches it.
type ValidationError struct {
	// Field is the request field at fault, by its JSON name:
	// "messages", "temperature", "logit_bias".
	Field string
	// Reason says what is wrong with it: "is required", "must be between
	// 0 and 2, not 3".
	Reason string
	// Err is the SDK's own error for the request, when the SDK rejects it
	// on the client too (go-openai's ErrReasoningModel...), so that
	// errors.Is finds it as it would without the runtime; nil otherwise.
	Err error
}

// Unwrap returns the SDK's own error for the request, if any.
func (e *ValidationError) Unwrap() error { return e.Err }

// Error returns the field and the reason: "temperature must be between 0
// and 2, not 3".
func (e *ValidationError) Error() string { return e.Field + " " + e.Reason }

// rejected is the error of a call whose request failed validation.
func rejected(err error) *Error {
	return &Error{Class: InvalidRequest, Err: err, stop: stopBeforeAny}
}

// The constructors below are what the generated validators return; their
// text is built only on failure, so that a valid request costs no
// allocation.

// missingField is a required field that is not sent.
func missingField(field string) error {
	return &ValidationError{Field: field, Reason: "is required"}
}

// emptyField is a required field sent empty: "" or [].
func emptyField(field string) error {
	return &ValidationError{Field: field, Reason: "must not be empty"}
}

// outOfRange is a number outside its documented range, which want words:
// "between 0 and 2", "at least 1". bits is the size of the field's float
// type, so that a float32 reads as written.
func outOfRange(field, want string, v float64, bits int) error {
	return &ValidationError{Field: field, Reason: "must be " + want + ", not " + formatNumber(v, bits)}
}

// mapValueOutOfRange is a map value outside its documented range.
func mapValueOutOfRange(field, key, want string, v float64) error {
	return &ValidationError{Field: field, Reason: "value for " + strconv.Quote(key) + " must be " + want + ", not " + formatNumber(v, 64)}
}

// needsTrue is a field set above zero while the boolean field it depends
// on is not true.
func needsTrue(field, flag string) error {
	return &ValidationError{Field: field, Reason: "needs " + flag + " set to true"}
}

// tooManyEntries is a map with more than max entries.
func tooManyEntries(field string, n, max int) error {
	return &ValidationError{Field: field, Reason: "has " + strconv.Itoa(n) + " entries; at most " + strconv.Itoa(max) + " are allowed"}
}

// keyTooLong is a map key longer than max characters.
func keyTooLong(field, key string, max int) error {
	return &ValidationError{Field: field, Reason: "key " + strconv.Quote(key) + " is longer than " + strconv.Itoa(max) + " characters"}
}

// valueTooLong is a map value longer than max characters.
func valueTooLong(field, key string, max int) error {
	return &ValidationError{Field: field, Reason: "value for " + strconv.Quote(key) + " is longer than " + strconv.Itoa(max) + " characters"}
}

func formatNumber(v float64, bits int) string {
	return strconv.FormatFloat(v, 'g', -1, bits)
}

// emptyJSON reports whether v, the value of a field of type any, is sent as
// an empty string or array. Types that are not strings or arrays are
// never empty.
func emptyJSON(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	case []any:
		return len(v) == 0
	case []int:
		return len(v) == 0
	case []int64:
		return len(v) == 0
	case [][]int:
		return len(v) == 0
	case [][]int64:
		return len(v) == 0
	}
	return false
}

// overridden reports whether the caller also sends field as raw JSON
// (openai-go's SetExtraFields, go-openai's ExtraBody), which the SDK puts
// on the wire in place of, or beside, the typed field: then the typed
// field says nothing certain and is not checked.
func overridden(extra map[string]any, field string) bool {
	_, ok := extra[field]
	return ok
}

// reasoningRejected is a field that the reasoning model named rejects;
// sdkErr is the SDK's own error for it, or nil.
func reasoningRejected(field, reason, model string, sdkErr error) error {
	return &ValidationError{Field: field, Reason: reason + " (model " + strconv.Quote(model) + ")", Err: sdkErr}
}

// missingWord is a request whose setting (response_format json_object)
// needs a word in the messages that none of them holds.
func missingWord(field, word, setting string) error {
	return &ValidationError{Field: field, Reason: "must mention " + strconv.Quote(word) + " when " + setting + " is set"}
}

// mentions reports whether v, the messages of a request, holds word (in
// lower case) in any case anywhere in its JSON: the API looks for it in
// the messages' text, and a word in another part (a tool call's
// arguments) passes here, so that a request the API accepts is never
// rejected. Messages that cannot be encoded pass too: the SDK reports
// that itself. It runs only for requests that set what needs the word.
func mentions(v any, word string) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return true
	}
	return bytes.Contains(bytes.ToLower(b), []byte(word))
}

// modelSet is a set of model IDs by prefix (generated from oaiguard's
// table of models, internal/sdk's ModelSet, whose Match this mirrors).
type modelSet struct {
	prefixes []string
	// whole: a prefix must be the whole ID or be followed by "-".
	whole  bool
	except []string
}

func (s modelSet) match(model string) bool {
	for _, e := range s.except {
		if strings.HasPrefix(model, e) {
			return false
		}
	}
	for _, p := range s.prefixes {
		if !strings.HasPrefix(model, p) {
			continue
		}
		if !s.whole || len(model) == len(p) || model[len(p)] == '-' {
			return true
		}
	}
	return false
}
