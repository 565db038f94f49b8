package sdk

// This file is oaiguard's one table of what the API accepts in the main
// request types: which request types each SDK has for chat completions,
// responses, embeddings and completions, which fields the API requires, and
// the documented ranges of the numeric fields. The runtime generator
// (internal/runtimegen) reads the SDKs' request types with go/types and
// emits the validators from their fields and this table; checks may read it
// to flag request literals the API will reject. Sources:
// reference/openai-sdks.md §1.7, §2.5 and §6 (the API reference and the
// SDKs' doc comments).

// RequestKind is a family of API requests that the runtime validates.
type RequestKind string

// The validated kinds.
const (
	ChatCompletions RequestKind = "chat completions"
	Responses       RequestKind = "responses"
	Embeddings      RequestKind = "embeddings"
	Completions     RequestKind = "completions"
)

// RequestKinds lists every validated kind.
var RequestKinds = []RequestKind{ChatCompletions, Responses, Embeddings, Completions}

// RequestType is one request type of an SDK.
type RequestType struct {
	Kind RequestKind
	// Package is the path of the type's package below the module root:
	// "" for the root package, "responses" for openai-go's Responses API.
	Package string
	Name    string
}

// RequestTypes lists, per family, the request types of each kind. go-openai
// has three embedding requests: CreateEmbeddings takes an interface that
// each of them implements.
var RequestTypes = map[Family][]RequestType{
	OpenAIGo: {
		{ChatCompletions, "", "ChatCompletionNewParams"},
		{Responses, "responses", "ResponseNewParams"},
		{Embeddings, "", "EmbeddingNewParams"},
		{Completions, "", "CompletionNewParams"},
	},
	GoOpenAI: {
		{ChatCompletions, "", "ChatCompletionRequest"},
		{Responses, "", "CreateResponseRequest"},
		{Embeddings, "", "EmbeddingRequest"},
		{Embeddings, "", "EmbeddingRequestStrings"},
		{Embeddings, "", "EmbeddingRequestTokens"},
		{Completions, "", "CompletionRequest"},
	},
}

// RequiredField is a field the API requires in every request of a kind.
type RequiredField struct {
	Kind  RequestKind
	Field string // JSON name
	// NonEmpty is set when an empty string or array is rejected too
	// (an empty messages array, an embedding of ""); a completion's
	// prompt may be "".
	NonEmpty bool
}

// RequiredFields lists what the API reference requires. openai-go marks
// required fields itself (`api:"required"`, or `json:"...,required"` before
// v3), generated from the same reference, and its tags decide for it; this
// list adds NonEmpty. go-openai's tags cannot say it (they say only what is
// omitted when zero: its Stream and User are sent always and are not
// required, its completion Prompt is omitempty and is), so for go-openai
// this list decides. A Responses request requires nothing: a stored prompt
// can supply the model and the input.
var RequiredFields = []RequiredField{
	{ChatCompletions, "model", true},
	{ChatCompletions, "messages", true},
	{Embeddings, "model", true},
	{Embeddings, "input", true},
	{Completions, "model", true},
	{Completions, "prompt", false},
}

// Required returns the required-field entry for a kind's JSON field.
func Required(kind RequestKind, field string) (RequiredField, bool) {
	for _, r := range RequiredFields {
		if r.Kind == kind && r.Field == field {
			return r, true
		}
	}
	return RequiredField{}, false
}

// Bound is one end of a documented range; the zero Bound is no bound.
type Bound struct {
	Value float64
	Set   bool
}

// FieldRule is a documented limit of one request field, by JSON name.
type FieldRule struct {
	Field string
	// Kinds are the request kinds the rule applies to; nil means every
	// kind whose request has the field.
	Kinds []RequestKind
	// Min and Max bound a number; with Values they bound the values of a
	// map from strings to numbers instead (logit_bias).
	Min, Max Bound
	Values   bool
	// MaxEntries, MaxKeyChars and MaxValueChars limit a map from strings
	// to strings (metadata); 0 means no limit. Characters are runes.
	MaxEntries, MaxKeyChars, MaxValueChars int
	// RequiresTrue names a boolean field that must be true whenever this
	// one is above zero (top_logprobs needs logprobs).
	RequiresTrue string
	// Default is what the server uses when the field is not sent, when
	// HasDefault is set. go-openai omits a zero temperature or top_p
	// (omitempty), so the server's default 1 applies instead of the 0
	// the caller wrote.
	Default    float64
	HasDefault bool
}

// InRange reports whether v lies within the rule's bounds; NaN never does.
func (r FieldRule) InRange(v float64) bool {
	if v != v {
		return false
	}
	return (!r.Min.Set || v >= r.Min.Value) && (!r.Max.Set || v <= r.Max.Value)
}

// limit is a Bound at v.
func limit(v float64) Bound { return Bound{Value: v, Set: true} }

// FieldRules lists the documented limits (reference/openai-sdks.md §6).
var FieldRules = []FieldRule{
	{Field: "temperature", Min: limit(0), Max: limit(2), Default: 1, HasDefault: true},
	{Field: "top_p", Min: limit(0), Max: limit(1), Default: 1, HasDefault: true},
	{Field: "n", Kinds: []RequestKind{ChatCompletions}, Min: limit(1), Max: limit(128)},
	{Field: "n", Kinds: []RequestKind{Completions}, Min: limit(1)},
	{Field: "presence_penalty", Min: limit(-2), Max: limit(2)},
	{Field: "frequency_penalty", Min: limit(-2), Max: limit(2)},
	{Field: "max_tokens", Min: limit(1)},
	{Field: "max_completion_tokens", Min: limit(1)},
	// Below 16 the API answers integer_below_min_value.
	{Field: "max_output_tokens", Kinds: []RequestKind{Responses}, Min: limit(16)},
	{Field: "dimensions", Kinds: []RequestKind{Embeddings}, Min: limit(1)},
	// A completion's logprobs is a count; a chat completion's is a bool.
	{Field: "logprobs", Kinds: []RequestKind{Completions}, Min: limit(0), Max: limit(5)},
	{Field: "top_logprobs", Kinds: []RequestKind{ChatCompletions}, Min: limit(0), Max: limit(20), RequiresTrue: "logprobs"},
	{Field: "top_logprobs", Kinds: []RequestKind{Responses}, Min: limit(0), Max: limit(20)},
	{Field: "logit_bias", Values: true, Min: limit(-100), Max: limit(100)},
	{Field: "metadata", MaxEntries: 16, MaxKeyChars: 64, MaxValueChars: 512},
}

// Applies reports whether the rule applies to requests of kind k.
func (r FieldRule) Applies(k RequestKind) bool {
	if r.Kinds == nil {
		return true
	}
	for _, kk := range r.Kinds {
		if kk == k {
			return true
		}
	}
	return false
}

// Rules returns the rules for a kind's JSON field.
func Rules(kind RequestKind, field string) []FieldRule {
	var out []FieldRule
	for _, r := range FieldRules {
		if r.Field == field && r.Applies(kind) {
			out = append(out, r)
		}
	}
	return out
}
