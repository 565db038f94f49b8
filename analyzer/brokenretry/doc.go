// Package brokenretry defines an Analyzer that reports retry handling that
// exists but is wrong: retry layers stacked on a call whose SDK or whose
// oaiguard runtime wrapper still retries by itself; hand-written retry loops that do not wait, wait
// without growth or jitter, never stop, sleep blind to the context, or
// retry errors that never succeed (or test for a text the SDK's errors
// never hold); and retry libraries that retry every error. One diagnostic
// per loop lists its problems; loops of a canonical shape are fixed into a
// call of oaiguard's runtime.
package brokenretry
