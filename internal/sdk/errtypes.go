package sdk

import (
	"go/types"
	"strings"
)

// This file says which Go types are the SDKs' error types, and what their
// fields hold. Checks that look at error handling (text matching, type
// assertions, errors.As targets, Code comparisons) ask here instead of
// matching type names themselves.

// ErrorKind tells the SDK error types apart.
type ErrorKind int

const (
	// NotSDKError is any type that is not one of the SDKs' error types.
	NotSDKError ErrorKind = iota
	// APIError is the error an API response turned into: openai-go's
	// openai.Error (an alias of internal/apierror.Error) and go-openai's
	// APIError. Their status, code and type fields hold the facts.
	APIError
	// RequestError is go-openai's RequestError: a non-2xx response whose
	// body was not an OpenAI error object, or a failure to build or send
	// the request.
	RequestError
	// StreamError is openai-go's ssestream.StreamError: an error event
	// inside a stream, with no HTTP status.
	StreamError
)

func (k ErrorKind) String() string {
	switch k {
	case APIError:
		return "API error"
	case RequestError:
		return "request error"
	case StreamError:
		return "stream error"
	}
	return "not an SDK error"
}

// ErrorType describes one SDK error type as found in type-checked code.
type ErrorType struct {
	Kind   ErrorKind
	Family Family
	// Module is the SDK module path, e.g. github.com/openai/openai-go/v3.
	Module string
	// Named is the error's named struct type; errors are returned as
	// pointers to it.
	Named *types.Named
}

// Spelling is how user code names the type: "openai.Error",
// "openai.APIError", "ssestream.StreamError".
func (e ErrorType) Spelling() string {
	switch {
	case e.Kind == StreamError:
		return "ssestream.StreamError"
	case e.Family == GoOpenAI:
		return "openai." + e.Named.Obj().Name()
	}
	return "openai.Error"
}

// ErrorTypeOf reports whether t, or the type t points to, is one of the
// SDKs' error types. Aliases are seen through, so openai.Error and
// apierror.Error are the same type.
func ErrorTypeOf(t types.Type) (ErrorType, bool) {
	if t == nil {
		return ErrorType{}, false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return ErrorType{}, false
	}
	mod, sub, ok := ModuleOf(named.Obj().Pkg().Path())
	if !ok {
		return ErrorType{}, false
	}
	fam := FamilyOfModule(mod)
	name := named.Obj().Name()
	kind := NotSDKError
	switch fam {
	case GoOpenAI:
		switch {
		case sub == "" && name == "APIError":
			kind = APIError
		case sub == "" && name == "RequestError":
			kind = RequestError
		}
	default:
		switch {
		case sub == "internal/apierror" && name == "Error":
			kind = APIError
		case sub == "packages/ssestream" && name == "StreamError":
			kind = StreamError
		}
	}
	if kind == NotSDKError {
		return ErrorType{}, false
	}
	return ErrorType{Kind: kind, Family: fam, Module: mod, Named: named}, true
}

// IsPointerToErrorType reports whether t is *E for an SDK error type E: the
// only form the SDKs return, so the only errors.As target that matches.
func IsPointerToErrorType(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = ErrorTypeOf(p.Elem())
	if !ok {
		return false
	}
	_, isPtr := types.Unalias(p.Elem()).(*types.Pointer)
	return !isPtr
}

// ErrorField names what a field of an SDK error type holds.
type ErrorField int

const (
	OtherField ErrorField = iota
	// StatusField is the HTTP status code: openai-go StatusCode, go-openai
	// HTTPStatusCode.
	StatusField
	// StatusTextField is go-openai's HTTPStatus ("429 Too Many Requests").
	StatusTextField
	// CodeField is the error object's "code": a string in openai-go, any
	// (string or number) in go-openai.
	CodeField
	// TypeField is the error object's "type".
	TypeField
	// MessageField is the human-readable "message". Its wording is not
	// part of the API: match the status, code or type instead.
	MessageField
)

// FieldOf reports what field name of SDK error type e holds.
func (e ErrorType) FieldOf(name string) ErrorField {
	switch name {
	case "StatusCode", "HTTPStatusCode":
		return StatusField
	case "HTTPStatus":
		return StatusTextField
	case "Code":
		return CodeField
	case "Type":
		return TypeField
	case "Message":
		return MessageField
	}
	return OtherField
}

// ErrorTextSince is the first openai-go v3 version whose Error() (and
// String, Format, LogValue) holds only "OpenAI API error: <status line>": no
// message, code or type (reference openai-sdks.md §1.4).
const ErrorTextSince = "v3.71.0"

// ErrorText says what an SDK API error's Error() text contains.
type ErrorText struct {
	// Status: the HTTP status code and text, e.g. "429 Too Many Requests".
	Status bool
	// Message: the error object's human-readable message.
	Message bool
	// CodeAndType: the error object's code and type values
	// ("insufficient_quota", "rate_limit_exceeded").
	CodeAndType bool
}

// ErrorTextOf says what Error() holds for API errors of the SDK module at
// version. An empty version means unknown: the answer is then the widest of
// the module's versions, the cautious reading for a check that would
// otherwise call a match dead.
//
//   - openai-go v3 since v3.71.0: the status only.
//   - older openai-go (v1, v2, v3 before v3.71.0, the charmbracelet fork):
//     method, URL, status and the raw error JSON, so everything.
//   - go-openai: status and message, never the code or type.
func ErrorTextOf(module, version string) ErrorText {
	switch {
	case module == GoOpenAIPath:
		return ErrorText{Status: true, Message: true}
	case module == OpenAIGoV3 && version != "" && !semverLess(version, ErrorTextSince):
		return ErrorText{Status: true}
	}
	return ErrorText{Status: true, Message: true, CodeAndType: true}
}

// semverLess compares two "vMAJOR.MINOR.PATCH[-pre]" versions by their
// numeric parts; enough for the SDK versions this file compares.
func semverLess(a, b string) bool {
	pa, pb := versionParts(a), versionParts(b)
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return false
}

func versionParts(v string) [3]int {
	v = strings.TrimPrefix(v, "v")
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	var out [3]int
	for i, part := range strings.SplitN(v, ".", 3) {
		n := 0
		for _, c := range part {
			if c < '0' || c > '9' {
				break
			}
			n = n*10 + int(c-'0')
		}
		out[i] = n
	}
	return out
}
