// Package sdk is oaiguard's knowledge of the OpenAI Go SDKs: which packages
// belong to which SDK, which calls reach the API, what each SDK retries by
// itself, and which errors it returns. Checks and the runtime generator read
// it from here; nothing else re-derives it.
//
// Both SDKs name their package "openai", so everything here keys on package
// paths and go/types objects, never on package names.
package sdk

import "strings"

// Family is a group of SDK modules that share one design.
type Family int

const (
	// NoFamily marks a package that belongs to no supported SDK.
	NoFamily Family = iota
	// OpenAIGo is github.com/openai/openai-go (v1, v2, v3) and its
	// charmbracelet fork: services with ctx-first methods, request options,
	// and two built-in retries.
	OpenAIGo
	// GoOpenAI is github.com/sashabaranov/go-openai: one Client type whose
	// methods return values, and no retries at all.
	GoOpenAI
)

func (f Family) String() string {
	switch f {
	case OpenAIGo:
		return "openai-go"
	case GoOpenAI:
		return "go-openai"
	}
	return "none"
}

// Module paths of the supported SDKs.
const (
	OpenAIGoV1   = "github.com/openai/openai-go"
	OpenAIGoV2   = "github.com/openai/openai-go/v2"
	OpenAIGoV3   = "github.com/openai/openai-go/v3"
	CharmOpenAI  = "github.com/charmbracelet/openai-go"
	GoOpenAIPath = "github.com/sashabaranov/go-openai"
)

// Modules lists every supported SDK module, longest paths first so that
// prefix matching finds /v2 and /v3 before the v1 path.
var Modules = []string{OpenAIGoV3, OpenAIGoV2, OpenAIGoV1, CharmOpenAI, GoOpenAIPath}

// FamilyOfModule returns the family of an SDK module path.
func FamilyOfModule(modPath string) Family {
	switch modPath {
	case OpenAIGoV1, OpenAIGoV2, OpenAIGoV3, CharmOpenAI:
		return OpenAIGo
	case GoOpenAIPath:
		return GoOpenAI
	}
	return NoFamily
}

// ModuleOf returns the SDK module that contains the package path, and the
// path of the package inside that module ("" for the module root).
func ModuleOf(pkgPath string) (mod, sub string, ok bool) {
	for _, m := range Modules {
		if pkgPath == m {
			return m, "", true
		}
		if rest, found := strings.CutPrefix(pkgPath, m+"/"); found {
			// github.com/openai/openai-go/v2/... is the v2 module, not a
			// v1 package named "v2": the longer paths were tried first.
			return m, rest, true
		}
	}
	return "", "", false
}

// OptionPackage returns the import path of the request-option package of an
// openai-go family module.
func OptionPackage(modPath string) string { return modPath + "/option" }

// DefaultMaxRetries is how many times openai-go retries a request when no
// option.WithMaxRetries says otherwise (internal/requestconfig: MaxRetries 2,
// the same in v1, v2, v3 and the fork). go-openai never retries.
const DefaultMaxRetries = 2
