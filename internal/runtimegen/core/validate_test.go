package core

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestValidationErrorTexts(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{missingField("messages"), "messages is required"},
		{emptyField("input"), "input must not be empty"},
		{outOfRange("temperature", "between 0 and 2", 3, 64), "temperature must be between 0 and 2, not 3"},
		{outOfRange("top_p", "between 0 and 1", float64(float32(1.1)), 32), "top_p must be between 0 and 1, not 1.1"},
		{outOfRange("temperature", "between 0 and 2", math.NaN(), 64), "temperature must be between 0 and 2, not NaN"},
		{mapValueOutOfRange("logit_bias", "50256", "between -100 and 100", 200), `logit_bias value for "50256" must be between -100 and 100, not 200`},
		{needsTrue("top_logprobs", "logprobs"), "top_logprobs needs logprobs set to true"},
		{tooManyEntries("metadata", 17, 16), "metadata has 17 entries; at most 16 are allowed"},
		{keyTooLong("metadata", "k", 64), `metadata key "k" is longer than 64 characters`},
		{valueTooLong("metadata", "k", 512), `metadata value for "k" is longer than 512 characters`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestRejectedIsInvalidRequestBeforeAnyAttempt(t *testing.T) {
	verr := outOfRange("temperature", "between 0 and 2", 3, 64)
	err := error(rejected(verr))
	const want = "oaiguard: invalid request before the first attempt: temperature must be between 0 and 2, not 3"
	if err.Error() != want {
		t.Errorf("text %q, want %q", err.Error(), want)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != "temperature" {
		t.Errorf("errors.As to *ValidationError: %v", ve)
	}
	var e *Error
	if !errors.As(err, &e) || e.Attempts != 0 || e.Class != InvalidRequest {
		t.Errorf("*Error = %+v", e)
	}
	noFacts := func(error) (apiFacts, bool) { return apiFacts{}, false }
	for _, err := range []error{err, verr, fmt.Errorf("wrapped: %w", verr)} {
		if c, _ := classify(err, noFacts, nil); c != InvalidRequest {
			t.Errorf("classify(%v) = %v, want InvalidRequest", err, c)
		}
	}
}

func TestEmptyJSON(t *testing.T) {
	for _, v := range []any{"", []string{}, []any{}, []int{}, []int64{}, [][]int{}, [][]int64{}} {
		if !emptyJSON(v) {
			t.Errorf("emptyJSON(%#v) = false", v)
		}
	}
	for _, v := range []any{nil, "x", []string{""}, [][]int{{}}, 0, struct{}{}, map[string]any{}} {
		if emptyJSON(v) {
			t.Errorf("emptyJSON(%#v) = true", v)
		}
	}
	if overridden(nil, "model") || !overridden(map[string]any{"model": nil}, "model") {
		t.Error("overridden disagrees with the map")
	}
}
