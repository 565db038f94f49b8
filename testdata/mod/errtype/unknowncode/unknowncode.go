// Package unknowncode compares SDK errors' codes and types with values
// OpenAI never sends, and with values it does.
package unknowncode

import (
	"errors"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
)

func openaiGo(err error) bool {
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.Code == "quota_exceeded" { // want `apiErr.Code == "quota_exceeded" is never true: OpenAI sends no error code "quota_exceeded", as far as oaiguard's table of codes and types knows; did you mean "insufficient_quota"\?`
		return false
	}
	if "rate_limit" != apiErr.Code { // want `is always true: OpenAI sends no error code "rate_limit".*did you mean "rate_limit_exceeded"\?`
		return true
	}
	switch apiErr.Type {
	case "rate_limit_error", "server_error": // known types
		return true
	case "ratelimit_error": // want `case "ratelimit_error" of switch apiErr.Type never matches: OpenAI sends no error type "ratelimit_error".*did you mean "rate_limit_error"\?`
		return true
	}
	switch apiErr.Code {
	case "context_length_exceed": // want `did you mean "context_length_exceeded"\?`
		return false
	case "insufficient_quota", "invalid_prompt", "":
		return false
	}
	return apiErr.Code == "invalid_api_key" || apiErr.Type == "invalid_request_error"
}

const wrongCode = "billing_exhausted"

func goOpenAI(err error) bool {
	var apiErr *goopenai.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	if apiErr.Code == wrongCode { // want `OpenAI sends no error code "billing_exhausted"`
		return false
	}
	if apiErr.Type == "tokens_exceeded" { // want `OpenAI sends no error type "tokens_exceeded"`
		return false
	}
	// Negatives: known codes, a numeric code (the code category's), other
	// providers' spellings, an empty code, another field.
	return apiErr.Code == "context_length_exceeded" ||
		apiErr.Code == 429 ||
		apiErr.Code == "DeploymentNotFound" ||
		apiErr.Code == nil ||
		apiErr.Type == "" ||
		apiErr.Message == "quota_exceeded"
}

// ownError is not an SDK error: its codes are its own.
type ownError struct{ Code string }

func own(e ownError) bool { return e.Code == "quota_exceeded" }
