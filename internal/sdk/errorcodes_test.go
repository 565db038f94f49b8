package sdk

import "testing"

func TestNearestErrorValue(t *testing.T) {
	for _, tc := range []struct {
		s     string
		types bool
		want  string
	}{
		{"quota_exceeded", false, "insufficient_quota"},
		{"rate_limit", false, "rate_limit_exceeded"},
		{"context_length_exceed", false, "context_length_exceeded"},
		{"invalid_key", false, "invalid_api_key"},
		{"rate_limit", true, "rate_limit_error"},
		{"ratelimit_error", true, "rate_limit_error"},
	} {
		if got := NearestErrorValue(tc.s, tc.types); got != tc.want {
			t.Errorf("NearestErrorValue(%q, %v) = %q, want %q", tc.s, tc.types, got, tc.want)
		}
	}
	for _, c := range MoreErrorCodes {
		for _, m := range ErrorCodes {
			if m.Value == c {
				t.Errorf("%s is in ErrorCodes and MoreErrorCodes", c)
			}
		}
		if !KnownErrorCode(c) {
			t.Errorf("KnownErrorCode(%q) = false", c)
		}
	}
	if KnownErrorCode("quota_exceeded") || KnownErrorType("insufficient_quota_error") || !KnownErrorType("invalid_request_error") {
		t.Error("KnownErrorCode/KnownErrorType disagree with the tables")
	}
}
