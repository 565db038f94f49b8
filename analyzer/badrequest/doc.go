// Package badrequest defines an Analyzer that reports API requests the
// OpenAI API answers with 400 whatever the moment: request literals of the
// SDKs' request types (and the fields assigned to them before the call in
// the same function) whose statically known values break a rule of
// oaiguard's one table of request rules (internal/sdk/requests.go), the
// table the runtime's generated validation is made from. The rules:
// required fields missing or empty, numbers outside their documented
// ranges, top_logprobs without logprobs, the limits of reasoning models
// (naming go-openai's own error where its client rejects the request
// before sending it), and response_format json_object with no message
// that mentions JSON.
package badrequest
