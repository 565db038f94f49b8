//go:build oaiguard_pins

// This file is never built (no build sets its tag). It keeps the two SDKs
// with checked-in runtimes in this module's go.mod, which `go mod tidy`
// would otherwise drop: the analyzer knows the SDKs by import path only,
// but its tests and `go generate` load their packages from this module
// (the generator's drift test and the SDK-knowledge tests), at the newest
// versions, which this go.mod pins. The runtime modules under runtime/
// require the lowest versions they support.

package sdk

import (
	_ "github.com/openai/openai-go/v3"
	_ "github.com/openai/openai-go/v3/responses"
	_ "github.com/sashabaranov/go-openai"
)
