package sdk

import (
	"go/types"
	"strings"
)

// Constructor is how a go-openai package-level function builds a client or
// its configuration.
type Constructor int

const (
	// NotConstructor is any other function.
	NotConstructor Constructor = iota
	// NewClient is openai.NewClient(authToken): DefaultConfig's plain
	// http.Client.
	NewClient
	// NewOrgClient is openai.NewOrgClient(authToken, org): the same, with
	// an organization.
	NewOrgClient
	// NewClientWithConfig is openai.NewClientWithConfig(config): the
	// config's HTTPClient sends every request.
	NewClientWithConfig
	// DefaultConfig is openai.DefaultConfig, DefaultAzureConfig,
	// DefaultAnthropicConfig...: a ClientConfig whose HTTPClient is a plain
	// &http.Client{}.
	DefaultConfig
)

// GoOpenAIHTTPClientField is the ClientConfig field that holds the HTTP
// client go-openai sends with: an *http.Client in old versions, the
// HTTPDoer interface since v1.2x.
const GoOpenAIHTTPClientField = "HTTPClient"

// GoOpenAIConstructor reports which go-openai client constructor fn is, by
// the names the SDK has used since v1.
func GoOpenAIConstructor(fn *types.Func) Constructor {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != GoOpenAIPath || fn.Signature().Recv() != nil {
		return NotConstructor
	}
	switch name := fn.Name(); {
	case name == "NewClient":
		return NewClient
	case name == "NewOrgClient":
		return NewOrgClient
	case name == "NewClientWithConfig":
		return NewClientWithConfig
	case strings.HasPrefix(name, "Default") && strings.HasSuffix(name, "Config") && isGoOpenAIConfig(fn.Signature()):
		return DefaultConfig
	}
	return NotConstructor
}

// IsGoOpenAIConfig reports whether t is go-openai's ClientConfig.
func IsGoOpenAIConfig(t types.Type) bool {
	n := namedOf(t)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == GoOpenAIPath && n.Obj().Name() == "ClientConfig"
}

func isGoOpenAIConfig(sig *types.Signature) bool {
	return sig.Results().Len() == 1 && IsGoOpenAIConfig(sig.Results().At(0).Type())
}
