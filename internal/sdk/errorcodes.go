package sdk

import "strings"

// This file is oaiguard's one table of what OpenAI API errors mean: which
// error codes, types, messages and HTTP statuses tell a caller to retry, to
// wait, or to give up. The runtime generator (internal/runtimegen) emits the
// generated runtime's classification tables from it, and checks may read it
// to know which codes and types exist. Sources: reference/openai-sdks.md §3
// and §7 (the API's error-code guide and captured wire bodies).

// ErrorClass names a class of failure of an OpenAI API call. Its value is the
// exact name of the matching Class constant in the generated runtime, so the
// generator can refer to the constant by this string.
type ErrorClass string

// The classes, in the order of the runtime's Class constants.
const (
	ClassUnknown               ErrorClass = "Unknown"
	ClassRateLimited           ErrorClass = "RateLimited"
	ClassQuotaExhausted        ErrorClass = "QuotaExhausted"
	ClassRequestTooLarge       ErrorClass = "RequestTooLarge"
	ClassContextLengthExceeded ErrorClass = "ContextLengthExceeded"
	ClassAuth                  ErrorClass = "Auth"
	ClassPermission            ErrorClass = "Permission"
	ClassNotFound              ErrorClass = "NotFound"
	ClassInvalidRequest        ErrorClass = "InvalidRequest"
	ClassConflict              ErrorClass = "Conflict"
	ClassServer                ErrorClass = "Server"
	ClassOverloaded            ErrorClass = "Overloaded"
	ClassTimeout               ErrorClass = "Timeout"
	ClassConnection            ErrorClass = "Connection"
	ClassCanceled              ErrorClass = "Canceled"
)

// ClassInfo describes one ErrorClass for code that prints or documents it.
type ClassInfo struct {
	Class ErrorClass
	// Words is the class in lower-case words, as error messages show it:
	// "oaiguard: rate limited after 4 attempts".
	Words string
	// Retryable is true when trying the same request again later can
	// succeed.
	Retryable bool
	// Doc is the doc comment text of the runtime's constant, without the
	// leading name.
	Doc string
}

// ErrorClasses lists every class in the order of the runtime's Class
// constants; the first is the zero value.
var ErrorClasses = []ClassInfo{
	{ClassUnknown, "unknown error", false,
		"is an error oaiguard cannot place: not from the API, the network or the context. It is not retried."},
	{ClassRateLimited, "rate limited", true,
		"is a 429 for requests or tokens per minute (codes rate_limit_exceeded, slow_down). Retried after the server's hint or a backoff."},
	{ClassQuotaExhausted, "quota exhausted", false,
		"is insufficient_quota or a billing code such as credit_balance_exhausted. It arrives as a 429 but never succeeds until someone changes billing, so it is not retried."},
	{ClassRequestTooLarge, "request too large", false,
		"is a 429 whose message starts \"Request too large\" (one request exceeds the tokens-per-minute limit) or a 413. Retrying cannot help."},
	{ClassContextLengthExceeded, "context length exceeded", false,
		"is context_length_exceeded: the prompt plus the requested output do not fit the model. Shorten the input."},
	{ClassAuth, "authentication failed", false,
		"is a 401 or invalid_api_key: the key is wrong, revoked or not sent."},
	{ClassPermission, "permission denied", false,
		"is a 403: the key may not use this model, project or region."},
	{ClassNotFound, "not found", false,
		"is a 404 or model_not_found: the model, object or endpoint does not exist (retired endpoints answer 404 too)."},
	{ClassInvalidRequest, "invalid request", false,
		"is a 400, 422 or another 4xx, or a request the SDK rejected before sending it."},
	{ClassConflict, "conflict", true,
		"is a 409: the object is being changed by another request. Retried."},
	{ClassServer, "server error", true,
		"is a 500, 502, 504 or another 5xx, or server_error in a stream. Retried."},
	{ClassOverloaded, "overloaded", true,
		"is a 503 or server_is_overloaded. Retried with longer delays."},
	{ClassTimeout, "timed out", true,
		"is a 408, a network timeout or a per-attempt deadline. Retried while the caller's context allows."},
	{ClassConnection, "connection failed", true,
		"is a transport error: refused, reset or broken connections, DNS failures. Retried."},
	{ClassCanceled, "canceled", false,
		"is the caller's context being canceled. Never retried."},
}

// Retryable reports whether a request that failed with class c can succeed
// when sent again.
func (c ErrorClass) Retryable() bool {
	for _, ci := range ErrorClasses {
		if ci.Class == c {
			return ci.Retryable
		}
	}
	return false
}

// ErrorMatch maps one value of an API error's "code" or "type" field to the
// class it means.
type ErrorMatch struct {
	Value string
	Class ErrorClass
	// BeatsStatus is set when the value decides the class whatever the HTTP
	// status says: quota codes come with a 429 but must not be retried like
	// a rate limit.
	BeatsStatus bool
}

// ErrorCodes are the values of the error object's "code" field that oaiguard
// knows. Codes without BeatsStatus only decide the class when there is no
// HTTP status, as for errors inside a stream.
var ErrorCodes = []ErrorMatch{
	// Billing and quota: never retried.
	{"insufficient_quota", ClassQuotaExhausted, true},
	{"credit_balance_exhausted", ClassQuotaExhausted, true},
	{"organization_spend_limit_exceeded", ClassQuotaExhausted, true},
	{"project_spend_limit_exceeded", ClassQuotaExhausted, true},
	{"organization_usage_limit_exceeded", ClassQuotaExhausted, true},
	{"context_length_exceeded", ClassContextLengthExceeded, true},
	{"server_is_overloaded", ClassOverloaded, true},
	{"rate_limit_exceeded", ClassRateLimited, false},
	{"slow_down", ClassRateLimited, false},
	{"invalid_api_key", ClassAuth, false},
	{"model_not_found", ClassNotFound, false},
	{"unsupported_country_region_territory", ClassPermission, false},
	{"server_error", ClassServer, false},
	{"service_unavailable_error", ClassOverloaded, false},
}

// ErrorTypes are the values of the error object's "type" field that oaiguard
// knows, with the same meaning of BeatsStatus as in ErrorCodes.
var ErrorTypes = []ErrorMatch{
	// Newer billing codes arrive under this type: any of them is quota.
	{"insufficient_quota", ClassQuotaExhausted, true},
	{"requests", ClassRateLimited, false},
	{"tokens", ClassRateLimited, false},
	{"rate_limit_error", ClassRateLimited, false},
	{"server_error", ClassServer, false},
	{"service_unavailable_error", ClassOverloaded, false},
	{"invalid_request_error", ClassInvalidRequest, false},
}

// RequestTooLargePrefix starts the message of a 429 sent for one request
// that exceeds the tokens-per-minute limit by itself ("Request too large for
// gpt-4o … on tokens per min (TPM): Limit 30000, Requested 41000"). The
// message is the only signal: code and type are those of a rate limit.
const RequestTooLargePrefix = "Request too large"

// RetryHintPhrase precedes the wait the API names in rate-limit messages
// ("Please try again in 20s.", "… in 350ms."). go-openai errors carry no
// headers, so this is the only hint they hold.
const RetryHintPhrase = "try again in "

// StreamErrorPrefix starts the text of the error openai-go returns when an
// event inside a stream carries an error object; the JSON of that object
// follows. v1 and v2 return it as a plain error, v3 (from 3.17.0) as
// *ssestream.StreamError.
const StreamErrorPrefix = "received error while streaming: "

// Response headers that carry retry hints and request identity.
const (
	// HeaderRetryAfterMs is a wait in milliseconds; it wins over Retry-After.
	HeaderRetryAfterMs = "Retry-After-Ms"
	// HeaderRetryAfter is a wait in seconds or an HTTP date.
	HeaderRetryAfter = "Retry-After"
	// HeaderShouldRetry ("true"/"false") is the server's own verdict.
	HeaderShouldRetry = "X-Should-Retry"
	// HeaderRequestID identifies the request for OpenAI support.
	HeaderRequestID = "X-Request-Id"
)

// StatusClasses maps the HTTP statuses with a meaning of their own to a
// class. Other statuses follow StatusClass.
var StatusClasses = map[int]ErrorClass{
	400: ClassInvalidRequest,
	401: ClassAuth,
	403: ClassPermission,
	404: ClassNotFound,
	408: ClassTimeout,
	409: ClassConflict,
	413: ClassRequestTooLarge,
	422: ClassInvalidRequest,
	429: ClassRateLimited,
	503: ClassOverloaded,
}

// Classes of statuses missing from StatusClasses.
const (
	// OtherClientErrorClass is the class of any other 4xx.
	OtherClientErrorClass = ClassInvalidRequest
	// OtherServerErrorClass is the class of any other 5xx.
	OtherServerErrorClass = ClassServer
)

// StatusClass returns the class of an HTTP status alone, before the error
// body is looked at.
func StatusClass(status int) ErrorClass {
	if c, ok := StatusClasses[status]; ok {
		return c
	}
	switch {
	case status >= 500 && status < 600:
		return OtherServerErrorClass
	case status >= 400 && status < 500:
		return OtherClientErrorClass
	}
	return ClassUnknown
}

// GoOpenAIClientErrors are the exported sentinel errors that
// github.com/sashabaranov/go-openai (v1.43.0) returns before sending a
// request, because the request itself is wrong. They are InvalidRequest and
// never retried. Deprecated aliases that no code path returns are left out.
var GoOpenAIClientErrors = []string{
	"ErrChatCompletionInvalidModel",
	"ErrChatCompletionStreamNotSupported",
	"ErrContentFieldsMisused",
	"ErrCompletionUnsupportedModel",
	"ErrCompletionStreamNotSupported",
	"ErrCompletionRequestPromptTypeNotSupported",
	"ErrModerationInvalidModel",
	"ErrResponseStreamNotSupported",
	"ErrReasoningEffortUnsupported",
	"ErrReasoningToolsRequireResponses",
	"ErrReasoningSamplingUnsupported",
	"ErrReasoningModelMaxTokensDeprecated",
	"ErrReasoningModelLimitationsLogprobs",
	"ErrReasoningModelLimitationsOther",
}

// MoreErrorCodes are "code" values the API sends that decide no class of
// their own (the status does): with ErrorCodes, the codes a comparison may
// expect. Sources, as of 2026-12-06:
//   - openai-go v3.98.0, responses.ResponseErrorCode: the codes of a
//     response's error object (server_error, rate_limit_exceeded and
//     vector_store_timeout are there too).
//   - reference/openai-sdks.md §3: integer_below_min_value (Responses
//     max_output_tokens below 16).
//   - captured 400 bodies: unsupported_parameter ("max_tokens is not
//     supported with this model", github.com/sipeed/picoclaw/issues/16);
//     content_filter, which Azure OpenAI sends for filtered prompts
//     (github.com/Azure/azure-sdk-for-java/issues/40681).
var MoreErrorCodes = []string{
	"invalid_prompt", "data_residency_mismatch", "bio_policy", "misalignment_policy_violation",
	"vector_store_timeout", "invalid_image", "invalid_image_format", "invalid_image_url",
	"image_too_large", "image_too_small", "image_parse_error", "image_content_policy_violation",
	"invalid_image_mode", "image_file_too_large", "unsupported_image_media_type",
	"empty_image_file", "failed_to_download_image", "image_file_not_found",
	"integer_below_min_value", "unsupported_parameter", "content_filter",
}

// KnownErrorCode reports whether s is a "code" value oaiguard knows the API
// to send.
func KnownErrorCode(s string) bool {
	for _, m := range ErrorCodes {
		if m.Value == s {
			return true
		}
	}
	for _, c := range MoreErrorCodes {
		if c == s {
			return true
		}
	}
	return false
}

// KnownErrorType reports whether s is a "type" value oaiguard knows the API
// to send.
func KnownErrorType(s string) bool {
	for _, m := range ErrorTypes {
		if m.Value == s {
			return true
		}
	}
	return false
}

// NearestErrorValue returns the known code (or, with types, type) closest
// to s: among the known values that share the rarest of s's words (split
// at "_"), the one at the smallest edit distance, so that "quota_exceeded"
// gives insufficient_quota rather than rate_limit_exceeded; with no word
// in common, the smallest edit distance overall.
func NearestErrorValue(s string, types bool) string {
	var known []string
	if types {
		for _, m := range ErrorTypes {
			known = append(known, m.Value)
		}
	} else {
		for _, m := range ErrorCodes {
			known = append(known, m.Value)
		}
		known = append(known, MoreErrorCodes...)
	}
	hasWord := func(v, w string) bool {
		for _, x := range strings.Split(v, "_") {
			if x == w {
				return true
			}
		}
		return false
	}
	rarest, fewest := "", len(known)+1
	for _, w := range strings.Split(s, "_") {
		n := 0
		for _, v := range known {
			if hasWord(v, w) {
				n++
			}
		}
		if n > 0 && n < fewest {
			rarest, fewest = w, n
		}
	}
	best, bestD := "", -1
	for _, v := range known {
		if rarest != "" && !hasWord(v, rarest) {
			continue
		}
		if d := editDistance(s, v); bestD < 0 || d < bestD {
			best, bestD = v, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
