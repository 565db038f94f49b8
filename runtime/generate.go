// Package runtime holds no code: its go:generate directives regenerate the
// runtime modules below it (openaigo, goopenai), so that `go generate
// ./runtime/...` at the repository's root still reaches them (the pattern
// stops at a nested module's go.mod, in workspace mode too). Each is
// generated from the request types of the SDK version its own go.mod
// requires, the lowest it supports.
package runtime

//go:generate go run github.com/oaiguard/oaiguard/internal/runtimegen/cmd/genruntime -sdk github.com/openai/openai-go/v3 -dir openaigo/oaiguard -helpers openaigo/internal
//go:generate go run github.com/oaiguard/oaiguard/internal/runtimegen/cmd/genruntime -sdk github.com/sashabaranov/go-openai -dir goopenai/oaiguard -helpers goopenai/internal
