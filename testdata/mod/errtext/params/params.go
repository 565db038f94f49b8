// Package params imports go-openai and tests error parameters by their
// text: such parameters are taken for the SDK's errors.
package params

import (
	"context"
	"os"
	"strings"

	retry "github.com/avast/retry-go/v4"
	openai "github.com/sashabaranov/go-openai"
)

// isRetryable is the kind of predicate handed to a retry library.
func isRetryable(err error) bool {
	if strings.Contains(err.Error(), "429") { // want `err.Error\(\) matched against "429" to detect a rate limit; use oaiguard.IsRateLimited\(err\)`
		return true
	}
	return strings.Contains(err.Error(), "503") // want `matched against "503" to detect an overloaded server; use oaiguard.IsOverloaded\(err\)`
}

// Texts the table does not know, on a parameter: likely another error.
func notExist(err error) bool {
	return strings.Contains(err.Error(), "no such file")
}

// The parameter is replaced by an error that is not the SDK's.
func shadowed(err error) bool {
	if err == nil {
		err = os.Remove("lock")
	}
	return err != nil && strings.Contains(err.Error(), "timeout") // want `matched against "timeout" to detect a timeout; use oaiguard.IsTimeout\(err\)`
}

func replaced(err error) bool {
	err = os.Remove("lock")
	return err != nil && strings.Contains(err.Error(), "timeout")
}

func retried(ctx context.Context, client *openai.Client) error {
	return retry.Do(
		func() error {
			_, err := client.ListModels(ctx)
			return err
		},
		retry.RetryIf(func(err error) bool {
			return strings.Contains(err.Error(), "rate_limit_exceeded") // want `matched against "rate_limit_exceeded" to detect a rate limit, but go-openai's Error\(\) holds the status and message but never the error's code or type, so this never matches; use oaiguard.IsRateLimited\(err\)`
		}),
	)
}

// The retry library returns the SDK's error.
func afterRetry(ctx context.Context, client *openai.Client) bool {
	err := retry.Do(func() error {
		_, err := client.ListModels(ctx)
		return err
	})
	return err != nil && strings.Contains(err.Error(), "You exceeded your current quota") // want `matched against "You exceeded your current quota" to detect an exhausted quota; use oaiguard.IsQuotaExhausted\(err\)`
}

// describeDBError classifies another service's errors; every caller in the
// package hands it one, so its text matches are none of oaiguard's business.
func describeDBError(err error) string {
	if strings.Contains(err.Error(), "timeout") {
		return "database timed out"
	}
	return "database error"
}

func readConfig() string {
	_, err := os.ReadFile("config.json")
	if err != nil {
		return describeDBError(err)
	}
	return ""
}

// describe is called with an SDK error by one caller: it is reported.
func describe(err error) string {
	if strings.Contains(err.Error(), "timeout") { // want `matched against "timeout" to detect a timeout; use oaiguard.IsTimeout\(err\)`
		return "timed out"
	}
	return "failed"
}

func models(ctx context.Context, client *openai.Client) string {
	if _, err := client.ListModels(ctx); err != nil {
		return describe(err)
	}
	_, err := os.ReadFile("x")
	return describe(err)
}
