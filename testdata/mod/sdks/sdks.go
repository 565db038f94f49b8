// Package sdks keeps every supported SDK in this module's requirements, so
// that tests can load their packages.
package sdks

import (
	_ "github.com/charmbracelet/openai-go"
	_ "github.com/openai/openai-go"
	_ "github.com/openai/openai-go/v2"
	_ "github.com/openai/openai-go/v3"
	_ "github.com/sashabaranov/go-openai"
)
