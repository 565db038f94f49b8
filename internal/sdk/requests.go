package sdk

import (
	"go/types"
	"slices"
	"strings"
)

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

// RequestTypeOf reports which request type t is (or points to): its
// entry in RequestTypes and the SDK module that declares it.
func RequestTypeOf(t types.Type) (RequestType, string, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return RequestType{}, "", false
	}
	mod, sub, ok := ModuleOf(n.Obj().Pkg().Path())
	if !ok {
		return RequestType{}, "", false
	}
	for _, rt := range RequestTypes[FamilyOfModule(mod)] {
		if rt.Package == sub && rt.Name == n.Obj().Name() {
			return rt, mod, true
		}
	}
	return RequestType{}, "", false
}

// ModelSet is a set of model IDs given by their prefixes.
type ModelSet struct {
	Prefixes []string
	// Whole is set when a prefix must be the whole ID or be followed by
	// "-": "o3" and "o3-mini" match "o3", "o30" does not; "gpt-5.1" does
	// not match "gpt-5".
	Whole bool
	// Except are prefixes of IDs that are not in the set although a
	// prefix above matches them.
	Except []string
}

// Match reports whether model is in the set.
func (s ModelSet) Match(model string) bool {
	for _, e := range s.Except {
		if strings.HasPrefix(model, e) {
			return false
		}
	}
	for _, p := range s.Prefixes {
		if !strings.HasPrefix(model, p) {
			continue
		}
		if !s.Whole || len(model) == len(p) || model[len(p)] == '-' {
			return true
		}
	}
	return false
}

// ReasoningModels are the models the API treats as reasoning models,
// which reject sampling parameters, max_tokens and logprobs: the o1, o3
// and o4 families and gpt-5 with its dated, mini, nano, pro and codex
// variants (reference/openai-sdks.md §6). Left out: gpt-5-chat, a chat
// model, and the gpt-5.x models, whose default reasoning effort is none,
// with which the API accepts sampling parameters: whether a request of
// theirs is rejected depends on its effort.
var ReasoningModels = ModelSet{
	Prefixes: []string{"o1", "o3", "o4", "gpt-5"},
	Whole:    true,
	Except:   []string{"gpt-5-chat"},
}

// GoOpenAIReasoningModels are the models for which go-openai's
// ReasoningValidator rejects a chat completion request on the client,
// before sending it (go-openai v1.43.0 reasoning_validator.go: any model
// ID starting with o1, o3, o4 or gpt-5).
var GoOpenAIReasoningModels = ModelSet{Prefixes: []string{"o1", "o3", "o4", "gpt-5"}}

// ReasoningModel reports whether a request of kind k from family f for
// model meets the reasoning-model rules, and whether the SDK itself
// rejects it on the client (go-openai's chat completions), in which case
// the SDK's set of models applies instead of the API's.
func ReasoningModel(f Family, k RequestKind, model string) (reasoning, sdkCheck bool) {
	if f == GoOpenAI && k == ChatCompletions {
		return GoOpenAIReasoningModels.Match(model), true
	}
	return ReasoningModels.Match(model), false
}

// ReasoningRule is a limit of one request field for reasoning models.
type ReasoningRule struct {
	Field string // JSON name
	Kinds []RequestKind
	// Forbidden is set when the field must not be sent at all (a number
	// above zero, a boolean true); otherwise Min and Max bound the values
	// the model accepts (temperature: only 1, the default).
	Forbidden bool
	Min, Max  Bound
	// Use names the field to send instead (max_completion_tokens).
	Use string
	// SDKOnly is set for limits that only go-openai's client check
	// enforces; they apply where ReasoningModel says sdkCheck.
	SDKOnly bool
	// SDKError is go-openai's error for a request its client check
	// rejects (an exported variable of the root package).
	SDKError string
}

// Applies reports whether the rule applies to requests of kind k when
// sdkCheck is as ReasoningModel says.
func (r ReasoningRule) Applies(k RequestKind, sdkCheck bool) bool {
	return (!r.SDKOnly || sdkCheck) && slices.Contains(r.Kinds, k)
}

// Allows reports whether a value v of the field, sent, passes the rule.
func (r ReasoningRule) Allows(v float64) bool {
	if r.Forbidden {
		return v <= 0
	}
	return (!r.Min.Set || v >= r.Min.Value) && (!r.Max.Set || v <= r.Max.Value)
}

var chatAndResponses = []RequestKind{ChatCompletions, Responses}

// ReasoningRules lists the reasoning-model limits: the API's (sampling
// parameters other than their default, max_tokens, logprobs) and those
// go-openai adds on its client (n other than 1, penalties above 0).
var ReasoningRules = []ReasoningRule{
	{Field: "temperature", Kinds: chatAndResponses, Min: limit(1), Max: limit(1), SDKError: "ErrReasoningModelLimitationsOther"},
	{Field: "top_p", Kinds: chatAndResponses, Min: limit(1), Max: limit(1), SDKError: "ErrReasoningModelLimitationsOther"},
	{Field: "max_tokens", Kinds: []RequestKind{ChatCompletions}, Forbidden: true, Use: "max_completion_tokens", SDKError: "ErrReasoningModelMaxTokensDeprecated"},
	{Field: "logprobs", Kinds: []RequestKind{ChatCompletions}, Forbidden: true, SDKError: "ErrReasoningModelLimitationsLogprobs"},
	{Field: "n", Kinds: []RequestKind{ChatCompletions}, Min: limit(1), Max: limit(1), SDKOnly: true, SDKError: "ErrReasoningModelLimitationsOther"},
	{Field: "presence_penalty", Kinds: []RequestKind{ChatCompletions}, Max: limit(0), SDKOnly: true, SDKError: "ErrReasoningModelLimitationsOther"},
	{Field: "frequency_penalty", Kinds: []RequestKind{ChatCompletions}, Max: limit(0), SDKOnly: true, SDKError: "ErrReasoningModelLimitationsOther"},
}

// WordRule is a request whose field has a given value and whose messages
// must then mention a word, in any case: a chat completion with
// response_format json_object must say "json" in some message, or the
// API answers 400 ("'messages' must contain the word 'json' in some
// form").
type WordRule struct {
	Kind     RequestKind
	Field    string // JSON name: response_format
	Type     string // its type: json_object
	Messages string // JSON name of the messages: messages
	Word     string // lower case: json
}

// WordRules lists the word rules.
var WordRules = []WordRule{
	{Kind: ChatCompletions, Field: "response_format", Type: "json_object", Messages: "messages", Word: "json"},
}

// GoOpenAIGPT6Models are the model IDs for which go-openai's
// ReasoningValidator (v1.43.0 reasoning_validator.go, validateGPT6ChatParams)
// checks a chat completion request with its GPT-6 rules: exactly these IDs,
// no prefix. The value says whether the model accepts reasoning_effort
// "none" (gpt-6-sol, gpt-6-luna), which turns reasoning off.
var GoOpenAIGPT6Models = map[string]bool{
	"gpt-6-astra": false,
	"gpt-6.1-sol": false,
	"gpt-6-sol":   true,
	"gpt-6-luna":  true,
}

// GPT6Rule is one of go-openai's client checks of a GPT-6 chat completion:
// the field must not be sent (any value other than zero or false).
type GPT6Rule struct {
	Field string // JSON name
	// Reasoning is set for the rules that apply only while reasoning is
	// on: reasoning_effort other than "none" (unset is on).
	Reasoning bool
	// Use names the field to send instead (max_completion_tokens).
	Use string
	// SDKError is go-openai's error (an exported variable of its root
	// package).
	SDKError string
}

// GoOpenAIGPT6Rules are the limits validateGPT6ChatParams enforces
// (go-openai v1.43.0): max_tokens always, and with reasoning on any
// temperature, top_p, logprobs or top_logprobs, even 1. The analyzer
// reads them; the runtime's generated validators do not yet (they rely on
// go-openai's own check, which runs before the request is sent).
var GoOpenAIGPT6Rules = []GPT6Rule{
	{Field: "max_tokens", Use: "max_completion_tokens", SDKError: "ErrReasoningModelMaxTokensDeprecated"},
	{Field: "temperature", Reasoning: true, SDKError: "ErrReasoningSamplingUnsupported"},
	{Field: "top_p", Reasoning: true, SDKError: "ErrReasoningSamplingUnsupported"},
	{Field: "logprobs", Reasoning: true, SDKError: "ErrReasoningSamplingUnsupported"},
	{Field: "top_logprobs", Reasoning: true, SDKError: "ErrReasoningSamplingUnsupported"},
}
