package oaiguard

// The other files of this package are generated; this one and the tests are
// not. Regenerate with `go generate ./runtime/...` at the repository's root
// (runtime/generate.go), which generates from the SDK version this module's
// go.mod requires.
