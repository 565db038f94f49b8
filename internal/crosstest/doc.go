// Package crosstest holds tests that need both the analyzer module and the
// runtime modules: that the error texts the checks classify and the
// runtimes' predicates agree, with the real SDK clients. It is a module of
// its own, so that the analyzer module requires none of the runtime
// modules (they are not published with it; go.work brings them together
// for `go test ./...` at the repository's root).
package crosstest
