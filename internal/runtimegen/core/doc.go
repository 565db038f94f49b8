// Package core is the hand-written, SDK-independent part of oaiguard's
// generated runtime: policy, backoff with full jitter, retry hints, the
// retry loop, the final error type, key redaction, and the Governor that
// calls share (rate limiters that mirror the server's buckets, retry
// budgets, quota and auth latches).
//
// The generator (internal/runtimegen) copies every file of this package
// that is neither a test, nor generated, nor this doc file into each
// runtime, rewriting only the package clause, so the code users read is this
// plain Go. Hence: import only the standard library, and export only what a
// runtime should export. tables.go is generated from internal/sdk.
//
// The SDK-specific parts of a runtime (reading the SDK's error types, the
// Call wrappers) are generated; tests here stand in for them.
package core

//go:generate go run ../cmd/genruntime -core .
