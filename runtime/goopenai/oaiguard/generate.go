package oaiguard

// The other files of this package are generated; this one and the tests are
// not. Regenerate with: go generate ./runtime/...

//go:generate go run github.com/oaiguard/oaiguard/internal/runtimegen/cmd/genruntime -sdk github.com/sashabaranov/go-openai -dir .
