// Package unretried defines an Analyzer that reports OpenAI API calls with
// no retry handling on their path.
//
// go-openai never retries, so every call needs handling around it.
// openai-go retries twice by default; its calls are reported only when
// option.WithMaxRetries(0) switches that off (on the call, the service or
// the client), or everywhere with -unretried.strict.
//
// Retry handling that counts: oaiguard's runtime; cenkalti/backoff v1–v5;
// avast/retry-go v3, v4 and v5; sethvargo/go-retry; k8s.io/apimachinery
// wait and k8s.io/client-go util/retry; a helper whose name says it
// retries, not negated (apicalls.RetryName), unless its body in the package
// calls its function once with no loop; a retrying HTTP client given to the SDK; a
// hand-written loop that calls again after an error (for, or goto); and a function whose
// callers in the package all retry it.
package unretried
