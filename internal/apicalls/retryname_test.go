package apicalls

import "testing"

func TestRetryName(t *testing.T) {
	for name, want := range map[string]bool{
		"withRetry":      true,
		"retryutil":      true,
		"doWithBackoff":  true,
		"Retrying":       true,
		"withoutRetry":   false,
		"noRetry":        false,
		"NoRetries":      false,
		"skip_retry":     false,
		"disableRetries": false,
		"dontRetry":      false,
		"noretry":        false,
		"ask":            false,
		// A negated retry word does not hide another one.
		"noRetryThenBackoff": true,
	} {
		if got := RetryName(name); got != want {
			t.Errorf("RetryName(%q) = %v, want %v", name, got, want)
		}
	}
}
